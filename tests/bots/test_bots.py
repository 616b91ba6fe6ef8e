"""Every bot plays legal, reproducible games; `parse_bots` reads `--bots`."""

from __future__ import annotations

import json

import pytest

from game.bots import BOTS, HeuristicBot, LookaheadBot, RandomBot, parse_bots
from game.core.rules import commit_refusal
from game.core.state import Phase
from game.headless import game_json, play_to_end
from game.session import Session

from ..default_world import TEAMS


class Checked:
    """Wraps a bot and checks every choice is legal before the session sees it."""

    def __init__(self, bot):
        self.bot, self.name, self.calls = bot, bot.name, 0

    def choose(self, scn, state, team):
        cards = self.bot.choose(scn, state, team)
        assert isinstance(cards, tuple)
        assert commit_refusal(scn, state, team, cards) is None
        self.calls += 1
        return cards


def test_registry_lists_three_bots():
    assert {"random", "heuristic", "lookahead"} <= set(BOTS)
    for name, cls in BOTS.items():
        assert cls().name == name


@pytest.mark.parametrize("name", ["random", "heuristic"])
def test_bot_plays_legal_games(scn, name):
    for seed in range(3):
        bots = {t: Checked(BOTS[name]()) for t in TEAMS}
        s = play_to_end(Session(scn, seed, explain=False), bots)
        assert s.over and all(b.calls == scn.rounds for b in bots.values())


def test_lookahead_plays_a_legal_game(scn):
    bots = {t: Checked(HeuristicBot()) for t in TEAMS}
    bots["KOR"] = Checked(LookaheadBot(budget=60, min_samples=1))
    s = play_to_end(Session(scn, 1, explain=False), bots)
    assert s.over and bots["KOR"].calls == scn.rounds


def test_random_bot_games_unchanged(scn):
    """`--bots random` is exactly the default play of `chokepoint run`."""
    a = play_to_end(Session(scn, 7))
    b = play_to_end(Session(scn, 7), parse_bots("random"))
    assert json.dumps(game_json(a)) == json.dumps(game_json(b))
    assert isinstance(parse_bots("random")["KOR"], RandomBot)


@pytest.mark.parametrize("spec", ["heuristic", "KOR=lookahead"])
def test_same_seed_same_game_and_resume_chooses_the_same(scn, spec):
    def bots():
        b = parse_bots(spec)
        for bot in b.values():
            if isinstance(bot, LookaheadBot):
                bot.budget, bot.min_samples = 40, 1
        return b

    whole = play_to_end(Session(scn, 4, explain=False), bots())
    again = play_to_end(Session(scn, 4, explain=False), bots())
    assert whole.actions() == again.actions()
    # stop after round 2, rebuild from the log (as `resume` does) and finish
    part = play_to_end(Session(scn, 4, explain=False), bots(), stop_after_round=2)
    resumed = Session.replay(scn, 4, part.actions(), explain=False)
    play_to_end(resumed, bots())
    assert resumed.actions() == whole.actions()


def test_parse_bots_defaults_and_names():
    b = parse_bots("KOR=lookahead, CHN=random")
    assert {t: x.name for t, x in b.items()} == {
        "KOR": "lookahead", "JPN": "heuristic", "USA": "heuristic", "CHN": "random",
        "ASEAN": "heuristic"}
    assert {x.name for x in parse_bots(None).values()} == {"heuristic"}
    assert {x.name for x in parse_bots("").values()} == {"heuristic"}
    assert {x.name for x in parse_bots("random").values()} == {"random"}
    assert parse_bots("kor=random")["KOR"].name == "random"
    # every team gets its own bot object
    b = parse_bots(None)
    assert len({id(x) for x in b.values()}) == len(TEAMS)


@pytest.mark.parametrize("spec,words", [
    ("KOR=minimax", ["unknown bot 'minimax'", "heuristic", "lookahead", "random"]),
    ("TWN=random", ["unknown team 'TWN'", "KOR"]),
    ("KOR", ["bad bot setting 'KOR'", "TEAM=BOT"]),
])
def test_parse_bots_errors_are_clear(spec, words):
    with pytest.raises(ValueError) as exc:
        parse_bots(spec)
    for w in words:
        assert w in str(exc.value)


def test_bots_pass_outside_decisions(scn):
    s = Session(scn, 0, explain=False)
    assert s.state.phase is Phase.BRIEFING
    for name in ("heuristic", "lookahead"):
        assert BOTS[name]().choose(scn, s.state, "KOR") == ()
