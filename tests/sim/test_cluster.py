"""`simulate --cluster`: the same records and byte-identical JSON as `--jobs`, a dead worker's
games played again with the same result, Ctrl-C reported, and bad addresses refused quickly.

Runs on a LocalCluster of two worker processes on this machine (started once for the module);
the whole module is skipped, saying why, when dask is not installed."""

from __future__ import annotations

import os
import signal
import socket
import time
from contextlib import contextmanager

import pytest
from click.testing import CliRunner

pytest.importorskip("distributed", reason="dask is an optional extra: pip install -e '.[cluster]'")

from game.cli import main  # noqa: E402
from game.sim import cluster as cluster_mod  # noqa: E402
from game.sim.cluster import BatchStopped, Cell, open_cluster, run_batch_on_cluster, run_cells  # noqa: E402
from game.sim.runner import run_batch  # noqa: E402


@pytest.fixture(scope="module")
def client():
    with open_cluster("local:2") as c:
        yield c


def test_cluster_plays_the_same_records_as_local_workers(scn, client):
    local = run_batch(scn, 24, seed=5, jobs=1, bot_spec="random")
    seen = []
    remote = run_batch_on_cluster(client, scn, 24, seed=5, bot_spec="random", progress=seen.append)
    assert remote.records == local.records
    assert sum(seen) == 24 and len(seen) > 1  # the bar moves chunk by chunk
    assert remote.jobs == 2


def test_one_job_many_cells_keeps_each_cell_in_run_order(scn, client):
    a, b = run_cells(client, [Cell(scn, "random", 1, 10), Cell(scn, "heuristic", 2, 6)])
    assert a.records == run_batch(scn, 10, 1, 1, "random").records
    assert b.records == run_batch(scn, 6, 2, 1, "heuristic").records


def test_ctrl_c_cancels_and_says_how_far_it_got(scn, client):
    def interrupt(n):
        raise KeyboardInterrupt  # as if Ctrl-C arrived when the first chunk came back

    with pytest.raises(BatchStopped) as stopped:
        run_batch_on_cluster(client, scn, 40, bot_spec="random", progress=interrupt)
    assert stopped.value.total == 40 and 0 <= stopped.value.done < 40
    assert "of 40 games" in str(stopped.value)
    # the cluster is still fine for the next batch
    assert run_batch_on_cluster(client, scn, 4, bot_spec="random").runs == 4


def _cli_json_jobs_then_cluster():
    runner = CliRunner()
    args = ["simulate", "--runs", "16", "--seed", "7", "--bots", "random", "--json"]
    jobs = runner.invoke(main, args + ["--jobs", "2"])
    cluster = runner.invoke(main, args + ["--cluster", "local:2"])
    assert jobs.exit_code == 0 and cluster.exit_code == 0, cluster.output
    assert cluster.stdout == jobs.stdout
    assert "on 2 worker(s), cluster local:2" in cluster.stderr


def test_cli_json_is_byte_identical_to_jobs(client, monkeypatch):
    """The command's whole cluster path, on the module's cluster (starting one costs seconds;
    the slow test below lets the command start its own)."""

    @contextmanager
    def the_module_cluster(address, timeout=None):
        yield client

    monkeypatch.setattr(cluster_mod, "open_cluster", the_module_cluster)
    _cli_json_jobs_then_cluster()


@pytest.mark.slow
def test_cli_json_is_byte_identical_to_jobs_on_its_own_local_cluster():
    _cli_json_jobs_then_cluster()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("address, words", [
    ("local:0", "write local:N"),
    ("local:many", "write local:N"),
    ("bogus://x", "is not a scheduler address"),
])
def test_cli_refuses_bad_addresses_in_one_line(address, words):
    r = CliRunner().invoke(main, ["simulate", "--runs", "2", "--cluster", address])
    assert r.exit_code == 2
    assert words in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_cli_says_nobody_answers_within_the_timeout(monkeypatch):
    monkeypatch.setattr(cluster_mod, "CONNECT_TIMEOUT", 1.0)
    t0 = time.perf_counter()
    r = CliRunner().invoke(main, ["simulate", "--runs", "2", "--cluster",
                                  f"tcp://127.0.0.1:{_free_port()}"])
    assert r.exit_code == 2 and time.perf_counter() - t0 < 4
    assert "no dask scheduler answers" in r.stderr and "Traceback" not in r.output


def test_cli_refuses_jobs_with_cluster():
    r = CliRunner().invoke(main, ["simulate", "--jobs", "2", "--cluster", "local:2"])
    assert r.exit_code == 2 and "choose one" in r.stderr


@pytest.mark.slow
def test_nothing_at_the_address_with_the_real_timeout():
    t0 = time.perf_counter()
    r = CliRunner().invoke(main, ["simulate", "--runs", "2", "--cluster",
                                  f"localhost:{_free_port()}"])  # not local:N
    assert r.exit_code == 2 and time.perf_counter() - t0 < cluster_mod.CONNECT_TIMEOUT + 3


@pytest.mark.slow
def test_a_worker_dying_mid_batch_changes_nothing(scn):
    """Kill one worker process (SIGKILL) as soon as the first chunk is back: its chunk is
    rescheduled on the other worker (or its replacement) and the records are the same."""
    expected = run_batch(scn, 160, seed=11, jobs=1, bot_spec="random").records
    with open_cluster("local:2") as c:
        pids = list(c.run(os.getpid).values())
        killed = []

        def kill_one(n):
            if not killed:
                os.kill(pids[0], signal.SIGKILL)
                killed.append(pids[0])

        got = run_batch_on_cluster(c, scn, 160, seed=11, bot_spec="random", progress=kill_one)
    assert killed and got.records == expected
