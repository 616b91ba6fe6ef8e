"""Saved games: `chokepoint resume` and `chokepoint games [show|export|import|delete]`.

Every error a person can cause (an unknown id, a file that is not a save or not an export)
is one line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..headless import game_json, play_to_end
from .common import check_output_path, echo_json, fail, safe_text, scenario_or_exit
from .run import db_option, open_store_or_exit, print_game

LIST_COLUMNS = ("game_id", "scenario", "seed", "mode", "status", "round", "updated")
#: an export document larger than this is refused before it is read (a game of eight rounds
#: with many notes is well under a megabyte)
MAX_IMPORT_BYTES = 64 * 1024 * 1024


def _bots_for(teams) -> dict:
    """The bots a saved game was played with (teams: team -> bot name); random otherwise."""
    from ..bots import BOTS, make_bot

    if not isinstance(teams, dict):
        return {}
    return {t: make_bot(name) for t, name in teams.items() if isinstance(name, str) and name in BOTS}


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
        meta, session, _ = store.read_game(game_id, scenario=scn)
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
        echo_json([{k: r[k] for k in LIST_COLUMNS} for r in rows])
        return
    if not rows:
        click.echo(f"no saved games in {store.path}")
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(safe_text(store.path, one_line=True)))
    for col in LIST_COLUMNS:
        table.add_column(col, justify="right" if col in ("seed", "round") else "left")
    for r in rows:  # Text, not str: a damaged row's "[red]" is shown, never taken as markup
        table.add_row(*(Text(safe_text(r[c], one_line=True)[:80]) for c in LIST_COLUMNS))
    Console().print(table)


@games.command()
@click.argument("game_id")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the game as JSON.")
@click.option("--scenario", "scenario_file", default=None, metavar="PATH",
              help="The scenario file, for a game played from one that is not bundled.")
@click.pass_context
def show(ctx: click.Context, game_id: str, db: Path | None, as_json: bool,
         scenario_file: str | None) -> None:
    """One game: where it stands, its standings and its notes (checks the save as it loads)."""
    from ..store import StoreError

    store = _store(ctx, db)
    try:
        scn = scenario_or_exit(scenario_file) if scenario_file else None
        meta, session, notes = store.read_game(game_id, scenario=scn)
    except StoreError as exc:
        fail(str(exc))
    data = game_json(session, game_id)
    if as_json:
        echo_json({"game": meta, "notes": notes, "standings": data["final"],
                   "rounds_played": data["rounds_played"]})
        return
    for k in ("game_id", "scenario", "seed", "mode", "status", "round", "phase", "created",
              "updated"):
        click.echo(f"{k:>9}: {safe_text(meta[k], one_line=True)}")
    if meta["teams"]:
        click.echo(f"{'teams':>9}: " + safe_text(", ".join(f"{t}={v}" for t, v in
                                                          meta["teams"].items()), True))
    click.echo(f"{'actions':>9}: {meta['state_id']} ({meta['seq']} log entries, undos included)")
    from .run import print_summary

    print_summary(data)
    for n in notes:
        click.echo(safe_text(f"  round {n['round']} {n['phase']} [{n['kind']}] {n['author']}: "
                             f"{n['text']}"))


@games.command("export")
@click.argument("game_id")
@db_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write here (default: standard output).")
@click.pass_context
def export_cmd(ctx: click.Context, game_id: str, db: Path | None, output: Path | None) -> None:
    """Write one game (log, snapshots, notes) as a JSON document."""
    from ..store import StoreError

    check_output_path(output, "export")
    store = _store(ctx, db)
    try:
        data = store.export_game(game_id)
    except StoreError as exc:
        fail(str(exc))
    try:
        text = json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False,
                          allow_nan=False) + "\n"
    except ValueError:
        fail(f"game {game_id} holds a number that is not finite; it cannot be exported")
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
    from ..store.exchange import check_import, write_import
    from ..store.store import bundled_scenario

    data = _read_export(file)
    try:  # checked in full before the save is opened: a refused import creates nothing
        checked = check_import(data, bundled_scenario)
    except StoreError as exc:
        fail(f"{file}: {exc}")
    store = _store(ctx, db)
    try:
        game_id = write_import(store, checked)
    except StoreError as exc:
        fail(f"{file}: {exc}")
    click.echo(game_id)


def _reject_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def _read_export(file: Path):
    """The JSON of an export file: only a regular file (a FIFO would block for ever), only up
    to MAX_IMPORT_BYTES, only strict JSON (no NaN or Infinity), nested reasonably."""
    import os
    import stat

    try:
        st = file.stat()
        if not stat.S_ISREG(st.st_mode):
            fail(f"{file} is not a regular file")
        if st.st_size > MAX_IMPORT_BYTES:
            fail(f"{file} is larger than {MAX_IMPORT_BYTES // 2**20} MB: not a game export")
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with open(fd, "rb") as f:
            raw = f.read(MAX_IMPORT_BYTES + 1)
    except OSError as exc:
        fail(f"cannot read {file}: {exc.strerror or exc}")
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except (ValueError, UnicodeDecodeError) as exc:
        fail(f"{file} is not a Chokepoint game export (not JSON: {exc})")
    except RecursionError:
        fail(f"{file} is not a Chokepoint game export (nested too deeply)")


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
