"""Helpers for the content tests: controlled games that differ only in one play."""

from __future__ import annotations

from dataclasses import replace

from game.session import Session

from ..default_world import TEAMS

SCENARIOS = ("semiconductor_chokepoint", "battery_minerals", "alliance_stress_test", "critical_minerals")


def controlled(scn, shocks: bool = False, retaliation: bool = False):
    """The scenario with no random shocks (and, unless asked, no scheduled ones) and no
    retaliation rolls: a game in which only the plays differ."""
    cards = scn.cards if retaliation else {k: replace(c, retaliation=None) for k, c in scn.cards.items()}
    if shocks:
        return replace(scn, cards=cards)
    return replace(scn, schedule={}, shock_deck=(), cards=cards)


def play_script(scn, plays: dict[int, dict[str, list[str]]], seed: int = 0):
    """Play a whole game in which team T commits plays[round][T] (everyone else passes).
    Returns the per-round indicators (team -> indicator -> value, end of each round)."""
    s = Session(scn, seed, explain=False)
    while not s.over:
        s.advance()  # briefing -> shock
        s.advance()  # shock -> decisions
        r = s.state.round
        for t in TEAMS:
            s.commit(t, plays.get(r, {}).get(t, []))
        s.advance()  # -> adjudication -> debrief
        s.advance()  # -> next briefing or over
    return [rec.indicators for rec in s.state.history]
