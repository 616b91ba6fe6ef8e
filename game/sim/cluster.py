"""Monte Carlo batches on a dask.distributed cluster (`simulate --cluster ADDRESS`).

The work is cut exactly as in runner.py: run `i` of a batch seeded `S` plays `run_seed(S, i)`,
chunks of runs go to workers, and the parent puts the records back in run order. So a batch
gives the same records, and the same JSON, on a cluster as with `--jobs`, whatever the number
of workers, and a chunk whose worker died can simply be played again (the scheduler does that
by itself: a task that was running on a lost worker is rescheduled on another).

`ADDRESS` is a scheduler (`tcp://host:8786`, or `host:8786`), or `local:N` for a LocalCluster
of N single-threaded worker processes on this machine (what the tests use). Dask is an optional
extra (`pip install 'chokepoint[cluster]'`): it is imported only here, and only when asked for.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import signal
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass

from ..bots import bot_names, parse_bots
from ..core.scenario import Scenario
from .runner import Batch, chunk_size, play_chunk

CONNECT_TIMEOUT = 3.0  # seconds to wait for a scheduler before saying nobody answers
WORKERS_TIMEOUT = 10.0  # seconds to wait for a scheduler's first worker
LOCAL_WORKER_CONFIG = {"distributed.worker.profile.enabled": False}
# Smaller chunks than a process pool's: the bar moves, Ctrl-C is answered, and a dead worker's
# chunk costs less to replay, for about a millisecond of scheduling per chunk.
MAX_CHUNK = 100


class ClusterError(Exception):
    """The cluster cannot be used: nothing at the address, dask missing, workers without the
    package. The message is one line, for a person."""


class BatchStopped(Exception):
    """Ctrl-C during a cluster batch: the batch was cancelled after `done` of `total` games."""

    def __init__(self, done: int, total: int):
        self.done, self.total = done, total
        super().__init__(f"stopped after {done} of {total} games")


@dataclass(frozen=True, slots=True)
class Cell:
    """One batch of a job: a scenario, a bot line-up, a batch seed and a number of runs."""

    scn: Scenario
    bot_spec: str | None
    seed: int
    runs: int


def _dask():
    try:
        import distributed
    except ImportError:
        raise ClusterError("--cluster needs dask: pip install 'chokepoint[cluster]' "
                           "(or pip install 'dask[distributed]')") from None
    return distributed


def _local_workers(address: str) -> int | None:
    if address != "local" and not address.startswith("local:"):
        return None  # a scheduler address, localhost:8786 included
    _, _, n = address.partition(":")
    if not n.isdigit() or int(n) < 1:
        raise ClusterError(f"--cluster {address!r}: write local:N with N workers, e.g. local:2")
    return int(n)


@contextmanager
def open_cluster(address: str, timeout: float | None = None) -> Iterator:
    """A connected `distributed.Client`, closed (with its LocalCluster, if any) on exit."""
    distributed = _dask()
    timeout = CONNECT_TIMEOUT if timeout is None else timeout
    n = _local_workers(address)
    cluster = None
    try:
        if n is not None:
            import dask

            # No dashboard, so no statistical profiler either: it samples the playing thread
            # every 10 ms for a page nobody opens
            with dask.config.set(LOCAL_WORKER_CONFIG):
                cluster = distributed.LocalCluster(
                    n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                    # its HTTP routes on any free port, not 8787: that may be a real dashboard
                    scheduler_kwargs={"dashboard": False, "dashboard_address": ":0"},
                    preload=[__name__],  # dask_setup below, in each worker process
                    silence_logs=logging.ERROR)
            client = distributed.Client(cluster, timeout=timeout)
        else:
            client = distributed.Client(address, timeout=timeout)
    except ValueError as exc:  # an address dask cannot parse
        raise ClusterError(f"--cluster {address!r} is not a scheduler address ({exc}); write "
                           "tcp://host:8786 or local:N") from None
    except (OSError, TimeoutError):
        if cluster is not None:
            cluster.close()
        raise ClusterError(f"no dask scheduler answers at {address!r} within {timeout:.0f} s; "
                           "start one with `dask scheduler` (docs/cluster.md) or use "
                           "--cluster local:N") from None
    try:
        _check_workers(client, address)
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def dask_setup(worker) -> None:
    """Run by dask in each local worker process as it starts (the LocalCluster's preload).

    Ctrl-C in a terminal reaches every process in its group, and each worker would print a
    KeyboardInterrupt traceback. Workers ignore it: this process answers it, cancels the batch
    and shuts them down. Restarted workers run this too."""
    with suppress(ValueError):  # not the main thread: leave signals alone
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def _installed_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("chokepoint")
    except PackageNotFoundError:  # pragma: no cover - running from an uninstalled checkout
        return "unknown"


def _check_workers(client, address: str) -> None:
    """Fail early, in words, when the workers could not play: none there, or no `game`."""
    try:
        client.wait_for_workers(1, timeout=WORKERS_TIMEOUT)
    except TimeoutError:
        raise ClusterError(f"the scheduler at {address!r} has no workers; start some with "
                           f"`dask worker {address}` (docs/cluster.md)") from None
    try:
        versions = client.run(_installed_version)
    except Exception as exc:  # the worker's error comes back as a plain Exception with its text
        if "No module named 'game'" in str(exc):
            raise ClusterError("the dask workers cannot import chokepoint: install the same "
                               "chokepoint on every worker (docs/cluster.md)") from None
        raise ClusterError(f"the dask workers cannot run chokepoint: {exc}") from None
    mine = _installed_version()
    other = sorted({v for v in versions.values() if v != mine})
    if other:
        raise ClusterError(f"the dask workers run chokepoint {', '.join(other)}, this machine "
                           f"{mine}: install the same version everywhere (docs/cluster.md)")


_SCENARIOS: dict[bytes, Scenario] = {}  # per worker process: digest of the pickle -> scenario


def play_chunk_from(blob: bytes, bot_spec: str | None, batch_seed: int, start: int,
                    stop: int) -> list[tuple[int, dict]]:
    """`play_chunk` on a scenario sent as pickled bytes. The scenario fills caches as games are
    played, so a worker must never be asked to pickle its live copy while it plays (dask does
    that when it copies data to a worker that replaces a dead one, and the pickling fails);
    bytes copy safely, and each worker unpickles them once."""
    digest = hashlib.blake2b(blob, digest_size=16).digest()
    scn = _SCENARIOS.get(digest)
    if scn is None:
        if len(_SCENARIOS) >= 16:
            _SCENARIOS.clear()
        scn = _SCENARIOS[digest] = pickle.loads(blob)
    return play_chunk(scn, bot_spec, batch_seed, start, stop)


def workers(client) -> int:
    return max(1, len(client.scheduler_info().get("workers", {})))


def run_cells(client, cells: list[Cell],
              progress: Callable[[int], None] | None = None) -> list[Batch]:
    """Play every cell's games as one job on the cluster; one Batch per cell, records in run
    order. `progress(n)` is called as each chunk of n games comes back, in whatever order the
    workers finish (`as_completed`); the records do not depend on that order."""
    distributed = _dask()
    for cell in cells:
        if cell.runs < 1:
            raise ValueError("runs must be at least 1")
        parse_bots(cell.bot_spec, teams=cell.scn.world.teams)  # fail early, here, on a bad spec
    n_workers = workers(client)
    token = uuid.uuid4().hex[:12]  # a fresh key per job: never a cached chunk of another one
    t0 = time.perf_counter()
    scattered: dict[int, object] = {}
    futures = {}
    for c, cell in enumerate(cells):
        key = id(cell.scn)
        if key not in scattered:  # as bytes: see `play_chunk_from`
            scattered[key] = client.scatter(pickle.dumps(cell.scn, pickle.HIGHEST_PROTOCOL),
                                            broadcast=True, hash=False)
        size = min(MAX_CHUNK, chunk_size(cell.runs, n_workers))
        for start in range(0, cell.runs, size):
            stop = min(cell.runs, start + size)
            fut = client.submit(play_chunk_from, scattered[key], cell.bot_spec, cell.seed, start,
                                stop, key=f"chokepoint-{token}-{c}-{start}", pure=False)
            futures[fut] = c
    results: list[list[dict | None]] = [[None] * cell.runs for cell in cells]
    total = sum(cell.runs for cell in cells)
    done = 0
    try:
        for fut, chunk in distributed.as_completed(list(futures), with_results=True):
            c = futures[fut]
            for i, rec in chunk:
                results[c][i] = rec
            done += len(chunk)
            if progress:
                progress(len(chunk))
    except KeyboardInterrupt:
        client.cancel(list(futures), force=True)
        raise BatchStopped(done, total) from None
    except ModuleNotFoundError:
        raise ClusterError("the dask workers cannot import chokepoint: install the same "
                           "chokepoint on every worker (docs/cluster.md)") from None
    seconds = time.perf_counter() - t0
    return [Batch(cell.scn.id, cell.seed, cell.runs, n_workers, bot_names(parse_bots(cell.bot_spec, teams=cell.scn.world.teams)),
                  results[c], seconds)  # type: ignore[arg-type]
            for c, cell in enumerate(cells)]


def run_batch_on_cluster(client, scn: Scenario, runs: int, seed: int = 0,
                         bot_spec: str | None = None,
                         progress: Callable[[int], None] | None = None) -> Batch:
    """`run_batch` on a cluster: the same records, run for run."""
    return run_cells(client, [Cell(scn, bot_spec, seed, runs)], progress)[0]
