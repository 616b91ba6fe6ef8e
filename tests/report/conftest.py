"""Played games for the report tests: one plain, one full of hostile text people typed."""

from __future__ import annotations

import pytest

from game.content import load_scenario
from game.core.cards import Effect, Shock
from game.core.flow import InjectShock, Override
from game.headless import play_to_end
from game.session import Session

HOSTILE = "<script>alert('x')</script> {{ 7*7 }} {% raw %} | *bold* [link](http://x) & &amp;"
HOSTILE_TITLE = "<b>Boom</b> {{ config }}"
HOSTILE_REASON = "<img src=x onerror=alert(1)> judgement {{ 1+1 }}"
META = {"game_id": "g-1", "mode": "hotseat", "created": "2025-03-14T10:22:00.000+00:00",
        "teams": {"KOR": "<i>Alice</i>", "JPN": "Bob | Carol"}}


@pytest.fixture(autouse=True)
def few_replays(monkeypatch):
    """Robustness replays are what a brief costs most: the tests that are not about them run a
    handful (test_robustness.py asks for more where it matters)."""
    from game.report import robustness

    monkeypatch.setattr(robustness, "REPLAYS", 6)
    monkeypatch.setattr(robustness, "CARD_CHECKS", 3)


@pytest.fixture(scope="session")
def scenario():
    return load_scenario()


def played(scenario, seed: int = 7) -> Session:
    return play_to_end(Session(scenario, seed))


def hostile(scenario, seed: int = 11) -> Session:
    """A game where the facilitator typed markup and template syntax everywhere."""
    s = Session(scenario, seed)
    play_to_end(s, stop_after_round=1)  # debrief of round 1
    s.act(Override("KOR", "resilience", 50.0, HOSTILE_REASON))
    s.note(HOSTILE)
    s.advance()  # round 2 briefing
    shock = Shock(id="white_cell_1", title=HOSTILE_TITLE, category="geopolitics", severity=0.3,
                  duration=1, effects=(Effect(kind="demand", actors=("KOR",),
                                              sector="semiconductors", change=0.2),),
                  flavour="Typed live: <u>under</u>", source="")
    s.act(InjectShock(shock=shock))
    return play_to_end(s)


@pytest.fixture(scope="session")
def game(scenario):
    return played(scenario)


@pytest.fixture(scope="session")
def hostile_game(scenario):
    return hostile(scenario)
