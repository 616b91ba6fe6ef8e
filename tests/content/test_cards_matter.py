"""Every card matters: played, it changes some indicator of some team in some situation.

For each card, a team that holds it plays it in round 1 (with its partners, for a joint card)
and the game is compared with the same game in which that team passes. The card is made free in
both games, so a difference is never just the money it cost. Situations, tried in order until
one shows a difference:

  1. calm: no shocks at all;
  2. the scenario as written: its scheduled shocks and its seeded draws (seeds 0-2), which is
     where early-warning cards show (they pre-position stock against the next shock).

Retaliation is off in both games, so only the card's own effects count.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from game.content import load_library

from ..default_world import TEAMS
from .helpers import SCENARIOS, controlled, play_script

EPS = 1e-6


def _all_card_ids():
    lib = load_library()
    return sorted(c.id for m, _ in lib.decks.values() for c in m.cards)


def _where(card_id, scenarios):
    """A scenario and a team holding the card (its own deck's team first)."""
    for sid in SCENARIOS:
        scn = scenarios[sid]
        card = scn.cards.get(card_id)
        if card is None:
            continue
        holders = [t for t in TEAMS if card_id in scn.teams[t].hand]
        if card.partners and not all(p in holders for p in card.partners):
            continue
        if holders:
            team = card.team if card.team in holders else (card.partners or holders)[0]
            return scn, team
    return None, None


def differs(a, b) -> tuple[str, str, int] | None:
    for r, (ra, rb) in enumerate(zip(a, b)):
        for t in TEAMS:
            for k, v in ra[t].items():
                if abs(v - rb[t].get(k, 0.0)) > EPS:
                    return t, k, r + 1
    return None


def effect_of(scn, team, card_id, situations):
    card = scn.cards[card_id]
    free = replace(card, cost=0.0, political_capital=0.0)
    players = set(card.partners) | {team}
    for make, seed in situations:
        s = make(replace(scn, cards={**scn.cards, card_id: free}))
        base = play_script(s, {}, seed)
        played = play_script(s, {1: {t: [card_id] for t in players}}, seed)
        d = differs(played, base)
        if d:
            return d
    return None


SITUATIONS = [
    (lambda s: controlled(s), 0),
    (lambda s: controlled(s, shocks=True), 0),
    (lambda s: controlled(s, shocks=True), 1),
    (lambda s: controlled(s, shocks=True), 2),
]


@pytest.fixture(scope="module")
def all_scenarios(scenarios):
    return scenarios


@pytest.mark.parametrize("card_id", _all_card_ids())
def test_card_changes_something(card_id, all_scenarios):
    scn, team = _where(card_id, all_scenarios)
    assert scn is not None, f"{card_id} is in no team's hand in any bundled scenario"
    assert effect_of(scn, team, card_id, SITUATIONS) is not None, (
        f"{card_id} played by {team} in {scn.id} changed no indicator in any situation tried")


def test_no_card_is_a_free_lunch(all_scenarios):
    """None dominates: in a calm game no single card lifts its player's final score by more
    than MAX_GAIN points, none is worth more per unit of budget than MAX_PER_COST, and none
    (played alone, with nothing to answer) costs its player more than MAX_LOSS points.
    docs/playtest.md records the measured spread and what was tuned to get inside it."""
    MAX_GAIN, MAX_PER_COST, MAX_LOSS = 5.0, 2.0, 3.0
    worst = []
    for sid in SCENARIOS:
        scn = controlled(all_scenarios[sid])
        base = play_script(scn, {})
        for team in TEAMS:
            for cid in scn.teams[team].hand:
                card = scn.cards[cid]
                if card.partners:
                    plays = {t: [cid] for t in set(card.partners) | {team}}
                else:
                    plays = {team: [cid]}
                if card.cost > scn.teams[team].budget:
                    continue
                got = play_script(scn, {1: plays})
                gain = got[-1][team]["score"] - base[-1][team]["score"]
                per_cost = gain / max(card.cost, 1.0)
                worst.append((gain, per_cost, sid, team, cid))
    top = max(worst)
    assert top[0] <= MAX_GAIN, f"dominant card: {top}"
    top_pc = max(worst, key=lambda w: w[1])
    assert top_pc[1] <= MAX_PER_COST, f"too cheap for what it does: {top_pc}"
    bottom = min(worst)
    assert bottom[0] >= -MAX_LOSS, f"a card that only hurts its player: {bottom}"
