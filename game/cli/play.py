"""`chokepoint play [SCENARIO]` (and plain `chokepoint`): the game in the terminal."""

from __future__ import annotations

import click

from ..core.world import TEAMS


@click.command()
@click.argument("scenario", required=False)
@click.option("--seed", type=int, default=None, help="The game's seed (default 1 on the new-game screen).")
@click.option("--mode", type=click.Choice(["workshop", "solo"]), default="workshop", show_default=True,
              help="workshop: a facilitator enters every team's plays; solo: you play one team.")
@click.option("--team", type=click.Choice(TEAMS, case_sensitive=False), default=None,
              help="Your team in solo mode.")
@click.option("--db", type=click.Path(dir_okay=False), default=None,
              help="The saves database (default: the user data directory).")
@click.option("--no-save", is_flag=True, help="Play without saving.")
@click.option("--zoom", is_flag=True, help="Start in the large-text (projector) layout.")
@click.option("--high-contrast", is_flag=True, help="Start with the high-contrast theme.")
def play(scenario, seed, mode, team, db, no_save, zoom, high_contrast) -> None:
    """Open the game: start screen, or straight into SCENARIO when one is given."""
    from ..tui import make_app

    app = make_app(scenario=scenario, seed=seed, mode=mode, team=team.upper() if team else None,
                   db=db, store=not no_save, zoom=zoom,
                   theme="chokepoint-high-contrast" if high_contrast else None)
    app.run()


def register(group: click.Group) -> None:
    group.add_command(play)
