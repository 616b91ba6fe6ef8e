"""No card dominates its deck: measured by counterfactual replay with heuristic bots.

The rule (game/sim/card_values.py): no card is worth more per budget point than three times the
median card of its deck, or three times MEDIAN_FLOOR where that median is below the floor. The
default test samples each bundled scenario (30 games of batch seed 1, 8 plays of each card
replayed, one per game: ~17 s on two cores); the slow one replays one play of every card in
every game of two disjoint samples (batch seeds 0 and 1, 100 games each, ~4 min), so a card
that passes on one sample and fails on the other shows up as unstable, not as balanced.
docs/balance.md names the cards closest to their limit, and what was changed to keep them under.
"""

from __future__ import annotations

import pytest

from game.content import load_library, load_scenario
from game.sim.card_values import (
    MEDIAN_FLOOR,
    deck_medians,
    dominance_limit,
    dominant_cards,
    sampled_card_values,
)
from game.sim.runner import run_seed

SCENARIOS = sorted(load_library().scenarios)


def _v(deck, per_point, plays=10, cost=1.0):
    return {"deck": deck, "per_point": per_point, "value": per_point * cost, "plays": plays}


def test_the_rule_compares_with_the_deck_median():
    values = {"a": _v("X", 0.3), "b": _v("X", 0.4), "c": _v("X", 0.5), "d": _v("X", 1.6),
              "e": _v("Y", 0.5)}
    assert deck_medians(values) == {"X": pytest.approx(0.45), "Y": 0.5}
    assert [c for c, *_ in dominant_cards(values)] == ["d"]  # 1.6 > 3 x 0.45


def test_a_deck_whose_median_card_does_nothing_is_judged_against_the_floor():
    values = {"a": _v("S", -0.2), "b": _v("S", 0.0), "c": _v("S", 0.02), "d": _v("S", 0.25),
              "e": _v("S", 0.9)}
    assert dominance_limit(0.0) == dominance_limit(-1.0) == pytest.approx(3 * MEDIAN_FLOOR)
    assert [c for c, *_ in dominant_cards(values)] == ["e"]  # 0.25 < 0.3 < 0.9


def test_cards_played_too_rarely_are_not_judged():
    values = {"a": _v("X", 0.1), "b": _v("X", 0.1), "c": _v("X", 5.0, plays=2)}
    assert dominant_cards(values) == []
    assert "c" not in deck_medians(values, min_plays=5) and deck_medians(values)["X"] == 0.1


def _values(scenario, batch_seed, games, per_card):
    seeds = [run_seed(batch_seed, i) for i in range(games)]
    return sampled_card_values(load_scenario(scenario), seeds, "heuristic", per_card, jobs=2)


def _verdict(scenario, values):
    bad = dominant_cards(values)
    return f"{scenario}: " + "; ".join(
        f"{c} {p:+.2f} a point, deck median {m:+.2f}, limit {dominance_limit(m):.2f}"
        for c, p, m in bad)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_no_card_dominates_its_deck(scenario):
    values = _values(scenario, 1, 30, 8)
    assert sum(v["plays"] for v in values.values()) > 100  # the sample measured something
    assert not dominant_cards(values), _verdict(scenario, values)


@pytest.mark.slow
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_no_card_dominates_on_two_disjoint_samples(scenario):
    for batch_seed in (0, 1):
        values = _values(scenario, batch_seed, 100, 100)
        assert not dominant_cards(values), f"batch seed {batch_seed}: " + _verdict(scenario, values)


def test_the_report_tells_a_clear_excess_from_noise():
    from types import SimpleNamespace

    from game.sim.balance import over_limit

    values = {"a": _v("X", 0.3), "b": _v("X", 0.4), "c": _v("X", 0.5),
              "clear": _v("X", 2.0), "noisy": _v("X", 1.6)}
    for cid in values:
        values[cid]["se"] = 0.05
    values["noisy"]["se"] = 0.5  # 1.6 - 2 x 0.5 < 3 x 0.45
    cards = {cid: SimpleNamespace(cost=1.0) for cid in values}
    assert over_limit(values, cards) == (["clear"], ["noisy"])
