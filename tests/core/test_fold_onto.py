"""Folding effects onto an earlier fold (`fold_effects(..., onto=)`) gives what one fold of all
of them gives, number for number and in the same order, and leaves the earlier fold as it was.

Adjudication relies on it for the early-warning probe: the shock's effects are folded onto a
copy of the fold of the state as it stands, which the probe's "before" then reuses
(`_Waterfall._folded`). Checked on the states real games pass through, split at every point.
"""

from __future__ import annotations

import pytest

from game.content import load_library, load_scenario
from game.core.network import Mods, fold_effects

from .rounds import debriefed_states


def dump(m: Mods) -> list:
    """Everything a fold holds, in order (dicts' order included: propagation adds in it)."""
    out: list = [[(s, list(d.items())) for s, d in m.demand.items()]]
    for key, sm in m.stages.items():
        out.append((key, list(sm.cap_frac.items()), list(sm.cap_units.items()),
                    list(sm.disrupt.items()), list(sm.cuts.items()), list(sm.leak.items()),
                    sm.price, list(sm.shifts), sm.structure_key()))
    return out


@pytest.mark.parametrize("sid", sorted(load_library().scenarios))
def test_a_fold_onto_an_earlier_one_is_one_fold_of_all(sid):
    scn = load_scenario(sid)
    checked = 0
    for st in debriefed_states(scn):
        whole = dump(fold_effects(scn.world, st.active, st.round))
        for k in range(len(st.active) + 1):
            first = fold_effects(scn.world, st.active[:k], st.round)
            kept = dump(first)
            assert dump(fold_effects(scn.world, st.active[k:], st.round, first)) == whole
            assert dump(first) == kept, "folding onto a fold changed it"
            checked += 1
    assert checked > 3 * scn.rounds
