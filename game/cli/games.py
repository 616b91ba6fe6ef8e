"""Saved games: `chokepoint resume` and `chokepoint games [show|export|import|delete]`.

Every error a person can cause (an unknown id, a file that is not a save or not an export)
is one line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..headless import game_json, play_to_end
from .common import fail, scenario_or_exit
from .run import db_option, open_store_or_exit, print_game

LIST_COLUMNS = ("game_id", "scenario", "seed", "mode", "status", "round", "updated")


def _bots_for(teams) -> dict:
    """The bots a saved game was played with (teams: team -> bot name); random otherwise."""
    from ..bots import BOTS, make_bot

    if not isinstance(teams, dict):
        return {}
    return {t: make_bot(name) for t, name in teams.items() if name in BOTS}


@click.command()
@click.argument("game_id")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the whole game as one JSON object.")
@click.option("--scenario", "scenario_file", default=None, metavar="PATH",
              help="The scenario file, for a game played from one that is not bundled.")
def resume(game_id: str, db: Path | None, as_json: bool, scenario_file: str | None) -> None:
    """Play a saved game on to the end, each team with the bot it was saved with."""
    from ..store import StoreError

    store = open_store_or_exit(db)
    try:
        scn = scenario_or_exit(scenario_file) if scenario_file else None
        meta = store.game(game_id)
        session = store.load(game_id, scenario=scn)
        play_to_end(session, _bots_for(meta["teams"]))
    except StoreError as exc:
        fail(str(exc))
    print_game(game_json(session, game_id), as_json)


def _store(ctx: click.Context, db: Path | None):
    """A subcommand's --db wins over the group's (`games --db F show ID` works too)."""
    return open_store_or_exit(db if db is not None else (ctx.obj or {}).get("db"))


@click.group(invoke_without_command=True)
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
@click.pass_context
def games(ctx: click.Context, db: Path | None, as_json: bool) -> None:
    """List saved games (most recent first), or show, export, import or delete one."""
    ctx.obj = {"db": db}
    if ctx.invoked_subcommand is not None:
        return
    store = _store(ctx, None)
    rows = store.games()
    if as_json:
        click.echo(json.dumps([{k: r[k] for k in LIST_COLUMNS} for r in rows], sort_keys=True))
        return
    if not rows:
        click.echo(f"no saved games in {store.path}")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=str(store.path))
    for col in LIST_COLUMNS:
        table.add_column(col, justify="right" if col in ("seed", "round") else "left")
    for r in rows:
        table.add_row(*(str(r[c]) for c in LIST_COLUMNS))
    Console().print(table)


@games.command()
@click.argument("game_id")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the game as JSON.")
@click.pass_context
def show(ctx: click.Context, game_id: str, db: Path | None, as_json: bool) -> None:
    """One game: where it stands, its standings and its notes (checks the save as it loads)."""
    from ..store import StoreError

    store = _store(ctx, db)
    try:
        meta = store.game(game_id)
        session = store.load(game_id)
        notes = store.notes(game_id)
    except StoreError as exc:
        fail(str(exc))
    data = game_json(session, game_id)
    if as_json:
        click.echo(json.dumps({"game": meta, "notes": notes, "standings": data["final"],
                               "rounds_played": data["rounds_played"]}, sort_keys=True))
        return
    for k in ("game_id", "scenario", "seed", "mode", "status", "round", "phase", "created",
              "updated"):
        click.echo(f"{k:>9}: {meta[k]}")
    if meta["teams"]:
        click.echo(f"{'teams':>9}: " + ", ".join(f"{t}={v}" for t, v in meta["teams"].items()))
    click.echo(f"{'actions':>9}: {meta['state_id']} ({meta['seq']} log entries, undos included)")
    from .run import print_summary

    print_summary(data)
    for n in notes:
        click.echo(f"  round {n['round']} {n['phase']} [{n['kind']}] {n['author']}: {n['text']}")


@games.command("export")
@click.argument("game_id")
@db_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write here (default: standard output).")
@click.pass_context
def export_cmd(ctx: click.Context, game_id: str, db: Path | None, output: Path | None) -> None:
    """Write one game (log, snapshots, notes) as a JSON document."""
    from ..store import StoreError

    store = _store(ctx, db)
    try:
        data = store.export_game(game_id)
    except StoreError as exc:
        fail(str(exc))
    text = json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror}")
    click.echo(f"exported {game_id} to {output}", err=True)


@games.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@db_option
@click.pass_context
def import_cmd(ctx: click.Context, file: Path, db: Path | None) -> None:
    """Add a game exported with `games export` (checked before it is written)."""
    from ..store import StoreError

    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        fail(f"cannot read {file}: {exc.strerror}")
    except (ValueError, UnicodeDecodeError) as exc:
        fail(f"{file} is not a Chokepoint game export (not JSON: {exc})")
    store = _store(ctx, db)
    try:
        game_id = store.import_game(data)
    except StoreError as exc:
        fail(f"{file}: {exc}")
    click.echo(game_id)


@games.command()
@click.argument("game_id")
@db_option
@click.pass_context
def delete(ctx: click.Context, game_id: str, db: Path | None) -> None:
    """Delete a game and everything saved with it (export it first to keep a copy)."""
    from ..store import StoreError

    store = _store(ctx, db)
    try:
        store.delete_game(game_id)
    except StoreError as exc:
        fail(str(exc))
    click.echo(f"deleted {game_id}")


def register(group: click.Group) -> None:
    group.add_command(resume)
    group.add_command(games)
