"""Adjudication: how a round resolves once every team has committed.

Resolution order of a round (docs/model.md repeats it for facilitators):

    0. carry-over   stockpiles drawn down last round now show in the buffers
    1. expiries     effects whose duration has run out stop
    2. landings     lagged effects of earlier cards arrive (a fab takes years)
    3. shocks       this round's shocks hit, in the order they were revealed; teams with an
                    early-warning link pre-position stock against each one
    4. cards        team by team (KOR, JPN, USA, CHN, ASEAN), in the order each team listed
                    them; a joint card whose partners did not all commit it is refused and costs
                    nothing; retaliation rolled for this round lands as a shock next round
    5. budgets      importers pay for price spikes, per-round subsidies and levies, then
                    next round's income
    6. supply       propagation; stockpiles are drawn to cover shortfalls

Each numbered step is a cause: indicators are re-evaluated after every step and the change
is credited to it, so the causes of a team's change always add up to the change.
"""

from __future__ import annotations

from dataclasses import replace

from .cards import ALL, INSTANT_KINDS, PARTNERS, SELF, Effect
from .rules import joint_refusal, shock_by_id
from .scenario import Scenario, pair
from .scoring import evaluate
from .state import ActiveEffect, GameState, RoundRecord, ShockHit
from .world import ACTORS, SECTORS, TEAMS

MAX_STOCKPILE_DAYS = 365.0
TARGET = "target"  # in a retaliation shock: the team that provoked it
#: budget points an importer pays per unit of value added it imports above the usual price
#: (world demand is 100 units a round, so a +30% spike on imported fabs costs a big importer ~2)
PRICE_BUDGET_PER_VALUE = 1.0


def resolve_actors(names: tuple[str, ...], me: str | None, partners: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for n in names:
        if n == SELF or n == TARGET:
            group = (me,) if me else ()
        elif n == PARTNERS:
            group = partners
        elif n == ALL:
            group = ACTORS
        else:
            group = (n,)
        for a in group:
            if a not in out:
                out.append(a)
    return tuple(out)


def resolve_effect(e: Effect, me: str | None, partners: tuple[str, ...] = ()) -> Effect:
    return replace(
        e,
        actors=resolve_actors(e.actors, me, partners),
        exporters=resolve_actors(e.exporters, me, partners),
        importers=resolve_actors(e.importers, me, partners),
        away_from=resolve_actors(e.away_from, me, partners),
        towards=resolve_actors(e.towards, me, partners),
        counterparts=resolve_actors(e.counterparts, me, partners),
    )


def _apply_instant(scn: Scenario, state: GameState, e: Effect) -> None:
    if e.kind == "stockpile":
        sectors = [e.sector] if e.sector else list(scn.sectors)
        for sector in sectors:
            if sector not in state.stockpile:
                continue
            pile = state.stockpile[sector]
            for a in e.actors:
                pile[a] = min(MAX_STOCKPILE_DAYS, max(0.0, pile.get(a, 0.0) + e.units))
    elif e.kind == "relations":
        for a in e.actors:
            for c in e.counterparts:
                if a != c and a in TEAMS and c in TEAMS:
                    k = pair(a, c)
                    state.relations[k] = max(-100.0, min(100.0, state.relations.get(k, 0.0) + e.change))


def _bring_in(scn, state, effects, cause, label, rnd, structural, me, partners) -> None:
    memo = scn.cache
    for raw in effects:
        key = ("resolved", raw, me, partners)
        e = memo.get(key)
        if e is None:
            e = memo[key] = resolve_effect(raw, me, partners)
        start = rnd + e.lag
        if e.kind in INSTANT_KINDS and e.lag == 0:
            _apply_instant(scn, state, e)
            continue
        end = None if e.duration is None else start + e.duration
        state.active.append(ActiveEffect(e, cause, label, start, end, structural, on=e.lag == 0))


class _Waterfall:
    """Re-evaluates indicators after each step and credits the change to that step."""

    def __init__(self, scn, state, explain: bool):
        self.scn, self.state, self.explain = scn, state, explain
        self.last = state.indicators
        self.causes: dict[str, dict[str, list[tuple[str, float]]]] = {t: {} for t in TEAMS}

    def step(self, label: str) -> None:
        if not self.explain:
            return
        now, _, _ = evaluate(self.scn, self.state, self.state.baseline_revenue)
        for t in TEAMS:
            before, after, into = self.last[t], now[t], self.causes[t]
            for k, v in after.items():
                d = v - before.get(k, 0.0)
                if d > 1e-9 or d < -1e-9:
                    into.setdefault(k, []).append((label, d))
        self.last = now


def adjudicate(scn: Scenario, state: GameState, explain: bool = True) -> RoundRecord:
    r = state.round
    prev = state.indicators
    wf = _Waterfall(scn, state, explain)
    wf.step("Stockpiles used last round")

    # 1-2. expiries and landings, grouped by cause
    ending: dict[str, str] = {}
    landing: dict[str, str] = {}
    keep = []
    for ae in state.active:
        if ae.on and ae.end is not None and ae.end <= r:
            ae.on = False
            ending[ae.cause] = ae.label
            continue  # gone for good
        if not ae.on and ae.start == r:
            if ae.effect.kind in INSTANT_KINDS:
                _apply_instant(scn, state, ae.effect)
                landing[ae.cause] = ae.label
                continue
            ae.on = True
            landing[ae.cause] = ae.label
        keep.append(ae)
    state.active = keep
    for label in ending.values():
        wf.step(f"Ends: {label}")
    for label in landing.values():
        wf.step(f"Lands: {label}")

    # 3. shocks
    shock_log = []
    for i, hit in enumerate(state.shocks.get(r, [])):
        shock = shock_by_id(scn, state, hit.shock_id)
        warned = _warned_teams(state)
        sectors = {e.sector for e in shock.effects if e.sector}
        for team, soften in warned.items():
            for sector in sectors:
                if sector in state.stockpile:
                    pile = state.stockpile[sector]
                    extra = soften * shock.severity * scn.round_days
                    pile[team] = min(MAX_STOCKPILE_DAYS, pile.get(team, 0.0) + extra)
        eff = [
            e if e.duration is not None or e.kind in INSTANT_KINDS else replace(e, duration=shock.duration)
            for e in shock.effects
        ]
        cause = f"shock:{hit.shock_id}:{r}:{i}"
        _bring_in(scn, state, eff, cause, f"Shock: {shock.title}", r, False, hit.target, ())
        shock_log.append(
            {"id": hit.shock_id, "title": shock.title, "origin": hit.origin, "note": hit.note,
             "severity": shock.severity, "duration": shock.duration,
             "warned": sorted(warned)}
        )
        wf.step(f"Shock: {shock.title}")

    # 4. cards
    plays: dict[str, list[str]] = {t: [] for t in TEAMS}
    refused: dict[str, list[dict]] = {t: [] for t in TEAMS}
    outcomes = state.retaliation.get(r, [])
    for team in TEAMS:
        ts = state.teams[team]
        for cid in ts.commit or ():
            card = scn.cards[cid]
            why = joint_refusal(scn, state, team, card)
            if why:
                refused[team].append({"card": cid, "reason": why})
                continue
            ts.budget -= card.cost
            ts.political_capital -= card.political_capital
            ts.played[cid] = ts.played.get(cid, 0) + 1
            label = f"{team}: {card.title}"
            _bring_in(scn, state, card.effects, f"card:{team}:{cid}:{r}", label, r, True, team, card.partners)
            plays[team].append(cid)
            wf.step(label)
    for o in outcomes:
        if o["hit"] and r < scn.rounds:
            note = f"{o['by']} answers {o['team']}'s {scn.cards[o['card']].title}"
            hit = ShockHit(o["shock"], "retaliation", note, target=o["team"])
            state.shocks.setdefault(r + 1, []).append(hit)

    # 5. budgets: price spikes paid by importers, per-round flows, then income
    if any(ae.on and ae.effect.kind == "price" for ae in state.active):
        _, flows, _ = evaluate(scn, state, state.baseline_revenue)  # budgets do not move flows
        for f in flows.values():
            for team, bill in f.import_bill.items():
                if bill > 0.0 and team in state.teams:
                    ts = state.teams[team]
                    ts.budget = max(0.0, ts.budget - bill * PRICE_BUDGET_PER_VALUE)
        wf.step("Price spikes paid on imports")
    for ae in state.active:
        if ae.on and ae.effect.kind == "budget":
            for a in ae.effect.actors:
                if a in state.teams:
                    state.teams[a].budget = max(0.0, state.teams[a].budget + ae.effect.units)
    if any(ae.on and ae.effect.kind == "budget" for ae in state.active):
        wf.step("Subsidies and levies")
    for team in TEAMS:
        setup = scn.teams[team]
        state.teams[team].budget += setup.income
        state.teams[team].political_capital += setup.political_income
    wf.step("Income for next round")

    # 6. supply and stockpile drawdown
    final, flows, _ = evaluate(scn, state, state.baseline_revenue)
    causes = wf.causes
    if explain:
        _credit_remainder(prev, final, causes)
    network = network_summary(scn, flows) if explain else {}
    for sector, f in flows.items():
        pile = state.stockpile[sector]
        for a, used in f.stock_used.items():
            if used > 0.0:
                pile[a] = max(0.0, pile.get(a, 0.0) - used * scn.round_days)
        for t in TEAMS:
            if t in f.supply_met:
                streak = state.shortfall_streak[t]
                streak[sector] = streak.get(sector, 0) + 1 if f.supply_met[t] < 0.95 else 0
    deltas = {t: {k: v - prev[t].get(k, 0.0) for k, v in final[t].items()} for t in TEAMS}
    state.indicators = final
    rec = RoundRecord(
        round=r, shocks=shock_log, plays=plays, refused=refused, chance=list(outcomes),
        indicators=final, deltas=deltas, causes=causes, network=network,
    )
    state.history.append(rec)
    for t in TEAMS:
        state.teams[t].commit = None
    return rec


def _warned_teams(state: GameState) -> dict[str, float]:
    out: dict[str, float] = {}
    for ae in state.active:
        if ae.on and ae.effect.kind == "early_warning":
            for a in ae.effect.actors:
                if a in TEAMS:
                    out[a] = max(out.get(a, 0.0), ae.effect.change)
    return out


def _credit_remainder(prev, final, causes) -> None:
    """Floating-point dust aside, steps add up exactly; anything left is named, not hidden."""
    for t in TEAMS:
        for k, v in final[t].items():
            listed = sum(d for _, d in causes[t].get(k, ()))
            rest = (v - prev[t].get(k, 0.0)) - listed
            if rest > 1e-6 or rest < -1e-6:
                causes[t].setdefault(k, []).append(("Other", rest))


def network_summary(scn: Scenario, flows) -> dict:
    """Per sector, stage and actor: the share of orders a supplier failed to deliver, and the
    share of its own needs a buyer did not get (before stockpiles): the heat map's numbers."""
    out = {}
    for sector, f in flows.items():
        out[sector] = {}
        for stage in SECTORS[sector].stage_names:
            out[sector][stage] = {
                a: {
                    "undelivered": round(1.0 - f.ratio[stage].get(a, 1.0), 4),
                    "unmet": round(1.0 - f.access[a].get(stage, 1.0), 4) if f.access[a] else 0.0,
                }
                for a in ACTORS
            }
    return out
