"""What every command needs: loading a scenario with clear errors, and exiting on them."""

from __future__ import annotations

import sys

import click

from ..content import ContentError, load_scenario


def exit_with_problems(problems) -> None:
    for p in problems:
        click.echo(str(p), err=True)
    sys.exit(2)


def scenario_or_exit(name: str | None):
    try:
        return load_scenario(name)
    except ContentError as exc:
        exit_with_problems(exc.problems)


def fail(message: str) -> None:
    """A clear one-line error and exit 2: for anything a person typed wrong."""
    click.echo(f"error: {message}", err=True)
    sys.exit(2)
