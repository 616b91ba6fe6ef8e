"""Batches of games in worker processes (the Mesa batchrunner shape).

Run `i` of a batch with seed `S` plays the game seeded `run_seed(S, i)`, so the batch is the same
whatever the number of workers. Runs are cut into chunks (`chunk_size`): a worker plays a chunk
and sends back one small plain record per game, the parent puts them back in run order, and
only the parent aggregates or writes anything. `jobs=1` plays in-process (no pool), which is
what tests and profilers want.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..bots import Bot, bot_names, parse_bots
from ..core.scenario import Scenario
from ..headless import play_to_end
from ..session import Session
from .memory import batch_collection, tune_for_batch

FINAL_INDICATORS = ("score", "resilience", "prosperity", "budget")


def run_seed(batch_seed: int, i: int) -> int:
    """The seed of run `i` of the batch seeded `batch_seed`: a hash, so neighbouring runs are
    unrelated and no run's seed depends on how the batch was split."""
    h = hashlib.blake2b(f"chokepoint:{batch_seed}:{i}".encode(), digest_size=8).digest()
    return int.from_bytes(h, "big") >> 2


def play_one(scn: Scenario, seed: int, bots: dict[str, Bot], explain: bool = False) -> dict:
    """One game, reduced to a plain record: final indicators and rank per team, cards played."""
    session = play_to_end(Session(scn, seed, explain=explain), bots)
    st = session.state
    teams = scn.world.teams
    order = sorted(teams, key=lambda t: (-round(st.indicators[t]["score"], 9), teams.index(t)))
    return {
        "seed": seed,
        "final": {
            t: {**{k: st.indicators[t][k] for k in FINAL_INDICATORS}, "rank": order.index(t) + 1}
            for t in teams
        },
        "played": {t: sorted(st.teams[t].played) for t in teams},
    }


# ---------------------------------------------------------------- worker side ----------
_WORKER: dict = {}


def _start_worker(scn: Scenario, bot_spec: str | None) -> None:
    """A pool worker's start. Ctrl-C reaches the whole process group: the parent alone
    answers it (it terminates the pool), so workers do not each print a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _init_worker(scn, bot_spec)
    tune_for_batch()


def _init_worker(scn: Scenario, bot_spec: str | None) -> None:
    _WORKER["scn"] = scn
    _WORKER["bots"] = parse_bots(bot_spec, teams=scn.world.teams)


def _play_chunk(job: tuple[int, int, int]) -> list[tuple[int, dict]]:
    batch_seed, start, stop = job
    scn, bots = _WORKER["scn"], _WORKER["bots"]
    return [(i, play_one(scn, run_seed(batch_seed, i), bots)) for i in range(start, stop)]


def play_chunk(scn: Scenario, bot_spec: str | None, batch_seed: int, start: int,
               stop: int) -> list[tuple[int, dict]]:
    """Runs `start..stop-1` of a batch, with no worker state: what a dask worker runs
    (game/sim/cluster.py). Bots are made afresh per chunk; they keep nothing between games
    that changes a choice, so a chunk plays the same on any worker, or twice."""
    bots = parse_bots(bot_spec, teams=scn.world.teams)
    with batch_collection():
        return [(i, play_one(scn, run_seed(batch_seed, i), bots)) for i in range(start, stop)]


# ---------------------------------------------------------------- parent side ----------
@contextlib.contextmanager
def sigterm_as_interrupt(wanted: bool = True) -> Iterator[None]:
    """SIGTERM stops a batch the way Ctrl-C does (KeyboardInterrupt in the parent, the pool or
    the cluster's workers shut down on the way out), so `kill` leaves no orphaned workers and no
    traceback. Used around the process pool here and around cluster batches by the CLI. A
    process forked from this one keeps the default: a pool terminates its workers with SIGTERM."""
    if not wanted or threading.current_thread() is not threading.main_thread():
        yield
        return
    owner = os.getpid()

    def interrupt(signum, frame):
        if os.getpid() != owner:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
        raise KeyboardInterrupt

    old = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


@dataclass(slots=True)
class Batch:
    scenario: str
    seed: int
    runs: int
    jobs: int
    bots: dict[str, str]
    records: list[dict]  # in run order
    seconds: float

    @property
    def games_per_second(self) -> float:
        return self.runs / self.seconds if self.seconds > 0 else float("inf")


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def chunk_size(runs: int, jobs: int) -> int:
    """Big enough that IPC is a small share of the work, small enough to balance the load and
    move the progress bar: about eight chunks per worker, at most 200 games each."""
    return max(1, min(200, math.ceil(runs / (jobs * 8))))


def _chunks(batch_seed: int, runs: int, size: int) -> Iterator[tuple[int, int, int]]:
    for start in range(0, runs, size):
        yield (batch_seed, start, min(runs, start + size))


def run_batch(scn: Scenario, runs: int, seed: int = 0, jobs: int | None = None,
              bot_spec: str | None = None,
              progress: Callable[[int], None] | None = None) -> Batch:
    """Play `runs` games; `progress(n)` is called as each chunk of n games comes back."""
    if runs < 1:
        raise ValueError("runs must be at least 1")
    bots = parse_bots(bot_spec, teams=scn.world.teams)  # fail early, in the parent, on a bad spec
    jobs = max(1, min(jobs or default_jobs(), runs))
    size = chunk_size(runs, jobs)
    results: list[dict | None] = [None] * runs
    t0 = time.perf_counter()
    if jobs == 1:
        _init_worker(scn, bot_spec)
        with batch_collection():
            for job in _chunks(seed, runs, size):
                for i, rec in _play_chunk(job):
                    results[i] = rec
                if progress:
                    progress(job[2] - job[1])
    else:
        import multiprocessing as mp

        try:
            pool = mp.get_context().Pool(jobs, initializer=_start_worker,
                                         initargs=(scn, bot_spec))
        except OSError as exc:  # no fork (process limit, memory): play here instead
            sys.stderr.write(f"chokepoint: cannot start {jobs} worker processes "
                             f"({exc.strerror or exc}); playing in this process\n")
            return run_batch(scn, runs, seed, 1, bot_spec, progress)
        with pool, sigterm_as_interrupt():  # leaving the block terminates the workers
            for chunk in pool.imap_unordered(_play_chunk, _chunks(seed, runs, size)):
                for i, rec in chunk:
                    results[i] = rec
                if progress:
                    progress(len(chunk))
    seconds = time.perf_counter() - t0
    return Batch(scn.id, seed, runs, jobs, bot_names(bots), results, seconds)  # type: ignore[arg-type]
