"""`chokepoint cards`, `shocks`, `scenarios` and `schema`: what the bundled content holds.

The listings read the content the same way `validate` does (bundled decks and scenarios,
checked together); invalid content stops them with the same `file:line: key: problem` lines.
`--json` prints a list of objects, each with at least `id`, `title` and `source`; cards also
carry `team` (null for a shared card). A card's or shock's `source` is the short form of what it
cites ("KIET 2021, Table 5 (2)"), `source_full` the full references, and `citations` each work
cited with its bibliography key, place and note.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..content import load_library
from ..content.schema import DeckModel, ScenarioModel
from .common import echo_json, exit_with_problems, fail


def _library():
    lib = load_library()
    if lib.problems:
        exit_with_problems(lib.problems)
    return lib


def _effect_summary(fx) -> str:
    d = fx.model_dump(by_alias=True, exclude_none=True, exclude_defaults=True)
    kind = d.pop("kind", fx.kind)
    parts = [f"{k}={'/'.join(v) if isinstance(v, list) else v}" for k, v in d.items()]
    return f"{kind}({', '.join(parts)})"


def _citation_fields(lib, refs) -> dict:
    """Both forms of a card's or shock's sources, and each citation on its own."""
    cited = lib.bibliography.cite(refs)
    return {
        "source": cited.short_form,
        "source_full": cited.full_form,
        "citations": [{"ref": c.ref, "at": c.at, "note": c.note, "short": c.short_form,
                       "full": c.full_form, "url": c.url} for c in cited],
    }


def _teams(lib) -> tuple[str, ...]:
    """Every team of the library's worlds: the default world's, then those of scenarios set in
    other worlds."""
    from ..content.worlds import default_world

    worlds = [default_world(), *(w for w in lib.scenario_worlds.values() if w is not None)]
    return tuple(dict.fromkeys(t for w in worlds for t in w.teams))


def card_rows(lib, team: str | None = None) -> list[dict]:
    from ..content.worlds import default_world

    rows = []
    for deck_id, (deck, _) in sorted(lib.decks.items()):
        for c in deck.cards:
            eligible = c.eligible or ([deck.team] if deck.team else list(default_world().teams))
            if team is not None and team not in eligible:
                continue
            rows.append({
                "id": c.id,
                "title": c.title,
                "team": deck.team,
                "deck": deck_id,
                "eligible": list(eligible),
                "partners": list(c.partners),
                "cost": c.cost,
                "political_capital": c.political_capital,
                "category": c.category,
                "requires": list(c.requires),
                "limit": c.limit,
                "retaliation": c.retaliation.model_dump() if c.retaliation else None,
                "effects": [_effect_summary(fx) for fx in c.effects],
                "flavour": c.flavour.strip(),
                **_citation_fields(lib, c.source),
            })
    return rows


def shock_rows(lib) -> list[dict]:
    rows = []
    for deck_id, (deck, _) in sorted(lib.decks.items()):
        for s in deck.shocks:
            rows.append({
                "id": s.id,
                "title": s.title,
                "category": s.category,
                "severity": s.severity,
                "duration": s.duration,
                "tags": list(s.tags),
                "retaliation": "retaliation" in s.tags,
                "deck": deck_id,
                "effects": [_effect_summary(fx) for fx in s.effects],
                "flavour": s.flavour.strip(),
                **_citation_fields(lib, s.source),
            })
    return rows


def _assumption_row(lib, a) -> dict:
    """An assumption's text, with both forms of what it rests on (empty for the game's own)."""
    if isinstance(a, str):
        return {"text": a.strip(), "source": "", "source_full": "", "citations": []}
    return {"text": a.text.strip(), **_citation_fields(lib, a.source)}


def scenario_rows(lib) -> list[dict]:
    rows = []
    for sid, (scn, src) in sorted(lib.scenarios.items()):
        rows.append({
            "id": sid,
            "title": scn.title,
            "default": scn.default,
            "rounds": scn.rounds,
            "sectors": list(scn.sectors),
            "decks": list(scn.decks),
            "schedule": {str(r): ids for r, ids in sorted(scn.shocks.schedule.items())},
            "source": src.file,
            "assumptions": [_assumption_row(lib, a) for a in scn.assumptions],
            "briefing": scn.briefing.strip(),
        })
    return rows


#: columns left out, in this order, when the terminal is too narrow to show them with a
#: readable title; `--json` always has everything
_OPTIONAL = ("source", "partners", "tags", "pc", "category", "sectors")
_MIN_TITLE = 24


def _print_table(title: str, columns: list[str], rows: list[list[str]]) -> None:
    """A table that fits the terminal: ids and numbers never wrap, the title column keeps at
    least `_MIN_TITLE` characters, and optional columns are dropped (and named in a footnote)
    rather than squeezed to nothing at 80 columns."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    keep = list(range(len(columns)))

    def needed(idx: list[int]) -> int:
        total = 1
        for i in idx:
            col = columns[i]
            if col in ("title", "source"):
                total += _MIN_TITLE + 3
            else:
                total += max([len(col)] + [len(r[i]) for r in rows]) + 3
        return total

    dropped = []
    for col in _OPTIONAL:
        if needed(keep) <= console.width:
            break
        if col in columns:
            keep.remove(columns.index(col))
            dropped.append(col)
    table = Table(title=title, show_lines=True)
    for i in keep:
        col = columns[i]
        if col in ("title", "source"):  # long text wraps; ids and numbers stay on one line
            table.add_column(col, overflow="fold", ratio=2 if col == "source" else 1,
                             min_width=_MIN_TITLE if col == "title" else None)
        else:
            table.add_column(col, no_wrap=True)
    for r in rows:
        table.add_row(*(r[i] for i in keep))
    console.print(table)
    if dropped:
        console.print(f"(not shown at this width: {', '.join(dropped)}; "
                      "widen the terminal or use --json)")


def _emit(rows: list[dict]) -> None:
    echo_json(rows, indent=2, ensure_ascii=False, sort_keys=False)


@click.command()
@click.option("--team", "team", metavar="TEAM",
              help="Only the cards this team may play (e.g. KOR).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
def cards(team: str | None, as_json: bool) -> None:
    """List the policy cards: each team's deck and the shared deck."""
    lib = _library()
    if team is not None:
        if team.upper() not in _teams(lib):
            fail(f"unknown team '{team}' (teams: {', '.join(_teams(lib))})")
        team = team.upper()
    rows = card_rows(lib, team)
    if as_json:
        _emit(rows)
        return
    _print_table(
        f"Cards{' for ' + team if team else ''} ({len(rows)})",
        ["id", "team", "title", "cost", "pc", "partners", "source"],
        [[r["id"], r["team"] or "shared", r["title"], f"{r['cost']:g}",
          f"{r['political_capital']:g}", ",".join(r["partners"]), r["source"]] for r in rows],
    )


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
def shocks(as_json: bool) -> None:
    """List the shock events (retaliation shocks are provoked by cards, never drawn)."""
    rows = shock_rows(_library())
    if as_json:
        _emit(rows)
        return
    _print_table(
        f"Shocks ({len(rows)})",
        ["id", "category", "title", "sev", "dur", "tags", "source"],
        [[r["id"], r["category"], r["title"], f"{r['severity']:g}", str(r["duration"]),
          ",".join(r["tags"]), r["source"]] for r in rows],
    )


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
def scenarios(as_json: bool) -> None:
    """List the scenarios."""
    rows = scenario_rows(_library())
    if as_json:
        _emit(rows)
        return
    _print_table(
        f"Scenarios ({len(rows)})",
        ["id", "title", "rounds", "sectors", "default", "source"],
        [[r["id"], r["title"], str(r["rounds"]), ", ".join(r["sectors"]),
          "yes" if r["default"] else "", r["source"]] for r in rows],
    )


def content_schema(kind: str | None = None) -> dict:
    """JSON Schema (draft 2020-12) of the content format, from the pydantic models.

    With no kind, one schema that accepts a deck, a scenario or a world file, all under `$defs`.
    """
    from pydantic.json_schema import models_json_schema

    from ..content.worlds import WorldModel

    models = {"deck": DeckModel, "scenario": ScenarioModel, "world": WorldModel}
    if kind is not None:
        schema = models[kind].model_json_schema(by_alias=True)
        schema["title"] = f"Chokepoint {kind} file"
    else:
        _, defs = models_json_schema([(m, "validation") for m in models.values()],
                                     by_alias=True, title="Chokepoint content file")
        schema = {
            "title": "Chokepoint content file",
            "description": "A deck (decks/*.yaml), a scenario (scenarios/*.yaml) or a world "
                           "(worlds/*.yaml).",
            "anyOf": [{"$ref": f"#/$defs/{m.__name__}"} for m in models.values()],
            **defs,
        }
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


@click.command()
@click.option("--kind", type=click.Choice(["deck", "scenario", "world"]),
              help="Only the deck, scenario or world format (default: all, under $defs).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
def schema(kind: str | None, output: Path | None) -> None:
    """Print the JSON Schema of the deck, scenario and world formats, for editors."""
    text = json.dumps(content_schema(kind), indent=2, sort_keys=False)
    if output is not None:
        output.write_text(text + "\n", encoding="utf-8")
        click.echo(f"wrote {output}")
    else:
        click.echo(text)


def register(group: click.Group) -> None:
    for cmd in (cards, shocks, scenarios, schema):
        group.add_command(cmd)
