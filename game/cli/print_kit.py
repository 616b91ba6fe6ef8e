"""`chokepoint print-kit SCENARIO`: the paper version of a scenario for the table."""

from __future__ import annotations

from pathlib import Path

import click

from .common import fail, scenario_or_exit, write_output


@click.command("print-kit")
@click.argument("scenario", required=False)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here (default: SCENARIO-print-kit.pdf in the current directory).")
@click.option("--format", "fmt", type=click.Choice(["pdf", "html"]), default="pdf",
              show_default=True, help="PDF for printing, or the HTML it is made from.")
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True)
def print_kit(scenario, output, fmt, paper) -> None:
    """A printable kit for SCENARIO (default: the default scenario): one briefing pack per
    team, with its hand as cut-out cards (cost, effects in plain words, source), and the
    facilitator's run sheet (phases and timings, shock schedule, shock deck, injects, score
    sheet). PDF needs the optional extra: pip install -e '.[pdf]'."""
    from ..report import ReportError
    from ..report.print_kit import render_kit

    scn = scenario_or_exit(scenario)
    if output is None:
        output = Path(f"{scn.id}-print-kit.{fmt}")
    if output.exists() and output.is_dir():
        fail(f"{output}: is a directory")
    try:
        out = render_kit(scn, fmt, paper)
    except ReportError as exc:
        fail(str(exc))
    write_output(output, out, fmt)


def register(group: click.Group) -> None:
    group.add_command(print_kit)
