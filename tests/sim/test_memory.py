"""Batch garbage collection: on while a batch plays, Python's defaults after it, and the same
games either way."""

import gc

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
