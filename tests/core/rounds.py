"""Driving a session one round at a time in tests."""

from __future__ import annotations

from game.core.network import fold_effects, propagate_all
from game.core.state import Phase
from game.headless import play_to_end
from game.session import Session


def to_decisions(session):
    while session.state.phase is not Phase.DECISIONS:
        session.advance()


def play_round(session, commits=None):
    """Play the current round with the given commits (others pass); return its record."""
    commits = commits or {}
    to_decisions(session)
    for t in session.scenario.world.teams:
        session.commit(t, tuple(commits.get(t, ())))
    session.advance()
    rec = session.state.history[-1]
    session.advance()  # debrief -> next round (or over)
    return rec


def debriefed_states(scn, seeds=range(3)):
    """The state of each round's debrief in random games of `scn`, seed by seed (causes off):
    the states real games pass through, for checks that must hold on all of them."""
    for seed in seeds:
        session = Session(scn, seed, explain=False)
        for rnd in range(1, scn.rounds + 1):
            play_to_end(session, stop_after_round=rnd)
            yield session.state


def whole_flows(scn, st, lean=False):
    """The flows of `st` as it stands, every sector propagated from the fold of everything in
    force (what scoring reads at the end of the round)."""
    return propagate_all(scn, fold_effects(scn.world, st.active, st.round), st.stockpile,
                         lean=lean)
