"""A lean propagation (the early-warning probe's, causes off) gives the same access, cover,
supply met and stock used as a whole one, on the states real games pass through; it leaves
out what the probe never reads. (That a lean flow never stands in for a whole one is
test_conformance's `test_explanation_does_not_change_the_game`.)"""

from __future__ import annotations

import pytest

from game.content import load_library, load_scenario
from game.core.network import fold_effects, propagate_all

from .rounds import debriefed_states


@pytest.mark.parametrize("sid", sorted(load_library().scenarios))
def test_lean_flows_read_the_same_as_whole_ones(sid):
    scn = load_scenario(sid)
    compared = 0
    for st in debriefed_states(scn):
        mods = fold_effects(scn.world, st.active, st.round)
        whole = propagate_all(scn, mods, st.stockpile)
        lean = propagate_all(scn, mods, st.stockpile, lean=True)
        for sector, f in whole.items():
            g = lean[sector]
            assert (g.access, g.covered, g.supply_met, g.stock_used) == \
                   (f.access, f.covered, f.supply_met, f.stock_used)
            assert g.revenue == {} and g.ratio == {} and f.revenue
            compared += 1
    assert compared >= 3 * scn.rounds
