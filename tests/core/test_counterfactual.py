"""Counterfactual replay: the same game without a play, everything else equal."""

from __future__ import annotations

from dataclasses import replace

import pytest

from game.core.counterfactual import Removal, counterfactual
from game.core.flow import Chance
from game.session import Session

from ..default_world import TEAMS
from .rounds import play_round


def _played(scn, plays, rounds=4):
    s = Session(scn, 1)
    for r in range(1, rounds + 1):
        play_round(s, plays.get(r, {}))
    return s


def _attributed(session, card_id, team, indicator="score"):
    return sum(v for rec in session.state.history for c, v in rec.causes[team].get(indicator, ())
               if c.origin == "card" and c.id == card_id)


@pytest.mark.parametrize("card,cost", [("kor_stock", 2.0), ("kor_fab", 3.0)])
def test_a_card_with_no_interactions_is_worth_the_sum_of_what_it_is_credited(tiny, card, cost):
    scn = replace(tiny, cards={**tiny.cards, card: replace(tiny.cards[card], cost=cost)})
    s = _played(scn, {1: {"KOR": [card]}})
    assert s.state.history[-1].round == 4
    cf = counterfactual(scn, 1, [e.action for e in s.log], Removal("KOR", card))
    for t in TEAMS:
        assert cf.effect(t) == pytest.approx(_attributed(s, card, t), abs=1e-6), t
    assert cf.effect("KOR") != 0.0
    assert cf.also_dropped == []


def test_removing_a_play_keeps_every_recorded_draw_and_roll_but_its_own(tiny):
    # the US control provokes China (certain retaliation), the safe one does not
    tiny = replace(tiny, schedule={2: ("half_outage",)})
    s = _played(tiny, {1: {"USA": ["usa_control"], "KOR": ["kor_stock"]}})
    actions = [e.action for e in s.log]
    cf = counterfactual(tiny, 1, actions, Removal("USA", "usa_control", 1))
    rolls = [o for a in actions if isinstance(a, Chance) and a.kind == "retaliation" for o in a.outcome]
    assert [o["card"] for o in rolls] == ["usa_control"]
    assert not cf.without.retaliation[1]  # its roll went with it
    assert all(h.origin != "retaliation" for h in cf.without.shocks.get(2, []))
    assert [h.shock_id for h in cf.without.shocks[2]] == ["half_outage"]  # the rest stays
    assert cf.without.teams["KOR"].played == {"kor_stock": 1}


def test_a_play_that_needs_the_removed_one_is_dropped_and_listed(tiny):
    s = _played(tiny, {1: {"KOR": ["kor_stock"]}, 2: {"KOR": ["kor_after_stock"]}})
    cf = counterfactual(tiny, 1, [e.action for e in s.log], Removal("KOR", "kor_stock"))
    assert cf.also_dropped == [(2, "KOR", "kor_after_stock")]
    assert cf.without.teams["KOR"].played == {}


def test_a_card_preview_is_the_game_played_out_with_and_without_it(tiny):
    from game.core.counterfactual import project

    from .rounds import to_decisions

    s = Session(tiny, 1)
    to_decisions(s)
    preview = project(tiny, s.state, "KOR", ("kor_fab",))
    played, passed = _played(tiny, {1: {"KOR": ["kor_fab"]}}), _played(tiny, {})
    for key in ("score", "prosperity", "budget"):
        want = played.state.indicators["KOR"][key] - passed.state.indicators["KOR"][key]
        assert preview[key] == pytest.approx(want), key
    assert preview["prosperity"] > 0  # the fab lands in round 3 and wins customers
    assert s.state.phase.value == "decisions" and s.state.teams["KOR"].commit is None  # untouched
