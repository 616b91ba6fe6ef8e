"""`chokepoint report`: the after-action report of a saved game (or a fresh headless one)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import check_output_path, fail, scenario_or_exit, write_output

SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".pdf": "pdf"}


def _saved_game(game_id: str, db: Path | None, scenario_file: str | None = None):
    """(session, meta, notes) of a saved game (played from `scenario_file` when it is not a
    bundled scenario); exits 2 with a clear message otherwise."""
    try:
        from ..store import StoreError, default_db_path, open_store
    except ImportError as exc:  # saves are a separate part of the build
        fail(f"saved games cannot be read in this build ({exc}); "
             "use --scenario/--seed to report on a fresh headless game")
    path = db if db is not None else default_db_path()
    if not Path(path).exists():
        fail(f"no saved games at {path} (give --db FILE)")
    scn = scenario_or_exit(scenario_file) if scenario_file else None
    try:
        with open_store(path) as store:
            info, session, notes = store.read_game(game_id, scenario=scn)
    except StoreError as exc:
        fail(str(exc))
    meta = {k: info.get(k) for k in ("game_id", "mode", "teams", "created", "participants")}
    return session, meta, notes


def _fresh_game(scenario: str | None, seed: int):
    from ..headless import play_to_end
    from ..session import Session

    scn = scenario_or_exit(scenario)
    session = play_to_end(Session(scn, seed))
    return session, {"mode": "headless (not saved)"}, None


@click.command()
@click.argument("game_id", required=False)
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path),
              help="The save file (default: $CHOKEPOINT_DB, else the user data directory).")
@click.option("--format", "fmt", type=click.Choice(["md", "html", "pdf"]),
              help="Output format (default: from -o's extension, else md).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here instead of standard output (required for pdf on a terminal).")
@click.option("--template", type=click.Path(dir_okay=False, path_type=Path),
              help="Your own Jinja template (runs sandboxed, sees plain data only).")
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True,
              help="Page size for html and pdf.")
@click.option("--scenario", help="Without GAME_ID: report on a fresh headless game of this "
              "scenario. With GAME_ID: the scenario file the game was played from, when it is "
              "not a bundled one.")
@click.option("--seed", type=int, help="Seed of the fresh headless game (with --scenario).")
@click.option("--replays", type=click.IntRange(0, 5000), default=200, show_default=True,
              help="Replay the teams' decisions under this many other shock draws ('what held "
                   "up'); about 1-2 s per hundred; 0 for none.")
@click.option("--tagged", is_flag=True,
              help="Tagged PDF for screen readers (where WeasyPrint supports it; about 1 s more).")
def report(game_id, db, fmt, output, template, paper, scenario, seed, replays, tagged) -> None:
    """After-action report of GAME_ID: Markdown, print-ready HTML, or PDF.

    Without GAME_ID, --scenario and/or --seed play a fresh headless game and report on it.
    PDF needs the optional extra: pip install -e '.[pdf]'. Exit 2 on an unknown game, a broken
    template (its file:line is shown) or a missing PDF dependency.
    """
    from ..report import ReportError, render_report

    if fmt is None:
        fmt = SUFFIXES.get(output.suffix.lower(), "md") if output is not None else "md"
    if game_id is not None and seed is not None:
        fail("give either GAME_ID or --seed (a fresh game), not both")
    if game_id is not None and scenario is not None and not scenario.endswith((".yaml", ".yml")):
        fail("with GAME_ID, --scenario is the file the game was played from (a .yaml path); "
             "a saved game of a bundled scenario needs none")
    if template is not None and not template.is_file():
        fail(f"{template}: template not found")
    if fmt == "pdf" and output is None and sys.stdout.isatty():
        fail("PDF is binary: give -o FILE.pdf")
    check_output_path(output, "report")

    if game_id is not None:
        session, meta, notes = _saved_game(game_id, db, scenario)
    elif scenario is not None or seed is not None:
        session, meta, notes = _fresh_game(scenario, seed if seed is not None else 0)
    else:
        fail("give a GAME_ID (see `chokepoint games`), or --scenario/--seed for a fresh game")

    try:
        out = render_report(session, fmt, meta=meta, notes=notes, template=template, paper=paper,
                            replays=replays, tagged=tagged)
    except ReportError as exc:
        fail(str(exc))

    if output is None:  # a PDF's bytes too: echo writes bytes to the binary stream under stdout
        click.echo(out, nl=False)
        return
    write_output(output, out, fmt)


def register(group: click.Group) -> None:
    group.add_command(report)
