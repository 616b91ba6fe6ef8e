"""`chokepoint` and `python -m game`: one click group, one module per group of commands.

Each command module exposes `register(group)`. Modules are listed here explicitly so the
command set is easy to read; a module that is not present yet (a feature still to land) is
skipped, never half-loaded.
"""

from __future__ import annotations

import importlib

import click

from game.core import ENGINE

from .common import Boundary, exit_with_problems  # noqa: F401  (re-exported for command modules)

COMMAND_MODULES = ("validate", "run", "content", "games", "report", "print_kit", "simulate", "play", "join", "serve")


@click.group(cls=Boundary, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="chokepoint",
                      message=f"%(prog)s, version %(version)s (rules core: {ENGINE})")
@click.option("--debug", is_flag=True, help="Show the full traceback when something fails.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Chokepoint: a wargame about supply-chain resilience in the Indo-Pacific.

    With no command, opens the game in the terminal (the same as `chokepoint play`).
    """
    if ctx.invoked_subcommand is None:
        play = main.commands.get("play")
        if play is None:
            click.echo(ctx.get_help())
            return
        ctx.invoke(play)


for _name in COMMAND_MODULES:
    try:
        _mod = importlib.import_module(f"{__name__}.{_name}")
    except ModuleNotFoundError as _exc:
        if _exc.name != f"{__name__}.{_name}":
            raise
        continue
    _mod.register(main)
