"""Conformance in the spirit of OpenSpiel's random-simulation tests: many random games on every
bundled scenario, checking properties that must hold for any game whatever the content."""

from __future__ import annotations

import json

import pytest

from game.bots import RandomBot
from game.content import load_library, load_scenario
from game.core.flow import Commit, action_to_dict
from game.core.rules import commit_refusal, legal_plays
from game.core.state import GameState, Phase
from game.headless import game_json, play_to_end
from game.session import Session, replay_state

from ..default_world import TEAMS

SCENARIOS = sorted(load_library().scenarios)
SEEDS = range(12)


@pytest.fixture(scope="module", params=SCENARIOS)
def scn(request):
    return load_scenario(request.param)


def random_game(scn, seed, check_each_step=None):
    s = Session(scn, seed)
    bot = RandomBot()
    while not s.over:
        st = s.state
        if st.phase is Phase.DECISIONS:
            for team in TEAMS:
                cards = bot.choose(scn, s.state, team)
                legal = set(legal_plays(scn, s.state, team))
                assert set(cards) <= legal, (team, cards, legal)
                assert commit_refusal(scn, s.state, team, cards) is None
                s.act(Commit(team, cards))
                if check_each_step:
                    check_each_step(s)
        s.advance()
        if check_each_step:
            check_each_step(s)
    return s


def in_bounds(state: GameState):
    for team, ind in state.indicators.items():
        for k, v in ind.items():
            assert v == v, (team, k)  # not NaN
            if k.startswith(("resilience", "supply", "prosperity.", "score")):
                assert 0.0 <= v <= 100.0 + 1e-9, (team, k, v)
            elif k.startswith("stockpile_days"):
                assert 0.0 <= v <= 365.0 + 1e-9, (team, k, v)
            elif k.startswith("goal.relations."):  # the relations themselves: -100..100
                assert -100.0 - 1e-9 <= v <= 100.0 + 1e-9, (team, k, v)
            elif k.startswith("goal.deny."):  # the rival's access, in %
                assert 0.0 <= v <= 100.0 + 1e-9, (team, k, v)
            else:
                assert v >= -1e-9, (team, k, v)


@pytest.mark.parametrize("seed", SEEDS)
def test_random_games_stay_legal_in_bounds_and_replay(scn, seed):
    def check(s):
        in_bounds(s.state)

    s = random_game(scn, seed, check)
    assert s.state.phase is Phase.OVER
    assert len(s.state.history) == scn.rounds
    # every change is explained by named steps: the books balance without an "Other" line
    for rec in s.state.history:
        for team, by_ind in rec.causes.items():
            assert not [k for k, lst in by_ind.items() if any(c == "Other" for c, _ in lst)], team
    # replay from the log reproduces the state exactly
    again = replay_state(scn, seed, s.actions())
    assert again.to_dict() == s.state.to_dict()
    # and the log survives JSON
    logged = json.loads(json.dumps(s.actions()))
    assert replay_state(scn, seed, logged).to_dict() == s.state.to_dict()


@pytest.mark.parametrize("seed", SEEDS[:4])
def test_state_survives_serialize_round_trip_at_every_step(scn, seed):
    def check(s):
        d = s.state.to_dict()
        text = json.dumps(d, sort_keys=True)
        back = GameState.from_dict(json.loads(text))
        assert json.dumps(back.to_dict(), sort_keys=True) == text
        assert back.clone().to_dict() == back.to_dict()

    random_game(scn, seed, check)


@pytest.mark.parametrize("seed", SEEDS[:4])
def test_same_seed_same_json_and_seeds_differ(scn, seed):
    a = json.dumps(game_json(play_to_end(Session(scn, seed))), sort_keys=True)
    b = json.dumps(game_json(play_to_end(Session(scn, seed))), sort_keys=True)
    c = json.dumps(game_json(play_to_end(Session(scn, seed + 1000))), sort_keys=True)
    assert a == b
    assert a != c


@pytest.mark.parametrize("seed", SEEDS[:6])
def test_explanation_does_not_change_the_game(scn, seed):
    explained = play_to_end(Session(scn, seed, explain=True))
    fast = play_to_end(Session(scn, seed, explain=False))
    assert fast.state.indicators == explained.state.indicators
    assert fast.actions() == explained.actions()


@pytest.mark.parametrize("seed", SEEDS[:4])
def test_undo_then_redo_is_the_same_game(scn, seed):
    s = random_game(scn, seed)
    actions = s.log[:]
    # walk back to the middle of the game and replay the rest by hand
    half = Session.replay(scn, seed, [e.action for e in actions[: len(actions) // 2]])
    while half.log and half.last_undoable() is not None and len(half.log) > len(actions) // 3:
        half.undo()
    for e in actions[len(half.log):]:
        half.act(e.action)
    assert half.state.to_dict() == s.state.to_dict()
    assert [action_to_dict(e.action) for e in half.log] == s.actions()


def test_to_dict_shares_nothing_with_the_live_state(scn):
    s = Session(scn, 2)
    play_to_end(s, stop_after_round=2)
    snap = s.state.to_dict()
    text = json.dumps(snap, sort_keys=True)
    play_to_end(s)  # the game goes on and mutates its state
    assert json.dumps(snap, sort_keys=True) == text
