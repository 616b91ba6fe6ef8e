"""A flow's per-actor figures read by index (what scoring reads at every step) are the figures
by name (what the brief, the TUI and the round's ledger read), and a copied flow, which keeps
only the names, gives the same by index: `SectorFlow.supply_of`, `revenue_of`,
`concentration_of` and `world_revenue`."""

from __future__ import annotations

import copy

import pytest

from game.content import load_library, load_scenario
from game.core import sums

from .rounds import debriefed_states, whole_flows


def _by_index(scn, f) -> list:
    out = []
    for j, a in enumerate(scn.world.actor_ids):
        met = f.supply_of(j)
        out.append((a, f.revenue_of(j), met, f.concentration_of(j) if met >= 0.0 else None))
    return [out, f.world_revenue()]


@pytest.mark.parametrize("sid", sorted(load_library().scenarios))
def test_figures_by_index_are_the_figures_by_name(sid):
    scn = load_scenario(sid)
    buyers = others = 0
    for st in debriefed_states(scn, seeds=range(2)):
        for f in whole_flows(scn, st).values():
            for j, a in enumerate(scn.world.actor_ids):
                assert f.revenue_of(j) == f.revenue[a]
                if a in f.supply_met:
                    buyers += 1
                    assert f.supply_of(j) == f.supply_met[a]
                    assert f.concentration_of(j) == f.concentration[a]
                else:
                    others += 1
                    assert f.supply_of(j) == -1.0  # buys nothing here
            assert f.world_revenue() == sums.total(f.revenue.values())
            assert list(f.revenue) == list(scn.world.actor_ids)
            # a copy keeps the figures by name only, and gives the same by index
            assert _by_index(scn, copy.deepcopy(f)) == _by_index(scn, f)
        for f in whole_flows(scn, st, lean=True).values():
            assert f.supply_met == {} and f.revenue == {} and f.import_bill == {}
    # every actor buys chips in the chip scenario; the others have actors that buy nothing
    # in some sector, whose supply by index must say so
    idle = any(scn.demand.get(s, {}).get(a, 0.0) <= 0.0 for s in scn.sectors for a in scn.world.actor_ids)
    assert buyers > 10 and (others > 10 if idle else others == 0), (buyers, others)
