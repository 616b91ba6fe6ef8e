"""All three scenarios play to the end headless, for many seeds, with every team at random."""

from __future__ import annotations

import pytest

from game.content import load_scenario
from game.core.state import Phase
from game.headless import play_to_end
from game.session import Session

from .helpers import SCENARIOS

SEEDS = range(50)


@pytest.mark.parametrize("sid", SCENARIOS)
def test_plays_to_the_end_for_every_seed(sid):
    scn = load_scenario(sid)
    shocks_seen, cards_seen = set(), set()
    for seed in SEEDS:
        s = play_to_end(Session(scn, seed, explain=False))
        assert s.state.phase is Phase.OVER
        assert len(s.state.history) == scn.rounds
        for rec in s.state.history:
            shocks_seen |= {h["id"] for h in rec.shocks}
            cards_seen |= {c for plays in rec.plays.values() for c in plays}
            for team, ind in rec.indicators.items():
                assert 0.0 <= ind["resilience"] <= 100.0, (seed, rec.round, team)
                assert ind["prosperity"] >= 0.0
    # the batch exercised the decks, not a corner of them
    assert len(shocks_seen) >= 0.6 * len(scn.shock_deck)
    solo = {c for t in scn.teams.values() for c in t.hand if not scn.cards[c].partners}
    assert len(cards_seen & solo) >= 0.8 * len(solo)


def test_same_seed_same_game():
    from game.headless import game_json

    scn = load_scenario("alliance_stress_test")
    a = game_json(play_to_end(Session(scn, 11)))
    b = game_json(play_to_end(Session(scn, 11)))
    assert a == b
