"""A lean propagation (the early-warning probe's and the leave-one-out test's) gives the same
access, cover, buyers and shortfalls as a whole one, on the states real games pass through; it
leaves out what they never read. (That a lean flow never stands in for a whole one is
test_conformance's `test_explanation_does_not_change_the_game`.)"""

from __future__ import annotations

import copy

import pytest

from game.content import load_library, load_scenario

from .rounds import debriefed_states, whole_flows


@pytest.mark.parametrize("sid", sorted(load_library().scenarios))
def test_lean_flows_read_the_same_as_whole_ones(sid):
    scn = load_scenario(sid)
    compared = 0
    for st in debriefed_states(scn):
        whole, lean = whole_flows(scn, st), whole_flows(scn, st, lean=True)
        for sector, f in whole.items():
            g = lean[sector]
            assert (g.access, g.covered, g.buyer_names()) == \
                   (f.access, f.covered, list(f.supply_met))
            gating = scn.world.sectors[sector].gating_names
            assert [g.shortfall(a, gating) for a in g.buyer_names()] == \
                   [f.shortfall(a, gating) for a in f.supply_met]
            assert all(g.buys(a) == (a in f.supply_met) for a in scn.world.actor_ids)
            by_name = {a: f.shortfall(a, gating) for a in f.supply_met}
            assert list(g.shortfalls(gating).items()) == list(by_name.items())
            assert list(f.shortfalls(gating).items()) == list(by_name.items())
            copied = copy.deepcopy(f)  # rebuilt through __reduce__: no index arrays kept
            assert list(copied.shortfalls(gating).items()) == list(by_name.items())
            assert g.revenue == {} and g.ratio == {} and g.supply_met == {} and f.revenue
            compared += 1
    assert compared >= 3 * scn.rounds
