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
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .world import ACTORS, SECTORS


@dataclass(slots=True)
class Mods:
    """Every active effect folded into the numbers propagation needs."""

    cap_frac: dict[tuple[str, str, str], float] = field(default_factory=dict)  # structural
    cap_units: dict[tuple[str, str, str], float] = field(default_factory=dict)  # structural
    cap_disrupt: dict[tuple[str, str, str], float] = field(default_factory=dict)
    trade_cut: dict[tuple[str, str, str, str], float] = field(default_factory=dict)
    demand: dict[tuple[str, str], float] = field(default_factory=dict)
    price: dict[tuple[str, str], float] = field(default_factory=dict)
    shifts: list[tuple] = field(default_factory=list)  # (sector, stage|None, buyer, away, towards, amount)
    budget: dict[str, float] = field(default_factory=dict)  # per-round budget flows
    warning: dict[str, float] = field(default_factory=dict)  # team -> soften


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


def structural_capacity(scn, mods: Mods, sector: str, stage: str) -> dict[str, float]:
    base = scn.capacity.get(sector, {}).get(stage, {})
    out = {}
    for a in ACTORS:
        key = (sector, stage, a)
        b = base.get(a, 0.0)
        v = b * (1.0 + mods.cap_frac.get(key, 0.0)) + mods.cap_units.get(key, 0.0)
        if v > 0.0:
            out[a] = v
    return out


def effective_shares(scn, mods: Mods, sector: str, stage: str, struct: dict[str, float]):
    """Sourcing this round: ties x structural capacity, then sourcing cards in order."""
    base_cap = scn.capacity.get(sector, {}).get(stage, {})
    base_shares = scn.sourcing[sector][stage]
    shifts = [s for s in mods.shifts if s[0] == sector and (s[1] is None or s[1] == stage)]
    out: dict[str, dict[str, float]] = {}
    for buyer in ACTORS:
        base = base_shares.get(buyer, {})
        w: dict[str, float] = {}
        ties_sum = 0.0
        n = 0
        for s, share in base.items():
            bc = base_cap.get(s, 0.0)
            if bc > 0.0 and s in struct:
                tie = share / bc
                w[s] = tie * struct[s]
                ties_sum += tie
                n += 1
        if buyer in struct and buyer not in w:
            # A buyer always has a tie to its own industry: new home capacity competes as
            # an average supplier would.
            tie = ties_sum / n if n else 1.0
            w[buyer] = tie * struct[buyer]
        for _, _, b, away, towards, amount in shifts:
            if b == buyer:
                _shift(w, away, towards, amount, struct)
        total = sum(w.values())
        out[buyer] = {s: v / total for s, v in w.items() if v > 0.0} if total > 0.0 else {}
    return out


def _shift(w: dict[str, float], away, towards, amount: float, struct: dict[str, float]) -> None:
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


def propagate(scn, mods: Mods, sector: str, stockpile: dict[str, float], shares_cache=None):
    """One round of one sector. `stockpile` is days held per actor."""
    sec = SECTORS[sector]
    round_days = float(scn.round_days)
    base_demand = scn.demand.get(sector, {})
    demand = {}
    for a in ACTORS:
        d = base_demand.get(a, 0.0)
        if d > 0.0:
            d *= max(0.0, 1.0 + mods.demand.get((sector, a), 0.0))
            if d > 0.0:
                demand[a] = d
    cover = {a: stockpile.get(a, 0.0) / round_days for a in ACTORS}
    access: dict[str, dict[str, float]] = {a: {} for a in ACTORS}
    covered: dict[str, dict[str, float]] = {a: {} for a in ACTORS}
    ratio_all: dict[str, dict[str, float]] = {}
    shares_all: dict[str, dict[str, dict[str, float]]] = {}
    revenue = dict.fromkeys(ACTORS, 0.0)
    bill = dict.fromkeys(ACTORS, 0.0)
    trade_cut = mods.trade_cut
    for st in sec.stages:
        stage = st.name
        struct = structural_capacity(scn, mods, sector, stage)
        if shares_cache is not None and stage in shares_cache:
            shares = shares_cache[stage]
        else:
            shares = effective_shares(scn, mods, sector, stage, struct)
            if shares_cache is not None:
                shares_cache[stage] = shares
        shares_all[stage] = shares
        # production and what was ordered from each supplier
        ordered = dict.fromkeys(struct, 0.0)
        flows = []  # (buyer, supplier, open share of demand)
        for b, d in demand.items():
            for s, sh in shares[b].items():
                cut = trade_cut.get((sector, stage, s, b), 0.0) if trade_cut else 0.0
                if cut >= 1.0:
                    continue
                q = sh * d * (1.0 - cut) if cut > 0.0 else sh * d
                ordered[s] = ordered.get(s, 0.0) + q
                flows.append((b, s, q))
        ratio = {}
        for s, cap in struct.items():
            dis = mods.cap_disrupt.get((sector, stage, s))
            if dis:
                cap *= max(0.0, 1.0 + dis)
            if st.inputs:
                cs = covered[s]
                ready = min(cs.get(i, 1.0) for i in st.inputs)
                cap *= ready
            o = ordered.get(s, 0.0)
            ratio[s] = 1.0 if o <= 0.0 else min(1.0, cap / o)
        ratio_all[stage] = ratio
        price = 1.0 + mods.price.get((sector, stage), 0.0)
        got = dict.fromkeys(demand, 0.0)
        for b, s, q in flows:
            delivered = q * ratio.get(s, 0.0)
            got[b] += delivered
            revenue[s] += delivered * st.value * price
            if price != 1.0 and s != b:
                bill[b] += delivered * st.value * (price - 1.0)
        for b, d in demand.items():
            a = got[b] / d
            access[b][stage] = a
            covered[b][stage] = min(1.0, a + cover[b])
        if st.relieves:  # recycling tops up a share of another stage's gap
            target, factor = st.relieves
            for b in demand:
                a0 = access[b][target]
                a1 = a0 + (1.0 - a0) * factor * access[b][stage]
                access[b][target] = a1
                covered[b][target] = min(1.0, a1 + cover[b])
    supply_met = {}
    stock_used = {}
    concentration = {}
    gating = [st.name for st in sec.stages if st.gating]
    for b in demand:
        acc = access[b]
        cov = covered[b]
        supply_met[b] = min(cov[g] for g in gating)
        stock_used[b] = max(cov[g] - acc[g] for g in gating)
        hhi = 0.0
        for g in gating:
            hhi += sum(v * v for v in shares_all[g][b].values())
        concentration[b] = hhi / len(gating)
    return SectorFlow(
        supply_met, stock_used, access, ratio_all, revenue, bill, concentration, shares_all
    )


def fold_effects(active) -> Mods:
    """Fold the effects that are on into `Mods`. Order matters only for sourcing shifts, which
    apply in the order they came into force."""
    m = Mods()
    for ae in active:
        if not ae.on:
            continue
        e = ae.effect
        k = e.kind
        if k == "capacity":
            stages = [e.stage] if e.stage else SECTORS[e.sector].stage_names
            for a in e.actors:
                for stage in stages:
                    key = (e.sector, stage, a)
                    if ae.structural:
                        if e.change:
                            m.cap_frac[key] = m.cap_frac.get(key, 0.0) + e.change
                        if e.units:
                            m.cap_units[key] = m.cap_units.get(key, 0.0) + e.units
                    else:
                        m.cap_disrupt[key] = m.cap_disrupt.get(key, 0.0) + e.change
        elif k == "trade":
            stages = [e.stage] if e.stage else SECTORS[e.sector].stage_names
            for x in e.exporters:
                for i in e.importers:
                    if x == i:
                        continue
                    for stage in stages:
                        key = (e.sector, stage, x, i)
                        m.trade_cut[key] = min(1.0, m.trade_cut.get(key, 0.0) + e.change)
        elif k == "demand":
            for a in e.actors:
                key = (e.sector, a)
                m.demand[key] = m.demand.get(key, 0.0) + e.change
        elif k == "price":
            stages = [e.stage] if e.stage else SECTORS[e.sector].stage_names
            for stage in stages:
                key = (e.sector, stage)
                m.price[key] = m.price.get(key, 0.0) + e.change
        elif k == "sourcing":
            for a in e.actors:
                m.shifts.append((e.sector, e.stage, a, e.away_from, e.towards, e.change))
        elif k == "budget":
            for a in e.actors:
                m.budget[a] = m.budget.get(a, 0.0) + e.units
        elif k == "early_warning":
            for a in e.actors:
                m.warning[a] = max(m.warning.get(a, 0.0), e.change)
    return m
