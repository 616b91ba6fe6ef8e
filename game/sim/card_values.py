"""What each card is worth, measured by counterfactual replay, per budget point.

For every play in a batch of games, the game is replayed without that play (everything else
equal, recorded chance included) and the playing team's final score compared. A card's value is
the mean of those differences; divided by its cost it says what a budget point buys. The value
is net of the card's price: the replay without the play keeps the budget, so a card worth 0 is
no better than saving the money.

The balance rule: no card is worth more than three times the median card of its deck per budget
point (a cheap card that dominates is a design bug, not a strategy). Where a deck's median card
is worth next to nothing (below MEDIAN_FLOOR a point: the typical card barely repays its price,
as in the shared deck, a mix of niche cards for every team), three times the median would flag
every card that does anything; the limit is then three times the floor, i.e. no card may buy
more than 0.3 score points per budget point when the deck's typical card buys nothing.
"""

from __future__ import annotations

import os
from statistics import median

from ..bots import Bot, parse_bots
from ..core.counterfactual import Removal, edit_log
from ..core.scenario import Scenario
from ..core.sums import total
from ..headless import play_to_end
from ..session import Session
from .memory import tune_for_batch

#: a card's value per budget point may be at most this many times its deck's median
DOMINANCE_LIMIT = 3.0
#: score points per budget point below which a deck's median card "does nothing": the limit
#: is then DOMINANCE_LIMIT x this floor instead of a multiple of (almost) zero
MEDIAN_FLOOR = 0.1
#: plays of a card needed before it is judged (fewer is an anecdote)
MIN_PLAYS = 5


def _play(scn: Scenario, seed: int, bots: dict[str, Bot]):
    session = play_to_end(Session(scn, seed, explain=False), bots)
    plays = [(rec.round, team, cid) for rec in session.state.history
             for team, cards in rec.plays.items() for cid in cards]
    return [e.action for e in session.log], session.state.indicators, plays


def _values(scn: Scenario, seed: int, actions, final, plays) -> list[tuple[str, str, float]]:
    out = []
    for rnd, team, cid in plays:
        without, _ = edit_log(scn, seed, actions, Removal(team, cid, rnd))
        out.append((team, cid, final[team]["score"] - without.indicators[team]["score"]))
    return out


def play_values(scn: Scenario, seed: int, bots: dict[str, Bot]) -> list[tuple[str, str, float]]:
    """(team, card, score effect on that team) for every play of one game."""
    actions, final, plays = _play(scn, seed, bots)
    return _values(scn, seed, actions, final, plays)


def aggregate(scn: Scenario, triples) -> dict[str, dict]:
    """(team, card, value) triples -> card -> {plays, value (mean), se (its standard error),
    per_point (value / cost), deck}."""
    sums: dict[str, list[float]] = {}
    for _team, cid, v in triples:
        sums.setdefault(cid, []).append(v)
    out = {}
    for cid, vs in sorted(sums.items()):
        card = scn.cards[cid]
        n = len(vs)
        value = total(vs) / n
        se = (total((v - value) ** 2 for v in vs) / (n - 1) / n) ** 0.5 if n > 1 else None
        out[cid] = {"plays": n, "value": value, "se": se,
                    "per_point": value / card.cost if card.cost > 0 else None,
                    "deck": card.team or "shared"}
    return out


def card_values(scn: Scenario, seeds, bots: dict[str, Bot]) -> dict[str, dict]:
    """card -> {plays, value (mean score effect), per_point (value / cost), deck}, every play of
    every game replayed."""
    return aggregate(scn, [t for seed in seeds for t in play_values(scn, seed, bots)])


# ---------------------------------------------------------------- sampled, in parallel ---
_WORKER: dict = {}


def _init(scn: Scenario, bot_spec: str | None) -> None:
    _WORKER["scn"], _WORKER["bots"] = scn, parse_bots(bot_spec, teams=scn.world.teams)


def _start_worker(scn: Scenario, bot_spec: str | None) -> None:
    """A pool worker plays games and nothing else: batch garbage collection (sim/memory.py)."""
    _init(scn, bot_spec)
    tune_for_batch()


def _play_job(seed: int):
    return _play(_WORKER["scn"], seed, _WORKER["bots"])


def _values_job(job):
    seed, actions, final, plays = job
    return _values(_WORKER["scn"], seed, actions, final, plays)


def sampled_card_values(scn: Scenario, seeds, bot_spec: str | None, per_card: int = 12,
                        jobs: int | None = None) -> dict[str, dict]:
    """`card_values` on a sample: every game in `seeds` is played, but only one play of each
    card per game (for the first `per_card` games that have one) is replayed without it; which
    play, when a game has several (a joint card's partners, a card played twice), rotates from
    game to game. One play per game spreads the sample over as many games (shocks, draws) as
    possible: a card's value varies more between games than between plays of one game.
    Replays are what cost (a whole game each). Deterministic whatever `jobs` is."""
    seeds = list(seeds)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(seeds) or 1))
    if jobs == 1:
        _init(scn, bot_spec)
        games = [_play_job(s) for s in seeds]
    else:
        import multiprocessing as mp

        pool = mp.get_context().Pool(jobs, initializer=_start_worker, initargs=(scn, bot_spec))
    try:
        if jobs > 1:
            games = pool.map(_play_job, seeds)
        taken: dict[str, int] = {}
        work = []
        for k, (seed, (actions, final, plays)) in enumerate(zip(seeds, games)):
            mine = []
            for cid in dict.fromkeys(p[2] for p in plays):
                if taken.get(cid, 0) < per_card:
                    taken[cid] = taken.get(cid, 0) + 1
                    of_card = [p for p in plays if p[2] == cid]
                    mine.append(of_card[k % len(of_card)])
            if mine:
                work.append((seed, actions, final, mine))
        results = pool.map(_values_job, work) if jobs > 1 else [_values_job(w) for w in work]
    finally:
        if jobs > 1:
            pool.terminate()
    return aggregate(scn, [t for r in results for t in r])


# ---------------------------------------------------------------- the balance rule -------
def deck_medians(values: dict[str, dict], min_plays: int = MIN_PLAYS) -> dict[str, float]:
    """deck -> median value per budget point of its cards played at least `min_plays` times."""
    decks: dict[str, list[float]] = {}
    for v in values.values():
        if v["per_point"] is not None and v["plays"] >= min_plays:
            decks.setdefault(v["deck"], []).append(v["per_point"])
    return {d: median(ps) for d, ps in sorted(decks.items())}


def dominance_limit(deck_median: float) -> float:
    """The most a card may be worth per budget point in a deck with this median card."""
    return DOMINANCE_LIMIT * max(deck_median, MEDIAN_FLOOR)


def dominant_cards(values: dict[str, dict], min_plays: int = MIN_PLAYS) -> list[tuple[str, float, float]]:
    """(card, per_point, deck median) for cards worth more than `dominance_limit` of their
    deck's median per budget point. Cards played fewer than `min_plays` times are not judged
    (one game is an anecdote)."""
    meds = deck_medians(values, min_plays)
    out = []
    for cid, v in values.items():
        if v["per_point"] is None or v["plays"] < min_plays:
            continue
        med = meds[v["deck"]]
        if v["per_point"] > dominance_limit(med):
            out.append((cid, v["per_point"], med))
    return sorted(out)
