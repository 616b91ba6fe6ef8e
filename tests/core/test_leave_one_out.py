"""The leave-one-out test's shortcuts give what folding and propagating from scratch give.

Without a cause, only the stages (and the sectors' demand) its effects act on differ from the
fold of everything in force: `adjudication._folds_without` folds again only those
(`network.fold_stage`, `fold_demand`) and shares the rest with that fold, and a lean
propagation `like` that fold takes the stages in front of the first that differs from its flow
(`network.propagate`). On the states real games pass through, for every cause in force, both
must match the plain computation to the last bit and in the same order, and neither check may
be vacuous: some stages must be folded again, some shared, and some taken from the flow.
"""

from __future__ import annotations

import pytest

from game.content import load_library, load_scenario
from game.core.adjudication import _folds_without, propagated_effects
from game.core.network import _sector_flow, fold_effects, propagate_all

from .rounds import debriefed_states

SCENARIOS = sorted(load_library().scenarios)


def _stage_dump(sm) -> tuple | None:
    """Everything a stage's mods hold, in order (dict order decides the order of sums)."""
    if sm is None:
        return None
    return (list(sm.cap_frac.items()), list(sm.cap_units.items()), list(sm.disrupt.items()),
            list(sm.cuts.items()), list(sm.leak.items()), sm.price, list(sm.shifts))


def _mods_dump(m) -> tuple:
    return (sorted((k, _stage_dump(sm)) for k, sm in m.stages.items()),
            sorted((s, list(d.items())) for s, d in m.demand.items()))


def _in_force(scn, st) -> list:
    return propagated_effects(st.active, scn.sectors)


def _causes(scn, st) -> dict:
    index: dict = {}
    for ae in _in_force(scn, st):
        index.setdefault(ae.cause, len(index))
    return index


@pytest.mark.parametrize("sid", SCENARIOS)
def test_each_fold_without_a_cause_is_the_plain_fold(sid):
    scn = load_scenario(sid)
    refolded = shared = 0
    for st in debriefed_states(scn, seeds=range(3)):
        index = _causes(scn, st)
        full = fold_effects(scn.world, _in_force(scn, st), st.round)
        for given in (None, full):
            for cause, m in zip(index, _folds_without(scn, st, index, given), strict=True):
                plain = fold_effects(scn.world, [ae for ae in _in_force(scn, st)
                                                 if ae.cause != cause], st.round)
                assert _mods_dump(m) == _mods_dump(plain), f"round {st.round}: without {cause}"
                if given is not None:
                    for key, sm in m.stages.items():
                        if sm is full.stages.get(key):
                            shared += 1
                        else:
                            refolded += 1
    assert refolded > 10 and shared > 10, (refolded, shared)


def _marked(f):
    """A copy of flow `f` whose access and cover read -7.0 everywhere: a stage a propagation
    takes from it shows, whatever the build (a compiled build's arrays have no identity to
    compare from Python)."""
    n = len(f._actors)
    marked = _sector_flow({}, {}, [[-7.0] * n for _ in f._stages], [[-7.0] * n for _ in f._stages],
                          f._stages, f._actors, f._index, f._buys, {}, {}, {}, {}, {}, {})
    marked._tables = f._tables
    return marked


@pytest.mark.parametrize("sid", SCENARIOS)
def test_a_propagation_like_another_takes_only_the_stages_that_are_the_same(sid):
    scn = load_scenario(sid)
    taken = 0
    for st in debriefed_states(scn, seeds=range(3)):
        index = _causes(scn, st)
        full = fold_effects(scn.world, _in_force(scn, st), st.round)
        flows = propagate_all(scn, full, st.stockpile)
        marked = {s: _marked(f) for s, f in flows.items()}
        for cause, m in zip(index, _folds_without(scn, st, index, full), strict=True):
            plain = propagate_all(scn, m, st.stockpile, lean=True)
            like = propagate_all(scn, m, st.stockpile, lean=True, like=(full, flows))
            for sector, f in plain.items():
                g = like[sector]
                gating = scn.world.sectors[sector].gating_names
                assert (g.access, g.covered, g.shortfalls(gating)) == (
                    f.access, f.covered, f.shortfalls(gating)), f"{sector} without {cause}"
            shown = propagate_all(scn, m, st.stockpile, lean=True, like=(full, marked))
            taken += sum(1 for f in shown.values() for acc in f._acc_st if list(acc)[0] == -7.0)
    # a sector with a recycling stage takes nothing (a later stage tops up an earlier one)
    plain_sectors = [s for s in scn.sectors
                     if not any(st.relieves for st in scn.world.sectors[s].stages)]
    assert (taken > 10) if plain_sectors else (taken == 0), taken
