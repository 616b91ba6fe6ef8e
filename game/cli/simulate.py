"""`chokepoint simulate`: a Monte Carlo batch, its summary, and the balance report."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..core.world import TEAMS
from .common import fail, scenario_or_exit


def _print_summary(summary: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    from ..sim import band_verdict

    console = Console()
    teams = summary["teams"]
    t = Table(title=f"{summary['scenario']}: {summary['runs']} games, seed {summary['seed']}, "
                    f"{summary['games_per_second']:.0f} games/s on {summary['jobs']} worker(s)")
    for col in ("team", "bot", "win rate", "mean rank", "score p10/p50/p90",
                "resilience mean", "prosperity mean"):
        t.add_column(col, justify="left" if col in ("team", "bot") else "right")
    for team in TEAMS:
        s = teams[team]
        sc = s["indicators"]["score"]
        verdict = band_verdict(s["win_rate"])
        rate = f"{100 * s['win_rate']:.1f}%" + ("" if verdict == "in band" else f" ({verdict})")
        t.add_row(team, s["bot"], rate, f"{s['mean_rank']:.2f}",
                  f"{sc['p10']:.1f} / {sc['p50']:.1f} / {sc['p90']:.1f}",
                  f"{s['indicators']['resilience']['mean']:.1f}",
                  f"{s['indicators']['prosperity']['mean']:.1f}")
    console.print(t)
    c = Table(title="Cards: how often played, and the team's final resilience/score with vs without")
    for col in ("card", "team", "played", "resilience effect", "score effect"):
        c.add_column(col, justify="left" if col in ("card", "team") else "right")
    def fmt(x):
        return "-" if x is None else f"{x:+.2f}"

    for cid, card in summary["cards"].items():
        for team, s in card["by_team"].items():
            c.add_row(cid, team, f"{100 * s['play_rate']:.1f}%", fmt(s["resilience_effect"]),
                      fmt(s["score_effect"]))
    console.print(c)


@click.command()
@click.argument("scenario", required=False)
@click.option("--runs", "-n", type=click.IntRange(min=1), default=1000, show_default=True,
              help="Games to play.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: every core; 1 plays in this process).")
@click.option("--bots", "bot_spec", default=None,
              help="Bots per team, e.g. KOR=lookahead,CHN=random (others: heuristic); "
                   "a bare name such as 'random' sets every team.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Batch seed: run i plays a seed derived from (seed, i).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of tables.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Write a balance report (Markdown) for scenario designers.")
def simulate(scenario: str | None, runs: int, jobs: int | None, bot_spec: str | None, seed: int,
             as_json: bool, report_path: Path | None) -> None:
    """Play many games with bots and report win rates, indicators and card statistics."""
    from ..bots import parse_bots
    from ..sim import balance_markdown, run_batch, summarize

    scn = scenario_or_exit(scenario)
    try:
        parse_bots(bot_spec)
    except ValueError as exc:
        fail(str(exc))
    show_progress = not as_json and sys.stderr.isatty()
    if show_progress:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        with Progress(TextColumn("[bold]simulating"), BarColumn(), MofNCompleteColumn(),
                      TimeRemainingColumn(), transient=True) as bar:
            task = bar.add_task("games", total=runs)
            batch = run_batch(scn, runs, seed, jobs, bot_spec,
                              progress=lambda n: bar.advance(task, n))
    else:
        batch = run_batch(scn, runs, seed, jobs, bot_spec)
    summary = summarize(scn, batch)
    if report_path is not None:
        report_path.write_text(balance_markdown(scn, summary), encoding="utf-8")
    if as_json:
        click.echo(json.dumps(summary, sort_keys=True))
    else:
        _print_summary(summary)
        if report_path is not None:
            click.echo(f"balance report: {report_path}")


def register(group: click.Group) -> None:
    group.add_command(simulate)
