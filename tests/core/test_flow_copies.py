"""A round's flows survive pickling and deep copies with every figure intact. They keep their
arrays as the build made them (a compiled build's `vec[float]` does not pickle), so
SectorFlow rebuilds through `_sector_flow` with lists; .ci/run runs this against the compiled
wheel too."""

from __future__ import annotations

import copy
import pickle

import pytest

from game.content import load_library, load_scenario
from game.core.network import fold_effects, propagate_all
from game.headless import play_to_end
from game.session import Session


def _read(f, scn, sector):
    gating = scn.world.sectors[sector].gating_names
    return (f.access, f.covered, f.shares, f.supply_met, f.stock_used, f.revenue, f.ratio,
            f.capacity, f.concentration, f.import_bill,
            {a: f.shortfall(a, gating) for a in scn.world.actor_ids})


@pytest.mark.parametrize("sid", sorted(load_library().scenarios))
def test_flows_copy_and_pickle_whole(sid):
    scn = load_scenario(sid)
    session = Session(scn, 2, explain=False)
    play_to_end(session, stop_after_round=2)
    st = session.state
    flows = propagate_all(scn, fold_effects(scn.world, st.active, st.round), st.stockpile)
    for sector, f in flows.items():
        want = _read(f, scn, sector)
        assert _read(pickle.loads(pickle.dumps(f)), scn, sector) == want
        assert _read(copy.deepcopy(f), scn, sector) == want
        assert any(want[0].values())  # some buyer's access was read
