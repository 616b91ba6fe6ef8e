"""The round's network summary (the heat map's numbers) reads a whole flow's arrays by index
(`SectorFlow.stage_arrays`); a flow rebuilt from a copy has only its figures by name. Both
must give the same summary, to the last digit, on the states real games pass through."""

from __future__ import annotations

import copy

import pytest

from game.content import load_library, load_scenario
from game.core.adjudication import network_summary

from .rounds import debriefed_states, whole_flows


@pytest.mark.parametrize("sid", sorted(load_library().scenarios))
def test_the_summary_by_index_is_the_summary_by_name(sid):
    scn = load_scenario(sid)
    short = 0
    for st in debriefed_states(scn):
        flows = whole_flows(scn, st)
        copied = copy.deepcopy(flows)  # rebuilt through __reduce__: figures by name only
        assert all(f.stage_arrays(0) is None for f in copied.values())
        by_index = network_summary(scn, flows)
        assert by_index == network_summary(scn, copied)
        short += any(v["unmet"] > 0.0 or v["undelivered"] > 0.0
                     for stages in by_index.values() for actors in stages.values()
                     for v in actors.values())
    assert short  # some state with a shortfall, or the comparison proves little
