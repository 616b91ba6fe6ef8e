"""A sector's plan keeps the demand changes it read last (`_SectorPlan.last_demand`), and reuses
what it made of them while the next propagation reads equal changes. Fed a run of changes in
which each differs from the one before (another buyer, another size, one more buyer, none, then
the first again as a new dict), every flow must equal one made by a plan that remembers
nothing."""

from __future__ import annotations

import pytest

from game.content import load_library, load_scenario
from game.core.network import Mods, _plan, propagate_all


def _flows(scn, changes_by_sector, stockpile):
    mods = Mods()
    for sector, changes in changes_by_sector.items():
        if changes:
            mods.demand[sector] = dict(changes)
    flows = propagate_all(scn, mods, stockpile)
    return {s: (f.access, f.supply_met, f.stock_used, f.revenue, f.ratio) for s, f in flows.items()}


@pytest.mark.parametrize("sid", sorted(load_library().scenarios))
def test_remembered_demand_gives_the_flows_of_a_fresh_one(sid):
    scn = load_scenario(sid)
    buyers = [a for a in scn.world.actor_ids
              if any(scn.demand.get(s, {}).get(a, 0.0) > 0.0 for s in scn.sectors)]
    a, b = buyers[0], buyers[1]
    runs = [{a: 0.4}, {b: 0.4}, {a: 0.2}, {a: 0.2, b: -0.3}, {}, {a: 0.4}, {a: 0.4}]
    stockpile = {s: {} for s in scn.sectors}
    for changes in runs:
        by_sector = {s: changes for s in scn.sectors}
        remembered = _flows(scn, by_sector, stockpile)
        for s in scn.sectors:
            _plan(scn, s).last_demand = None
        fresh = _flows(scn, by_sector, stockpile)
        assert remembered == fresh, changes
        _flows(scn, by_sector, stockpile)  # leaves these changes remembered for the next
