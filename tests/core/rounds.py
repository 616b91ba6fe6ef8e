"""Driving a session one round at a time in tests."""

from __future__ import annotations

from game.core.state import Phase


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
