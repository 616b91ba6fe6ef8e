"""`chokepoint play [SCENARIO]` (and plain `chokepoint`), `chokepoint resume ID`, and
`chokepoint finish ID`: a game in the terminal, a saved game continued there, and a saved
game played to its end by bots.

`resume` opens the game where it was left, in the terminal, for people to go on playing: a
workshop interrupted by a closed laptop goes on. Playing a game to the end with bots is a
different thing (`finish`), named as such, and asks first when the game was a workshop,
because it cannot be taken back into a live session once the bots have played it out.
"""

from __future__ import annotations

from pathlib import Path

import click

from .common import fail

reports_option = click.option(
    "--reports", type=click.Path(file_okay=False), default=None,
    help="Where the after-action reports go (default: $CHOKEPOINT_REPORTS, else "
         "'Chokepoint reports' in your documents folder).")


@click.command()
@click.argument("scenario", required=False)
@click.option("--seed", type=int, default=None, help="The game's seed (default 1 on the new-game screen).")
@click.option("--mode", type=click.Choice(["workshop", "solo"]), default="workshop", show_default=True,
              help="workshop: a facilitator enters every team's plays; solo: you play one team.")
@click.option("--team", default=None, metavar="TEAM",
              help="Your team in solo mode (a player actor of the scenario's world, e.g. KOR).")
@click.option("--db", type=click.Path(dir_okay=False), default=None,
              help="The saves database (default: the user data directory).")
@click.option("--no-save", is_flag=True, help="Play without saving.")
@click.option("--zoom", is_flag=True, help="Start in the large-text (projector) layout.")
@click.option("--high-contrast", is_flag=True, help="Start with the high-contrast theme.")
@reports_option
def play(scenario, seed, mode, team, db, no_save, zoom, high_contrast, reports) -> None:
    """Open the game: start screen, or straight into SCENARIO when one is given."""
    from ..tui import make_app

    if team:
        team = team.upper()
        if scenario:
            from .common import scenario_or_exit

            teams = scenario_or_exit(scenario).world.teams
        else:
            from ..content.worlds import default_world

            teams = default_world().teams
        if team not in teams:
            fail(f"unknown team '{team}' (teams: {', '.join(teams)})")

    app = make_app(scenario=scenario, seed=seed, mode=mode, team=team or None,
                   db=db, store=not no_save, zoom=zoom, reports=reports,
                   theme="chokepoint-high-contrast" if high_contrast else None)
    app.run()
    if app.return_code:  # the app's boundary printed the one-line reason
        raise SystemExit(2)


def _saved(game_id: str, db):
    """(store, meta) of a saved game; exit 2 with one line otherwise."""
    from ..store import StoreError
    from .run import open_store_or_exit

    store = open_store_or_exit(db)
    try:
        return store, store.game(game_id)
    except StoreError as exc:
        fail(str(exc))


@click.command()
@click.argument("game_id")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The save file (default: $CHOKEPOINT_DB, else the user data directory).")
@click.option("--zoom", is_flag=True, help="Start in the large-text (projector) layout.")
@reports_option
@click.option("--json", "as_json", is_flag=True,
              help="No terminal app: play it to the end with bots and print it (as `finish "
                   "--json`, asking first for a workshop game).")
@click.option("--scenario", "scenario_file", default=None, metavar="PATH",
              help="The scenario file of a game not played from a bundled one.")
@click.pass_context
def resume(ctx, game_id: str, db, zoom, reports, as_json, scenario_file) -> None:
    """Continue a saved game in the terminal, where it was left (`chokepoint games` lists them).

    To play it to the end with bots instead, use `chokepoint finish ID`."""
    if as_json:
        ctx.invoke(finish, game_id=game_id, db=db, as_json=True, scenario_file=scenario_file)
        return
    store, meta = _saved(game_id, db)
    from ..store import StoreError
    from .common import scenario_or_exit

    scn = scenario_or_exit(scenario_file) if scenario_file else None
    if scn is not None:
        store.register_scenario(scn)
    try:  # a save that does not verify is one line here, not a dialog in the app
        store.load(game_id)
    except StoreError as exc:
        fail(str(exc))
    if meta.get("status") == "finished":
        click.echo(f"game {game_id} is over; opening its final ranking", err=True)
    store.close()
    from ..tui import make_app

    app = make_app(resume=game_id, db=str(store.path), zoom=zoom, reports=reports,
                   scenarios=(scn,) if scn is not None else ())
    app.run()
    if app.return_code:
        raise SystemExit(2)


@click.command()
@click.argument("game_id")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The save file (default: $CHOKEPOINT_DB, else the user data directory).")
@click.option("--json", "as_json", is_flag=True, help="Print the whole game as one JSON object.")
@click.option("--scenario", "scenario_file", default=None, metavar="PATH",
              help="The scenario file, for a game played from one that is not bundled.")
@click.option("--yes", "-y", is_flag=True, help="Do not ask, even for a workshop game.")
def finish(game_id: str, db, as_json: bool, scenario_file: str | None, yes: bool) -> None:
    """Play a saved game to its end with bots: each team's saved bot, random for people.

    A workshop game is a live session: this asks first (--yes does not)."""
    from ..headless import game_json, play_to_end
    from ..store import StoreError
    from .common import scenario_or_exit
    from .games import _bots_for
    from .run import print_game

    store, meta = _saved(game_id, db)
    teams = meta.get("teams") or {}
    people = [t for t, who in teams.items() if who == "human"] if isinstance(teams, dict) else []
    if meta.get("status") != "finished" and people and not yes:
        if not click.confirm(
                f"Game {game_id} is a {meta.get('mode') or 'workshop'} game at round "
                f"{meta.get('round')} ({meta.get('phase')}). Bots will play "
                f"{', '.join(people)} to the end, and it cannot go on with people afterwards. "
                "Finish it now?", default=False, err=True):
            click.echo("nothing played", err=True)
            raise SystemExit(1)
    try:
        scn = scenario_or_exit(scenario_file) if scenario_file else None
        session = store.load(game_id, scenario=scn)
        play_to_end(session, _bots_for(teams))
    except StoreError as exc:
        fail(str(exc))
    print_game(game_json(session, game_id), as_json)


def register(group: click.Group) -> None:
    group.add_command(play)
    # `resume` continues in the terminal (registered after games.py's headless `resume`, so
    # this one is the command; finishing with bots is `finish`)
    group.add_command(resume)
    group.add_command(finish)
