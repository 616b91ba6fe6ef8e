"""The network keeps each stage's folded effects under the world's own (sector, stage) tuple
(`Sector.stage_keys`), and a sector's plan looks stages up with the same objects: a lookup then
matches by identity instead of comparing a new tuple item by item (a speed property,
docs/benchmarks.md). Results do not depend on it, so only this test would notice it undone."""

from __future__ import annotations

import pytest

from game.content import load_library, load_scenario
from game.core.network import _plan, fold_effects

from .rounds import debriefed_states


@pytest.mark.parametrize("sid", sorted(load_library().scenarios))
def test_folds_and_plans_share_the_worlds_stage_keys(sid):
    scn = load_scenario(sid)
    world_keys = {id(k) for sec in scn.world.sectors.values() for k in sec.stage_keys}
    for sector in scn.sectors:
        plan = _plan(scn, sector)
        assert [sp.key for sp in plan.stages] == list(scn.world.sectors[sector].stage_keys)
        assert all(id(sp.key) in world_keys for sp in plan.stages)
    folded = 0
    for st in debriefed_states(scn):
        mods = fold_effects(scn.world, st.active, st.round)
        assert all(id(k) in world_keys for k in mods.stages)
        folded += len(mods.stages)
    assert folded > 0
