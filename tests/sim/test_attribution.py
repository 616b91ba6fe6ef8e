"""Score movement is credited to policy, not bookkeeping: `routine` (income, a scenario's
built-in shortfall, rounding) carries at most 10% of all teams' absolute score movement."""

from __future__ import annotations

import pytest

from game.bots import parse_bots
from game.content import load_library, load_scenario
from game.sim.attribution import origin_shares

ROUTINE_LIMIT = 0.10


@pytest.mark.parametrize("scenario", sorted(load_library().scenarios))
@pytest.mark.parametrize("bots", ["random", "heuristic"])
def test_routine_is_a_small_share_of_score_movement(scenario, bots):
    shares = origin_shares(load_scenario(scenario), range(20), parse_bots(bots))
    assert shares["routine"] <= ROUTINE_LIMIT, shares
    assert shares["card"] + shares["shock"] > 0.8, shares


@pytest.mark.slow
@pytest.mark.parametrize("scenario", sorted(load_library().scenarios))
def test_routine_over_200_seeds(scenario):
    shares = origin_shares(load_scenario(scenario), range(200), parse_bots("heuristic"))
    assert shares["routine"] <= ROUTINE_LIMIT, shares


def test_attribution_plays_as_a_batch(monkeypatch):
    """Its games are a batch with causes on (sim/memory.py), as the brief's replays are."""
    import gc

    from game.sim import attribution
    from game.sim.memory import BATCH_GEN0

    thresholds = []
    totals = attribution.origin_totals

    def watched(*args, **kwargs):
        thresholds.append(gc.get_threshold()[0])
        return totals(*args, **kwargs)

    monkeypatch.setattr(attribution, "origin_totals", watched)
    origin_shares(load_scenario(None), range(2))
    assert thresholds == [BATCH_GEN0, BATCH_GEN0]
