"""Batch garbage collection: on while a batch plays, Python's defaults after it, and the same
games either way."""

import gc
import subprocess
import sys
from pathlib import Path

from game.content import load_scenario
from game.sim.memory import BATCH_GEN0, batch_collection
from game.sim.runner import play_one


def test_batch_collection_is_scoped():
    before_threshold, before_frozen = gc.get_threshold(), gc.get_freeze_count()
    with batch_collection():
        assert gc.get_threshold()[0] == BATCH_GEN0
        assert gc.get_freeze_count() > before_frozen
    assert gc.get_threshold() == before_threshold
    assert gc.get_freeze_count() == before_frozen


def test_games_are_the_same_under_batch_collection():
    scn = load_scenario(None)
    plain = [play_one(scn, seed, {}) for seed in (1, 2, 3)]
    with batch_collection():
        batched = [play_one(scn, seed, {}) for seed in (1, 2, 3)]
    assert batched == plain



#: run in a fresh interpreter: in the suite's worker, threads other tests leave behind (a dask
#: cluster's, an event loop's) make cyclic garbage of their own while the games play
_NO_CYCLES = """
import gc
from game.content import load_scenario
from game.sim.runner import play_one
scn = load_scenario(None)
play_one(scn, 1, {}, explain=True)  # caches made, imports done
gc.collect()
gc.disable()
found = []
for seed in (2, 3):
    for explain in (False, True):
        play_one(scn, seed, {}, explain=explain)
        found.append(gc.collect())
print(found)
"""


def test_a_game_leaves_no_reference_cycles():
    """Why a batch may collect rarely: a game's objects are all freed by reference counting
    the moment it ends, causes on or off, so the collector only ever walks live games and
    caches. A rule that made a cycle would show here first (and would make batches hold
    memory until their next collection)."""
    out = subprocess.run([sys.executable, "-c", _NO_CYCLES], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.split() == ["[0,", "0,", "0,", "0]"], out.stdout + out.stderr


def test_a_batch_inside_a_batch_leaves_the_outer_one_as_it_is():
    """The brief's replays can run inside another batch: the inner block must not thaw what the
    outer one froze, nor put Python's thresholds back while the outer batch still plays."""
    before_threshold, before_frozen = gc.get_threshold(), gc.get_freeze_count()
    with batch_collection():
        frozen = gc.get_freeze_count()
        with batch_collection():
            assert gc.get_threshold()[0] == BATCH_GEN0
        assert gc.get_threshold()[0] == BATCH_GEN0
        assert gc.get_freeze_count() == frozen
    assert gc.get_threshold() == before_threshold
    assert gc.get_freeze_count() == before_frozen
