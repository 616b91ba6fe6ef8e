"""The rules: what a team may play, and how a round resolves.

Resolution order of a round (docs/model.md repeats it for facilitators):

    0. carry-over   stockpiles drawn down last round now show in the buffers
    1. expiries     effects whose duration has run out stop
    2. landings     lagged effects of earlier cards arrive (a fab takes years)
    3. shocks       this round's shocks hit, in the order they were revealed; teams with an
                    early-warning link pre-position stock against each one
    4. cards        team by team (KOR, JPN, USA, CHN, ASEAN), in the order each team listed
                    them; a joint card whose partners did not all commit it is refused and costs
                    nothing; retaliation rolled for this round lands as a shock next round
    5. budgets      per-round subsidies and levies, then next round's income
    6. supply       propagation; stockpiles are drawn to cover shortfalls

Each numbered step is a cause: indicators are re-evaluated after every step and the change
is credited to it, so the causes of a team's change always add up to the change.
"""

from __future__ import annotations

import random
from dataclasses import replace

from .cards import ALL, INSTANT_KINDS, PARTNERS, SELF, Card, Effect, Shock
from .scenario import Scenario, pair
from .scoring import evaluate, team_revenue
from .state import ActiveEffect, GameState, Phase, RoundRecord, ShockHit, TeamState
from .world import ACTORS, SECTORS, TEAMS

MAX_STOCKPILE_DAYS = 365.0
TARGET = "target"  # in a retaliation shock: the team that provoked it


class IllegalAction(ValueError):
    """Raised with the reason, before anything changed."""


# ---------------------------------------------------------------- setting up -----------
def new_game(scn: Scenario, seed: int) -> GameState:
    state = GameState(
        scenario_id=scn.id,
        seed=seed,
        round=1,
        phase=Phase.BRIEFING,
        teams={
            t: TeamState(budget=scn.teams[t].budget, political_capital=scn.teams[t].political_capital)
            for t in TEAMS
        },
        stockpile={s: dict(scn.stockpile_days.get(s, {})) for s in scn.sectors},
        relations=dict(scn.relations),
        active=[],
        shocks={r: [ShockHit(sid, "scheduled") for sid in ids] for r, ids in scn.schedule.items()},
        drawn=[],
        custom_shocks={},
        retaliation={},
        shortfall_streak={t: {s: 0 for s in scn.sectors} for t in TEAMS},
        adjustments={t: {} for t in TEAMS},
        indicators={},
        history=[],
        notes=[],
        baseline_revenue={},
    )
    start = scn.cache.get("start")
    if start is None:  # the same for every seed: evaluate once per scenario
        first, flows, _ = evaluate(scn, state)
        state.baseline_revenue = team_revenue(scn, flows)
        state.baseline_resilience = {t: first[t]["resilience"] for t in TEAMS}
        indicators, _, _ = evaluate(scn, state, state.baseline_revenue)
        start = scn.cache["start"] = (state.baseline_revenue, state.baseline_resilience, indicators)
    state.baseline_revenue = dict(start[0])
    state.baseline_resilience = dict(start[1])
    state.indicators = {t: dict(v) for t, v in start[2].items()}
    return state


def shock_by_id(scn: Scenario, state: GameState, shock_id: str) -> Shock:
    return state.custom_shocks.get(shock_id) or scn.shocks[shock_id]


# ---------------------------------------------------------------- legality -------------
def card_refusal(scn: Scenario, state: GameState, team: str, card_id: str) -> str | None:
    """Why `team` may not play `card_id` on its own right now, or None if it may."""
    if state.phase is not Phase.DECISIONS:
        return f"decisions are closed: the game is in the {state.phase.value} phase"
    if team not in TEAMS:
        return f"unknown team '{team}' (teams: {', '.join(TEAMS)})"
    card = scn.cards.get(card_id)
    if card is None:
        return f"unknown card '{card_id}'"
    if card_id not in scn.teams[team].hand or team not in card.eligible:
        return f"{card.title} is not in {team}'s hand"
    ts = state.teams[team]
    done = ts.played.get(card_id, 0)
    if done >= card.limit:
        return f"{card.title} has already been played {done} time(s) (limit {card.limit})"
    missing = [r for r in card.requires if not ts.played.get(r)]
    if missing:
        names = ", ".join(scn.cards[r].title if r in scn.cards else r for r in missing)
        return f"{card.title} needs {names} played first"
    if card.cost > ts.budget + 1e-9:
        return f"{card.title} costs {card.cost:g} budget; {team} has {ts.budget:g} left"
    if card.political_capital > ts.political_capital + 1e-9:
        return (
            f"{card.title} needs {card.political_capital:g} political capital; "
            f"{team} has {ts.political_capital:g}"
        )
    return None


def legal_plays(scn: Scenario, state: GameState, team: str) -> list[str]:
    """Cards `team` could add to an empty commit now (a commit is any affordable set of them).

    The same tests as `card_refusal`, without building reasons: bots call this thousands of
    times a second. `test_rule_cases` checks the two agree."""
    ts = state.teams[team]
    if state.phase is not Phase.DECISIONS or ts.commit is not None:
        return []
    played, budget, pc = ts.played, ts.budget + 1e-9, ts.political_capital + 1e-9
    out = []
    for card in _hand(scn, team):
        if (
            card.cost <= budget
            and card.political_capital <= pc
            and played.get(card.id, 0) < card.limit
            and (not card.requires or all(played.get(r) for r in card.requires))
        ):
            out.append(card.id)
    return out


def _hand(scn: Scenario, team: str) -> tuple[Card, ...]:
    key = ("hand", team)
    hand = scn.cache.get(key)
    if hand is None:
        hand = scn.cache[key] = tuple(
            scn.cards[c] for c in scn.teams[team].hand if c in scn.cards and team in scn.cards[c].eligible
        )
    return hand


def commit_refusal(scn: Scenario, state: GameState, team: str, cards: tuple[str, ...]) -> str | None:
    if team not in TEAMS:
        return f"unknown team '{team}' (teams: {', '.join(TEAMS)})"
    if state.phase is not Phase.DECISIONS:
        return f"decisions are closed: the game is in the {state.phase.value} phase"
    if state.teams[team].commit is not None:
        return f"{team} has already committed this round (undo it first)"
    if len(set(cards)) != len(cards):
        return "a card can be played only once a round"
    if len(cards) > scn.max_plays_per_round:
        return f"at most {scn.max_plays_per_round} cards a round; {len(cards)} chosen"
    for c in cards:
        why = card_refusal(scn, state, team, c)
        if why:
            return why
    ts = state.teams[team]
    cost = sum(scn.cards[c].cost for c in cards)
    if cost > ts.budget + 1e-9:
        return f"these cards cost {cost:g} budget together; {team} has {ts.budget:g}"
    pc = sum(scn.cards[c].political_capital for c in cards)
    if pc > ts.political_capital + 1e-9:
        return f"these cards need {pc:g} political capital together; {team} has {ts.political_capital:g}"
    return None


def joint_refusal(scn: Scenario, state: GameState, team: str, card: Card) -> str | None:
    """A joint card resolves only if every named partner committed it this round."""
    missing = [p for p in card.partners if card.id not in (state.teams[p].commit or ())]
    if missing:
        return f"{card.title} is joint: {', '.join(missing)} did not commit it this round"
    return None


# ---------------------------------------------------------------- chance ---------------
def rng_for(state: GameState, purpose: str) -> random.Random:
    """Every random draw has its own generator seeded from the game's seed and what it is for,
    so one draw never shifts another and a resumed game draws what the original drew."""
    return random.Random(f"{state.seed}:{purpose}")


def draw_shocks(scn: Scenario, state: GameState, rnd: int) -> list[str]:
    used = {h.shock_id for hits in state.shocks.values() for h in hits if h.origin == "drawn"}
    deck = [s for s in scn.shock_deck if s not in used]
    rng = rng_for(state, f"draw:{rnd}")
    return rng.sample(deck, min(scn.draws_per_round, len(deck)))


def roll_retaliation(scn: Scenario, state: GameState) -> list[dict]:
    """Roll for every card with a retaliation risk that will resolve this round."""
    rng = rng_for(state, f"retaliation:{state.round}")
    out = []
    for team in TEAMS:
        for cid in state.teams[team].commit or ():
            card = scn.cards[cid]
            if card.retaliation is None or joint_refusal(scn, state, team, card):
                continue
            rt = card.retaliation
            tension = max(0.0, -state.relations.get(pair(rt.by, team), 0.0)) / 100.0
            p = min(1.0, rt.chance * (1.0 + tension))
            roll = rng.random()
            out.append(
                {"team": team, "card": cid, "by": rt.by, "shock": rt.shock,
                 "chance": round(p, 6), "roll": round(roll, 6), "hit": roll < p}
            )
    return out


# ---------------------------------------------------------------- adjudication ---------
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

    # 5. budgets: per-round flows, then income
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
