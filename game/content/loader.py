"""Decks and scenarios from YAML into core objects, with every problem named by file and line.

Two passes: each file alone against the schema, then the files together (a scenario's card
and shock ids, a card's prerequisites and retaliation shock, stages that belong to sectors).
All problems are collected, so an author sees the whole list at once.
"""

from __future__ import annotations

import importlib.resources
import os
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from ..core.cards import EFFECT_KINDS, Card, Effect, Retaliation, Shock
from ..core.goals import GOAL_KINDS
from ..core.objectives import Criterion, Objective
from ..core.scenario import Scenario, TeamSetup, complete_sourcing, pair
from ..core.world import World
from .bibliography import Bibliography, citation_parts, load_bibliography
from .goals import build_goals, check_team_goals
from .schema import AssumptionModel, CardModel, DeckModel, ScenarioModel, ShockModel
from .worlds import (
    DEFAULT_WORLD,
    WorldCache,
    default_world,
    is_world_file,
    load_world_file,
    resolve_ref,
)
from .yamlsrc import ContentError, Problem, Source, did_you_mean, format_path, read_yaml

REPO_ROOT = Path(__file__).resolve().parent.parent.parent


def content_root() -> Path:
    """Where the bundled `decks/`, `scenarios/`, `sources/` and `worlds/` live.

    CHOKEPOINT_CONTENT overrides. An installed wheel carries them inside the package as
    `game/_bundled/` (setup.py maps them there), found through importlib.resources so that
    `chokepoint` works from any folder; a source checkout or editable install has no
    `_bundled` and reads them at the top of the repository, where authors edit them."""
    env = os.environ.get("CHOKEPOINT_CONTENT")
    if env:
        return Path(env)
    packaged = importlib.resources.files("game") / "_bundled"
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged
    return REPO_ROOT


def bundled_files() -> list[Path]:
    root = content_root()
    return (sorted((root / "worlds").glob("*.yaml")) + sorted((root / "decks").glob("*.yaml"))
            + sorted((root / "scenarios").glob("*.yaml")))


@dataclass
class Library:
    decks: dict[str, tuple[DeckModel, Source]] = field(default_factory=dict)
    scenarios: dict[str, tuple[ScenarioModel, Source]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    bibliography: Bibliography = field(default_factory=Bibliography)
    #: deck files already read (resolved path -> deck id), so a scenario-local deck is read once
    deck_files: dict[Path, str] = field(default_factory=dict)
    #: world files read so far, and the world each scenario is set in (None: it has problems)
    world_cache: WorldCache = field(default_factory=WorldCache)
    scenario_worlds: dict[str, World | None] = field(default_factory=dict)
    #: bibliographies scenarios bring beside them (`bibliography:`), added to the bundled one
    local_bibliographies: dict[Path, Bibliography] = field(default_factory=dict)

    def world_of(self, scenario_id: str) -> World:
        world = self.scenario_worlds.get(scenario_id)
        return world if world is not None else default_world()

    # where each card / shock id was defined: (deck id, index)
    def card_index(self) -> dict[str, tuple[str, int]]:
        return {c.id: (d, i) for d, (m, _) in self.decks.items() for i, c in enumerate(m.cards)}

    def shock_index(self) -> dict[str, tuple[str, int]]:
        return {s.id: (d, i) for d, (m, _) in self.decks.items() for i, s in enumerate(m.shocks)}


# ---------------------------------------------------------------- pass 1: each file ----
def problems_from(src: Source, exc: ValidationError) -> list[Problem]:
    out = []
    for err in exc.errors():
        path = _real_path(src.data, err["loc"])
        ctx = err.get("ctx") or {}
        if err["type"] == "value_error" and "error" in ctx:
            msg = str(ctx["error"])
        elif err["type"] == "extra_forbidden":
            msg = f"unknown key '{path[-1]}'" if path else "unknown key"
            if path and path[-1] == "announced" and "effects" in path:
                msg = "'announced' is only for trade effects (a control announced before it lands)"
        elif err["type"] == "missing":
            key = err["loc"][-1]
            if isinstance(key, str) and (not path or path[-1] != key):  # not 'amount.amount'
                path = path + (key,)
            msg = "required key is missing"
        elif err["type"] == "union_tag_invalid":
            path = path + ("kind",)
            what = "goal" if "goals" in path else "effect"
            msg = f"unknown {what} kind {ctx.get('tag')!r}; expected one of {ctx.get('expected_tags')}"
        elif err["type"] == "union_tag_not_found":
            msg = "a goal needs a 'kind'" if "goals" in path else "an effect needs a 'kind'"
        elif err["type"] == "string_pattern_mismatch":
            msg = f"expected an id of lower-case letters, digits and '_', got {err.get('input')!r}"
        else:
            msg = err["msg"][0].lower() + err["msg"][1:] + f", got {err.get('input')!r}"
        out.append(Problem(src.file, src.line(path), format_path(path), msg))
    return out


def _real_path(data, loc) -> tuple:
    """Pydantic's location, minus the union tags it inserts (they are not keys in the file)."""
    path: list = []
    cur = data
    for part in loc:
        if isinstance(cur, dict) and part in cur:
            path.append(part)
            cur = cur[part]
        elif isinstance(cur, dict) and isinstance(part, int) and str(part) in cur:
            path.append(part)
            cur = cur[str(part)]
        elif isinstance(cur, list) and isinstance(part, int) and part < len(cur):
            path.append(part)
            cur = cur[part]
        elif isinstance(cur, dict) and part not in ("function-before", "function-after"):
            if isinstance(part, str) and (part in EFFECT_KINDS or part in GOAL_KINDS or part == "[key]"):
                continue  # a union tag or dict-key marker pydantic adds, not a key in the file
            path.append(part)
            break
    return tuple(path)


def classify(data) -> str | None:
    if is_world_file(data):
        return "world"
    if isinstance(data, dict):
        if "cards" in data or ("shocks" in data and "deck" in data):
            return "deck"
        if "rounds" in data or "teams" in data:
            return "scenario"
        if "deck" in data:
            return "deck"
    return None


def load_files(paths: list[Path], lib: Library | None = None) -> Library:
    lib = lib or Library()
    for path in paths:
        try:
            src = read_yaml(path)
        except ContentError as exc:
            lib.problems.extend(exc.problems)
            continue
        kind = classify(src.data)
        if kind is None:
            msg = ("not a deck (needs 'deck' and 'cards' or 'shocks'), a scenario (needs 'rounds') "
                   "nor a world (needs 'actors' or 'extends')")
            lib.problems.append(Problem(src.file, 1, "", msg))
            continue
        if kind == "world":
            seen = path.resolve() in lib.world_cache.worlds
            problems = load_world_file(path, content_root(), lib.world_cache)[1]
            if not seen:
                lib.problems.extend(problems)
            continue
        model_cls = DeckModel if kind == "deck" else ScenarioModel
        try:
            model = model_cls.model_validate(src.data)
        except ValidationError as exc:
            lib.problems.extend(problems_from(src, exc))
            continue
        store = lib.decks if kind == "deck" else lib.scenarios
        key = model.deck if kind == "deck" else model.id
        store[key] = (model, src)
        if kind == "deck":
            lib.deck_files[path.resolve()] = model.deck
        else:
            _load_local_decks(lib, model, src, path)
            lib.scenario_worlds[model.id] = _scenario_world(lib, model, src, path)
            if model.bibliography:
                _load_local_bibliography(lib, model, src, path)
    return lib


def _scenario_world(lib: Library, scn: ScenarioModel, src: Source, path: Path) -> World | None:
    """The world the scenario names (`world:`, a bundled id or a file beside it; the default
    world when it names none). Its problems are listed against the scenario's `world` line as
    well as the world file's own lines."""
    ref = scn.world or DEFAULT_WORLD
    root = content_root()
    world_path = resolve_ref(ref, path.parent, root)
    if not world_path.is_file():
        bundled = sorted(f.stem for f in (root / "worlds").glob("*.yaml"))
        lib.problems.append(_p(src, ("world",), f"unknown world '{ref}' (bundled worlds: "
                               f"{', '.join(bundled) or 'none'}; or a .yaml path beside the scenario)"))
        return None
    seen = world_path in lib.world_cache.worlds
    world, problems = load_world_file(world_path, root, lib.world_cache)
    if world is None:
        if not seen:
            lib.problems.extend(problems)
        lib.problems.append(_p(src, ("world",), f"the world '{ref}' has problems (listed with its file)"))
    return world


def _load_local_bibliography(lib: Library, scn: ScenarioModel, src: Source, path: Path) -> None:
    """Read the bibliography a scenario lists beside it (`bibliography: my_sources.yaml`): an
    author citing a work the bundled bibliography lacks need not copy the content folder. Its
    works join the bundled ones in `load_library`."""
    bib_path = (path.parent / scn.bibliography).resolve()
    if bib_path in lib.local_bibliographies:
        return
    if not bib_path.is_file():
        lib.problems.append(_p(src, ("bibliography",),
                               f"no bibliography file '{scn.bibliography}' beside the scenario"))
        return
    lib.local_bibliographies[bib_path] = load_bibliography(bib_path)


def _with_local_works(bundled: Bibliography, local: dict[Path, Bibliography]) -> Bibliography:
    """The bundled bibliography with the works of scenario-local ones added. A local key the
    bundled bibliography (or another local file) already has is an error on its line: a key
    must name one work wherever it is cited."""
    if not local:
        return bundled
    merged = Bibliography(dict(bundled.works), bundled.file, list(bundled.problems),
                          dict(bundled.key_lines))
    for bib in local.values():
        merged.problems.extend(bib.problems)
        for key, work in bib.works.items():
            if key in merged.works:
                merged.problems.append(Problem(
                    bib.file, bib.key_lines.get(key, 0), "key",
                    f"'{key}' is already a work of the bundled bibliography (or of another "
                    f"scenario's): cite it as it is, or give yours another key"))
                continue
            merged.works[key] = work
            merged.key_lines[key] = bib.key_lines.get(key, 0)
    return merged


def _load_local_decks(lib: Library, scn: ScenarioModel, src: Source, path: Path) -> None:
    """Read the deck files a scenario lists beside it (`decks: [my_deck.yaml]`) and put their
    deck ids in the list in their place, so the checks and the build see ids only."""
    for i, ref in enumerate(scn.decks):
        if not ref.endswith((".yaml", ".yml")):
            continue
        deck_path = (path.parent / ref).resolve()
        if deck_path not in lib.deck_files:
            if not deck_path.is_file():
                lib.problems.append(_p(src, ("decks", i), f"no deck file '{ref}' beside the scenario"))
                continue
            try:  # only a deck is read on: a scenario listing a scenario would loop
                if classify(read_yaml(deck_path).data) != "deck":
                    lib.problems.append(_p(src, ("decks", i), f"'{ref}' is not a deck file"))
                    continue
            except ContentError as exc:
                lib.problems.extend(exc.problems)
                continue
            n = len(lib.problems)
            load_files([deck_path], lib)
            if len(lib.problems) > n:
                continue  # the file's own problems are listed
        if deck_path not in lib.deck_files:
            continue
        scn.decks[i] = lib.deck_files[deck_path]


# ---------------------------------------------------------------- pass 2: together -----
def check_library(lib: Library) -> list[Problem]:
    out: list[Problem] = []
    cards, shocks = lib.card_index(), lib.shock_index()
    seen_cards: dict[str, str] = {}
    seen_shocks: dict[str, str] = {}
    for deck_id, (deck, src) in lib.decks.items():
        worlds = _deck_worlds(lib, deck_id)
        for world in worlds:
            if deck.team is not None:
                out.extend(_check_names(src, ("team",), [deck.team], world.teams, "team"))
        for i, c in enumerate(deck.cards):
            p = ("cards", i)
            if c.id in seen_cards:
                out.append(_p(src, p + ("id",), f"card id '{c.id}' is also used in deck '{seen_cards[c.id]}'"))
            seen_cards[c.id] = deck_id
            for j, r in enumerate(c.requires):
                if r not in cards:
                    out.append(_p(src, p + ("requires", j), f"unknown card '{r}'{did_you_mean(r, cards)}"))
            for world in worlds:
                out.extend(_check_names(src, p + ("eligible",), c.eligible or [], world.teams, "team"))
                out.extend(_check_names(src, p + ("partners",), c.partners, world.teams, "team"))
                if c.retaliation:
                    out.extend(_check_names(src, p + ("retaliation",), [c.retaliation.by],
                                            world.teams, "team", key="by"))
                eligible = c.eligible or ([deck.team] if deck.team else list(world.teams))
                for j, t in enumerate(c.partners):
                    if t not in eligible and t in world.teams:
                        out.append(_p(src, p + ("partners", j), f"partner {t} is not eligible to play this card"))
                out.extend(_check_effects(src, p, c.effects, world, card=c))
            if c.retaliation and c.retaliation.shock not in shocks:
                out.append(_p(src, p + ("retaliation", "shock"), f"unknown shock '{c.retaliation.shock}'"
                                      f"{did_you_mean(c.retaliation.shock, shocks)}"))
            out.extend(_check_source(lib, src, p, c.source))
        for i, s in enumerate(deck.shocks):
            p = ("shocks", i)
            if s.id in seen_shocks:
                out.append(_p(src, p + ("id",), f"shock id '{s.id}' is also used in deck '{seen_shocks[s.id]}'"))
            seen_shocks[s.id] = deck_id
            for world in worlds:
                out.extend(_check_effects(src, p, s.effects, world, card=None))
            out.extend(_check_source(lib, src, p, s.source))
    for scn, src in lib.scenarios.values():
        world = lib.scenario_worlds.get(scn.id)
        if world is not None:
            out.extend(_check_scenario(lib, scn, src, cards, shocks, world))
    return list(dict.fromkeys(out))  # a deck checked in two worlds says a problem once


def _deck_worlds(lib: Library, deck_id: str) -> list[World]:
    """The worlds a deck's names are checked in: those of the scenarios that draw on it (a
    deck beside a scenario set in a world of its own may name that world's actors), or the
    default world for a deck no scenario uses."""
    worlds: list[World] = []
    used = False
    for scn, _ in lib.scenarios.values():
        if deck_id in scn.decks:
            used = True
            w = lib.scenario_worlds.get(scn.id)
            if w is not None and all(w is not x for x in worlds):
                worlds.append(w)
    return worlds if used else [default_world()]


def _check_names(src: Source, path: tuple, names, choices, what: str, key=None) -> list[Problem]:
    """Each name in `names` is one of `choices` (the world's teams, actors, sectors...)."""
    out = []
    full = path + ((key,) if key else ())
    listed = _is_list(src, full)
    for j, n in enumerate(names):
        if n not in choices:
            where = full + (j,) if listed else full
            out.append(_p(src, where, f"unknown {what} '{n}'; expected one of {', '.join(choices)}"))
    return out


def _is_list(src: Source, path: tuple) -> bool:
    cur = src.data
    for k in path:
        try:
            cur = cur[k]
        except (KeyError, IndexError, TypeError):
            return False
    return isinstance(cur, list)


def _check_source(lib: Library, src: Source, base: tuple, refs) -> list[Problem]:
    """Every cited work is in the bibliography (unless the bibliography itself is broken: its
    own problems are listed instead of one per citation)."""
    if lib.bibliography.problems or not lib.bibliography.works:
        return []
    return lib.bibliography.check(src, base + ("source",), refs)


def _p(src: Source, path: tuple, msg: str) -> Problem:
    return Problem(src.file, src.line(path), format_path(path), msg)


#: names an effect may use for actors it resolves when played
PLACEHOLDERS = ("self", "partners", "all", "target")


def _check_effects(src: Source, base: tuple, effects, world: World, card: CardModel | None) -> list[Problem]:
    out = []
    for k, fx in enumerate(effects):
        p = base + ("effects", k)
        sector = getattr(fx, "sector", None)
        stage = getattr(fx, "stage", None)
        if sector and sector not in world.sectors:
            out.append(_p(src, p + ("sector",), f"unknown sector '{sector}'; expected one of "
                          f"{', '.join(world.sectors)}"))
        elif sector and stage and stage not in world.sectors[sector].stage_names:
            out.append(_p(src, p + ("stage",), f"stage '{stage}' is not a stage of {sector} "
                          f"({', '.join(world.sectors[sector].stage_names)})"))
        for fname, alias in (("actor", "actor"), ("exporters", "from"), ("importers", "to"),
                             ("buyer", "buyer"), ("away_from", "away_from"), ("towards", "towards"),
                             ("with_", "with")):
            names = getattr(fx, fname, None) or ()
            out.extend(_check_names(src, p + (alias,), names, world.actor_ids + PLACEHOLDERS, "actor"))
            for a in names:
                if card is None and a in ("self", "partners"):
                    out.append(_p(src, p + (alias,), f"'{a}' means nothing in a shock; name actors, or 'target' for the team a retaliation answers"))
                if card is not None and a == "target":
                    out.append(_p(src, p + (alias,), "'target' is only for shocks; a card names actors or 'self'"))
                if card is not None and a == "partners" and not card.partners:
                    out.append(_p(src, p + (alias,), "'partners' needs a joint card (set 'partners:')"))
        if getattr(fx, "announced", False) and fx.lag == 0:
            out.append(_p(src, p + ("announced",), "an announced control needs a lag: it is "
                          "announced when played and lands 'lag' rounds later"))
        if card is not None:
            for fname in ("change", "cut", "amount"):
                if hasattr(fx, fname) and getattr(fx, fname) is None and not (fx.kind == "capacity" and fx.units):
                    out.append(_p(src, p + (fname,), "a card's effect must give its size"))
    return out


def _check_scenario(lib, scn: ScenarioModel, src: Source, cards, shocks, world: World) -> list[Problem]:
    out = _check_scenario_world(scn, src, world)
    in_decks_cards, in_decks_shocks = set(), set()
    for i, d in enumerate(scn.decks):
        if d.endswith((".yaml", ".yml")):
            continue  # a deck file that could not be read: its problems are already listed
        if d not in lib.decks:
            out.append(_p(src, ("decks", i), f"unknown deck '{d}'{did_you_mean(d, lib.decks)} "
                                               f"(decks: {', '.join(sorted(lib.decks))})"))
            continue
        model = lib.decks[d][0]
        in_decks_cards |= {c.id for c in model.cards}
        in_decks_shocks |= {s.id for s in model.shocks}
    for i, a in enumerate(scn.assumptions):
        if isinstance(a, AssumptionModel):
            out.extend(_check_source(lib, src, ("assumptions", i), a.source))
    for t, tm in scn.teams.items():
        for j, cid in enumerate(tm.hand or ()):
            if cid not in cards:
                out.append(_p(src, ("teams", t, "hand", j), f"unknown card '{cid}'{did_you_mean(cid, in_decks_cards or cards)}"))
            elif cid not in in_decks_cards:
                out.append(_p(src, ("teams", t, "hand", j), f"card '{cid}' is not in this scenario's decks"))
            else:
                deck = lib.decks[cards[cid][0]][0]
                c = deck.cards[cards[cid][1]]
                elig = c.eligible or ([deck.team] if deck.team else list(world.teams))
                if t not in elig:
                    out.append(_p(src, ("teams", t, "hand", j), f"{t} may not play '{cid}' (eligible: {', '.join(elig)})"))
        out.extend(check_team_goals(src, scn, t, tm, world))
    for i, o in enumerate(scn.objectives):
        for j, c in enumerate(o.criteria):
            out.extend(_check_names(src, ("objectives", i, "criteria", j, "team"), [c.team],
                                    world.teams, "team"))
            sector = c.indicator.partition(".")[2]
            if sector and sector not in scn.sectors:
                out.append(_p(src, ("objectives", i, "criteria", j, "indicator"),
                              f"'{c.indicator}': {sector} is not a sector of this scenario "
                              f"({', '.join(scn.sectors)})"))
            if c.at_least is None and c.at_most is None:
                out.append(_p(src, ("objectives", i, "criteria", j),
                              "a criterion needs 'at_least' or 'at_most'"))
    for rnd, ids in scn.shocks.schedule.items():
        if rnd > scn.rounds:
            out.append(_p(src, ("shocks", "schedule", rnd), f"round {rnd} is after the last round ({scn.rounds})"))
        for j, sid in enumerate(ids):
            if sid not in shocks:
                out.append(_p(src, ("shocks", "schedule", rnd, j), f"unknown shock '{sid}'{did_you_mean(sid, in_decks_shocks or shocks)}"))
            elif sid not in in_decks_shocks:
                out.append(_p(src, ("shocks", "schedule", rnd, j), f"shock '{sid}' is not in this scenario's decks"))
    for j, sid in enumerate(scn.shocks.deck or ()):
        if sid not in shocks:
            out.append(_p(src, ("shocks", "deck", j), f"unknown shock '{sid}'{did_you_mean(sid, in_decks_shocks or shocks)}"))
        elif sid not in in_decks_shocks:
            out.append(_p(src, ("shocks", "deck", j), f"shock '{sid}' is not in this scenario's decks"))
    for key in scn.relations:
        parts = key.split("-")
        if len(parts) != 2 or any(x not in world.teams for x in parts) or parts[0] == parts[1]:
            a, b = (world.teams + ("KOR", "JPN"))[:2]
            out.append(_p(src, ("relations", key), f"expected two different teams as '{a}-{b}', got '{key}'"))
    return out


def _check_scenario_world(scn: ScenarioModel, src: Source, world: World) -> list[Problem]:
    """Every actor, team, sector and stage the scenario names is one of its world's."""
    out = []
    sectors = world.sectors
    for i, sector in enumerate(scn.sectors):
        if sector not in sectors:
            out.append(_p(src, ("sectors", i), f"unknown sector '{sector}'; expected one of "
                          f"{', '.join(sectors)} (world '{world.id}')"))
    for t in world.teams:
        if t not in scn.teams:
            out.append(_p(src, ("teams",), f"team {t} is missing"))
    for t in scn.teams:
        if t in world.non_players:
            out.append(_p(src, ("teams", t), f"{t} is not a player actor of world '{world.id}' "
                          f"(players: {', '.join(world.teams)})"))
        elif t not in world.teams:
            out.append(_p(src, ("teams", t), f"unknown team '{t}'; expected one of {', '.join(world.teams)}"))
    actors = world.actor_ids
    for table in ("capacity", "sourcing", "demand", "stockpile_days", "ownership"):
        for sector, rows in getattr(scn, table).items():
            if sector not in scn.sectors:
                out.append(_p(src, (table, sector), f"sector '{sector}' is not in this scenario's sectors"))
                continue
            if sector not in sectors:
                continue  # said at `sectors`
            if table in ("demand", "stockpile_days"):
                out.extend(_unknown_actors(src, (table, sector), rows, actors))
                continue
            for stage, by_actor in rows.items():
                if stage not in sectors[sector].stage_names:
                    out.append(_p(src, (table, sector, stage), f"stage '{stage}' is not a stage of {sector} "
                                  f"({', '.join(sectors[sector].stage_names)})"))
                    continue
                out.extend(_unknown_actors(src, (table, sector, stage), by_actor, actors))
                if table != "capacity":
                    for a, inner in by_actor.items():
                        out.extend(_unknown_actors(src, (table, sector, stage, a), inner, actors))
    for sector, stages in scn.ownership.items():
        for stage, sites in stages.items():
            for site, owners in sites.items():
                have = scn.capacity.get(sector, {}).get(stage, {}).get(site, 0.0)
                owned = sum(v for o, v in owners.items() if o != site)
                if owned > have + 1e-9:
                    out.append(_p(src, ("ownership", sector, stage, site),
                                  f"{owned:g} units owned by others, but {site} has {have:g} units "
                                  f"of capacity at {sector}/{stage}"))
    for sector in scn.sectors:
        if sector not in sectors:
            continue
        for st in sectors[sector].stages:
            if st.gating and sum(scn.capacity.get(sector, {}).get(st.name, {}).values()) <= 0:
                out.append(_p(src, ("capacity", sector), f"no actor has capacity at {sector}/{st.name}"))
        if sum(scn.demand.get(sector, {}).values()) <= 0:
            out.append(_p(src, ("demand", sector) if sector in scn.demand else ("demand",), f"no demand for {sector}"))
    return out


def _unknown_actors(src: Source, path: tuple, table: dict, actors) -> list[Problem]:
    return [_p(src, path + (a,), f"unknown actor '{a}'; expected one of {', '.join(actors)}")
            for a in table if a not in actors]


# ---------------------------------------------------------------- build core objects ---
def _fx(fx, shock: ShockModel | None) -> Effect:
    sev = shock.severity if shock else 0.0
    k = fx.kind
    common = {"kind": k, "lag": fx.lag, "duration": fx.duration}
    if k == "capacity":
        change = fx.change if fx.change is not None else (-sev if shock and not fx.units else 0.0)
        return Effect(actors=tuple(fx.actor), sector=fx.sector, stage=fx.stage, change=change,
                      units=fx.units or 0.0, **common)
    if k == "trade":
        cut = fx.cut if fx.cut is not None else sev
        return Effect(actors=(), exporters=tuple(fx.exporters), importers=tuple(fx.importers),
                      sector=fx.sector, stage=fx.stage, change=cut, announced=fx.announced, **common)
    if k == "sourcing":
        return Effect(actors=tuple(fx.buyer), sector=fx.sector, stage=fx.stage,
                      away_from=tuple(fx.away_from), towards=tuple(fx.towards),
                      change=fx.amount if fx.amount is not None else sev, **common)
    if k == "stockpile":
        return Effect(actors=tuple(fx.actor), sector=fx.sector, units=fx.days, **common)
    if k == "demand":
        change = fx.change if fx.change is not None else sev
        return Effect(actors=tuple(fx.actor), sector=fx.sector, change=change, **common)
    if k == "price":
        change = fx.change if fx.change is not None else sev
        return Effect(actors=(), sector=fx.sector, stage=fx.stage, change=change, **common)
    if k == "relations":
        change = fx.change if fx.change is not None else -50.0 * sev
        return Effect(actors=tuple(fx.actor), counterparts=tuple(fx.with_), change=change, **common)
    if k == "budget":
        return Effect(actors=tuple(fx.actor), units=fx.per_round, **common)
    if k == "early_warning":
        return Effect(actors=tuple(fx.actor), change=fx.soften, **common)
    raise AssertionError(k)


def build_card(c: CardModel, deck: DeckModel, bib: Bibliography | None = None,
               world: World | None = None) -> Card:
    """A card as the rules see it; a shared card's default eligibility is every team of
    `world` (the default world when none is given)."""
    teams = (world or default_world()).teams
    eligible = tuple(c.eligible or ([deck.team] if deck.team else list(teams)))
    return Card(
        id=c.id, title=c.title, team=deck.team, eligible=eligible, cost=c.cost,
        political_capital=c.political_capital, effects=tuple(_fx(f, None) for f in c.effects),
        partners=tuple(c.partners), requires=tuple(c.requires), limit=c.limit,
        retaliation=Retaliation(c.retaliation.by, c.retaliation.chance, c.retaliation.shock)
        if c.retaliation else None,
        category=c.category, flavour=c.flavour.strip(), source=_cite(bib, c.source),
        lesson=" ".join((c.lesson or "").split()),
    )


def _cite(bib: Bibliography | None, refs):
    """The core's citation records; with no bibliography at hand, the keys as written."""
    if bib is None or not bib.works:
        return ", ".join(ref for ref, _, _ in citation_parts(refs))
    return bib.cite(refs)


def _assumption(bib: Bibliography, a) -> str:
    """An assumption as the briefing reads it: its text, then the short forms it rests on."""
    if isinstance(a, str):
        return a.strip()
    return f"{a.text.strip()} ({_cite(bib, a.source)})"


def build_shock(s: ShockModel, bib: Bibliography | None = None) -> Shock:
    return Shock(
        id=s.id, title=s.title, category=s.category, severity=s.severity, duration=s.duration,
        effects=tuple(_fx(f, s) for f in s.effects), flavour=s.flavour.strip(),
        source=_cite(bib, s.source), tags=tuple(s.tags), lesson=" ".join((s.lesson or "").split()),
    )


def _touches(effects, sectors: tuple[str, ...]) -> bool:
    """Whether the effects act in one of `sectors`: any sector-specific effect in them, or, for
    a card or shock with no sector-specific effect at all (relations, budget, early warning,
    stockpiles of every sector), always."""
    named = [e.sector for e in effects if e.sector is not None]
    return not named or any(s in sectors for s in named)


def build_scenario(lib: Library, scn: ScenarioModel) -> Scenario:
    world = lib.world_of(scn.id)
    cards: dict[str, Card] = {}
    shocks: dict[str, Shock] = {}
    for d in scn.decks:
        deck = lib.decks[d][0]
        for c in deck.cards:
            cards[c.id] = build_card(c, deck, lib.bibliography, world)
        for s in deck.shocks:
            shocks[s.id] = build_shock(s, lib.bibliography)
    # retaliation shocks may live in decks the scenario does not draw from
    for c in list(cards.values()):
        if c.retaliation and c.retaliation.shock not in shocks:
            deck_id, i = lib.shock_index()[c.retaliation.shock]
            shocks[c.retaliation.shock] = build_shock(lib.decks[deck_id][0].shocks[i], lib.bibliography)
    teams = {}
    sectors = world.order(scn.sectors)  # the scenario's order, unless a sector needs a later one
    for t in world.teams:
        tm = scn.teams[t]
        # Default hand: eligible cards that do something in this scenario's sectors (a
        # battery-only card would be a dead card in a chips-only game).
        hand = tuple(tm.hand) if tm.hand is not None else tuple(
            c.id for c in cards.values() if t in c.eligible and _touches(c.effects, sectors)
        )
        teams[t] = TeamSetup(
            team=t, budget=tm.budget, income=tm.income, political_capital=tm.political_capital,
            political_income=tm.political_income, hand=hand, objective=tm.objective.strip(),
            briefing=tm.briefing.strip(), weight_resilience=tm.weights.resilience,
            weight_prosperity=tm.weights.prosperity, par=tm.par,
            stock_target_days=tm.stock_target_days, refill_days=tm.refill_days,
            goals=build_goals(tm),
        )
    capacity = {s: {st: dict(v) for st, v in scn.capacity.get(s, {}).items()} for s in sectors}
    deck_shocks = scn.shocks.deck if scn.shocks.deck is not None else [
        s.id for d in scn.decks for s in lib.decks[d][0].shocks
        if "retaliation" not in s.tags and _touches(shocks[s.id].effects, sectors)
    ]
    return Scenario(
        id=scn.id, title=scn.title, rounds=scn.rounds, sectors=sectors, capacity=capacity,
        demand={s: dict(scn.demand.get(s, {})) for s in sectors},
        sourcing=complete_sourcing(world, sectors, capacity, scn.sourcing),
        stockpile_days={s: dict(scn.stockpile_days.get(s, {})) for s in sectors},
        teams=teams, cards=cards, shocks=shocks,
        schedule={r: tuple(ids) for r, ids in sorted(scn.shocks.schedule.items())},
        shock_deck=tuple(deck_shocks), draws_per_round=scn.shocks.draws_per_round,
        max_plays_per_round=scn.max_plays_per_round, round_days=scn.round_days,
        stockpile_target_days=scn.stockpile_target_days,
        relations={pair(*k.split("-")): v for k, v in scn.relations.items()},
        briefing=scn.briefing.strip(),
        assumptions=tuple(_assumption(lib.bibliography, a) for a in scn.assumptions), default=scn.default,
        world=world,
        ownership=_ownership(scn, sectors),
        assumption_sources=tuple(
            (a.text.strip(), _cite(lib.bibliography, a.source))
            for a in scn.assumptions if not isinstance(a, str)),
        objectives=tuple(
            Objective(o.id, o.title.strip(), o.capability.strip(), tuple(
                Criterion(c.team, c.indicator, c.at_least, c.at_most, c.when, (c.text or "").strip(),
                          c.from_start)
                for c in o.criteria))
            for o in scn.objectives),
    )


def _ownership(scn: ScenarioModel, sectors) -> dict:
    """sector -> stage -> site -> ((owner, units), ...) for capacity owned by another actor
    than the one it sits in (an owner naming the site itself is the site's own share)."""
    out: dict = {}
    for sector in sectors:
        for stage, sites in scn.ownership.get(sector, {}).items():
            for site, owners in sites.items():
                held = tuple((o, float(u)) for o, u in owners.items() if o != site and u > 0)
                if held:
                    out.setdefault(sector, {}).setdefault(stage, {})[site] = held
    return out


# ---------------------------------------------------------------- entry points ---------
def load_library(paths: list[Path] | None = None) -> Library:
    """The bundled content, with `paths` (if any) loaded over it and checked together."""
    lib = load_files(bundled_files())
    lib.bibliography = _with_local_works(
        load_bibliography(content_root() / "sources" / "bibliography.yaml"),
        lib.local_bibliographies)
    if paths:
        given = load_files(paths)
        lib.bibliography = _with_local_works(lib.bibliography, given.local_bibliographies)
        lib.problems = lib.bibliography.problems + given.problems  # only what was asked about...
        lib.decks.update(given.decks)
        lib.scenarios.update(given.scenarios)
        lib.scenario_worlds.update(given.scenario_worlds)
        asked = {src.file for _, src in list(given.decks.values()) + list(given.scenarios.values())}
        lib.problems += [p for p in check_library(lib) if p.file in asked]
    else:
        lib.problems += lib.bibliography.problems + check_library(lib)
    return lib


def default_scenario_id(lib: Library) -> str:
    for sid, (m, _) in sorted(lib.scenarios.items()):
        if m.default:
            return sid
    if lib.scenarios:
        return sorted(lib.scenarios)[0]
    raise ContentError([Problem(str(content_root() / "scenarios"), 0, "", "no scenarios found")])


def load_scenario(name: str | None = None) -> Scenario:
    """A scenario by id or by path to its YAML file; the bundled default when None."""
    paths = [Path(name)] if name and (name.endswith((".yaml", ".yml")) or os.sep in name) else None
    lib = load_library(paths)
    if lib.problems:
        raise ContentError(lib.problems)
    if paths:
        sid = next((m.id for m, s in lib.scenarios.values() if s.file.endswith(Path(name).name)), None)
        if sid is None:
            raise ContentError([Problem(name, 0, "", "is not a scenario file")])
    else:
        sid = name or default_scenario_id(lib)
    if sid not in lib.scenarios:
        known = ", ".join(sorted(lib.scenarios)) or "none"
        raise ContentError([Problem("scenarios", 0, "", f"unknown scenario '{sid}'{did_you_mean(sid, lib.scenarios)} (known: {known})")])
    return build_scenario(lib, lib.scenarios[sid][0])
