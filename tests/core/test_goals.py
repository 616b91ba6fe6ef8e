"""Rule cases for goals beyond resilience and prosperity (game/core/goals.py).

The world is test_announced's: China buys its tools from the US (60 of 130 units of
capacity), Japan, the EU and Korea; the US can cut its own tool exports to China at once.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from game.core.cards import Effect
from game.core.causes import Cause
from game.core.flow import Override
from game.core.goals import Goal
from game.session import Session

from .conftest import card
from .rounds import play_round, to_decisions
from .test_announced import _world

DENY = Goal("deny", 0.2, rival="CHN", sector="semiconductors", stage="equipment")


def _with_goals(scn, team, goals, res=0.5, pro=0.3):
    setup = replace(scn.teams[team], goals=goals, weight_resilience=res, weight_prosperity=pro)
    return replace(scn, teams={**scn.teams, team: setup})


def _surprise_world(tiny):
    scn = _world(tiny, announced=False)
    control = scn.cards["tools_control"]
    return replace(scn, cards={**scn.cards, "tools_control": replace(
        control, effects=(replace(control.effects[0], lag=0),))})


def _play(scn, plays, rounds=2):
    s = Session(scn, 1)
    return s, [play_round(s, plays.get(r, {})) for r in range(1, rounds + 1)]


def test_a_deny_goal_scores_the_rivals_lost_access(tiny):
    base = _surprise_world(tiny)
    plays = {1: {"USA": ["tools_control"]}}
    _, with_goal = _play(_with_goals(base, "USA", (DENY,)), plays)
    _, without = _play(_with_goals(base, "USA", ()), plays)
    ind = with_goal[0].indicators["USA"]
    # China's access to tools: the US share of its orders is cut (60 of 130)
    assert ind[DENY.key] == pytest.approx(100 * (1 - 60 / 130), abs=1e-3)
    # the goal scores 50 + the points of access China lost, weighted 0.2; nothing else moves
    gained = 100 - ind[DENY.key]
    assert ind["score"] - without[0].indicators["USA"]["score"] == pytest.approx(0.2 * (50 + gained))
    # as China re-sources (leakage), the denial fades, and the goal's part with it
    assert with_goal[1].indicators["USA"][DENY.key] > ind[DENY.key]


def test_a_goals_move_is_credited_to_the_card_behind_it_not_routine(tiny):
    scn = _with_goals(_surprise_world(tiny), "USA", (DENY,))
    _, recs = _play(scn, {1: {"USA": ["tools_control"]}}, rounds=3)
    us_card = Cause("card", "tools_control", "USA", 1)
    for rec in recs:
        credits = rec.causes["USA"][DENY.key]
        assert [c for c, _ in credits] == [us_card], credits  # the cut, then its leaking
    assert all(c.origin != "routine" for rec in recs for c, v in rec.causes["USA"]["score"]
               if abs(v) > 1e-6 and c.id != "income")


def test_a_relations_goal_holds_full_marks_above_its_level_and_loses_below(tiny):
    snub = card("kor_snub", "KOR", Effect("relations", actors=("self",), counterparts=("USA",),
                                          change=-30.0))
    scn = replace(tiny, cards={**tiny.cards, "kor_snub": snub},
                  teams={t: replace(ts, hand=ts.hand + ("kor_snub",)) for t, ts in tiny.teams.items()})
    keep = Goal("relations", 0.2, partner="USA", at_least=-10.0)
    _, recs = _play(_with_goals(scn, "KOR", (keep,)), {1: {"KOR": ["kor_snub"]}}, rounds=1)
    _, calm = _play(_with_goals(scn, "KOR", (keep,)), {}, rounds=1)
    assert calm[0].indicators["KOR"][keep.key] == 0.0  # at or above -10: full marks
    assert recs[0].indicators["KOR"][keep.key] == -30.0
    # 20 points below the level: 100 - 2 x 20 = 60 of 100, weighted 0.2 (the card costs
    # budget too, which moves the fiscal part of resilience: compare the goal's part only)
    credits = dict(recs[0].causes["KOR"][keep.key])
    assert credits == {Cause("card", "kor_snub", "KOR", 1): pytest.approx(-30.0)}
    score_gap = calm[0].indicators["KOR"]["score"] - recs[0].indicators["KOR"]["score"]
    assert score_gap >= 0.2 * 40 - 1e-9


def test_a_free_card_that_only_moves_relations_is_credited_with_the_goal(tiny):
    """A step that moves relations and nothing else (a free card: no budget, no political
    capital) still moves a relations goal, and the move is the card's, not rounding's."""
    snub = card("kor_snub", "KOR", Effect("relations", actors=("self",), counterparts=("USA",),
                                          change=-30.0), cost=0.0)
    scn = replace(tiny, cards={**tiny.cards, "kor_snub": snub},
                  teams={t: replace(ts, hand=ts.hand + ("kor_snub",)) for t, ts in tiny.teams.items()})
    keep = Goal("relations", 0.2, partner="USA", at_least=-10.0)
    _, recs = _play(_with_goals(scn, "KOR", (keep,)), {1: {"KOR": ["kor_snub"]}}, rounds=1)
    kor = Cause("card", "kor_snub", "KOR", 1)
    assert dict(recs[0].causes["KOR"][keep.key]) == {kor: pytest.approx(-30.0)}
    score = dict(recs[0].causes["KOR"]["score"])
    assert score.get(kor, 0.0) == pytest.approx(-0.2 * 40)
    assert all(c.origin != "routine" or c.id == "income" for c in score)


def test_an_override_keeps_the_goals_points_in_the_score(tiny):
    scn = _with_goals(_surprise_world(tiny), "USA", (DENY,))
    s = Session(scn, 1)
    to_decisions(s)
    for t in scn.teams:
        s.commit(t, ("tools_control",) if t == "USA" else ())
    s.advance()  # adjudication -> debrief
    before = dict(s.state.indicators["USA"])
    s.act(Override("USA", "resilience", before["resilience"] + 10.0, "white cell"))
    after = s.state.indicators["USA"]
    assert after["score"] - before["score"] == pytest.approx(0.5 * 10.0)


def test_a_team_without_goals_scores_as_before(tiny):
    _, recs = _play(tiny, {}, rounds=1)
    assert not any(k.startswith("goal.") for k in recs[0].indicators["USA"])


def test_a_deny_goal_counts_the_whole_game_not_only_the_last_round(tiny):
    # the same control, played in the first round or in the last: the goal reads the rival's
    # access averaged over the rounds, so a last-round control counts for one round of four
    scn = _with_goals(_surprise_world(tiny), "USA", (DENY,))
    first, _ = _play(scn, {1: {"USA": ["tools_control"]}}, rounds=4)
    last, _ = _play(scn, {4: {"USA": ["tools_control"]}}, rounds=4)
    cut = 100 * (1 - 60 / 130)
    assert last.state.indicators["USA"][DENY.now_key] == pytest.approx(cut, abs=1e-3)
    assert last.state.indicators["USA"][DENY.key] == pytest.approx((3 * 100 + cut) / 4, abs=1e-3)
    assert first.state.indicators["USA"][DENY.key] < last.state.indicators["USA"][DENY.key]
    assert first.state.indicators["USA"]["score"] > last.state.indicators["USA"]["score"]


def test_the_average_moving_at_a_rounds_start_is_credited_to_the_cut_behind_it(tiny):
    # rounds 2 and 3 start with the average catching up with the cut's round: that move is the
    # control's, and every change of the goal adds up (no rounding, no routine)
    # (a Taiwan outage in round 2 makes the US draw stock: the carry-over at the start of
    # round 3 is the outage's, and the average's move must not go with it)
    from game.core.state import ShockHit

    scn = _with_goals(_surprise_world(tiny), "USA", (DENY,))
    s = Session(scn, 1)
    s.state.stockpile["semiconductors"]["USA"] = 60.0
    s.state.shocks[2] = [ShockHit("twn_outage", "scheduled")]
    recs = [play_round(s, {"USA": ["tools_control"]} if r == 1 else {}) for r in range(1, 5)]
    assert Cause("shock", "twn_outage", None, 2) in dict(recs[2].causes["USA"]["resilience"])
    us_card = Cause("card", "tools_control", "USA", 1)
    total = 0.0
    for rec in recs:
        credits = dict(rec.causes["USA"].get(DENY.key, []))
        assert set(credits) <= {us_card}, credits
        total += sum(credits.values())
    assert total == pytest.approx(s.state.indicators["USA"][DENY.key] - 100.0)
