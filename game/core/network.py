"""Supply propagation: who gets how much, stage by stage, this round.

The model in plain words (also in docs/model.md):

1. Each actor has a capacity at each stage. Investments (cards) change *structural* capacity;
   outages (shocks) *disrupt* it for a while without moving contracts.
2. Each buyer splits its purchases at a stage among suppliers. The split starts as the
   scenario says; a supplier that builds capacity wins customers in proportion to its existing
   ties ("ties x capacity"), a buyer always has a tie to its own industry, and sourcing cards
   move ties by hand.
3. A supplier can only produce if it has access to the stages its stage needs (a fab needs
   materials, equipment and designs). Its output is shared pro rata among everyone who ordered
   from it. A trade cut (export control, ban, blockade) stops a share of a flow entirely.
4. A buyer's access at a stage is the fraction of its order that arrives. Its stockpile tops
   up every stage's gap, up to stockpile days / round days. Supply met is the weakest gating
   stage after stockpiles: a sector runs at the level of its weakest link.
5. A stage may need a stage of another sector (a chip materials maker needs gallium). Sectors
   propagate in the world's order, inputs first, and a producer's access to the other
   sector's stage gates it exactly as its own sector's inputs do. A sector the scenario does
   not model does not gate: the scenario treats it as plentiful.
6. Capacity sited in one actor may be owned by another (a Korean fab in China). The site's
   shocks, cuts and inputs decide what it makes; the owner earns the value it adds.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from .world import World

if TYPE_CHECKING:  # annotations only: scenario.py and state.py import this module's users
    from .scenario import Scenario
    from .state import ActiveEffect

#: share of a cut flow a buyer re-sources elsewhere for each round the cut has stood (limited by
#: the spare capacity of suppliers who do not restrict it): a unilateral control leaks
LEAK_PER_ROUND = 0.25
#: the effect kinds `fold_effects` reads; adjudication reuses a propagation while the effects of
#: these kinds in force are the same, so a kind read here must be listed here
FOLDED_KINDS = frozenset({"capacity", "trade", "demand", "price", "sourcing"})


@dataclass(slots=True)
class StageMods:
    """The active effects on one stage of one sector, folded into numbers."""

    cap_frac: dict[str, float] = field(default_factory=dict)  # structural, fraction of baseline
    cap_units: dict[str, float] = field(default_factory=dict)  # structural, absolute units
    disrupt: dict[str, float] = field(default_factory=dict)  # shocks, fraction of capacity
    cuts: dict[tuple[str, str], float] = field(default_factory=dict)  # (exporter, importer)
    #: (exporter, importer) -> share of the flow the importer has re-sourced elsewhere since
    #: the cut began (leakage: a control grows leakier each round it stands alone)
    leak: dict[tuple[str, str], float] = field(default_factory=dict)
    price: float = 0.0
    shifts: list[tuple] = field(default_factory=list)  # (buyer, away, towards, amount)

    def structure_key(self) -> tuple:
        """What the sourcing split depends on: investment and sourcing cards, not shocks."""
        if not self.cap_frac and not self.cap_units and not self.shifts:
            return ()
        return (tuple(sorted(self.cap_frac.items())), tuple(sorted(self.cap_units.items())),
                tuple(self.shifts))


@dataclass(slots=True)
class Mods:
    """Every active effect folded into the numbers propagation needs."""

    stages: dict[tuple[str, str], StageMods] = field(default_factory=dict)
    demand: dict[str, dict[str, float]] = field(default_factory=dict)  # sector -> actor -> change

    def stage(self, sector: str, stage: str) -> StageMods:
        key = (sector, stage)
        sm = self.stages.get(key)
        if sm is None:
            sm = self.stages[key] = StageMods()
        return sm


_NO_MODS = StageMods()


@dataclass(slots=True)
class SectorFlow:
    supply_met: dict[str, float]  # buyer -> 0..1 after stockpiles
    stock_used: dict[str, float]  # buyer -> fraction of a round's demand drawn from stock
    access: dict[str, dict[str, float]]  # buyer -> stage -> 0..1 before stockpiles
    ratio: dict[str, dict[str, float]]  # stage -> supplier -> share of orders delivered
    revenue: dict[str, float]  # supplier -> value delivered (price-weighted)
    import_bill: dict[str, float]  # buyer -> extra paid for price spikes
    concentration: dict[str, float]  # buyer -> mean HHI of its sourcing over gating stages
    shares: dict[str, dict[str, dict[str, float]]]  # stage -> buyer -> supplier -> share
    capacity: dict[str, dict[str, float]] = field(default_factory=dict)  # stage -> supplier -> now
    #: buyer -> stage -> 0..1 after stockpiles: what gates a producer that needs this stage
    covered: dict[str, dict[str, float]] = field(default_factory=dict)

    def shortfall(self, buyer: str, gating: tuple[str, ...]) -> float:
        """Share of the buyer's demand its suppliers fail to deliver at its weakest gating
        stage, before stock covers any of it: the gap a stockpile is drawn to fill."""
        acc = self.access.get(buyer)
        if not acc:
            return 0.0
        low = 1.0
        for g in gating:
            a = acc.get(g, 1.0)
            if a < low:
                low = a
        return 1.0 - low if low > 0.0 else 1.0


@dataclass(slots=True)
class ShareTable:
    """Structural capacity and who buys from whom at one stage. Depends only on investment and
    sourcing cards, so it is computed once per distinct structure and reused: across rounds,
    and across the thousands of games of a Monte Carlo batch."""

    struct: dict[str, float]  # actor -> structural capacity
    shares: dict[str, dict[str, float]]  # buyer -> supplier -> share
    hhi: dict[str, float]  # buyer -> Herfindahl index of its split
    ordered: dict[tuple, dict[str, float]] = field(default_factory=dict)  # demand key -> orders
    #: supplier -> ((buyer, share), ...): built when a supplier first falls short (rationing),
    #: as most tables never see one
    _buyers: dict[str, tuple[tuple[str, float], ...]] | None = None

    def buyers(self) -> dict[str, tuple[tuple[str, float], ...]]:
        b = self._buyers
        if b is None:
            lists: dict[str, list] = {sup: [] for sup in self.struct}
            for buyer, v in self.shares.items():  # in buyer order
                for sup, x in v.items():
                    got = lists.get(sup)
                    if got is not None:
                        got.append((buyer, x))
            b = self._buyers = {sup: tuple(lst) for sup, lst in lists.items()}
        return b


def structural_capacity(scn: Scenario, sm: StageMods, sector: str, stage: str) -> dict[str, float]:
    base = scn.capacity.get(sector, {}).get(stage, {})
    out = {}
    frac, units = sm.cap_frac, sm.cap_units
    for a in scn.world.actor_ids:
        v = base.get(a, 0.0) * (1.0 + frac.get(a, 0.0)) + units.get(a, 0.0)
        if v > 0.0:
            out[a] = v
    return out


def share_table(scn: Scenario, sm: StageMods, sector: str, stage: str) -> ShareTable:
    cache = scn.cache
    key = ("shares", sector, stage, sm.structure_key())
    tab = cache.get(key)
    if tab is None:
        if len(cache) > 50_000:  # bounded: a long batch must not grow without end
            cache.clear()
        struct = structural_capacity(scn, sm, sector, stage)
        shares = effective_shares(scn, sm.shifts, sector, stage, struct)
        hhi = {b: sum([x * x for x in v.values()]) for b, v in shares.items()}
        tab = ShareTable(struct=struct, shares=shares, hhi=hhi)
        cache[key] = tab
    return tab


def effective_shares(scn: Scenario, shifts: list[tuple], sector: str, stage: str,
                     struct: dict[str, float]) -> dict[str, dict[str, float]]:
    """Sourcing this round: ties x structural capacity, then sourcing cards in order."""
    out: dict[str, dict[str, float]] = {}
    for buyer, ties in _ties(scn, sector, stage):
        w: dict[str, float] = {}
        ties_sum = 0.0
        n = 0
        for s, tie in ties:
            cap = struct.get(s)
            if cap is not None:
                w[s] = tie * cap
                ties_sum += tie
                n += 1
        if buyer in struct and buyer not in w:
            # A buyer always has a tie to its own industry: new home capacity competes as
            # an average supplier would.
            tie = ties_sum / n if n else 1.0
            w[buyer] = tie * struct[buyer]
        if shifts:
            for b, away, towards, amount in shifts:
                if b == buyer:
                    _shift(w, away, towards, amount, struct)
        total = sum(w.values())
        out[buyer] = {s: v / total for s, v in w.items() if v > 0.0} if total > 0.0 else {}
    return out


def _ties(scn: Scenario, sector: str, stage: str) -> tuple[tuple[str, tuple[tuple[str, float], ...]], ...]:
    """Per buyer, its tie to each supplier the scenario gives it: the share of its purchases
    per unit of the supplier's starting capacity. Fixed for the scenario: worked out once."""
    key = ("ties", sector, stage)
    out = scn.cache.get(key)
    if out is None:
        base_cap = scn.capacity.get(sector, {}).get(stage, {})
        base_shares = scn.sourcing[sector][stage]
        rows = []
        for buyer in scn.world.actor_ids:
            ties = []
            for s, share in base_shares.get(buyer, {}).items():
                bc = base_cap.get(s, 0.0)
                if bc > 0.0:
                    ties.append((s, share / bc))
            rows.append((buyer, tuple(ties)))
        out = scn.cache[key] = tuple(rows)
    return out


def _shift(w: dict[str, float], away: tuple[str, ...], towards: tuple[str, ...], amount: float, struct: dict[str, float]) -> None:
    """Move `amount` of the weight on `away` (or on everyone not in `towards`) to `towards`,
    split by capacity; suppliers with no capacity at the stage cannot take orders."""
    takers = [t for t in towards if t in struct]
    donors = [s for s in w if (s in away if away else s not in takers)]
    moved = 0.0
    for s in donors:
        d = w[s] * amount
        w[s] -= d
        moved += d
    if moved <= 0.0:
        return
    if not takers:  # nobody named: the rest of the existing suppliers pick it up
        takers = [s for s in w if s not in away]
        if not takers:
            return
    cap_total = sum(struct[t] for t in takers)
    for t in takers:
        w[t] = w.get(t, 0.0) + moved * struct[t] / cap_total


def sector_demand(scn: Scenario, mods: Mods, sector: str) -> tuple[dict[str, float], tuple]:
    base = scn.demand.get(sector, {})
    changes = mods.demand.get(sector)
    if not changes:
        key = ("demand", sector)
        d = scn.cache.get(key)
        if d is None:
            d = scn.cache[key] = {a: v for a, v in base.items() if v > 0.0}
        return d, ()
    demand = {}
    for a, v in base.items():
        if v > 0.0:
            v *= max(0.0, 1.0 + changes.get(a, 0.0))
            if v > 0.0:
                demand[a] = v
    return demand, tuple(sorted(changes.items()))


def _modelled_needs(scn: Scenario, sector: str) -> dict[str, tuple[tuple[str, str], ...]]:
    """stage -> the stages of other sectors it needs that this scenario models (a sector it
    leaves out does not gate), memoised on the scenario."""
    key = ("needs", sector)
    out = scn.cache.get(key)
    if out is None:
        out = scn.cache[key] = {
            st.name: tuple(n for n in st.needs if n[0] in scn.sectors)
            for st in scn.world.sectors[sector].stages if st.needs}
    return out


def propagate(scn: Scenario, mods: Mods, sector: str, stockpile: dict[str, float],
              upstream: dict[str, SectorFlow] | None = None) -> SectorFlow:
    """One round of one sector. `stockpile` is days held per actor. `upstream` holds this
    round's flows of the sectors propagated before (scn.sectors is in propagation order): a
    stage that needs another sector's stage reads producers' access to it there."""
    world = scn.world
    sec = world.sectors[sector]
    actors = world.actor_ids
    round_days = float(scn.round_days)
    demand, dkey = sector_demand(scn, mods, sector)
    cover = {a: stockpile.get(a, 0.0) / round_days for a in demand}
    access: dict[str, dict[str, float]] = {a: {} for a in actors}
    covered: dict[str, dict[str, float]] = {a: {} for a in actors}
    ratio_all: dict[str, dict[str, float]] = {}
    caps_all: dict[str, dict[str, float]] = {}
    shares_all: dict[str, dict[str, dict[str, float]]] = {}
    hhi_sum = dict.fromkeys(demand, 0.0)
    revenue = dict.fromkeys(actors, 0.0)
    bill = dict.fromkeys(actors, 0.0)
    n_gating = 0
    needs_by_stage = _modelled_needs(scn, sector)  # memoised: empty when nothing gates
    owned_by_stage = scn.ownership.get(sector) if scn.ownership else None
    # this round's flows of upstream sectors; a stage that needs one and finds none raises below
    flows_in: dict[str, SectorFlow] = upstream if upstream is not None else {}
    for st in sec.stages:
        stage = st.name
        sm = mods.stages.get((sector, stage), _NO_MODS)
        tab = share_table(scn, sm, sector, stage)
        needs = needs_by_stage.get(stage) if needs_by_stage else None
        if needs:
            missing = [s2 for s2, _ in needs if upstream is None or s2 not in upstream]
            if missing:
                raise ValueError(f"{sector} needs this round's {missing[0]} flow: propagate the "
                                 f"sectors in scn.sectors order and pass them as `upstream`")
        shares_all[stage] = shares = tab.shares
        if st.gating:
            n_gating += 1
            for b in demand:
                hhi_sum[b] += tab.hhi[b]
        # Orders as if nothing were cut (cached), then what the cuts take away: the sparse
        # form keeps an undisturbed stage O(actors) instead of O(buyers x suppliers).
        ordered = tab.ordered.get(dkey)
        if ordered is None:
            ordered = dict.fromkeys(tab.struct, 0.0)
            for b, d in demand.items():
                for sup, sh in shares[b].items():
                    ordered[sup] += sh * d
            tab.ordered[dkey] = ordered
        cuts = sm.cuts
        acc = dict.fromkeys(demand, 1.0)
        if cuts:
            ordered = dict(ordered)
            for (x, i), cut in cuts.items():
                di = demand.get(i)
                shx = tab.shares[i].get(x) if di else None
                if shx and di is not None:
                    ordered[x] -= shx * di * cut
                    acc[i] -= shx * cut
        # what each supplier can deliver of what it was asked for
        ratio = {}
        short = []
        disrupt = sm.disrupt
        caps = {}
        for sup, cap in tab.struct.items():
            if disrupt:
                dis = disrupt.get(sup)
                if dis:
                    cap *= max(0.0, 1.0 + dis)
            if st.inputs:
                cs = covered[sup]
                if cs:
                    ready = 1.0
                    for i in st.inputs:
                        c = cs[i]
                        if c < ready:
                            ready = c
                    cap *= ready
            if needs:  # stages of other sectors gate exactly as the sector's own inputs do
                ready = 1.0
                for s2, i2 in needs:
                    cs2 = flows_in[s2].covered.get(sup)
                    if cs2:
                        c = cs2[i2]
                        if c < ready:
                            ready = c
                cap *= ready
            caps[sup] = cap
        caps_all[stage] = caps
        backfill = _backfill(sm, tab, demand, ordered, caps) if sm.leak else None
        for sup, cap in caps.items():
            o = ordered[sup]
            if o <= cap:
                ratio[sup] = 1.0
            else:
                r = cap / o
                ratio[sup] = r
                short.append((sup, r))
        ratio_all[stage] = ratio
        price = 1.0 + sm.price
        value = st.value * price
        for sup, o in ordered.items():
            if o > 0.0:
                revenue[sup] += o * ratio[sup] * value
        owned = owned_by_stage.get(stage) if owned_by_stage else None
        if owned:  # the value owned units add is their owner's
            for site, held in owned.items():
                o = ordered.get(site, 0.0)
                if o > 0.0 and tab.struct.get(site):
                    made = o * ratio[site] * value
                    scale = (1.0 + sm.cap_frac.get(site, 0.0)) / tab.struct[site]
                    for owner, units in held:
                        part = made * min(1.0, units * scale)
                        revenue[site] -= part
                        revenue[owner] += part
        buyers_of = tab.buyers() if short else {}
        for sup, r in short:  # rationing: each buyer gets the supplier's fraction of its order
            gap = 1.0 - r
            for b, sh in buyers_of[sup]:
                if b in acc:
                    if cuts:
                        acc[b] -= sh * (1.0 - cuts.get((sup, b), 0.0)) * gap
                    else:
                        acc[b] -= sh * gap
        if backfill:  # re-sourced orders were sized to spare capacity: delivered in full
            for b, got in backfill.items():
                acc[b] += got
        if price != 1.0:
            extra = st.value * (price - 1.0)
            for b, d in demand.items():
                imported = d * acc[b] - d * shares[b].get(b, 0.0) * ratio.get(b, 1.0)
                bill[b] += imported * extra
        for b, a in acc.items():
            if a < 0.0:
                a = 0.0
            access[b][stage] = a
            c = a + cover[b]
            covered[b][stage] = c if c < 1.0 else 1.0
        if st.relieves:  # recycling tops up a share of another stage's gap
            target, factor = st.relieves
            for b in demand:
                a0 = access[b][target]
                if a0 < 1.0:
                    a1 = a0 + (1.0 - a0) * factor * access[b][stage]
                    access[b][target] = a1
                    c = a1 + cover[b]
                    covered[b][target] = c if c < 1.0 else 1.0
    supply_met = {}
    stock_used = {}
    concentration = {}
    gating = sec.gating_names
    for b in demand:
        acc = access[b]
        cov = covered[b]
        met, used = 1.0, 0.0
        for g in gating:
            c = cov[g]
            if c < met:
                met = c
            u = c - acc[g]
            if u > used:
                used = u
        supply_met[b] = met
        stock_used[b] = used
        concentration[b] = hhi_sum[b] / n_gating
    return SectorFlow(
        supply_met, stock_used, access, ratio_all, revenue, bill, concentration, shares_all,
        caps_all, covered,
    )


def propagate_all(scn: Scenario, mods: Mods, stockpile: dict[str, dict[str, float]],
                  sectors: tuple[str, ...] | None = None) -> dict[str, SectorFlow]:
    """This round's flows of `sectors` (every sector by default) and of the sectors they
    need inputs from, in propagation order. `stockpile` is sector -> actor -> days."""
    wanted = scn.sectors if sectors is None else sectors
    if sectors is not None:
        key = ("fed", sectors)
        fed = scn.cache.get(key)
        if fed is None:
            fed = scn.cache[key] = any(scn.world.sectors[s].upstream for s in wanted)
        if fed:
            wanted = scn.sectors  # the cheap way to be sure every input sector is there
    flows: dict[str, SectorFlow] = {}
    for sector in scn.sectors:
        if sector in wanted:
            flows[sector] = propagate(scn, mods, sector, stockpile.get(sector, {}), flows)
    return flows


def _backfill(sm: StageMods, tab: ShareTable, demand: dict[str, float], ordered: dict[str, float], caps: dict[str, float]) -> dict[str, float]:
    """Leakage: buyers cut off from a supplier re-source part of the lost flow from suppliers
    who do not restrict them, limited by those suppliers' spare capacity (what they can make
    beyond what they were already asked for). Adds the new orders to `ordered` (in place, on
    the round's own copy) and returns, per buyer, the share of its demand won back."""
    want: dict[str, float] = {}
    for (x, i), leak in sm.leak.items():
        d = demand.get(i)
        sh = tab.shares[i].get(x) if d else None
        if sh and d is not None:
            want[i] = want.get(i, 0.0) + sh * d * min(leak, sm.cuts.get((x, i), 0.0))
    won: dict[str, float] = {}
    for i in sorted(want):
        v = want[i]
        if v <= 0.0:
            continue
        barred = {x for (x, j), c in sm.cuts.items() if j == i and c > 0.0}
        spare = {s: caps[s] - ordered[s] for s in caps if s not in barred and caps[s] > ordered[s]}
        room = sum(spare.values())
        if room <= 0.0:
            continue
        take = v if v < room else room
        for s, sp in spare.items():
            ordered[s] += take * sp / room
        won[i] = take / demand[i]
    return won


def leak_age(ae: ActiveEffect, rnd: int) -> int:
    """Rounds buyers have had to re-source around a trade cut by round `rnd`: since it landed,
    or, for a control announced ahead (`announced`), since it was announced, because firms
    re-source in anticipation of a restriction, not only once it bites (Babbage Forum 2024,
    section 2: most reconfiguration stems from the expectation of future trade restrictions)."""
    return rnd - ae.start + (ae.effect.lag if ae.effect.announced else 0)


def fold_effects(world: World, active: Iterable[ActiveEffect], rnd: int = 0) -> Mods:
    """Fold the effects that are on in round `rnd` into `Mods`. Order matters only for sourcing
    shifts, which apply in the order they came into force. An effect on a whole sector acts
    on each of its stages in `world`."""
    m = Mods()
    sectors = world.sectors
    # Mods.stage() inlined (a dict lookup, no call): this runs for every effect of every
    # propagation, a few hundred times a game with causes on
    by_stage = m.stages
    for ae in active:
        if not ae.on:
            continue
        e = ae.effect
        k = e.kind
        if k == "demand":
            d = m.demand.setdefault(cast(str, e.sector), {})
            for a in e.actors:
                d[a] = d.get(a, 0.0) + e.change
            continue
        if k not in FOLDED_KINDS:  # budget and early_warning effects act in adjudication
            continue
        sector = cast(str, e.sector)  # every folded kind names its sector (content checks it)
        for stage in ((e.stage,) if e.stage else sectors[sector].stage_names):
            sm = by_stage.get((sector, stage))
            if sm is None:
                sm = by_stage[(sector, stage)] = StageMods()
            if k == "capacity":
                change, units = e.change, e.units
                if ae.structural:
                    frac, fixed = sm.cap_frac, sm.cap_units
                    for a in e.actors:
                        if change:
                            frac[a] = frac.get(a, 0.0) + change
                        if units:
                            fixed[a] = fixed.get(a, 0.0) + units
                else:
                    disrupt = sm.disrupt
                    for a in e.actors:
                        disrupt[a] = disrupt.get(a, 0.0) + change
            elif k == "trade":
                # re-sourced share: LEAK_PER_ROUND of the cut for each full round it has stood
                age = leak_age(ae, rnd)
                leaked = e.change * (LEAK_PER_ROUND * age if age * LEAK_PER_ROUND < 1.0 else 1.0)
                cuts = sm.cuts
                for x in e.exporters:
                    for i in e.importers:
                        if x != i:
                            cuts[(x, i)] = min(1.0, cuts.get((x, i), 0.0) + e.change)
                            if leaked > 0.0:
                                sm.leak[(x, i)] = sm.leak.get((x, i), 0.0) + leaked
            elif k == "price":
                sm.price += e.change
            else:  # sourcing
                shifts = sm.shifts
                for a in e.actors:
                    shifts.append((a, e.away_from, e.towards, e.change))
    return m
