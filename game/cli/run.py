from __future__ import annotations

from pathlib import Path

import click

from ..headless import game_json, play_to_end
from ..session import Session
from .common import echo_json, exit_with_problems, fail, scenario_or_exit


def print_summary(data: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    final = data["final"]
    table = Table(title=f"{data['scenario']} - seed {data['seed']} - {data['status']} "
                        f"after {data['rounds_played']} rounds")
    for col in ("rank", "team", "score", "resilience", "prosperity", "budget"):
        table.add_column(col, justify="left" if col == "team" else "right")
    for team in sorted(final, key=lambda t: final[t]["rank"]):
        f = final[team]
        table.add_row(str(f["rank"]), team, f"{f['score']:.1f}", f"{f['resilience']:.1f}",
                      f"{f['prosperity']:.1f}", f"{f['budget']:.1f}")
    Console().print(table)
    for r in data.get("plays_refused", ()):
        click.echo(f"refused: round {r['round']}, {r['team']} {r['card']}: {r['reason']}")
    for rnd in data.get("rounds", ()) if "plays_refused" in data else ():
        for team, lst in rnd["refused"].items():
            for x in lst:
                click.echo(f"refused at adjudication: round {rnd['round']}, {team} {x['card']}: "
                           f"{x['reason']}")
    if "game_id" in data:
        click.echo(f"game_id: {data['game_id']}")


def print_game(data: dict, as_json: bool) -> None:
    if as_json:
        echo_json(data)
    else:
        print_summary(data)


def db_option(f):
    """`--db PATH` for every command that touches saves."""
    return click.option(
        "--db", type=click.Path(dir_okay=False, path_type=Path), default=None,
        help="The save file (default: $CHOKEPOINT_DB, else chokepoint.db in the user data "
             "directory).")(f)


def open_store_or_exit(db: Path | None):
    from ..store import StoreError, open_store

    try:
        return open_store(db)
    except StoreError as exc:
        fail(str(exc))


def bots_or_exit(spec: str | None, teams: tuple[str, ...] | None = None) -> dict:
    """A bot per team of `teams` (the scenario's world's), or exit 2 naming the bad part."""
    from ..bots import parse_bots

    try:
        return parse_bots(spec, default="random", teams=teams)
    except ValueError as exc:
        fail(str(exc))


@click.command()
@click.argument("scenario", required=False)
@click.option("--seed", type=int, default=0, show_default=True, help="The game's seed.")
@click.option("--json", "as_json", is_flag=True, help="Print the whole game as one JSON object.")
@db_option
@click.option("--save", is_flag=True,
              help="Save the game in the default save file (implied by --db).")
@click.option("--stop-after-round", type=click.IntRange(min=1), default=None, metavar="K",
              help="Stop after round K's debrief, leaving the game unfinished (resume it later).")
@click.option("--bots", "bots_spec", default=None, metavar="SPEC",
              help="Bots per team, e.g. 'heuristic' or 'KOR=lookahead,CHN=heuristic' "
                   "(default: random for every team; with --plays, teams pass).")
@click.option("--plays", "plays_file", type=click.Path(dir_okay=False, path_type=Path),
              default=None, metavar="FILE",
              help="YAML or JSON: round -> team -> list of card ids. Named teams play exactly "
                   "these; the others pass (or are played by --bots).")
def run(scenario: str | None, seed: int, as_json: bool, db: Path | None, save: bool,
        stop_after_round: int | None, bots_spec: str | None, plays_file: Path | None) -> None:
    """Play a whole game headless, every team choosing at random among its legal plays.

    With --plays FILE the teams it names play its cards; plays the rules refuse (over budget,
    already played, a joint card its partners did not commit) are listed with their reasons.

    With --db (or --save) every action is saved as it is taken and the game's id is printed
    (and put in the JSON as "game_id"); `chokepoint resume GAME_ID` plays a stopped or
    interrupted game on to the end.
    """
    scn = scenario_or_exit(scenario)
    script = None
    if plays_file is not None:
        from ..content.yamlsrc import ContentError
        from ..plays import ScriptedTeams, load_plays

        try:
            script = ScriptedTeams(load_plays(plays_file, scn))
        except ContentError as exc:
            exit_with_problems(exc.problems)
        bots = {} if bots_spec is None else bots_or_exit(bots_spec, scn.world.teams)
    else:
        bots = bots_or_exit(bots_spec, scn.world.teams)
    default = None
    if script is not None:
        from ..bots import PassBot

        default = PassBot()
    game_id = None
    if db is not None or save:
        from ..store import StoreError

        store = open_store_or_exit(db)
        try:
            game_id, session = store.new_game(scn, seed, mode="headless",
                                              teams={t: b.name for t, b in bots.items()})
            play_to_end(session, bots, stop_after_round, script, default)
        except StoreError as exc:
            fail(str(exc))
    else:
        session = play_to_end(Session(scn, seed), bots, stop_after_round, script, default)
    data = game_json(session, game_id)
    if script is not None:
        data["plays_refused"] = [r.to_dict() for r in script.refused]
    print_game(data, as_json)


def register(group: click.Group) -> None:
    group.add_command(run)
