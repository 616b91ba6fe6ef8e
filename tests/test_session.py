"""Session: the log is the truth; a failed save leaves the game as it was; undo is replay."""

from __future__ import annotations

import pytest

from game.content import load_scenario
from game.core.state import Phase
from game.session import Session

from .default_world import TEAMS


@pytest.fixture(scope="module")
def scn():
    return load_scenario()


def to_decisions(s):
    while s.state.phase is not Phase.DECISIONS:
        s.advance()


def test_a_failed_save_changes_nothing(scn):
    s = Session(scn, 3)
    to_decisions(s)
    before, log_len = s.state.to_dict(), len(s.log)

    def disk_full(entry):
        raise OSError("disk full")

    s.on_append = disk_full
    with pytest.raises(OSError):
        s.commit("KOR", [])
    assert s.state.to_dict() == before
    assert len(s.log) == log_len
    s.on_append = None
    s.commit("KOR", [])  # and the game goes on
    assert s.state.teams["KOR"].commit == ()


def test_a_failed_save_of_an_adjudication_rolls_the_whole_round_back(scn):
    s = Session(scn, 4)
    to_decisions(s)
    for t in TEAMS:
        s.commit(t, [])
    from game.core.flow import Advance, chance_action

    s.act(Advance())  # decisions -> adjudication, saved
    before = s.state.to_dict()

    def disk_full(entry):
        raise OSError("disk full")

    s.on_append = disk_full
    with pytest.raises(OSError):
        s.act(chance_action(scn, s.state))  # the round resolves in memory, then the save fails
    assert s.state.to_dict() == before
    assert s.state.phase is Phase.ADJUDICATION and not s.state.history


def test_undo_takes_back_the_last_decision_only(scn):
    s = Session(scn, 5)
    to_decisions(s)
    s.commit("KOR", [])
    s.commit("JPN", [])
    undone = s.undo()
    assert undone.team == "JPN"
    assert s.state.teams["JPN"].commit is None and s.state.teams["KOR"].commit == ()
