"""`chokepoint simulate`: a Monte Carlo batch or a study, its summary, and the balance report.

Three ways in, one way out:
- `simulate [SCENARIO] --runs N`: one batch, on local worker processes (`--jobs`) or a dask
  cluster (`--cluster`); the same seed gives byte-identical JSON either way;
- `simulate --study FILE.yaml`: scenarios x line-ups as one job, rows into SQLite (`--db`);
- `simulate --from RESULTS.db`: a stored study read back, for `--report` or `--json`.
How long a batch took goes to stderr, never into the JSON: it is the one thing seeds don't fix.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from .common import check_output_path, echo_json, exit_with_problems, fail, scenario_or_exit


# ---------------------------------------------------------------- output ----------------
def _print_summary(summary: dict, timing: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    from ..sim import band_verdict

    console = Console()
    teams = summary["teams"]
    t = Table(title=f"{summary['scenario']}: {summary['runs']} games, seed {summary['seed']}, "
                    f"{timing['games_per_second']:.0f} games/s on {timing['workers']} worker(s)")
    for col in ("team", "bot", "win rate", "mean rank", "score p10/p50/p90",
                "resilience mean", "prosperity mean"):
        t.add_column(col, justify="left" if col in ("team", "bot") else "right")
    for team in teams:
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


def _print_study(name: str, cells: list[tuple[str, str, dict]]) -> None:
    from rich.console import Console
    from rich.table import Table

    t = Table(title=f"Study {name}: win rate and mean score per team")
    t.add_column("scenario")
    t.add_column("line-up")
    teams = list(dict.fromkeys(t for _, _, s in cells for t in s["teams"]))
    for team in teams:
        t.add_column(team, justify="right")
    for scenario, lineup, s in cells:
        t.add_row(scenario, lineup, *(
            f"{100 * s['teams'][team]['win_rate']:.1f}% / "
            f"{s['teams'][team]['indicators']['score']['mean']:.1f}"
            if team in s["teams"] else "-" for team in teams))
    Console().print(t)


def _timing_line(games: int, seconds: float, workers: int, where: str) -> None:
    rate = games / seconds if seconds > 0 else float("inf")
    click.echo(f"{games} games in {seconds:.1f} s ({rate:.0f} games/s) on {workers} "
               f"worker(s), {where}", err=True)


def _study_markdown(name: str, cells: list[tuple[str, str, object, dict]]) -> str:
    """One balance report per cell under one title; each cell's headings one level down."""
    from ..sim import balance_markdown

    parts = [f"# Study {name}", "",
             "One balance report per scenario and bot line-up, all on the same game seeds.", ""]
    for scenario, lineup, scn, summary in cells:
        title, *body = balance_markdown(scn, summary).splitlines()
        parts.append(f"## {scenario} x {lineup}: {title.removeprefix('# Balance report: ')}")
        parts += ["#" + line if line.startswith("#") else line for line in body]
        parts.append("")
    return "\n".join(parts)


# ---------------------------------------------------------------- running ---------------
class _Counter:
    """Counts games as chunks come back, so a stopped batch can say how far it got."""

    def __init__(self, bar: Callable[[int], None] | None):
        self.done = 0
        self.bar = bar

    def __call__(self, n: int) -> None:
        self.done += n
        if self.bar:
            self.bar(n)


@contextmanager
def _progress(total: int, show: bool) -> Iterator[_Counter]:
    """The progress bar, whichever engine plays: on stderr, so it shows while the results go to
    a file or a pipe (`--json > results.json`), and only when stderr is a terminal."""
    if not show:
        yield _Counter(None)
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(TextColumn("[bold]simulating"), BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), transient=True, console=Console(stderr=True)) as bar:
        task = bar.add_task("games", total=total)
        yield _Counter(lambda n: bar.advance(task, n))


@contextmanager
def _engine(cluster: str | None):
    """A dask client for `--cluster`, else None (local worker processes)."""
    if cluster is None:
        yield None
        return
    from ..sim.cluster import ClusterError, open_cluster

    try:
        with open_cluster(cluster) as client:
            yield client
    except ClusterError as exc:
        fail(str(exc))


def _stopped(done: int, total: int) -> None:
    click.echo(f"stopped: {done} of {total} games played; nothing was written", err=True)
    sys.exit(130)


def _run(cluster: str | None, total: int, show: bool, play: Callable[[object, _Counter], object]):
    """`play(client, progress)` with the engine and the progress bar up; Ctrl-C at any point
    (starting workers, playing) stops everything and says how far the batch got, once the bar
    is gone."""
    from ..sim.cluster import BatchStopped
    from ..sim.runner import sigterm_as_interrupt

    counter = None
    try:
        with sigterm_as_interrupt(cluster is not None), _engine(cluster) as client, \
                _progress(total, show) as counter:
            return play(client, counter)
    except BatchStopped as exc:
        done = exc.done
    except KeyboardInterrupt:
        done = counter.done if counter else 0
    _stopped(done, total)


# ---------------------------------------------------------------- the command -----------
@click.command()
@click.argument("scenario", required=False)
@click.option("--runs", "-n", type=click.IntRange(min=1), default=1000, show_default=True,
              help="Games to play.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: every core; 1 plays in this process).")
@click.option("--cluster", default=None, metavar="ADDRESS",
              help="Play on a dask scheduler (tcp://host:8786), or local:N for N local "
                   "workers; needs the [cluster] extra. See docs/cluster.md.")
@click.option("--bots", "bot_spec", default=None,
              help="Bots per team, e.g. KOR=lookahead,CHN=random (others: heuristic); "
                   "a bare name such as 'random' sets every team.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Batch seed: run i plays a seed derived from (seed, i).")
@click.option("--study", "study_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Run a study file (scenarios x bot line-ups) as one job.")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where a study writes its tables (default: the study's name + .db, here).")
@click.option("--from", "from_db", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Read a study's results back from this SQLite file (for --report, --json).")
@click.option("--study-name", default=None, help="With --from: which study, if it holds several.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of tables.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Write a balance report (Markdown) for scenario designers.")
@click.option("--calibrate-pars", "calibrate", is_flag=True,
              help="Fit each team's par (docs/balance.md): --runs games of --seed (default "
                   "400 of seed 0) fitted, 1.5x as many of seed+1 held out. Prints the pars; "
                   "writes nothing.")
@click.pass_context
def simulate(ctx: click.Context, scenario: str | None, runs: int, jobs: int | None,
             cluster: str | None, bot_spec: str | None, seed: int, study_path: Path | None,
             db_path: Path | None, from_db: Path | None, study_name: str | None, as_json: bool,
             report_path: Path | None, calibrate: bool) -> None:
    """Play many games with bots and report win rates, indicators and card statistics."""
    if calibrate:
        return _calibrate_cmd(ctx, scenario, runs, jobs, bot_spec, seed, as_json,
                              any(x is not None for x in (cluster, study_path, db_path, from_db,
                                                          study_name, report_path)))
    check_output_path(report_path, "balance report")  # before the batch, not after it
    if jobs is not None and cluster is not None:
        fail("--jobs and --cluster are two ways to play the same batch: choose one")
    if study_path is not None or from_db is not None:
        given = [f"--{p.replace('_spec', '')}" for p in ("runs", "seed", "bot_spec")
                 if ctx.get_parameter_source(p) is not click.core.ParameterSource.DEFAULT]
        given += ["SCENARIO"] if scenario else []
        if study_path is not None and from_db is not None:
            fail("--study runs a study and --from reads one back: choose one")
        if given:
            fail(f"{' '.join(given)}: a study takes its scenarios, line-ups, runs and seed "
                 "from the study file")
        if from_db is not None:
            if jobs is not None or cluster is not None or db_path is not None:
                fail("--from reads stored results: --jobs, --cluster and --db do not apply")
            return _from_db(from_db, study_name, as_json, report_path)
        return _study(study_path, db_path, jobs, cluster, as_json, report_path)
    if db_path is not None or study_name is not None:
        fail("--db and --study-name go with --study or --from")
    _batch(scenario, runs, jobs, cluster, bot_spec, seed, as_json, report_path)


def _batch(scenario, runs, jobs, cluster, bot_spec, seed, as_json, report_path) -> None:
    from ..bots import parse_bots
    from ..sim import balance_markdown, run_batch, summarize
    from ..sim.stats import timing

    scn = scenario_or_exit(scenario)
    try:
        parse_bots(bot_spec, teams=scn.world.teams)
    except ValueError as exc:
        fail(str(exc))
    def play(client, progress):
        if client is None:
            return run_batch(scn, runs, seed, jobs, bot_spec, progress=progress)
        from ..sim.cluster import run_batch_on_cluster

        return run_batch_on_cluster(client, scn, runs, seed, bot_spec, progress=progress)

    batch = _run(cluster, runs, sys.stderr.isatty(), play)
    summary = summarize(scn, batch)
    if report_path is not None:
        report_path.write_text(balance_markdown(scn, summary), encoding="utf-8")
    _timing_line(runs, batch.seconds, batch.jobs, f"cluster {cluster}" if cluster else "local")
    if as_json:
        echo_json(summary)
    else:
        _print_summary(summary, timing(batch))
        if report_path is not None:
            click.echo(f"balance report: {report_path}")


def _calibrate_cmd(ctx: click.Context, scenario, runs, jobs, bot_spec, seed, as_json,
                   other_mode: bool) -> None:
    """`--calibrate-pars`: the documented method unless --runs/--seed say otherwise."""
    from ..bots import parse_bots
    from ..sim.calibrate import HELD_OUT_RUNS, RUNS, calibrate_pars, games_played

    if other_mode:
        fail("--calibrate-pars plays its own batches on local workers and prints the pars: "
             "--cluster, --study, --from, --db, --study-name and --report do not apply")
    scn = scenario_or_exit(scenario)
    try:
        parse_bots(bot_spec, teams=scn.world.teams)
    except ValueError as exc:
        fail(str(exc))
    given = ctx.get_parameter_source("runs") is not click.core.ParameterSource.DEFAULT
    fit_runs = runs if given else RUNS
    held_runs = max(1, fit_runs * 3 // 2) if given else HELD_OUT_RUNS
    total = games_played(fit_runs, held_out_runs=held_runs)
    cal = _run(None, total, sys.stderr.isatty(),
               lambda _client, progress: calibrate_pars(
                   scn, runs=fit_runs, seed=seed, held_out_runs=held_runs,
                   held_out_seed=seed + 1, jobs=jobs, bot_spec=bot_spec, progress=progress))
    if as_json:
        echo_json(cal.as_json())
        return
    _print_calibration(cal, fit_runs, seed, held_runs)


def _print_calibration(cal, fit_runs: int, seed: int, held_runs: int) -> None:
    from rich.console import Console
    from rich.table import Table

    from ..sim import band_verdict

    t = Table(title=f"{cal.scenario}: pars fitted on {fit_runs} games of seed {seed}, "
                    f"checked on {held_runs} games of seed {seed + 1}")
    for col in ("team", "par now", "calibrated par", "win rate (fitted)", "win rate (held out)"):
        t.add_column(col, justify="left" if col == "team" else "right")
    for team, par in cal.after.items():
        rate = cal.held_out[team]
        verdict = band_verdict(rate)
        t.add_row(team, f"{cal.before[team]:.1f}", f"{par:.1f}", f"{100 * cal.fitted[team]:.1f}%",
                  f"{100 * rate:.1f}%" + ("" if verdict == "in band" else f" ({verdict})"))
    Console().print(t)
    click.echo("Nothing was written. To use them, set each team's `par:` in the scenario file: "
               + ", ".join(f"{team} {par:.1f}" for team, par in cal.after.items()))


def _study(study_path: Path, db_path: Path | None, jobs, cluster, as_json, report_path) -> None:
    from ..content import ContentError
    from ..sim import summarize
    from ..sim.study import GAMES_TABLE, load_study, run_study, total_games, write_results

    try:
        study = load_study(study_path)
    except ContentError as exc:
        exit_with_problems(exc.problems)
    db_path = db_path or Path(f"{study.name}.db")
    check_output_path(db_path, "study results")  # before the games, not after them
    total = total_games(study)
    batches = _run(cluster, total, sys.stderr.isatty(),
                   lambda client, progress: run_study(study, jobs, client, progress=progress))
    try:
        rows = write_results(db_path, study, batches)
    except Exception as exc:  # sqlite3.Error, OSError: a file we cannot write
        fail(f"{db_path}: cannot write the results: {exc}")
    seconds = sum(b.seconds for b in batches) if cluster is None else batches[0].seconds
    _timing_line(total, seconds, batches[0].jobs, f"cluster {cluster}" if cluster else "local")
    cells = [(c.scenario, c.lineup, c.scn, summarize(c.scn, b))
             for c, b in zip(study.cells, batches)]
    _study_out(study.name, cells, as_json, report_path)
    if not as_json:
        click.echo(f"results: {db_path} ({rows} rows in table {GAMES_TABLE}); open with "
                   f"`sqlite-utils rows {db_path} {GAMES_TABLE}` or `datasette {db_path}`")


def _from_db(from_db: Path, study_name: str | None, as_json: bool, report_path) -> None:
    from ..content import ContentError
    from ..sim import summarize
    from ..sim.study import read_results

    try:
        stored = read_results(from_db, study_name)
    except ContentError as exc:
        exit_with_problems(exc.problems)
    except Exception as exc:  # sqlite3.DatabaseError: not a database
        fail(f"{from_db}: cannot read study results: {exc}")
    cells = [(s.scenario, s.lineup, s.scn, summarize(s.scn, s.batch)) for s in stored]
    _study_out(stored[0].study, cells, as_json, report_path)


def _study_out(name: str, cells, as_json: bool, report_path: Path | None) -> None:
    if report_path is not None:
        report_path.write_text(_study_markdown(name, cells), encoding="utf-8")
    if as_json:
        click.echo(json.dumps({"study": name, "cells": [
            {"scenario": sc, "lineup": lu, "summary": s} for sc, lu, _, s in cells]},
            sort_keys=True))
        return
    _print_study(name, [(sc, lu, s) for sc, lu, _, s in cells])
    if report_path is not None:
        click.echo(f"balance report: {report_path}")


def register(group: click.Group) -> None:
    group.add_command(simulate)
