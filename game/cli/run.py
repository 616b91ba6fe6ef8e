from __future__ import annotations

import json

import click

from ..core.world import TEAMS
from ..headless import game_json, play_to_end
from ..session import Session
from .common import scenario_or_exit


def print_summary(data: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    final = data["final"]
    table = Table(title=f"{data['scenario']} - seed {data['seed']} - {data['status']} "
                        f"after {data['rounds_played']} rounds")
    for col in ("rank", "team", "score", "resilience", "prosperity", "budget"):
        table.add_column(col, justify="left" if col == "team" else "right")
    for team in sorted(TEAMS, key=lambda t: final[t]["rank"]):
        f = final[team]
        table.add_row(str(f["rank"]), team, f"{f['score']:.1f}", f"{f['resilience']:.1f}",
                      f"{f['prosperity']:.1f}", f"{f['budget']:.1f}")
    Console().print(table)
    if "game_id" in data:
        click.echo(f"game_id: {data['game_id']}")


@click.command()
@click.argument("scenario", required=False)
@click.option("--seed", type=int, default=0, show_default=True, help="The game's seed.")
@click.option("--json", "as_json", is_flag=True, help="Print the whole game as one JSON object.")
def run(scenario: str | None, seed: int, as_json: bool) -> None:
    """Play a whole game headless, every team choosing at random among its legal plays."""
    scn = scenario_or_exit(scenario)
    session = play_to_end(Session(scn, seed))
    data = game_json(session)
    if as_json:
        click.echo(json.dumps(data, sort_keys=True))
    else:
        print_summary(data)


def register(group: click.Group) -> None:
    group.add_command(run)
