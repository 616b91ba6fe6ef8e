"""What each card is worth, measured by counterfactual replay, per budget point.

For every play in a batch of games, the game is replayed without that play (everything else
equal, recorded chance included) and the playing team's final score compared. A card's value is
the mean of those differences; divided by its cost it says what a budget point buys. The balance
report prints it, and the balance rule is that no card is worth more than three times the median
card of its deck per budget point (a cheap card that dominates is a design bug, not a strategy).
"""

from __future__ import annotations

from statistics import median

from ..bots import Bot
from ..core.counterfactual import Removal, edit_log
from ..core.scenario import Scenario
from ..headless import play_to_end
from ..session import Session

#: a card's value per budget point may be at most this many times its deck's median
DOMINANCE_LIMIT = 3.0


def play_values(scn: Scenario, seed: int, bots: dict[str, Bot]) -> list[tuple[str, str, float]]:
    """(team, card, score effect on that team) for every play of one game."""
    session = play_to_end(Session(scn, seed, explain=False), bots)
    actions = [e.action for e in session.log]
    final = session.state.indicators
    out = []
    for rec in session.state.history:
        for team, cards in rec.plays.items():
            for cid in cards:
                without, _ = edit_log(scn, seed, actions, Removal(team, cid, rec.round))
                out.append((team, cid, final[team]["score"] - without.indicators[team]["score"]))
    return out


def card_values(scn: Scenario, seeds, bots: dict[str, Bot]) -> dict[str, dict]:
    """card -> {plays, value (mean score effect), per_point (value / cost), deck}."""
    sums: dict[str, list[float]] = {}
    for seed in seeds:
        for _team, cid, v in play_values(scn, seed, bots):
            sums.setdefault(cid, []).append(v)
    out = {}
    for cid, vs in sorted(sums.items()):
        card = scn.cards[cid]
        value = sum(vs) / len(vs)
        out[cid] = {"plays": len(vs), "value": value,
                    "per_point": value / card.cost if card.cost > 0 else None,
                    "deck": card.team or "shared"}
    return out


def dominant_cards(values: dict[str, dict], min_plays: int = 5) -> list[tuple[str, float, float]]:
    """(card, per_point, deck median) for cards worth more than DOMINANCE_LIMIT x the median
    card of their deck per budget point. Cards played fewer than `min_plays` times are not
    judged (one game is an anecdote)."""
    decks: dict[str, list[tuple[str, float]]] = {}
    for cid, v in values.items():
        if v["per_point"] is not None and v["plays"] >= min_plays:
            decks.setdefault(v["deck"], []).append((cid, v["per_point"]))
    out = []
    for items in decks.values():
        med = median(p for _, p in items)
        if med <= 0:
            continue
        out += [(cid, p, med) for cid, p in items if p > DOMINANCE_LIMIT * med]
    return sorted(out)
