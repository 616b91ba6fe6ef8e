from __future__ import annotations

from pathlib import Path

import click

from ..content import load_library
from ..content.loader import content_root
from .common import exit_with_problems


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--play", "play", is_flag=True,
              help="Also play each scenario as a calm game (no shocks, nobody plays) and warn "
                   "where a team is below full supply.")
def validate(paths: tuple[Path, ...], play: bool) -> None:
    """Check decks and scenarios: the bundled content, or the files given (a folder stands for
    the YAML files in it).

    Exit 0 when valid; otherwise exit 2 with one `file:line: key: problem` line per problem.
    With --play, warnings (`file:line: key: warning: ...`) do not change the exit status.
    """
    given, paths = paths, _files(paths)
    lib = load_library(list(paths) or None)
    if lib.problems:
        exit_with_problems(lib.problems)
    if not lib.decks and not lib.scenarios:  # "ok: 0 decks" would hide a wrong folder
        where = ", ".join(str(p) for p in given) or str(content_root())
        exit_with_problems([f"{where}: no decks or scenarios found"])
    n_cards = sum(len(m.cards) for m, _ in lib.decks.values())
    n_shocks = sum(len(m.shocks) for m, _ in lib.decks.values())
    what = ", ".join(str(p) for p in given) if given else "bundled content"
    click.echo(f"ok: {what}: {len(lib.decks)} decks ({n_cards} cards, {n_shocks} shocks), "
               f"{len(lib.scenarios)} scenarios")
    if play:
        _play_calm_games(lib, paths)


def _files(paths: tuple[Path, ...]) -> tuple[Path, ...]:
    """`paths` with each folder replaced by its YAML files, in name order: an author checks a
    folder of decks or scenarios as readily as one file."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            found = sorted(f for f in p.iterdir() if f.suffix in (".yaml", ".yml") and f.is_file())
            if not found:
                exit_with_problems([f"{p}: no YAML files (.yaml, .yml) in this folder"])
            out.extend(found)
        else:
            out.append(p)
    return tuple(out)


def _play_calm_games(lib, paths: tuple[Path, ...]) -> None:
    """The scenarios asked about (all of them with no paths), each played as a calm game."""
    from .calm import play_calm

    asked = {str(p) for p in paths}
    ids = [sid for sid, (_, src) in sorted(lib.scenarios.items())
           if not paths or any(src.file == a or Path(src.file).resolve() == Path(a).resolve() for a in asked)]
    for sid in ids:
        result = play_calm(lib, sid)
        for w in result.warnings:
            click.echo(str(w), err=True)
        click.echo(f"calm game: {sid}: {result.rounds} rounds, "
                   f"{len(result.warnings) or 'no'} warning{'' if len(result.warnings) == 1 else 's'}")
    if not ids:
        click.echo("calm game: no scenario among the files given")


def register(group: click.Group) -> None:
    group.add_command(validate)
