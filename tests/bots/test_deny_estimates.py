"""The heuristic values a deny goal as the goal scores it: the rival's access averaged over the
game, so a control counts for the share of the game it stands, not in full."""

from __future__ import annotations

import pytest

from game.bots.estimates import estimates
from game.bots.heuristic import RIVALRY, _timed_value


def test_a_control_counts_towards_denial_for_the_rounds_it_stands(scn):
    est = estimates(scn)
    cid = "usa_foreign_direct_product_rule"
    (e,) = [x for x in est.cards["USA"][cid] if x.kind == "trade"]
    assert e.own_averaged > 0.1  # the US deny goal on China's equipment moves
    averaged = e.own_averaged - RIVALRY * e.rivals_averaged
    early, _ = _timed_value(scn, est, "USA", cid, 1)
    late, _ = _timed_value(scn, est, "USA", cid, scn.rounds)
    rest = (e.own - e.own_averaged) - RIVALRY * (e.rivals - e.rivals_averaged)
    # played in round 1, its 3 rounds are over before the count (fade) but stood 3 of 8 rounds
    assert early == pytest.approx(rest * 0.3 + averaged * e.duration / scn.rounds)
    # played last, it stands one round of eight: it no longer counts as a whole game's denial
    assert late == pytest.approx(rest + averaged * 1 / scn.rounds)
