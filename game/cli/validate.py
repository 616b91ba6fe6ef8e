from __future__ import annotations

from pathlib import Path

import click

from ..content import load_library
from .common import exit_with_problems


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def validate(paths: tuple[Path, ...]) -> None:
    """Check decks and scenarios: the bundled content, or the files given.

    Exit 0 when valid; otherwise exit 2 with one `file:line: key: problem` line per problem.
    """
    lib = load_library(list(paths) or None)
    if lib.problems:
        exit_with_problems(lib.problems)
    n_cards = sum(len(m.cards) for m, _ in lib.decks.values())
    n_shocks = sum(len(m.shocks) for m, _ in lib.decks.values())
    what = ", ".join(str(p) for p in paths) if paths else "bundled content"
    click.echo(f"ok: {what}: {len(lib.decks)} decks ({n_cards} cards, {n_shocks} shocks), "
               f"{len(lib.scenarios)} scenarios")


def register(group: click.Group) -> None:
    group.add_command(validate)
