"""The heuristic bot: a readable, rule-based player that pursues its team's objective weights.

For each card it may play it adds up what the card's effects are worth to its team's final
score, then buys the best cards that are worth more than they cost, within budget, political
capital and the plays allowed a round. The rules, in the order a person would apply them:

1. *An effect that lands after the last round is worth nothing*; one that is over before the
   final count is worth a fraction (`FADES`): scores are read at the end of the game.
2. *Investments, sourcing moves, trade cuts* are worth what the estimate table says
   (`estimates.py`: the team's score with the effect in force, in a calm world and under each
   shock), minus a share (`RIVALRY`) of what they give the other teams: a win is a rank.
3. *A stockpile* is worth the buffer it adds below the scenario's target, plus insurance against
   the team's current shortfall (or a baseline risk of one), weighted by the team's demand in
   the sector and how much the team cares about resilience.
4. *Early warning* is worth the stock it pre-positions against the shocks still to come.
5. *Budget flows* are worth the money they bring before the end.
6. *Retaliation risk* costs the chance of it times the harm of the answering shock.
7. *A joint card* only resolves if the partners commit it too: counted at `JOINT_ODDS`.
8. *Money* costs `money_value` points per unit (the fiscal part of resilience), and a card must
   clear `MIN_GAIN` after its cost to be played.
9. *Judgement varies*: each card's worth is blurred by up to `JITTER` points (from `bot_rng`, so
   replays choose the same), as two people applying these rules would not agree to the decimal.
   Without it every game of a batch would see the same plays, and nothing could be learnt
   about a card the rules happen never to pick.
"""

from __future__ import annotations

from ..core.adjudication import MAX_STOCKPILE_DAYS
from ..core.scenario import Scenario, pair
from ..core.scoring import WEIGHTS
from ..core.state import GameState, Phase
from ..core.sums import total
from .base import Bot, bot_rng
from .estimates import Estimates, estimates
from .view import team_view

RIVALRY = 0.5  # weight on the other teams' mean gain, subtracted: a win is a rank
FADES = 0.3  # share of value kept by an effect that is over before the final count
JOINT_ODDS = 0.5  # a joint card resolves only if every partner commits it
SHORTFALL_RISK = 0.15  # share of demand a team should expect to lose to a shock at any time
MIN_GAIN = 0.05  # score points a card must clear after its cost
JITTER = 0.75  # score points of disagreement on a card's worth (rule 9)


def money_value(scn: Scenario, team: str) -> float:
    """Score points one unit of budget is worth at the end: the fiscal part of resilience."""
    setup = scn.teams[team]
    return WEIGHTS["fiscal"] * setup.weight_resilience / max(1.0, setup.budget)


def stockpile_value(scn: Scenario, view: GameState, team: str, sector: str | None,
                    days: float) -> float:
    """Points `days` more stock is worth to `team` now (rule 3)."""
    setup = scn.teams[team]
    sectors = [sector] if sector else list(scn.sectors)
    total_demand = total(scn.demand.get(s, {}).get(team, 0.0) for s in scn.sectors) or 1.0
    value = 0.0
    for s in sectors:
        d = scn.demand.get(s, {}).get(team, 0.0)
        if d <= 0.0 or s not in view.stockpile:
            continue
        cur = view.stockpile[s].get(team, 0.0)
        add = max(0.0, min(days, MAX_STOCKPILE_DAYS - cur))
        target = scn.stockpile_target_days
        buffer = min(1.0, (cur + add) / target) - min(1.0, cur / target)
        supply = view.indicators.get(team, {}).get(f"supply.{s}", 100.0) / 100.0
        gap = max(1.0 - supply, SHORTFALL_RISK)
        insurance = min(add / scn.round_days, gap)
        pts = WEIGHTS["buffer"] * buffer + WEIGHTS["supply"] * insurance
        value += pts * d / total_demand
    return value * setup.weight_resilience


def card_value(scn: Scenario, view: GameState, team: str, cid: str,
               est: Estimates | None = None) -> float:
    """What playing `cid` now is worth to `team`'s final score, before its cost (rules 1-7)."""
    est = est or estimates(scn)
    card = scn.cards[cid]
    r = view.round
    key = (team, cid, r)
    timed = est.timed.get(key)
    if timed is None:  # what depends only on the round is worked out once per batch
        timed = est.timed[key] = _timed_value(scn, est, team, cid, r)
    value, situational = timed
    for e, lands, fade in situational:
        if e.kind == "stockpile":
            v = stockpile_value(scn, view, team, e.sector, e.units) if e.units > 0 else 0.0
        else:  # early warning
            shocks_left = max(0, scn.rounds - lands)
            days = e.change * est.mean_severity * scn.round_days * min(shocks_left, 3)
            v = stockpile_value(scn, view, team, None, days)
        value += v * fade
    rt = card.retaliation
    if rt is not None:
        harm = est.retaliation.get(team, {}).get(rt.shock, 0.0)
        tension = max(0.0, -view.relations.get(pair(rt.by, team), 0.0)) / 100.0
        value += min(1.0, rt.chance * (1.0 + tension)) * min(0.0, harm)
    if card.joint:
        value *= JOINT_ODDS
    return value


def _timed_value(scn: Scenario, est: Estimates, team: str, cid: str, r: int):
    """(value of the effects that depend only on timing, [(effect, lands, fade)] of the effects
    that depend on the team's situation) for `cid` played in round `r`."""
    static = 0.0
    situational = []
    for e in est.cards[team].get(cid, ()):
        lands = r + e.lag
        if lands > scn.rounds:
            continue  # rule 1
        fade = FADES if e.duration is not None and lands + e.duration <= scn.rounds else 1.0
        if e.kind in ("stockpile", "early_warning"):
            situational.append((e, lands, fade))
        elif e.kind == "budget":
            left = scn.rounds - lands + 1
            runs = left if e.duration is None else min(e.duration, left)
            static += e.units * runs * money_value(scn, team) * fade
        elif e.kind != "relations":
            static += ((e.own - e.own_averaged) - RIVALRY * (e.rivals - e.rivals_averaged)) * fade
            if e.own_averaged or e.rivals_averaged:  # deny goals: the share of rounds in force
                left = scn.rounds - lands + 1
                runs = left if e.duration is None else min(e.duration, left)
                static += (e.own_averaged - RIVALRY * e.rivals_averaged) * runs / scn.rounds
    return static, tuple(situational)


def ranked_cards(scn: Scenario, view: GameState, team: str,
                 jitter: float = 0.0) -> list[tuple[float, str]]:
    """Legal cards with their net worth (value minus cost), best first; ties in hand order.
    With `jitter`, each worth is blurred by up to that many points (rule 9).

    `card_value` for each card, with everything that depends only on the team and the round
    looked up in a table (`_table`) instead of worked out again: this runs for every team in
    every round of every simulated future. The same numbers, in the same order of operations,
    as `ranked_cards_plain` (tests/bots check the two agree to the last bit)."""
    if view.phase is not Phase.DECISIONS:
        return []  # rules.card_refusal: decisions are closed
    est = estimates(scn)
    key = ("table", team, view.round)
    table = est.timed.get(key)
    if table is None:
        table = est.timed[key] = _table(scn, est, team, view.round)
    entries, stock = table
    rng = bot_rng(view, team, "heuristic") if jitter else None
    lo, span = -jitter, jitter - -jitter  # random.uniform(-jitter, jitter), inlined
    ts = view.teams[team]
    budget, pc, played = ts.budget + 1e-9, ts.political_capital + 1e-9, ts.played
    relations = view.relations
    piles = None
    out = []
    for cid, cost, capital, limit, requires, value, situational, rt, joint, lamcost in entries:
        # rules.card_refusal's tests, cheapest first, without building reasons (the hand and
        # eligibility tests are in the table)
        if cost > budget or capital > pc or played.get(cid, 0) >= limit:
            continue
        if requires and not all(played.get(r) for r in requires):
            continue
        if situational:
            if piles is None:
                piles = _piles(view, team, stock)
            for sectors, days, fade in situational:
                v = _stock_value(piles, stock, sectors, days) if sectors is not None else 0.0
                value += v * fade
        if rt is not None:
            by_pair, chance, harm = rt
            tension = max(0.0, -relations.get(by_pair, 0.0)) / 100.0
            value += min(1.0, chance * (1.0 + tension)) * harm
        if joint:
            value *= JOINT_ODDS
        net = value - lamcost
        if rng is not None:
            net += lo + span * rng.random()
        out.append((net, cid))
    # stable: ties keep hand order, as sorting on (-net, hand index) does
    out.sort(key=_minus_net)
    return out


def _minus_net(x: tuple[float, str]) -> float:
    return -x[0]


def _table(scn: Scenario, est: Estimates, team: str, r: int):
    """What `card_value` reads that depends only on the team and the round: for each card of the
    hand the team may play, in hand order, (id, cost, political capital, limit,
    required cards, timed value, [(sectors, days, fade)] of its stock effects, retaliation
    (pair, chance, harm) or None, joint, money value of its cost); and the team's stock
    constants (`_stock`)."""
    lam = money_value(scn, team)
    stock = _stock(scn, team)
    entries = []
    for cid in scn.teams[team].hand:
        card = scn.cards[cid]
        if team not in card.eligible:
            continue
        key = (team, cid, r)
        timed = est.timed.get(key)
        if timed is None:
            timed = est.timed[key] = _timed_value(scn, est, team, cid, r)
        value, situational = timed
        sit = []
        for e, lands, fade in situational:
            if e.kind == "stockpile":
                if e.units > 0:
                    sit.append((stock[1].get(e.sector, ()) if e.sector else stock[1][None], e.units,
                                fade))
                else:
                    sit.append((None, 0.0, fade))
            else:  # early warning
                shocks_left = max(0, scn.rounds - lands)
                days = e.change * est.mean_severity * scn.round_days * min(shocks_left, 3)
                sit.append((stock[1][None], days, fade))
        rt = card.retaliation
        risk = None
        if rt is not None:
            harm = est.retaliation.get(team, {}).get(rt.shock, 0.0)
            risk = (pair(rt.by, team), rt.chance, min(0.0, harm))
        entries.append((cid, card.cost, card.political_capital, card.limit, card.requires,
                        value, tuple(sit), risk, card.joint, lam * card.cost))
    return tuple(entries), stock


def _stock(scn: Scenario, team: str):
    """`stockpile_value`'s constants for `team`: (every sector it has demand in, with its
    demand and supply indicator; sector or None (all) -> the sectors of that list it reads (a
    sector it has no demand in reads nothing);
    total demand, stock target, round days, weights, resilience weight)."""
    setup = scn.teams[team]
    total_demand = total(scn.demand.get(s, {}).get(team, 0.0) for s in scn.sectors) or 1.0
    rows = {s: (s, scn.demand.get(s, {}).get(team, 0.0), f"supply.{s}") for s in scn.sectors}
    of = {None: tuple(rows[s] for s in scn.sectors if rows[s][1] > 0.0)}
    for s in scn.sectors:
        of[s] = (rows[s],) if rows[s][1] > 0.0 else ()
    return (rows, of, total_demand, scn.stockpile_target_days, scn.round_days,
            WEIGHTS["buffer"], WEIGHTS["supply"], setup.weight_resilience)


def _piles(view: GameState, team: str, stock) -> dict[str, tuple[float, float]]:
    """Sector -> (the team's stock, its supply share) now, for the sectors it has demand in and
    a stockpile of."""
    piles = view.stockpile
    ind = view.indicators.get(team, {})
    return {s: (piles[s].get(team, 0.0), ind.get(key, 100.0) / 100.0)
            for s, d, key in stock[1][None] if s in piles}


def _stock_value(piles, stock, sectors, days: float) -> float:
    """`stockpile_value`, from the constants of `_stock` and the situation of `_piles`."""
    _, _, total_demand, target, round_days, w_buffer, w_supply, w_res = stock
    value = 0.0
    for s, d, _ in sectors:
        now = piles.get(s)
        if now is None:
            continue
        cur, supply = now
        add = max(0.0, min(days, MAX_STOCKPILE_DAYS - cur))
        buffer = min(1.0, (cur + add) / target) - min(1.0, cur / target)
        gap = max(1.0 - supply, SHORTFALL_RISK)
        insurance = min(add / round_days, gap)
        pts = w_buffer * buffer + w_supply * insurance
        value += pts * d / total_demand
    return value * w_res


def ranked_cards_plain(scn: Scenario, view: GameState, team: str,
                 jitter: float = 0.0) -> list[tuple[float, str]]:
    """`ranked_cards` card by card through `card_value`: the rules as written, which the fast
    path must reproduce to the last bit (tests/bots/test_shortcuts.py)."""
    if view.phase is not Phase.DECISIONS:
        return []  # rules.card_refusal: decisions are closed
    est = estimates(scn)
    lam = money_value(scn, team)
    rng = bot_rng(view, team, "heuristic") if jitter else None
    ts = view.teams[team]
    budget, pc, played = ts.budget + 1e-9, ts.political_capital + 1e-9, ts.played
    out = []
    for i, cid in enumerate(scn.teams[team].hand):
        card = scn.cards[cid]
        # rules.card_refusal's tests, cheapest first, without building reasons
        # (tests/bots check the two agree): this runs for every card of every simulated round
        if card.cost > budget or card.political_capital > pc or played.get(cid, 0) >= card.limit:
            continue
        if team not in card.eligible or (card.requires and not all(played.get(r) for r in card.requires)):
            continue
        net = card_value(scn, view, team, cid, est) - lam * card.cost
        if rng is not None:
            net += rng.uniform(-jitter, jitter)
        out.append((net, i, cid))
    out.sort(key=lambda x: (-x[0], x[1]))
    return [(net, cid) for net, _, cid in out]


def greedy_commit(scn: Scenario, view: GameState, team: str,
                  ranked: list[tuple[float, str]], min_gain: float = MIN_GAIN) -> tuple[str, ...]:
    """The best cards worth their cost that fit the budget, capital and plays per round."""
    ts = view.teams[team]
    budget, pc = ts.budget, ts.political_capital
    chosen: list[str] = []
    for net, cid in ranked:
        if net <= min_gain or len(chosen) >= scn.max_plays_per_round:
            break
        card = scn.cards[cid]
        if card.cost <= budget + 1e-9 and card.political_capital <= pc + 1e-9:
            chosen.append(cid)
            budget -= card.cost
            pc -= card.political_capital
    return tuple(chosen)


class HeuristicBot(Bot):
    name = "heuristic"
    description = "rule-based: buys the cards worth most to its objective, within budget"

    def __init__(self, jitter: float = JITTER):
        self.jitter = jitter

    def choose(self, scn, state, team):
        return decide(scn, team_view(state, team), team, self.jitter)


def decide(scn: Scenario, view: GameState, team: str, jitter: float = JITTER) -> tuple[str, ...]:
    """The heuristic's commit for `team`, given a state it may see in full."""
    if view.phase is not Phase.DECISIONS:
        return ()
    return greedy_commit(scn, view, team, ranked_cards(scn, view, team, jitter))
