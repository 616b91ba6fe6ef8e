"""A round's credits per indicator are merged to one entry per cause (`adjudication._merged`),
causes compared by value: a card's cost and its effects are credited to two Cause objects made
apart, and the debrief and the brief must show them as one line."""

from __future__ import annotations

from game.core.adjudication import _merged
from game.core.causes import Cause


def test_equal_causes_made_apart_merge_in_first_seen_order():
    card, shock = Cause("card", "stockpile", "KOR", 1), Cause("shock", "quake", None, 1)
    again = Cause("card", "stockpile", "KOR", 1)  # equal to `card`, another object
    assert again == card and again is not card
    out = _merged([(card, -2.0), (shock, 0.5), (again, 1.25), (shock, 0.25)])
    assert out == [(card, -0.75), (shock, 0.75)]
    assert out[0][0] is card  # the first one seen stands for both


def test_credits_that_cancel_are_dropped_and_the_sum_runs_in_order():
    a, b = Cause("card", "a", "JPN", 2), Cause("card", "b", "JPN", 2)
    assert _merged([(a, 1.0), (b, 0.1), (Cause("card", "a", "JPN", 2), -1.0)]) == [(b, 0.1)]
    # left to right, one rounding per addition, as the dict it replaced added them
    xs = [0.1, 0.2, 0.3, 1e-17]
    want = 0.0
    for x in xs:
        want += x
    assert _merged([(a, x) for x in xs]) == [(a, want)]
    assert _merged([(a, 1e-10)]) == []


def test_causes_that_differ_only_in_round_or_team_stay_apart():
    cs = [Cause("card", "x", "KOR", 1), Cause("card", "x", "KOR", 2), Cause("card", "x", "USA", 1)]
    assert _merged([(c, 1.0) for c in cs]) == [(c, 1.0) for c in cs]


def test_what_the_credits_leave_of_a_move_is_credited_to_rounding():
    """`_credit_remainder`: a move the steps' credits do not add up to is named, not hidden."""
    from game.core.adjudication import _credit_remainder
    from game.core.causes import ROUNDING, routine

    a, b = Cause("card", "a", "JPN", 2), Cause("shock", "quake", None, 2)
    prev = {"JPN": {"score": 50.0, "budget": 10.0, "prosperity": 100.0}}
    final = {"JPN": {"score": 52.5, "budget": 9.0, "prosperity": 99.0}}
    causes = {"JPN": {"score": [(a, 1.5), (b, 0.25), (a, 0.25)], "budget": [(a, -1.0)]}}
    _credit_remainder(prev, final, causes)
    assert causes["JPN"] == {"score": [(a, 1.5), (b, 0.25), (a, 0.25), (routine(ROUNDING), 0.5)],
                             "budget": [(a, -1.0)], "prosperity": [(routine(ROUNDING), -1.0)]}
