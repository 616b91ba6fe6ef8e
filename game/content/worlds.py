"""World files (`worlds/*.yaml`) into the core's `World`, with every problem at its file and line.

A world says who is in the game (actors, and which of them are played), which sectors there
are, the stages of each, what each stage is worth and which stages a producer needs before it
can produce (`inputs`, of its own sector or `sector.stage` of another). A world may `extends` a
bundled world or another file and add actors, sectors and `links` (inputs appended to stages
it inherits). The format is written up for authors in docs/authoring.md, "Worlds".

What is checked here is the world alone: ids used twice, an input naming a stage that does not
exist or comes later in its sector, values of a sector that do not add up to 1, sectors that
need each other in a circle, an `extends` nobody can find. Scenarios are checked against the
world they name in loader.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from ..core.world import Actor, Sector, Stage, World
from .yamlsrc import ContentError, Problem, Source, format_path, read_yaml

DEFAULT_WORLD = "default"
#: how far sector values may stray from adding up to 1
VALUE_TOLERANCE = 0.01

_ID = r"^[a-z0-9][a-z0-9_]*$"
Id = Annotated[str, Field(pattern=_ID)]


def _matching(pattern: str, what: str):
    """A name of a given shape, refused with a message that says the shape (the generic one
    says 'lower-case', which is wrong for actor ids)."""
    rx = re.compile(pattern)

    def check(v):
        if not isinstance(v, str) or not rx.fullmatch(v):
            raise ValueError(f"expected {what}, got {v!r}")
        return v

    return check


ActorId = Annotated[str, BeforeValidator(_matching(
    r"[A-Z][A-Z0-9_]*", "an actor id of capital letters, digits and '_' (KOR, NLD)"))]
StageRef = Annotated[str, BeforeValidator(_matching(
    r"[a-z0-9][a-z0-9_]*(\.[a-z0-9][a-z0-9_]*)?",
    "a stage id of this sector (mining) or a stage of another as sector.stage"))]
QualifiedStage = Annotated[str, BeforeValidator(_matching(
    r"[a-z0-9][a-z0-9_]*\.[a-z0-9][a-z0-9_]*", "a stage as sector.stage (semiconductors.materials)"))]
Text = Annotated[str, Field(min_length=1, max_length=5_000)]
Share = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ActorModel(_Strict):
    id: ActorId
    name: Text
    player: bool


class RelievesModel(_Strict):
    stage: Id
    share: Share


class StageModel(_Strict):
    id: Id
    title: Text
    value: Share
    inputs: list[StageRef] = Field(default_factory=list, max_length=50)
    gating: bool = True
    relieves: RelievesModel | None = None


class SectorModel(_Strict):
    id: Id
    title: Text
    stages: list[StageModel] = Field(min_length=1, max_length=50)


class LinkModel(_Strict):
    stage: QualifiedStage
    needs: QualifiedStage


class WorldModel(_Strict):
    id: Id
    title: Text | None = None
    extends: Annotated[str, Field(min_length=1, max_length=1000)] | None = None
    actors: list[ActorModel] = Field(default_factory=list, max_length=200)
    sectors: list[SectorModel] = Field(default_factory=list, max_length=50)
    links: list[LinkModel] = Field(default_factory=list, max_length=500)


def is_world_file(data) -> bool:
    return isinstance(data, dict) and ("actors" in data or "extends" in data) and "rounds" not in data


@dataclass
class WorldCache:
    """Worlds read so far, by resolved file: a library names the default world once per
    scenario, and each is read and checked once."""

    worlds: dict[Path, World | None] = field(default_factory=dict)
    problems: dict[Path, list[Problem]] = field(default_factory=dict)


def bundled_world_path(ref: str, root: Path) -> Path:
    return root / "worlds" / f"{ref}.yaml"


def resolve_ref(ref: str, base_dir: Path | None, root: Path) -> Path:
    """A bundled world id (`default`) or a file path relative to the file that names it."""
    if ref.endswith((".yaml", ".yml")) or "/" in ref or "\\" in ref:
        return ((base_dir or Path.cwd()) / ref).resolve()
    return bundled_world_path(ref, root).resolve()


def load_world_file(path: Path, root: Path, cache: WorldCache | None = None,
                    _chain: tuple[Path, ...] = ()) -> tuple[World | None, list[Problem]]:
    """The world in `path` (with what it extends), or None and the problems that stop it."""
    cache = cache if cache is not None else WorldCache()
    path = path.resolve()
    if path in cache.worlds:
        return cache.worlds[path], cache.problems[path]
    try:
        src = read_yaml(path)
    except ContentError as exc:
        cache.worlds[path], cache.problems[path] = None, exc.problems
        return None, exc.problems
    world, problems = _build(src, path, root, cache, _chain + (path,))
    cache.worlds[path], cache.problems[path] = world, problems
    return world, problems


def _build(src: Source, path: Path, root: Path, cache: WorldCache, chain) -> tuple[World | None, list[Problem]]:
    def p(where: tuple, msg: str) -> Problem:
        return Problem(src.file, src.line(where), format_path(where), msg)

    if not isinstance(src.data, dict) or "actors" not in src.data and "extends" not in src.data:
        return None, [Problem(src.file, 1, "", "not a world file (needs 'actors' or 'extends')")]
    try:
        model = WorldModel.model_validate(src.data)
    except ValidationError as exc:
        from .loader import problems_from  # the same wording as decks and scenarios

        return None, problems_from(src, exc)
    out: list[Problem] = []
    actors: list[Actor] = []
    sectors: dict[str, Sector] = {}
    title = model.title
    if model.extends:
        base_path = resolve_ref(model.extends, path.parent, root)
        if base_path in chain:
            return None, [p(("extends",), f"'{model.extends}' extends this world again (a circle)")]
        if not base_path.is_file():
            bundled = sorted(f.stem for f in (root / "worlds").glob("*.yaml"))
            return None, [p(("extends",), f"unknown world '{model.extends}' (bundled worlds: "
                                         f"{', '.join(bundled) or 'none'}; or a .yaml path "
                                         f"relative to this file)")]
        base, base_problems = load_world_file(base_path, root, cache, chain)
        if base is None:
            return None, [p(("extends",), f"the world '{model.extends}' it extends has problems")] \
                + base_problems
        actors = list(base.actors)
        sectors = dict(base.sectors)
        title = title or base.title
    elif not model.sectors:
        out.append(p(("sectors",), "a world needs at least one sector (or 'extends' another world)"))
    base_actors = {a.id for a in actors}
    for i, a in enumerate(model.actors):
        if a.id in base_actors or any(x.id == a.id for x in actors):
            out.append(p(("actors", i, "id"), f"actor {a.id} is listed twice"))
            continue
        actors.append(Actor(a.id, a.name.strip(), a.player))
    if not any(a.player for a in actors):
        out.append(p(("actors",), "no actor is a player (set 'player: true' on the teams)"))
    # stages first without cross-sector inputs, so every sector's stages are known
    raw: dict[str, tuple[int, SectorModel]] = {}
    for i, s in enumerate(model.sectors):
        if s.id in sectors or s.id in raw:
            out.append(p(("sectors", i, "id"), f"sector '{s.id}' is listed twice"))
            continue
        raw[s.id] = (i, s)
    known = {name: sec.stage_names for name, sec in sectors.items()}
    known.update({name: tuple(st.id for st in s.stages) for name, (_, s) in raw.items()})
    needs: dict[tuple[str, str], list[tuple[str, str]]] = {}  # (sector, stage) -> needed stages
    where: dict[tuple[str, str, str, str], tuple] = {}  # (sector, stage, needed) -> yaml path
    for name, (i, s) in raw.items():
        seen: list[str] = []
        total = 0.0
        for j, st in enumerate(s.stages):
            sp = ("sectors", i, "stages", j)
            if st.id in seen:
                out.append(p(sp + ("id",), f"stage '{st.id}' is listed twice in {name}"))
            total += st.value
            for k, ref in enumerate(st.inputs):
                sec2, _, st2 = ref.rpartition(".")
                sec2 = sec2 or name
                msg = _check_input(known, name, st.id, seen, sec2, st2)
                if msg:
                    out.append(p(sp + ("inputs", k), msg))
                elif sec2 != name:
                    needs.setdefault((name, st.id), []).append((sec2, st2))
                    where[(name, st.id, sec2, st2)] = sp + ("inputs", k)
            if st.relieves and st.relieves.stage not in seen:
                what = "comes after it" if st.relieves.stage in known[name] else "is not a stage of " + name
                out.append(p(sp + ("relieves", "stage"), f"stage '{st.relieves.stage}' {what}: a "
                             "stage relieves an earlier stage of its own sector"))
            seen.append(st.id)
        if abs(total - 1.0) > VALUE_TOLERANCE:
            out.append(p(("sectors", i, "stages"), f"the values of {name}'s stages add up to "
                         f"{total:.3g}, not 1"))
    for i, link in enumerate(model.links):
        sec1, _, st1 = link.stage.partition(".")
        sec2, _, st2 = link.needs.partition(".")
        if st1 not in known.get(sec1, ()):
            out.append(p(("links", i, "stage"), _unknown_stage(known, sec1, st1)))
            continue
        before = known[sec1][:known[sec1].index(st1)]
        msg = _check_input(known, sec1, st1, list(before), sec2, st2)
        if msg:
            out.append(p(("links", i, "needs"), msg))
        elif sec2 != sec1:
            needs.setdefault((sec1, st1), []).append((sec2, st2))
            where[(sec1, st1, sec2, st2)] = ("links", i, "needs")
        else:
            needs.setdefault((sec1, st1), []).append(("", st2))  # a same-sector input
            where[(sec1, st1, "", st2)] = ("links", i, "needs")
    if out:
        return None, out
    for name, (_, s) in raw.items():
        sectors[name] = Sector(name, s.title.strip(), tuple(
            Stage(st.id, st.value, tuple(r.rpartition(".")[2] for r in st.inputs
                                         if r.rpartition(".")[0] in ("", name)),
                  st.gating, (st.relieves.stage, st.relieves.share) if st.relieves else None,
                  st.title.strip())
            for st in s.stages))
    for (name, stage), extra in needs.items():
        sec = sectors[name]
        stages = []
        for st in sec.stages:
            if st.name == stage:
                same = tuple(x for s2, x in extra if s2 == "" and x not in st.inputs)
                cross = tuple(x for x in extra if x[0] != "" and x not in st.needs)
                st = Stage(st.name, st.value, st.inputs + same, st.gating, st.relieves, st.title,
                           st.needs + tuple(dict.fromkeys(cross)))
            stages.append(st)
        sectors[name] = Sector(sec.name, sec.title, tuple(stages))
    cycle = _cycle(sectors)
    if cycle:
        a, b = cycle[0], cycle[1]
        key = next((k for k in where if k[0] == a and k[2] == b), None)
        loc = where[key] if key else ("sectors",)
        return None, [p(loc, "sectors need each other's stages in a circle ("
                       + " -> ".join(cycle) + "): no order to propagate them in")]
    order = _topological(sectors)
    return World(model.id, (title or model.id).strip(), tuple(actors),
                 {s: sectors[s] for s in order}), []


def _check_input(known, sector, stage, before, sec2, st2) -> str:
    if sec2 not in known:
        return f"unknown sector '{sec2}' (sectors: {', '.join(known)})"
    if st2 not in known[sec2]:
        return _unknown_stage(known, sec2, st2)
    if sec2 == sector and st2 not in before:
        return (f"stage '{st2}' comes after '{stage}' in {sector}: a stage's inputs from its own "
                "sector come before it")
    return ""


def _unknown_stage(known, sector, stage) -> str:
    if sector not in known:
        return f"unknown sector '{sector}' (sectors: {', '.join(known)})"
    return f"stage '{stage}' is not a stage of {sector} ({', '.join(known[sector])})"


def _cycle(sectors: dict[str, Sector]) -> list[str]:
    """A circle of sectors needing each other, as [a, b, ..., a], or [] if there is none."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(s: str) -> list[str]:
        state[s] = 1
        stack.append(s)
        for u in sectors[s].upstream:
            if state.get(u) == 1:
                return stack[stack.index(u):] + [u]
            if u not in state:
                found = visit(u)
                if found:
                    return found
        stack.pop()
        state[s] = 2
        return []

    for s in sectors:
        if s not in state:
            found = visit(s)
            if found:
                return found  # read as "a needs b needs ... a"
    return []


def _topological(sectors: dict[str, Sector]) -> list[str]:
    done: list[str] = []
    todo = list(sectors)
    while todo:
        nxt = next(s for s in todo if all(u in done for u in sectors[s].upstream))
        done.append(nxt)
        todo.remove(nxt)
    return done


def load_world(ref: str = DEFAULT_WORLD, base_dir: Path | None = None, root: Path | None = None) -> World:
    """A world by bundled id or path; raises ContentError with every problem."""
    from .loader import content_root

    root = root or content_root()
    path = resolve_ref(ref, base_dir, root)
    if not path.is_file():
        raise ContentError([Problem(str(path), 0, "", f"unknown world '{ref}'")])
    world, problems = load_world_file(path, root)
    if world is None:
        raise ContentError(problems)
    return world


_DEFAULT: dict[Path, World] = {}


def default_world() -> World:
    """The bundled default world (read once per content folder): what a scenario with no
    `world:` is set in, and what the commands that run before any scenario is chosen offer."""
    from .loader import content_root

    root = content_root()
    if root not in _DEFAULT:
        _DEFAULT[root] = load_world(DEFAULT_WORLD, root=root)
    return _DEFAULT[root]


__all__ = ["DEFAULT_WORLD", "WorldCache", "WorldModel", "default_world", "is_world_file",
           "load_world", "load_world_file", "resolve_ref"]
