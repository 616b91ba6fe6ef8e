"""Adjudication: how a round resolves once every team has committed.

Resolution order of a round (docs/model.md repeats it for facilitators):

    0. carry-over   last round's stock drawdowns and refills now show in the buffers;
                    credited to the shocks and cards that drew or refilled the stock
    1. expiries     effects whose duration has run out stop (credited to their card or shock)
    2. landings     lagged effects of earlier cards arrive (a fab takes years)
    3. shocks       this round's shocks hit, in the order they were revealed; a team with an
                    early-warning link pre-positions stock, at a cost, against a shock that
                    would cut its own supply (credited to the early-warning card)
    4. cards        team by team (KOR, JPN, USA, CHN, ASEAN), in the order each team listed
                    them; a joint card whose partners did not all commit it is refused and costs
                    nothing, and one they all committed applies its effects once; retaliation
                    rolled for this round lands as a shock next round
    5. budgets      importers pay for price spikes, per-round subsidies and levies, then
                    next round's income
    6. supply       propagation; stockpiles are drawn to cover shortfalls, then refilled
                    towards each team's target at a cost

Each step is credited to a `Cause` (see causes.py): indicators are re-evaluated after every
step and the change goes to the step's cause, so the causes of a team's change always add up
to the change. The drawdown at the end of a round is shared among the causes of the gap it
covered (which active card or shock, removed alone, would have shrunk the gap), and so is the
refill that later restores it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Final, cast

from . import goals, sums
from .cards import ALL, INSTANT_KINDS, PARTNERS, SELF, Effect
from .causes import BASELINE, INCOME, RESTOCK, ROUNDING, Cause, merge_weights, routine, split
from .network import (
    FOLDED_KINDS,
    LEAK_PER_ROUND,
    Mods,
    SectorFlow,
    effect_keys,
    fold_demand,
    fold_effects,
    fold_stage,
    leak_age,
    listed,
    propagate_all,
    stock_unread,
)
from .rounding import round4
from .rules import joint_refusal, shock_by_id
from .scenario import Scenario, pair
from .scoring import evaluate, score
from .state import ActiveEffect, GameState, RoundRecord, ShockHit
from .world import World

MAX_STOCKPILE_DAYS: Final = 365.0
TARGET: Final = "target"  # in a retaliation shock: the team that provoked it
#: budget points an importer pays per unit of value added it imports above the usual price
#: (world demand is 100 units a round, so a +30% spike on imported fabs costs a big importer ~2)
PRICE_BUDGET_PER_VALUE: Final = 1.0
#: budget points a day of stock costs to buy, whether refilled after a drawdown or
#: pre-positioned on an early warning (the stockpile cards price 60 days at ~1.5 points)
STOCK_COST_PER_DAY: Final = 0.025
#: days a round a non-player actor refills its stock by (teams: their scenario policy)
NON_PLAYER_REFILL_DAYS: Final = 30.0
#: a gap this small (share of the order) does not stop stock being bought back: the rounding of
#: sourcing splits and a supplier ordered a hair past its capacity leave hundredths of a percent
#: short for good, and with a strict test a pile then drained a little every round, never refilled
REFILL_SHORTFALL: Final = 0.01
#: share of the gap an announced control will open that its importers stock up against
#: between the announcement and the landing (firms that see a restriction coming buy ahead)
ANTICIPATION: Final = 0.5
#: kinds of effect that move supply flows, and so can open a gap that stock covers
FLOW_KINDS: Final = frozenset({"capacity", "trade", "demand", "sourcing"})
#: kinds of effect propagation reads (network.fold_effects): what a propagation depends on
PROPAGATED: Final = FOLDED_KINDS


def resolve_actors(names: tuple[str, ...], me, partners: tuple[str, ...],
                   everyone: tuple[str, ...]) -> tuple[str, ...]:
    """`me` is one team, None, or (for a joint card, which acts once for the whole group) the
    tuple of its members; `everyone` is every actor of the world (what `all` means)."""
    out: list[str] = []
    for n in names:
        if n == SELF or n == TARGET:
            group = (me,) if isinstance(me, str) else (me or ())
        elif n == PARTNERS:
            group = partners
        elif n == ALL:
            group = everyone
        else:
            group = (n,)
        for a in group:
            if a not in out:
                out.append(a)
    return tuple(out)


def resolve_effect(world: World, e: Effect, me, partners: tuple[str, ...] = ()) -> Effect:
    every = world.actor_ids
    return replace(
        e,
        actors=resolve_actors(e.actors, me, partners, every),
        exporters=resolve_actors(e.exporters, me, partners, every),
        importers=resolve_actors(e.importers, me, partners, every),
        away_from=resolve_actors(e.away_from, me, partners, every),
        towards=resolve_actors(e.towards, me, partners, every),
        counterparts=resolve_actors(e.counterparts, me, partners, every),
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
        done = set()  # a group agreeing among itself moves each pair once, not twice
        for a in e.actors:
            for c in e.counterparts:
                if a != c and a in scn.teams and c in scn.teams:
                    k = pair(a, c)
                    if k in done:
                        continue
                    done.add(k)
                    state.relations[k] = max(-100.0, min(100.0, state.relations.get(k, 0.0) + e.change))


def _resolved(scn: Scenario, raw: Effect, me, partners: tuple[str, ...] = ()) -> Effect:
    """`resolve_effect`, memoised on the scenario: a card played by the same team (a shock
    aimed at the same target) resolves to the same frozen effect in every round and game."""
    key = ("resolved", raw, me, partners)
    e = scn.cache.get(key)
    if e is None:
        e = scn.cache[key] = resolve_effect(scn.world, raw, me, partners)
    return e


def _bring_in(scn: Scenario, state: GameState, effects, cause: Cause, rnd, structural, me, partners) -> None:
    for raw in effects:
        e = _resolved(scn, raw, me, partners)
        start = rnd + e.lag
        if e.kind in INSTANT_KINDS and e.lag == 0:
            _apply_instant(scn, state, e)
            continue
        end = None if e.duration is None else start + e.duration
        state.active.append(ActiveEffect(e, cause, start, end, structural, on=e.lag == 0))


def _shock_effects(scn: Scenario, shock) -> list[Effect]:
    """A shock's effects, each lasting the shock's duration unless it says otherwise; the same
    objects every time the same shock hits (memoised on the scenario, keyed by the shock
    object itself: an injected shock of the same id is another object)."""
    key = ("shock effects", id(shock))
    got = scn.cache.get(key)
    if got is None or got[0] is not shock:
        eff = [e if e.duration is not None or e.kind in INSTANT_KINDS
               else replace(e, duration=shock.duration) for e in shock.effects]
        got = scn.cache[key] = (shock, eff)
    return got[1]


def hit_cause(hit: ShockHit, rnd: int) -> Cause:
    """The cause a shock hit is credited to: who brought it in, not only what it is."""
    if hit.origin == "retaliation":
        return Cause("retaliation", hit.shock_id, hit.by, rnd)
    if hit.origin == "injected":
        return Cause("inject", hit.shock_id, None, rnd)
    return Cause("shock", hit.shock_id, None, rnd)


#: scn.cache key of the propagations games of `scn` share while `shared_propagations` is open
SHARED_PROPAGATIONS: Final = "shared propagations"


class shared_propagations:  # noqa: N801 - used as `with shared_propagations(scn):`
    """While open, every game of `scn` reuses a propagation any of them made from the same
    inputs (the effects in force, by identity, with their leak ages, and the stockpiles), not
    only those of its own round. For a lookahead decision, whose hundreds of simulated futures
    share most of their effects and meet the same network again and again (half of its
    propagations). Opened for a while by a caller and closed after, so a game never depends on
    games played before it; flows are never changed once made, which makes sharing them safe
    (the round's own reuse, `_Waterfall.propagated`, relies on the same). Nested, the outer
    one owns the memo."""

    def __init__(self, scn: Scenario):
        self.scn = scn
        self.owner = False

    def __enter__(self) -> None:
        if SHARED_PROPAGATIONS not in self.scn.cache:
            self.scn.cache[SHARED_PROPAGATIONS] = {}
            self.owner = True

    def __exit__(self, *exc: object) -> None:
        if self.owner:
            self.scn.cache.pop(SHARED_PROPAGATIONS, None)


class _Waterfall:
    """Re-evaluates indicators after each step and credits the change to that step's causes."""

    def __init__(self, scn: Scenario, state: GameState, explain: bool):
        self.scn, self.state, self.explain = scn, state, explain
        self.last = state.indicators
        self.causes: dict[str, dict[str, list[tuple[Cause, float]]]] = {t: {} for t in scn.world.teams}
        #: this round's recent propagations, newest first: (what they read, their flows,
        #: whether lean: access only, which serves a probe and nothing else)
        self._recent: list[tuple[tuple, dict[str, SectorFlow], bool]] = []
        #: what the last step's indicators were evaluated on: (flows, team -> (budget, political
        #: capital), relations)
        self._evaluated: tuple | None = None
        #: this round's recent folds, newest first: (the effects folded, as `_effects_read`
        #: gives them, the Mods). A propagation whose effects are a recent one's but whose stockpiles
        #: differ (stock bought on a warning, a drawdown) folds nothing again.
        self._folds: list[tuple[tuple, Mods]] = []
        #: the stockpiles the last propagation asked for read (`_stock_read`): a step that
        #: moved only stock can keep the flows (`propagated`), and `moved` then compares them
        self._stock_read: tuple = ()
        #: whether any team's indicators read relations (a relations goal): if none do, a
        #: step that only moves relations moves no indicator, and `moved` need not compare them
        self._reads_relations = any(g.kind == "relations" for t in scn.world.teams
                                    for g in scn.teams[t].goals)

    def flows(self) -> dict[str, SectorFlow]:
        """Supply flows of the state as it stands, reused while the effects in force and the
        stockpiles are unchanged (most steps only move budgets)."""
        st = self.state
        return self.propagated(st.active, st.stockpile)

    def propagated(self, active: list[ActiveEffect], stockpile: dict[str, dict[str, float]],
                   sectors: tuple[str, ...] | None = None, lean: bool = False,
                   extra: list[ActiveEffect] | None = None) -> dict[str, SectorFlow]:
        """This round's flows of `sectors` (all by default) with `active` in force and
        `stockpile`, reused from an earlier propagation of the round that read the same: the
        early-warning probe's "before" is the state as it stands, and its "after" is the state
        once the shock is in unless stock was bought (what the next step reads). `lean` flows
        give access only (network.propagate): enough for a probe, and reused only by one.

        `extra`: effects in force after `active` (a probe's). `active` is then folded on its
        own, kept for the probe's "before", and `extra` folded on a copy of it (_folded)."""
        rnd = self.state.round
        if extra:
            sectors_in = self.scn.sectors
            base = _effects_read(active, rnd, sectors_in)
            key = (base + _effects_read(extra, rnd, sectors_in), _stock_read(stockpile))
        else:
            key = _inputs(active, stockpile, rnd, self.scn.sectors)
        self._stock_read = key[1]
        want = self.scn.sectors if sectors is None else sectors
        # The same effects with other stock (a stockpile card, stock bought on a warning)
        # give the same flows when only actors that read none of their stock hold more or
        # less (network.stock_unread): a tenth of a game's propagations, with causes on.
        same_effects: dict[str, SectorFlow] | None = None
        stock_was: tuple = ()
        for k, flows, was_lean in self._recent:
            if (lean or not was_lean) and _same(k[0], key[0]) and all(s in flows for s in want):
                if k[1] == key[1]:
                    return flows
                if same_effects is None:
                    same_effects, stock_was = flows, k[1]
        if same_effects is not None and _stock_moves_unread(self.scn, same_effects, stockpile,
                                                            stock_was, key[1]):
            self._recent.insert(0, (key, same_effects, lean))
            del self._recent[4:]
            return same_effects
        shared: dict | None = self.scn.cache.get(SHARED_PROPAGATIONS)
        skey = None
        hit = None
        if shared is not None:
            # effects by identity (hashing them by value walks every field, which costs most
            # of what is saved); the entry holds them, so no id is reused while it is there
            skey = (tuple([(id(e), s, a) for e, s, a in key[0]]), key[1], sectors, lean)
            hit = shared.get(skey)
        if hit is not None:
            flows = hit[1]
        else:
            if extra:
                mods = self._folded(key[0], extra, self._folded(base, active))
            else:
                mods = self._folded(key[0], active)
            flows = propagate_all(self.scn, mods, stockpile, sectors, lean)
            if shared is not None:
                if len(shared) >= 4096:  # bounded: one decision's futures, not a batch
                    shared.clear()
                shared[skey] = (key[0], flows)
        self._recent.insert(0, (key, flows, lean))
        del self._recent[4:]
        return flows

    def _folded(self, effects: tuple, active: list[ActiveEffect], onto: Mods | None = None) -> Mods:
        """`active` folded (network.fold_effects), reused from a recent fold of the same
        `effects` (what the fold reads of them: `_effects_read`); folded onto a copy of `onto`
        when given, the fold of the effects in force before them (the same numbers as folding
        all of them at once: a fold adds each effect in turn). Without `onto`, a recent fold
        of the first of `effects` serves as one."""
        for k, mods in self._folds:
            if _same(k, effects):
                return mods
        n = 0
        if onto is None:
            # A recent fold of these effects' first ones (a step adds effects at the end: a
            # shock's, a card's): only the rest is folded, onto a copy of it.
            for k, mods in self._folds:
                m = len(k)
                if n < m < len(effects) and effects[m - 1] == k[m - 1] and effects[:m] == k:
                    n, onto = m, mods
        # the effects `effects` reads, in its order (the first n folded already)
        folded = propagated_effects(active, self.scn.sectors)
        mods = fold_effects(self.scn.world, folded[n:] if n else folded, self.state.round, onto)
        self._folds.insert(0, (effects, mods))
        del self._folds[4:]
        return mods

    def mods(self) -> Mods:
        """The fold of the effects in force as the state stands, reused from a recent fold
        (the last propagation's, most often)."""
        st = self.state
        return self._folded(_effects_read(st.active, st.round, self.scn.sectors), st.active)

    def accrue_goals(self) -> None:
        """The round just finished joins the average a deny goal is scored on: credit that move
        (and the score's) to the causes of the gap between that round's access and the average
        before it (goals.accrual), before anything else this round is measured."""
        scn, last = self.scn, dict(self.last)
        for t in scn.world.teams:
            setup = scn.teams[t]
            moves = goals.accrual(self.state, t, setup.goals, last[t]) if setup.goals else {}
            if not moves:
                continue
            before, after = last[t], dict(last[t])
            by_points: dict[Cause, float] = {}
            weight = {g.key: g.weight for g in setup.goals}
            for key, lst in moves.items():
                after[key] = before[key] + sums.total([v for _, v in lst])
                self.causes[t].setdefault(key, []).extend(lst)
                for c, v in lst:  # a deny part falls as the average access rises
                    by_points[c] = by_points.get(c, 0.0) - weight[key] * v
            res0 = self.state.baseline_resilience.get(t, after["resilience"])
            after["score"] = score(setup, after["resilience"], after["prosperity"], res0,
                                   goals.points(scn, setup.goals, after))
            d = after["score"] - before["score"]
            total = sums.total(by_points.values())
            if abs(d) > 1e-12:
                credits = ([(c, d * w / total) for c, w in by_points.items()] if abs(total) > 1e-12
                           else [(routine(ROUNDING), d)])
                self.causes[t].setdefault("score", []).extend(credits)
            last[t] = after
        self.last = last

    def forget_flows(self) -> None:
        """An effect changed in place (its age): nothing propagated or folded before is reused."""
        self._recent.clear()
        self._folds.clear()

    def step(self, cause: Cause, budgets_only: bool = False) -> None:
        self.split_step(lambda _team: [(cause, 1.0)], budgets_only)

    def moved(self, flows: dict[str, SectorFlow]) -> list[str] | None:
        """The teams whose indicators can have moved since the last step, when the flows are
        that step's (a step that only moved budgets): those whose budget or political capital
        did, as the flows and those are all of the state a step can move that a team's
        indicators read (scoring.evaluate), with relations for a relations goal, and the
        stockpiles (a step that moved only stock can keep the flows: `propagated`); None when
        any team's can have."""
        st, teams = self.state, self.scn.world.teams
        read = ({t: (st.teams[t].budget, st.teams[t].political_capital) for t in teams},
                tuple(st.relations.items()) if self._reads_relations else (), self._stock_read)
        was, self._evaluated = self._evaluated, (flows, *read)
        if was is None or was[0] is not flows or was[2] != read[1] or was[3] != read[2]:
            return None
        return [t for t in teams if read[0][t] != was[1][t]]

    def split_step(self, weights_for, budgets_only: bool = False) -> None:
        """Credit each team's change since the last step to `weights_for(team)`, a list of
        (cause, weight) shared in proportion to the weights. `budgets_only`: the step moved
        budgets and political capital and nothing else (the round's payments and income), so
        the flows are the last step's, taken without asking `propagated` (whose key reads
        every effect in force and every stockpile)."""
        if not self.explain:
            return
        was = self._evaluated
        st = self.state
        flows = was[0] if budgets_only and was is not None else self.flows()
        moved: Sequence[str] | None = self.moved(flows)
        if moved is None:
            moved = self.scn.world.teams
            now = evaluate(self.scn, st, st.baseline_revenue, flows)[0]
        else:  # the others' indicators are as they were
            now = dict(self.last)
            now.update(evaluate(self.scn, st, st.baseline_revenue, flows, moved)[0])
        for t in moved:
            before, after, into = self.last[t], now[t], self.causes[t]
            weights = None
            for k, v in after.items():
                d = v - before.get(k, 0.0)
                if d > 1e-9 or d < -1e-9:
                    if weights is None:
                        weights = weights_for(t)
                    into.setdefault(k, []).extend(split(d, weights))
        self.last = now


def _inputs(active: list[ActiveEffect], stockpile: dict[str, dict[str, float]], rnd: int,
            sectors: tuple[str, ...]) -> tuple:
    """What propagation reads of a state: the effects it folds, in order (sourcing shifts
    apply in order; sums add up in order), each with what its folding depends on, and the
    stockpiles. Effects are compared as objects: resolved effects are shared (`_resolved`),
    so the same effect compares by identity, fast, and held in the key it cannot be freed and
    its id reused."""
    return (_effects_read(active, rnd, sectors), _stock_read(stockpile))


def _effects_read(active: list[ActiveEffect], rnd: int, sectors: tuple[str, ...]) -> tuple:
    """The part of `_inputs` a fold reads: the effects in force, in order, each with what its
    folding depends on. Of `a + b`, it is `a`'s followed by `b`'s. Only effects on the
    scenario's `sectors`: propagation reads nothing else (a card of the world's battery deck
    acts on no sector of a chip scenario), so a step that brings in only such an effect
    propagates nothing again, and no fold adds them up (an eighth of the effects in force in
    a default game, with causes on)."""
    # lists, not generators: called before every propagation, and a generator's frames cost
    # the pure build more than the tuples they fill
    # `_read`, written out: this runs for every effect before every propagation asked for,
    # and the call cost about a tenth of a per cent of a game, compiled
    return tuple([(ae.effect, ae.structural, leak_age(ae, rnd) if ae.effect.kind == "trade" else 0)
                  for ae in active
                  if ae.on and ae.effect.kind in PROPAGATED and ae.effect.sector in sectors])


def _read(ae: ActiveEffect, sectors: tuple[str, ...]) -> bool:
    """Whether propagation reads an effect: on, of a kind it folds, and on one of the
    scenario's `sectors` (what `_effects_read` keys and every fold folds)."""
    return ae.on and ae.effect.kind in PROPAGATED and ae.effect.sector in sectors


def propagated_effects(active: list[ActiveEffect], sectors: tuple[str, ...]) -> list[ActiveEffect]:
    """The effects in force that propagation reads (`_read`), in order."""
    return [ae for ae in active if _read(ae, sectors)]


def _same(a: tuple, b: tuple) -> bool:
    """`a == b` for two `_effects_read` tuples, the last effects compared first: a step adds
    its effects at the end, so most that differ differ there, where `==` compares every
    effect before it (a few thousand instructions, on every propagation asked for)."""
    n = len(a)
    if n != len(b):
        return False
    if n and a[n - 1] != b[n - 1]:
        return False
    return a == b


def _stock_moves_unread(scn: Scenario, flows: dict[str, SectorFlow],
                        stockpile: dict[str, dict[str, float]], was: tuple, now: tuple) -> bool:
    """Whether `flows`, propagated with the stock `was` reads (`_stock_read` of `stockpile`
    then), are what the stock `now` reads gives, the effects the same: every actor whose stock
    moved reads none of it (network.stock_unread), or is in a sector not propagated."""
    if len(was) != len(now):
        return False
    for sector, old, new in zip(stockpile, was, now, strict=True):
        if old == new:
            continue
        if len(old) != len(new):
            return False  # an actor's first stock in the sector: compared no further
        flow = flows.get(sector)
        for (a0, v0), (a1, v1) in zip(old, new, strict=True):
            if a0 != a1:
                return False
            if v0 != v1 and flow is not None and not stock_unread(scn, sector, flow, a1, v0, v1):
                return False
    return True


def _stock_read(stockpile: dict[str, dict[str, float]]) -> tuple:
    return tuple([tuple(p.items()) for p in stockpile.values()])


def adjudicate(scn: Scenario, state: GameState, explain: bool = True) -> RoundRecord:
    r = state.round
    prev = state.indicators
    wf = _Waterfall(scn, state, explain)
    if explain:
        wf.accrue_goals()
    everyone = merge_weights(cw for lst in state.carry.values() for cw in lst)
    aging = _leak_aging(state) if explain else []
    for ae in aging:  # measured as last round first: the carry-over alone, then each cut's
        ae.start += 1  # one more round of leakage, credited to the cut's card or shock
    wf.split_step(lambda t: state.carry.get(t) or everyone)
    state.carry = {}
    for cause in dict.fromkeys(ae.cause for ae in aging):
        for ae in aging:
            if ae.cause == cause:
                ae.start -= 1
        wf.forget_flows()
        wf.step(cause)

    # 1-2. expiries and landings, one cause at a time: each cause's effects switch, then
    # the change is measured and credited to it (switching them all first would credit the
    # whole round's expiries and landings to whichever cause was measured first)
    ending: dict[Cause, list] = {}
    landing: dict[Cause, list] = {}
    for ae in state.active:
        if ae.on and ae.end is not None and ae.end <= r:
            ending.setdefault(ae.cause, []).append(ae)
        elif not ae.on and ae.start == r:
            landing.setdefault(ae.cause, []).append(ae)
    gone: set[int] = set()
    for cause, switching in ending.items():
        for ae in switching:
            ae.on = False
            gone.add(id(ae))  # gone for good
        if explain:
            state.active = [ae for ae in state.active if id(ae) not in gone]
        wf.step(cause)
    for cause, switching in landing.items():
        for ae in switching:
            if ae.effect.kind in INSTANT_KINDS:
                _apply_instant(scn, state, ae.effect)
                gone.add(id(ae))
            else:
                ae.on = True
        if explain:
            state.active = [ae for ae in state.active if id(ae) not in gone]
        wf.step(cause)
    if gone:
        state.active = [ae for ae in state.active if id(ae) not in gone]

    # 3. shocks
    shock_log = []
    for hit in state.shocks.get(r, []):
        shock = shock_by_id(scn, state, hit.shock_id)
        eff = _shock_effects(scn, shock)
        cause = hit_cause(hit, r)
        warned = _pre_position(scn, state, shock, eff, hit.target, cause, wf)
        _bring_in(scn, state, eff, cause, r, False, hit.target, ())
        _anticipate(scn, state, eff, cause, hit.target, (), None, wf)
        shock_log.append(
            {"id": hit.shock_id, "title": shock.title, "origin": hit.origin, "note": hit.note,
             "severity": shock.severity, "duration": shock.duration, "by": hit.by,
             "target": hit.target, "warned": warned}
        )
        wf.step(cause)

    # 4. cards
    teams = scn.world.teams
    plays: dict[str, list[str]] = {t: [] for t in teams}
    refused: dict[str, list[dict]] = {t: [] for t in teams}
    outcomes = state.retaliation.get(r, [])
    joint_done: dict[str, Cause] = {}
    for team in teams:
        ts = state.teams[team]
        for cid in ts.commit or ():
            card = scn.cards[cid]
            why = joint_refusal(scn, state, team, card)
            if why:
                refused[team].append({"card": cid, "reason": why})
                continue
            _spend(state, team, card.cost, [(Cause("card", cid, team, r), 1.0)], explain)
            ts.political_capital -= card.political_capital
            ts.played[cid] = ts.played.get(cid, 0) + 1
            plays[team].append(cid)
            if card.joint:
                done = joint_done.get(cid)
                if done is None:  # the first partner in resolution order brings it in, once
                    cause = joint_done[cid] = Cause("card", cid, team, r)
                    _bring_in(scn, state, card.effects, cause, r, True, card.partners, card.partners)
                    _anticipate(scn, state, card.effects, cause, card.partners, card.partners, plays, wf)
                else:
                    cause = done
            else:
                cause = Cause("card", cid, team, r)
                _bring_in(scn, state, card.effects, cause, r, True, team, card.partners)
                _anticipate(scn, state, card.effects, cause, team, card.partners, plays, wf)
            wf.step(cause)
    for o in outcomes:
        if o["hit"] and r < scn.rounds:
            note = f"{o['by']} answers {o['team']}'s {scn.cards[o['card']].title}"
            hit = ShockHit(o["shock"], "retaliation", note, target=o["team"], by=o["by"])
            state.shocks.setdefault(r + 1, []).append(hit)

    # 5. budgets: price spikes paid by importers, per-round flows, then income
    price_causes = merge_weights(
        (ae.cause, abs(ae.effect.change)) for ae in state.active if ae.on and ae.effect.kind == "price"
    )
    if price_causes:
        flows = wf.flows()  # budgets do not move flows
        for f in flows.values():
            for team, bill in f.import_bill.items():
                if bill > 0.0 and team in state.teams:
                    _spend(state, team, bill * PRICE_BUDGET_PER_VALUE, price_causes, explain)
        wf.split_step(lambda _team: price_causes, budgets_only=True)
    flows_by_cause: dict[Cause, list[Effect]] = {}
    for ae in state.active:
        if ae.on and ae.effect.kind == "budget":
            flows_by_cause.setdefault(ae.cause, []).append(ae.effect)
    for cause, effects in flows_by_cause.items():
        for e in effects:
            for a in e.actors:
                if a in state.teams:
                    if e.units < 0.0:
                        _spend(state, a, -e.units, [(cause, 1.0)], explain)
                    else:
                        state.teams[a].budget += e.units
        wf.step(cause, budgets_only=True)
    # income first pays back what the team spent (credited to what spent it), then is routine:
    # two steps, so a budget back at its cap is not half-credited to routine
    after_income = {t: state.teams[t].budget + scn.teams[t].income for t in teams}
    if explain:  # the intermediate budget exists only to be measured
        repaid = {t: _earn(state, t, scn.teams[t].income) for t in teams}
        for team in teams:
            state.teams[team].budget += sums.total([v for _, v in repaid[team]])
        wf.split_step(lambda t: repaid[t] or [(routine(INCOME), 1.0)], budgets_only=True)
    for team in teams:
        state.teams[team].budget = after_income[team]
        state.teams[team].political_capital += scn.teams[team].political_income
    wf.step(routine(INCOME), budgets_only=True)

    # 6. supply, then stockpiles drawn to cover the gaps and refilled at a cost
    final, flows, _ = evaluate(scn, state, state.baseline_revenue, wf.flows())
    causes = wf.causes
    if explain:
        _credit_remainder(prev, final, causes)
        for t in teams:
            for k, lst in causes[t].items():
                causes[t][k] = _merged(lst)
    network = network_summary(scn, flows) if explain else {}
    gaps = _gap_causes(scn, state, flows, wf) if explain else {}
    for sector, f in flows.items():
        pile = state.stockpile[sector]
        for a, used in f.stock_used.items():
            if used > 0.0:
                before = pile.get(a, 0.0)
                pile[a] = max(0.0, before - used * scn.round_days)
                if explain:
                    _owe(state, sector, a, before - pile[a], gaps.get((sector, a), ()))
        if explain:
            for (s, a), weights in gaps.items():
                if s == sector:
                    need = f.shortfall(a, scn.world.sectors[sector].gating_names)
                    state.carry.setdefault(a, []).extend(
                        (c, w * need * scn.round_days) for c, w in weights)
        for t in teams:
            if t in f.supply_met:
                streak = state.shortfall_streak[t]
                streak[sector] = streak.get(sector, 0) + 1 if f.supply_met[t] < 0.95 else 0
    _refill(scn, state, flows, explain)
    if explain:
        state.carry = {a: merge_weights(v) for a, v in state.carry.items()}
    deltas: dict[str, dict[str, float]] = {}
    for t in teams:  # the team's dict looked up once, not once per indicator
        was = prev[t]
        deltas[t] = {k: v - was.get(k, 0.0) for k, v in final[t].items()}
    state.indicators = final
    rec = RoundRecord(
        round=r, shocks=shock_log, plays=plays, refused=refused, chance=list(outcomes),
        indicators=final, deltas=deltas, causes=causes, network=network,
        ended=list(ending), landed=list(landing),
    )
    state.history.append(rec)
    for t in teams:
        state.teams[t].commit = None
    return rec


def _merged(credits: list[tuple[Cause, float]]) -> list[tuple[Cause, float]]:
    """One entry per cause per indicator per round, in the order causes first acted."""
    if len(credits) == 1:  # most indicators move once a round: nothing to add up
        v = credits[0][1]
        return [credits[0]] if v > 1e-9 or v < -1e-9 else []
    # A list of a handful of distinct causes, each credited a few times: found by a scan that
    # compares the cached hashes first (a dict hashes and boxes on every credit, and was ~4%
    # of a game with causes on). Equal causes made apart (a card's cost and its effects) merge.
    causes: list[Cause] = []
    values: list[float] = []
    for c, v in credits:
        h = c._hash
        k = 0
        m = len(causes)
        while k < m:
            o = causes[k]
            if o is c or (o._hash == h and o == c):
                break
            k += 1
        if k < m:
            values[k] = values[k] + v
        else:
            causes.append(c)
            values.append(v)
    out = []
    for k in range(len(causes)):
        v = values[k]
        if v > 1e-9 or v < -1e-9:
            out.append((causes[k], v))
    return out


# ---------------------------------------------------------------- early warning ---------
def _warnings(scn: Scenario, state: GameState) -> dict[str, tuple[float, Cause]]:
    """Team -> (how much of a coming gap its early-warning link pre-positions, the card)."""
    out: dict[str, tuple[float, Cause]] = {}
    for ae in state.active:
        if ae.on and ae.effect.kind == "early_warning":
            for a in ae.effect.actors:
                if a in scn.teams and ae.effect.change > out.get(a, (0.0, None))[0]:
                    out[a] = (ae.effect.change, ae.cause)
    return out


def _gaps(scn: Scenario, state: GameState, probe: list[ActiveEffect], sectors: tuple[str, ...], actors,
          wf: _Waterfall) -> dict[str, dict[str, float]] | None:
    """Sector -> actor -> how much more of its demand its suppliers would fail to deliver with
    the `probe` effects in force than without (only `actors` are asked about): a propagation
    with the probe and one without. None when none of `actors` would be short with the probe
    in force: a gap is at most the shortfall after it, so the second propagation is skipped
    (most probes, as most shocks leave most teams supplied)."""
    # with causes on, the probe's flows are the next step's (what its credit is measured on),
    # so they are made whole; with causes off nothing reads them but the probe: access only
    lean = not wf.explain
    after = _needs(scn, state, state.active + probe, sectors,
                   wf.propagated(state.active, state.stockpile, sectors, lean, extra=probe), actors)
    if not any(after[sec].get(a, 0.0) > 1e-9 for sec in sectors for a in actors):
        return None
    before = _needs(scn, state, state.active, sectors,
                    wf.propagated(state.active, state.stockpile, sectors, lean), actors)
    return {sec: {a: v - before[sec].get(a, 0.0) for a, v in after[sec].items()}
            for sec in sectors}


def _needs(scn: Scenario, state: GameState, active: list[ActiveEffect],
           sectors: tuple[str, ...] | None = None, flows: dict[str, SectorFlow] | None = None,
           asked: Iterable[str] | None = None) -> dict[str, dict[str, float]]:
    """Sector -> actor -> share of its demand its suppliers fail to deliver (before stock),
    for `sectors` (all by default), from `flows` when the caller already has them; only for
    the buyers among `asked` when given (a probe reads no one else's). A shortfall reads
    access only, so a propagation made here is lean (network.propagate): the leave-one-out
    test (`_gap_causes`) makes one per cause in force every round, with causes on."""
    if flows is None:
        flows = propagate_all(scn, fold_effects(scn.world, active, state.round), state.stockpile,
                              sectors, lean=True)
    out = {}
    for sector in sectors or scn.sectors:
        f = flows[sector]
        gating = scn.world.sectors[sector].gating_names
        out[sector] = (f.shortfalls(gating) if asked is None
                       else {a: f.shortfall(a, gating) for a in asked if f.buys(a)})
    return out


def _pre_position(scn: Scenario, state: GameState, shock, effects, target, cause: Cause, wf) -> list[str]:
    """Teams warned of this shock buy stock against the gap it is about to open in their own
    supply: soften x that gap, in days of a round, at the price of stock. A shock that does not
    cut a team's supply earns it nothing; a team that cannot pay buys what it can afford."""
    warnings = _warnings(scn, state)
    if not warnings:
        return []
    # the shock as it will be in force (a price spike too: it moves no supply, but with it the
    # probe reads what the next step reads, and its propagation is reused there)
    probe = [ActiveEffect(_resolved(scn, e, target), cause, state.round, None, False, on=True)
             for e in effects if e.kind in PROPAGATED and e.lag == 0]
    # a shock that moves no flow (a price spike, strained relations) cuts nobody's supply
    # (or of a sector it needs inputs from)
    sectors = tuple(sec for sec in scn.sectors if any(
        p.effect.kind in FLOW_KINDS and (p.effect.sector is None
                                         or p.effect.sector in scn.world.with_inputs((sec,)))
        for p in probe))
    if not sectors:
        return []
    # what each warned team has left after the cards it committed this round; a team that
    # cannot pay, or whose stock is full, buys nothing whatever the gap: when no warned team
    # could buy, the probe is not run at all
    spares = {}
    for team in warnings:
        ts = state.teams[team]
        spare = ts.budget - sum(scn.cards[c].cost for c in ts.commit or () if c in scn.cards)
        if spare / STOCK_COST_PER_DAY > 1e-9 and any(
                MAX_STOCKPILE_DAYS - state.stockpile[sec].get(team, 0.0) > 1e-9 for sec in sectors):
            spares[team] = spare
    gaps = _gaps(scn, state, probe, sectors, spares, wf) if spares else None
    if gaps is None:
        return []
    warned = []
    for team, (soften, ew_cause) in sorted(warnings.items(), key=lambda kv: scn.world.teams.index(kv[0])):
        if team not in spares:
            continue
        left: float | None = spares[team]
        bought = False
        for sector in sectors:
            gap = gaps[sector].get(team, 0.0)
            if gap > 1e-9:
                days, left = _stock_up(state, team, sector, soften * gap * scn.round_days,
                                       left, ew_cause, wf.explain)
                bought = bought or days > 0.0
        if bought:
            warned.append(team)
            wf.step(ew_cause)
    return warned


# ---------------------------------------------------------------- announced controls ----
def _anticipate(scn: Scenario, state: GameState, effects, cause: Cause, me, partners, plays, wf: _Waterfall) -> None:
    """Importers of an announced control (`announced` on a lagged trade cut) stock up against
    the gap it will open when it lands: ANTICIPATION x that gap, in days of a round, at the
    price of stock. A team pays from what its commits this round leave it, and the purchase is
    owed to the card or shock that announced the control (a non-player actor's stock costs no
    one a budget). The gap is measured as if the cut landed now, with the re-sourcing the
    announcement will have allowed by then (network.leak_age)."""
    probe = [ActiveEffect(_resolved(scn, e, me, partners), cause, state.round, None,
                          True, on=True)
             for e in effects if e.announced and e.kind == "trade" and e.lag > 0]
    if not probe:
        return
    sectors = tuple(sec for sec in scn.sectors if any(p.effect.sector == sec for p in probe))
    if not sectors:
        return
    importers = [a for a in scn.world.actor_ids if any(a in p.effect.importers for p in probe)]
    gaps = _gaps(scn, state, probe, sectors, importers, wf)
    if gaps is None:
        return
    for a in importers:
        ts = state.teams.get(a)
        spare = None
        if ts is not None:  # what the team's commits still to resolve this round leave it
            done = (plays or {}).get(a, ())
            spare = ts.budget - sum(scn.cards[c].cost for c in ts.commit or ()
                                    if c in scn.cards and c not in done)
        for sector in sectors:
            gap = gaps[sector].get(a, 0.0)
            if gap > 1e-9:
                _, spare = _stock_up(state, a, sector, ANTICIPATION * gap * scn.round_days,
                                     spare, cause, wf.explain)


def _stock_up(state: GameState, actor: str, sector: str, days: float, spare: float | None,
              cause: Cause, explain: bool) -> tuple[float, float | None]:
    """`actor` buys up to `days` of stock in `sector` against a gap it expects: no more than
    the pile has room for (MAX_STOCKPILE_DAYS) and, for a team (`spare`, its budget left this
    round; None for a non-player actor, which pays no one), than it can pay at
    STOCK_COST_PER_DAY. The spending is owed to `cause` (the early-warning card, or the card or
    shock that announced a control). Returns (days bought, spare left)."""
    pile = state.stockpile[sector]
    days = min(days, MAX_STOCKPILE_DAYS - pile.get(actor, 0.0))
    if spare is not None:
        days = min(days, spare / STOCK_COST_PER_DAY)
    if days <= 1e-9:
        return 0.0, spare
    pile[actor] = pile.get(actor, 0.0) + days
    if spare is not None:
        spare -= days * STOCK_COST_PER_DAY
        _spend(state, actor, days * STOCK_COST_PER_DAY, [(cause, 1.0)], explain)
    return days, spare


def _leak_aging(state: GameState) -> list[ActiveEffect]:
    """The trade cuts whose leakage grows this round (buyers re-source a further share for each
    round a cut stands): the change that growth makes at the start of a round is theirs, not
    the stock carried over from last round's drawdowns."""
    r = state.round
    return [ae for ae in state.active if ae.on and ae.effect.kind == "trade"
            and (age := leak_age(ae, r)) >= 1 and (age - 1) * LEAK_PER_ROUND < 1.0]


# ---------------------------------------------------------------- stock ledger ----------
def _gap_causes(scn: Scenario, state: GameState, flows: dict[str, SectorFlow],
                wf: _Waterfall) -> dict[tuple[str, str], list[tuple[Cause, float]]]:
    """(sector, actor) -> [(cause, share)] for every actor short of supply: which active card or
    shock opened the gap. A cause's weight is how much the gap shrinks when it alone is taken
    out; a gap the scenario starts with is `routine: baseline`. Shares sum to 1."""
    short = {(s, a): v for s, f in flows.items()
             for a, v in f.shortfalls(scn.world.sectors[s].gating_names).items()}
    short = {k: v for k, v in short.items() if v > 1e-9}
    if not short:
        return {}
    short_sectors = scn.world.with_inputs({sec for sec, _ in short})  # and what feeds them
    # cause -> its place in `groups`: looked up in a dict, once per effect, where comparing
    # every effect's cause with every group's (causes compare by value) took a few % of a game
    index: dict[Cause, int] = {}
    for ae in state.active:
        if ae.on and ae.cause not in index and _could_open_gap(ae, short_sectors):
            index[ae.cause] = len(index)
    groups = list(index)
    asked = tuple(sec for sec in scn.sectors if any(s == sec for s, _ in short))
    calm = _needs(scn, state, [], asked)
    # each leave-one-out fold shares the stages the cause does not act on with `full`, and
    # the stages before the first it acts on are taken from `flows` (network.propagate)
    full = wf.mods()
    like = (full, flows) if full is not None else None  # None: the tests' plain path
    without = {c: _needs(scn, state, [], asked,
                         propagate_all(scn, mods, state.stockpile, asked, lean=True, like=like))
               for c, mods in zip(groups, _folds_without(scn, state, index, full), strict=True)}
    out = {}
    for (s, a), need in short.items():
        base = min(need, calm[s].get(a, 0.0))
        made = need - base
        marg = [(c, max(0.0, need - without[c][s].get(a, 0.0))) for c in groups]
        total = sums.total([w for _, w in marg])
        if total <= 1e-12:
            marg, total = [(c, 1.0) for c in groups], float(len(groups))
        weights = [(c, made * w / total / need) for c, w in marg if w > 0.0] if total else []
        if base > 1e-9 or not weights:
            weights.append((routine(BASELINE), (base if weights else need) / need))
        out[(s, a)] = weights
    return out


def _folds_without(scn: Scenario, state: GameState, index: dict[Cause, int],
                   full: Mods | None = None) -> list[Mods]:
    """For each cause of `index` (cause -> its place), in that order: the effects in force
    folded without that cause's, for the leave-one-out test. The same Mods as
    `fold_effects(everything but the cause's effects)`, made cheaper: a stage's mods add up
    only the effects on that stage, so without a cause only the stages (and the sectors'
    demand) its effects act on differ from the fold of everything in force, `full` (folded
    here if not given). Each fold shares the other stages' mods with `full` and folds again
    only the cause's own stages, from the effects on them (network.fold_stage): a cause acts
    on one stage or two of five, and folding all of the effects in force after a cause's
    first one, for every cause, was a quarter of the test's cost. Sharing the untouched stages'
    mods also lets a propagation see, by identity, where its stages start to differ.

    Effects of sectors the scenario does not model are left out: propagation never reads
    them (it reads only the scenario's sectors' stages and demand)."""
    world, rnd = scn.world, state.round
    folded = propagated_effects(state.active, scn.sectors)
    if full is None:
        full = fold_effects(world, folded, rnd)
    # where each effect acts, worked out once: stage key (the world's own tuple) or demand
    # sector -> the effects' places in `folded`, in order; and each cause's effects' places
    at: dict[tuple[str, ...], list[int]] = {}
    at_demand: dict[str, list[int]] = {}
    places: list[list[int]] = [[] for _ in index]
    for p, ae in enumerate(folded):
        e = ae.effect
        if e.kind == "demand":
            _place(at_demand, cast(str, e.sector), p)
        else:
            for key in effect_keys(world, e):
                _place(at, key, p)
        i = index.get(ae.cause, -1)
        if i >= 0:
            places[i].append(p)
    out = []
    for i in range(len(index)):
        mine = places[i]
        m = Mods()
        m.stages = dict(full.stages)
        m.demand = dict(full.demand)
        for key, there in at.items():
            if _shares(there, mine):
                sm = fold_stage(world, [folded[q] for q in there if not listed(mine, q)], rnd)
                if sm is None:
                    del m.stages[key]
                else:
                    m.stages[key] = sm
        for sector, there in at_demand.items():
            if _shares(there, mine):
                d = fold_demand([folded[q] for q in there if not listed(mine, q)])
                if d is None:
                    del m.demand[sector]
                else:
                    m.demand[sector] = d
        out.append(m)
    return out


def _place(at: dict, key: object, p: int) -> None:
    there = at.get(key)
    if there is None:
        at[key] = [p]
    else:
        there.append(p)


def _shares(a: list[int], b: list[int]) -> bool:
    """Whether two short lists of places have one in common."""
    for x in a:
        if listed(b, x):
            return True
    return False


def _could_open_gap(ae: ActiveEffect, sectors) -> bool:
    """Whether an effect in force can make someone short: cuts, outages, demand spikes and
    sourcing shifts can; an investment that only adds capacity cannot, so the (costly)
    leave-one-out test skips it."""
    e = ae.effect
    if e.kind not in FLOW_KINDS or (e.sector is not None and e.sector not in sectors):
        return False
    if e.kind == "capacity":
        return not ae.structural or e.change < 0.0 or e.units < 0.0
    if e.kind == "demand":
        return e.change > 0.0
    return True


def _owe(state: GameState, sector: str, actor: str, days: float, weights) -> None:
    """Record `days` of stock drawn by `actor`, owed to the causes of its gap."""
    if days <= 0.0:
        return
    debt = state.stock_debt.setdefault(sector, {}).setdefault(actor, {})
    for c, w in weights or [(routine(BASELINE), 1.0)]:
        debt[c] = debt.get(c, 0.0) + days * w


def _refill(scn: Scenario, state: GameState, flows: dict[str, SectorFlow], explain: bool) -> None:
    """Stock below its target is bought back, at most `refill_days` a round, at a price; the
    refill is charged to the causes that drew the stock down, in proportion to what each
    drew.

    Only in a round when the actor's suppliers deliver its whole order in that sector (within
    `REFILL_SHORTFALL`): stock bought from a market that is short would be taken from someone
    else's supply, and a pile drawn and refilled in the same round would hide the drawdown
    from the players (the stock would read "unchanged" through the whole shortage)."""
    for sector in scn.sectors:
        pile = state.stockpile[sector]
        start = scn.stockpile_days.get(sector, {})
        flow = flows.get(sector)
        gating = scn.world.sectors[sector].gating_names
        for a in scn.world.actor_ids:
            if flow is not None and flow.shortfall(a, gating) > REFILL_SHORTFALL:
                continue
            setup = scn.teams.get(a)
            if setup is not None:
                target = start.get(a, 0.0) if setup.stock_target_days is None else setup.stock_target_days
                rate = setup.refill_days
            else:
                target, rate = start.get(a, 0.0), NON_PLAYER_REFILL_DAYS
            have = pile.get(a, 0.0)
            days = min(rate, target - have)
            if days <= 1e-9:
                continue
            if setup is not None:
                days = min(days, state.teams[a].budget / STOCK_COST_PER_DAY)
                if days <= 1e-9:
                    continue
            pile[a] = have + days
            paid_for = _repay(state, sector, a, days) if explain else []
            if setup is not None:
                _spend(state, a, days * STOCK_COST_PER_DAY, paid_for, explain)


def _repay(state: GameState, sector: str, actor: str, days: float) -> list[tuple[Cause, float]]:
    """Refilling `days` pays back the causes that drew the stock, in proportion to what each
    drew; anything beyond the debt is routine restocking. Returns who the days are for."""
    debt = state.stock_debt.get(sector, {}).get(actor, {})
    out = _pay_back(debt, days)
    rest = days - sums.total([v for _, v in out])
    if rest > 1e-9:
        out.append((routine(RESTOCK), rest))
    state.carry.setdefault(actor, []).extend(out)
    return out


def _pay_back(debt: dict[Cause, float], amount: float) -> list[tuple[Cause, float]]:
    """Reduce `debt` (cause -> owed) by up to `amount`, each cause in proportion to what it is
    owed; returns what each cause got back. The one rule both ledgers (stock and budget) use."""
    owed = sums.total(debt.values())
    paid = min(amount, owed)
    out: list[tuple[Cause, float]] = []
    if paid > 0.0:
        for c in list(debt):
            part = paid * debt[c] / owed
            out.append((c, part))
            debt[c] -= part
            if debt[c] <= 1e-9:
                del debt[c]
    return out


# ---------------------------------------------------------------- budget ledger ---------
def _spend(state: GameState, team: str, amount: float, weights, explain: bool) -> None:
    """Take `amount` from a team's budget (never below zero), owed to `weights`' causes: the
    income that later refills the budget is credited back to what spent it, so a card's cost
    shows as what it really is, a dip that income repairs, not a loss plus a routine gain."""
    ts = state.teams[team]
    amount = min(amount, ts.budget) if amount > 0.0 else 0.0
    ts.budget -= amount
    if explain and amount > 0.0:
        debt = state.budget_debt.setdefault(team, {})
        total = sums.total([abs(w) for _, w in weights]) or 1.0
        for c, w in weights or [(routine(INCOME), 1.0)]:
            debt[c] = debt.get(c, 0.0) + amount * abs(w) / total


def _earn(state: GameState, team: str, amount: float) -> list[tuple[Cause, float]]:
    """The part of `amount` that pays back the team's spending, per cause in proportion."""
    return _pay_back(state.budget_debt.get(team, {}), amount)


def _credit_remainder(prev, final, causes) -> None:
    """Floating-point dust aside, steps add up exactly; anything left is named, not hidden."""
    for t in final:  # every team, in the world's order
        credited: dict[str, list[tuple[Cause, float]]] = causes[t]
        was = prev[t]
        for k, v in final[t].items():
            listed = 0.0  # sums.total's additions, written out: this adds every credit of
            for _, d in credited.get(k, []):  # the round, with causes on
                listed += d
            rest = (v - was.get(k, 0.0)) - listed
            if rest > 1e-6 or rest < -1e-6:
                credited.setdefault(k, []).append((routine(ROUNDING), rest))


def network_summary(scn: Scenario, flows: dict[str, SectorFlow]) -> dict:
    """Per sector, stage and actor, as the round left them: capacity now (after investment,
    outages and missing inputs), the share of orders a supplier failed to deliver, and the share
    of its own needs a buyer did not get (before stockpiles): the heat map's numbers."""
    out: dict[str, dict[str, dict[str, dict[str, float]]]] = {}
    actors = scn.world.actor_ids
    for sector, f in flows.items():
        out[sector] = {}
        for k, stage in enumerate(scn.world.sectors[sector].stage_names):
            arrays = f.stage_arrays(k)
            if arrays is not None:  # by index: the same figures as by name below
                cap, rat, acc = arrays
                out[sector][stage] = {
                    actors[j]: {
                        "capacity": round4(cap[j]),
                        "undelivered": round4(1.0 - rat[j]),
                        "unmet": round4(1.0 - acc[j]) if f.buys(actors[j]) else 0.0,
                    }
                    for j in range(len(actors))
                }
                continue
            out[sector][stage] = {
                a: {
                    "capacity": round4(f.capacity.get(stage, {}).get(a, 0.0)),
                    "undelivered": round4(1.0 - f.ratio[stage].get(a, 1.0)),
                    "unmet": round4(1.0 - f.access[a].get(stage, 1.0)) if f.access[a] else 0.0,
                }
                for a in scn.world.actor_ids
            }
    return out
