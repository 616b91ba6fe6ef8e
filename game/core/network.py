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
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, cast

from . import sums
from .world import Stage, World

# Arrays of floats: in the compiled build an unboxed `librt.vecs.vec[float]`, whose items
# mypyc reads and writes as C doubles (a list holds a float object per item, made on every
# write). In the pure build `vec[float](xs)` is `list(xs)`: interpreted code indexes a list
# twice as fast as a vec (which boxes a float on every read there), and the pure build needs no
# librt. Same numbers either way: the same IEEE operations in the same order.
if not __file__.endswith((".py", ".pyc")):  # compiled
    from librt.vecs import vec
else:
    vec = {float: list}  # type: ignore[misc,assignment]  # a dict: `vec[float]` costs no call

if TYPE_CHECKING:  # annotations only: scenario.py and state.py import this module's users
    from .cards import Effect
    from .scenario import Scenario
    from .state import ActiveEffect

#: share of a cut flow a buyer re-sources elsewhere for each round the cut has stood (limited by
#: the spare capacity of suppliers who do not restrict it): a unilateral control leaks
LEAK_PER_ROUND: Final = 0.25
#: the effect kinds `fold_effects` reads; adjudication reuses a propagation while the effects of
#: these kinds in force are the same, so a kind read here must be listed here
FOLDED_KINDS: Final = frozenset({"capacity", "trade", "demand", "price", "sourcing"})


@dataclass(slots=True, init=False)
class StageMods:
    """The active effects on one stage of one sector, folded into numbers.

    `__init__` is written out rather than generated: mypyc compiles a class's own methods but
    leaves a dataclass-generated `__init__` interpreted, and fold_effects makes several of
    these per propagation (the same holds for the other classes of this module)."""

    cap_frac: dict[str, float]  # structural, fraction of baseline
    cap_units: dict[str, float]  # structural, absolute units
    # Outages by actor index (`World.actor_index`); cuts and leaks by `x * n + i`, for the
    # exporter's index x, the importer's index i and n actors (its trade key). Propagation reads
    # them by index, for every supplier and buyer of every stage: a small int hashes for
    # nothing, where a name costs a lookup and a pair of names a tuple built and hashed anew.
    disrupt: dict[int, float]  # shocks, fraction of capacity
    cuts: dict[int, float]  # trade key -> share of the flow cut
    #: trade key -> share of the flow the importer has re-sourced elsewhere since the cut
    #: began (leakage: a control grows leakier each round it stands alone)
    leak: dict[int, float]
    price: float
    shifts: list[tuple[str, tuple[str, ...], tuple[str, ...], float]]  # (buyer, away, towards, amount)

    def __init__(self) -> None:
        self.cap_frac = {}
        self.cap_units = {}
        self.disrupt = {}
        self.cuts = {}
        self.leak = {}
        self.price = 0.0
        self.shifts = []

    def copy(self) -> StageMods:
        """A copy to fold more effects into (its own dicts and list; the same order)."""
        sm = StageMods()
        sm.cap_frac = dict(self.cap_frac)
        sm.cap_units = dict(self.cap_units)
        sm.disrupt = dict(self.disrupt)
        sm.cuts = dict(self.cuts)
        sm.leak = dict(self.leak)
        sm.price = self.price
        sm.shifts = list(self.shifts)
        return sm

    def capacity_key(self) -> tuple:
        """`structure_key` of the same capacities with no sourcing card in force."""
        if not self.cap_frac and not self.cap_units:
            return ()
        return (tuple(self.cap_frac.items()), tuple(self.cap_units.items()), ())

    def structure_key(self) -> tuple:
        """What the sourcing split depends on: investment and sourcing cards, not shocks."""
        if not self.cap_frac and not self.cap_units and not self.shifts:
            return ()
        # In the order the effects were folded, not sorted: the same investments folded in
        # another order make another key for the same table (a few per cent more tables in a
        # batch), which costs less than sorting on every propagation. Equal keys still mean
        # equal numbers, so the results do not depend on it.
        return (tuple(self.cap_frac.items()), tuple(self.cap_units.items()), tuple(self.shifts))


@dataclass(slots=True, init=False)
class Mods:
    """Every active effect folded into the numbers propagation needs."""

    stages: dict[tuple[str, ...], StageMods]  # (sector, stage): Sector.stage_keys
    demand: dict[str, dict[str, float]]  # sector -> actor -> change

    def __init__(self) -> None:
        self.stages = {}
        self.demand = {}


_NO_MODS: Final = StageMods()


class SectorFlow:
    """One sector's round: who got how much, by name (what scoring, the brief and the TUI read).

    Access and cover are kept as propagation made them, on lists by stage and actor index, and
    given by name (`access`, `covered`) only when read: most propagations are the early-warning
    probe's, which reads one team's shortfall (`shortfall`, by index), and building a dict per
    buyer for every propagation was a tenth of its cost, compiled. The per-actor figures
    (`supply_met`, `stock_used`, `concentration`, `revenue`, `import_bill`) are kept so too:
    scoring reads them by index (`supply_of`, `revenue_of`, `concentration_of`) at every step
    of a round with causes on, and only a round's last flows are read by name."""

    __slots__ = ("_met", "_used", "_conc", "_rev", "_bill", "_supply_met", "_stock_used",
                 "_revenue", "_import_bill", "_concentration",
                 "_tables", "_acc_st", "_cov_st", "_rat_st", "_cap_st", "_stages", "_actors",
                 "_index", "_buys", "_buyers", "_gating", "_access", "_covered", "_shares",
                 "_ratio", "_capacity", "_world_revenue")

    def __init__(self, acc_st: list[vec[float]], cov_st: list[vec[float]], stages: list[str],
                 actors: tuple[str, ...], index: dict[str, int], buys: list[bool],
                 buyers: list[int] | None, gating: list[int] | None,
                 rat_st: list[vec[float]] | None, cap_st: list[vec[float]] | None,
                 tables: dict[str, ShareTable],
                 figures: tuple[vec[float], vec[float], vec[float], vec[float], vec[float]] | None,
                 ) -> None:
        #: stage position -> actor index -> access before stockpiles, and cover after them
        #: (buyers only: `buys`); stage positions follow `stages`
        self._acc_st = acc_st
        self._cov_st = cov_st
        self._stages = stages
        self._actors = actors
        self._index = index
        self._buys = buys
        #: the buyers' indices in demand order (`buyer_names`), and the gating stages'
        #: positions (`shortfalls`); None in a flow rebuilt from a copy
        self._buyers = buyers
        self._gating = gating
        #: stage position -> actor index -> share of its orders a supplier delivered, and its
        #: capacity this round (None for a lean flow); by name only when read (`ratio`,
        #: `capacity`): only the round's last flows are summarised (network_summary), and
        #: building both by name for every propagation was 2% of a game
        self._rat_st = rat_st
        self._cap_st = cap_st
        self._tables = tables  # stage -> its share table: `shares`, and its suppliers
        #: by actor index: supply met, stock used and concentration (buyers only), revenue and
        #: import bill; None for a lean flow or one rebuilt from a copy (which has the dicts)
        if figures is None:
            empty = vec[float]()
            self._met = self._used = self._conc = self._rev = self._bill = empty
        else:
            self._met, self._used, self._conc, self._rev, self._bill = figures
        #: the same by name, made when first read
        self._supply_met: dict[str, float] | None = None
        self._stock_used: dict[str, float] | None = None
        self._concentration: dict[str, float] | None = None
        self._revenue: dict[str, float] | None = None
        self._import_bill: dict[str, float] | None = None
        self._shares: dict[str, dict[str, dict[str, float]]] | None = None
        self._access: dict[str, dict[str, float]] | None = None
        self._covered: dict[str, dict[str, float]] | None = None
        self._ratio: dict[str, dict[str, float]] | None = None
        self._capacity: dict[str, dict[str, float]] | None = None
        self._world_revenue = -1.0  # not added up yet (`world_revenue`)

    def __reduce__(self) -> tuple:
        # rebuilt through __init__ when copied (see state.ActiveEffect), its arrays as lists:
        # a compiled build's vec does not pickle
        return (_sector_flow, (self.supply_met, self.stock_used,
                               [list(v) for v in self._acc_st], [list(v) for v in self._cov_st],
                               self._stages, self._actors, self._index, self._buys, self.ratio,
                               self.revenue, self.import_bill, self.concentration, self.capacity,
                               self.shares))

    def _of_buyers(self, v: vec[float]) -> dict[str, float]:
        """buyer -> its figure in `v`, in demand order (empty for a lean flow)."""
        buyers = self._buyers
        if buyers is None or not len(v):
            return {}
        actors = self._actors
        return {actors[b]: v[b] for b in buyers}

    def _of_actors(self, v: vec[float]) -> dict[str, float]:
        """actor -> its figure in `v`, in the world's order (empty for a lean flow)."""
        if not len(v):
            return {}
        actors = self._actors
        return {actors[j]: v[j] for j in range(len(actors))}

    @property
    def supply_met(self) -> dict[str, float]:
        """buyer -> 0..1 after stockpiles, in demand order (empty for a lean flow)."""
        out = self._supply_met
        if out is None:
            out = self._supply_met = self._of_buyers(self._met)
        return out

    @property
    def stock_used(self) -> dict[str, float]:
        """buyer -> fraction of a round's demand drawn from stock (empty for a lean flow)."""
        out = self._stock_used
        if out is None:
            out = self._stock_used = self._of_buyers(self._used)
        return out

    @property
    def concentration(self) -> dict[str, float]:
        """buyer -> mean HHI of its sourcing over gating stages (empty for a lean flow)."""
        out = self._concentration
        if out is None:
            out = self._concentration = self._of_buyers(self._conc)
        return out

    @property
    def revenue(self) -> dict[str, float]:
        """supplier -> value delivered (price-weighted); every actor (empty for a lean flow)."""
        out = self._revenue
        if out is None:
            out = self._revenue = self._of_actors(self._rev)
        return out

    @property
    def import_bill(self) -> dict[str, float]:
        """buyer -> extra paid for price spikes; every actor (empty for a lean flow)."""
        out = self._import_bill
        if out is None:
            out = self._import_bill = self._of_actors(self._bill)
        return out

    def supply_of(self, j: int) -> float:
        """`supply_met` of the actor at index `j`, or -1.0 when it has none (not a buyer)."""
        if len(self._met):
            return self._met[j] if self._buys[j] else -1.0
        return self.supply_met.get(self._actors[j], -1.0)

    def concentration_of(self, j: int) -> float:
        """`concentration` of the buyer at index `j`."""
        if len(self._conc):
            return self._conc[j]
        return self.concentration[self._actors[j]]

    def revenue_of(self, j: int) -> float:
        """`revenue` of the actor at index `j`."""
        if len(self._rev):
            return self._rev[j]
        return self.revenue[self._actors[j]]

    def world_revenue(self) -> float:
        """Every supplier's revenue added up, in `revenue`'s order (sums.total's way): what
        market shares are shares of. Added once per flow: a round's flows are scored at
        several steps, for a few teams at a time."""
        w = self._world_revenue
        if w < 0.0:
            rev = self._rev
            if len(rev):  # the same additions, in the same (the world's) order
                w = 0.0
                for j in range(len(rev)):
                    w += rev[j]
            else:
                w = sums.total(self.revenue.values())
            self._world_revenue = w
        return w

    def _by_supplier(self, st: list[vec[float]] | None) -> dict[str, dict[str, float]]:
        """stage -> supplier -> the stage's figure, suppliers in its share table's order."""
        out: dict[str, dict[str, float]] = {}
        if st is None:
            return out
        actors = self._actors
        names = self._stages
        for k in range(len(names)):
            v = st[k]
            out[names[k]] = {actors[j]: v[j] for j in self._tables[names[k]].sups}
        return out

    @property
    def ratio(self) -> dict[str, dict[str, float]]:
        """stage -> supplier -> share of its orders delivered (empty for a lean flow)."""
        out = self._ratio
        if out is None:
            out = self._ratio = self._by_supplier(self._rat_st)
        return out

    @property
    def capacity(self) -> dict[str, dict[str, float]]:
        """stage -> supplier -> its capacity this round (empty for a lean flow)."""
        out = self._capacity
        if out is None:
            out = self._capacity = self._by_supplier(self._cap_st)
        return out

    def _by_name(self, st: list[vec[float]]) -> dict[str, dict[str, float]]:
        names = self._stages
        n_st = len(names)
        out: dict[str, dict[str, float]] = {}
        buys = self._buys
        actors = self._actors
        for j in range(len(actors)):
            out[actors[j]] = {names[k]: st[k][j] for k in range(n_st)} if buys[j] else {}
        return out

    @property
    def shares(self) -> dict[str, dict[str, dict[str, float]]]:
        """stage -> buyer -> supplier -> share."""
        out = self._shares
        if out is None:
            out = self._shares = {stage: tab.shares for stage, tab in self._tables.items()}
        return out

    @property
    def access(self) -> dict[str, dict[str, float]]:
        """buyer -> stage -> 0..1 before stockpiles (an actor that buys nothing: empty)."""
        acc = self._access
        if acc is None:
            acc = self._access = self._by_name(self._acc_st)
        return acc

    @property
    def covered(self) -> dict[str, dict[str, float]]:
        """buyer -> stage -> 0..1 after stockpiles: what gates a producer that needs this stage."""
        cov = self._covered
        if cov is None:
            cov = self._covered = self._by_name(self._cov_st)
        return cov

    def buyer_names(self) -> list[str]:
        """Every actor that buys in this sector, in demand order: `supply_met`'s keys, which a
        lean flow leaves empty."""
        ix = self._buyers
        if ix is None:
            return list(self.supply_met)
        actors = self._actors
        return [actors[b] for b in ix]

    def shortfalls(self, gating: tuple[str, ...]) -> dict[str, float]:
        """`shortfall` of every buyer, in demand order (the leave-one-out test asks for all of
        them, once per cause in force): by index, with the gating stages' positions."""
        ix, at = self._buyers, self._gating
        if ix is None or at is None:
            return {a: self.shortfall(a, gating) for a in self.buyer_names()}
        actors = self._actors
        acc_st = self._acc_st
        out: dict[str, float] = {}
        for j in ix:
            low = 1.0
            for k in at:  # the lowest, as `shortfall` finds it: the order does not matter
                a = acc_st[k][j]
                if a < low:
                    low = a
            out[actors[j]] = 1.0 - low if low > 0.0 else 1.0
        return out

    def stage_arrays(self, k: int) -> tuple[vec[float], vec[float], vec[float]] | None:
        """The stage at position `k` by actor index: capacity (0.0 for no supplier), share of
        its orders delivered (1.0 for no supplier) and access before stockpiles (buyers
        only). What `capacity`, `ratio` and `access` give by name, without building them: the
        round's summary reads every figure once. None for a lean flow or one rebuilt from a
        copy."""
        cap, rat = self._cap_st, self._rat_st
        if cap is None or rat is None:
            return None
        return cap[k], rat[k], self._acc_st[k]

    def buys(self, actor: str) -> bool:
        """Whether `actor` buys in this sector (is in `supply_met` of a whole flow)."""
        j = self._index.get(actor, -1)
        return j >= 0 and self._buys[j]

    def access_at(self, actor: str, stage: str) -> float | None:
        """`access[actor][stage]` without building `access`; None where that has no entry."""
        j = self._index.get(actor, -1)
        if j < 0 or not self._buys[j] or stage not in self._stages:
            return None
        return self._acc_st[self._stages.index(stage)][j]

    def cover_at(self, j: int, k: int) -> float:
        """Cover after stockpiles of the actor at index `j` at the stage at position `k`, or -1.0
        when it buys nothing in this sector (nothing of this sector gates it)."""
        return self._cov_st[k][j] if self._buys[j] else -1.0

    def shortfall(self, buyer: str, gating: tuple[str, ...]) -> float:
        """Share of the buyer's demand its suppliers fail to deliver at its weakest gating
        stage, before stock covers any of it: the gap a stockpile is drawn to fill."""
        j = self._index.get(buyer, -1)
        if j < 0 or not self._buys[j]:
            return 0.0
        low = 1.0
        names = self._stages
        acc_st = self._acc_st
        for k in range(len(names)):
            if names[k] in gating:
                a = acc_st[k][j]
                if a < low:
                    low = a
        return 1.0 - low if low > 0.0 else 1.0


def stock_unread(scn: Scenario, sector: str, flow: SectorFlow, actor: str, was: float,
                 now: float) -> bool:
    """Whether `flow`, propagated with `actor` holding `was` days of stock in `sector`, is what
    propagation gives with `now` days, the effects in force the same. Stock is read only as a
    buyer's cover, min(1, access + days / round), and what is used of it: where access plus
    either stock reaches 1 at every stage, cover is 1 and the stock used 1 - access either way
    (a buyer that gets its whole order, or one that holds more than its gap and buys more).
    An actor that buys nothing there reads none of it. Not in a sector with a recycling stage:
    its top-up reads a cover that is not yet final. The same sums as `propagate`'s."""
    plan = _plan(scn, sector)
    if plan.relief:
        return False
    j = plan.index.get(actor, -1)
    if j < 0 or not flow._buys[j]:
        return True
    round_days = float(scn.round_days)
    c_was = was / round_days
    c_now = now / round_days
    for acc in flow._acc_st:
        a = acc[j]
        if a + c_was < 1.0 or a + c_now < 1.0:
            return False
    return True


def _sector_flow(supply_met: dict[str, float], stock_used: dict[str, float],
                 acc_st: list[list[float]], cov_st: list[list[float]], stages: list[str],
                 actors: tuple[str, ...], index: dict[str, int], buys: list[bool],
                 ratio: dict[str, dict[str, float]], revenue: dict[str, float],
                 import_bill: dict[str, float], concentration: dict[str, float],
                 capacity: dict[str, dict[str, float]],
                 shares: dict[str, dict[str, dict[str, float]]]) -> SectorFlow:
    """SectorFlow.__reduce__'s rebuild: the arrays back in the build's own float arrays, and
    the shares by name (the tables stay with the scenario that made them)."""
    flow = SectorFlow([vec[float](v) for v in acc_st], [vec[float](v) for v in cov_st], stages,
                      actors, index, buys, None, None, None, None, {}, None)
    flow._supply_met = supply_met
    flow._stock_used = stock_used
    flow._concentration = concentration
    flow._revenue = revenue
    flow._import_bill = import_bill
    flow._shares = shares
    flow._ratio = ratio
    flow._capacity = capacity
    return flow


@dataclass(slots=True, init=False)
class ShareTable:
    """Structural capacity and who buys from whom at one stage. Depends only on investment and
    sourcing cards, so it is computed once per distinct structure and reused: across rounds,
    and across the thousands of games of a Monte Carlo batch.

    Kept by actor position in `scn.world.actor_ids` (`propagate` works on arrays indexed so,
    as an index costs far less than a dict lookup by name, above all compiled). The by-name
    split (`shares`, what a SectorFlow hands out) is built only when read: a table is built
    ~10 times a random game, and nothing in a game reads it by name."""

    struct: dict[str, float]  # actor -> structural capacity
    #: demand key -> orders per supplier (by actor index), as if nothing were cut
    ordered: dict[tuple, vec[float]]
    sups: tuple[int, ...]  # suppliers (actor indices) in `struct` order
    caps: vec[float]  # their structural capacity, in the same order
    #: buyer index -> supplier index -> share (0.0 where it buys nothing from it)
    rows: tuple[vec[float], ...]
    #: buyer index -> the suppliers it buys from (share > 0), in the order their weights came
    #: (ties in the scenario's order, its own industry, suppliers a sourcing card brought in)
    orders: tuple[tuple[int, ...], ...]
    hhi: vec[float]  # buyer index -> Herfindahl index of its split
    #: structural capacity by actor index (0.0: none): what a shifted row is worked out on
    cap_of: vec[float]
    actors: tuple[str, ...]
    _shares: dict[str, dict[str, float]] | None

    def __init__(self, struct: dict[str, float], actors: tuple[str, ...], sups: tuple[int, ...],
                 caps: vec[float], rows: tuple[vec[float], ...],
                 orders: tuple[tuple[int, ...], ...], hhi: vec[float], cap_of: vec[float]) -> None:
        # Tuples and vecs, not lists: a table can live for a whole batch, and the cyclic GC
        # stops visiting a tuple of numbers once it has seen it, and never tracks a vec of
        # floats, while it walks every list each time (the pure build's vecs are lists).
        self.struct = struct
        self.ordered = {}
        self.sups = sups
        self.caps = caps
        self.rows = rows
        self.orders = orders
        self.hhi = hhi
        self.cap_of = cap_of
        self.actors = actors
        self._shares = None

    @property
    def shares(self) -> dict[str, dict[str, float]]:
        """buyer -> supplier -> share, suppliers in the order of `orders`."""
        out = self._shares
        if out is None:
            actors, rows = self.actors, self.rows
            out = {}
            for b in range(len(actors)):
                row = rows[b]
                out[actors[b]] = {actors[j]: row[j] for j in self.orders[b]}
            self._shares = out
        return out


def share_table(scn: Scenario, sm: StageMods, sector: str, stage: str) -> ShareTable:
    """The stage's table for the structure `sm` describes (memoised on the scenario)."""
    plan = _plan(scn, sector)
    return _table(scn, plan, plan.by_name[stage], sm)


def _table(scn: Scenario, plan: _SectorPlan, sp: _StagePlan, sm: StageMods) -> ShareTable:
    # The stage's last table first: most propagations in a row (a round's probes and steps,
    # the next round until an investment lands) read the same structure, and comparing the
    # folded dicts costs far less than building and hashing a structure key (tuples hash anew
    # on every lookup: ~2,500 instructions, compiled). Equal dicts make the same table: it
    # reads capacities by actor, whatever order they were folded in; shifts compare in order.
    last = sp.last
    if last is not None and (last[4] is sm or (last[0] == sm.cap_frac and last[1] == sm.cap_units
                                                and last[2] == sm.shifts)):
        return last[3]
    skey = sm.structure_key()
    tables = sp.tables
    tab = tables.get(skey)
    if tab is None:
        cache = scn.cache
        if len(cache) > 50_000:  # bounded: a long batch must not grow without end
            cache.clear()
        if len(tables) > 50_000:
            tables.clear()
        tab = tables[skey] = _build_table(plan, sp, sm)
    # one assignment: no torn read. With the StageMods itself: a fold onto another shares
    # the stages no new effect touched (fold_effects), and nothing changes a StageMods once
    # folded, so the same object is the same structure without comparing its dicts
    sp.last = (sm.cap_frac, sm.cap_units, sm.shifts, tab, sm)
    return tab


def _build_table(plan: _SectorPlan, sp: _StagePlan, sm: StageMods) -> ShareTable:
    """Structural capacity, then sourcing: ties x structural capacity, then sourcing cards in
    the order they came into force (docs/model.md, rule 2).

    On lists by actor index (a table is built ~12 times a random game, and by name it was a
    quarter of the game's time, compiled). Each buyer's weights keep the order a by-name dict
    would have given them (`order`: ties in the scenario's order, then its own industry, then
    suppliers a sourcing card brings in), so every sum runs in the same order and the shares
    are the same to the last bit: tests/core/test_share_table.py checks them against the
    by-name rules.

    A sourcing card moves only its own buyer's row, so a structure with shifts starts from
    the table of its capacities alone (built and kept on the stage if it is not there yet)
    and works out only the shifted buyers' rows: sourcing cards are played in most random
    games, their shifts make nearly every game's structures its own, and a shifted buyer is
    about one row in three."""
    n = len(plan.actors)
    shifts = sm.shifts
    if not shifts:
        return _capacity_table(plan, sp, sm)
    ckey = sm.capacity_key()
    base = sp.tables.get(ckey)
    if base is None:
        base = sp.tables[ckey] = _capacity_table(plan, sp, sm)
    # the shifted buyers, in actor order, each with its shifts in the order they came
    by_buyer: list[list[tuple[str, tuple[str, ...], tuple[str, ...], float]] | None] = [None] * n
    index = plan.index
    for sh in shifts:
        b = index.get(sh[0], -1)
        if b >= 0:
            mine = by_buyer[b]
            if mine is None:
                by_buyer[b] = [sh]
            else:
                mine.append(sh)
    rows = list(base.rows)
    orders = list(base.orders)
    hhi = base.hhi[:]
    capv = base.cap_of
    has = [capv[j] > 0.0 for j in range(n)]
    w = vec[float]([0.0] * n)
    inw = [False] * n
    for b in range(n):
        mine = by_buyer[b]
        if mine is not None:
            row, buys, h = _row(plan, sp, b, capv, has, mine, w, inw)
            rows[b] = row
            orders[b] = buys
            hhi[b] = h
    return ShareTable(base.struct, plan.actors, base.sups, base.caps, tuple(rows), tuple(orders),
                      hhi, capv)


def _capacity_table(plan: _SectorPlan, sp: _StagePlan, sm: StageMods) -> ShareTable:
    """The table of `sm`'s capacities with no sourcing card in force (its shifts unread)."""
    actors = plan.actors
    n = len(actors)
    base = sp.base_cap
    frac, units = sm.cap_frac, sm.cap_units
    capv = vec[float]([0.0] * n)
    has = [False] * n
    struct: dict[str, float] = {}
    sups: list[int] = []
    caps: list[float] = []
    for j in range(n):
        a = actors[j]
        v = base[j] * (1.0 + frac.get(a, 0.0)) + units.get(a, 0.0)
        if v > 0.0:
            struct[a] = v
            sups.append(j)
            caps.append(v)
            capv[j] = v
            has[j] = True
    hhi = vec[float]([0.0] * n)
    rows: list[vec[float]] = []
    orders: list[tuple[int, ...]] = []
    # one buyer's weights at a time, on arrays reused from buyer to buyer (a buyer's weights
    # and flags are only ever set on the suppliers in its `order`, which are cleared after it)
    w = vec[float]([0.0] * n)
    inw = [False] * n
    for b in range(n):
        row, buys, h = _row(plan, sp, b, capv, has, None, w, inw)
        hhi[b] = h
        rows.append(row)
        orders.append(buys)
    return ShareTable(struct, actors, tuple(sups), vec[float](caps), tuple(rows), tuple(orders),
                      hhi, capv)


def _row(plan: _SectorPlan, sp: _StagePlan, b: int, capv: vec[float], has: list[bool],
         shifts: list[tuple[str, tuple[str, ...], tuple[str, ...], float]] | None,
         w: vec[float], inw: list[bool]) -> tuple[vec[float], tuple[int, ...], float]:
    """Buyer `b`'s split: (share by supplier index, the suppliers it buys from in the order
    their weights came, its Herfindahl index). `shifts` are the buyer's own sourcing shifts;
    `w` and `inw` are scratch arrays, all 0.0 and False, and left so."""
    n = len(capv)
    order: list[int] = []
    ties_sum = 0.0
    k = 0
    for j, tie in sp.ties[b]:
        if has[j]:
            w[j] = tie * capv[j]
            inw[j] = True
            order.append(j)
            ties_sum += tie
            k += 1
    if has[b] and not inw[b]:
        # A buyer always has a tie to its own industry: new home capacity competes as
        # an average supplier would.
        tie = ties_sum / k if k else 1.0
        w[b] = tie * capv[b]
        inw[b] = True
        order.append(b)
    if shifts:
        index = plan.index
        for _, away, towards, amount in shifts:
            _shift(w, inw, order, away, towards, amount, capv, has, index)
    total = 0.0
    for j in order:
        total += w[j]
    row = vec[float]([0.0] * n)  # mypyc makes this one allocation (a copy of a vec is not)
    buys: list[int] = []
    h = 0.0
    if total > 0.0:
        for j in order:
            v = w[j]
            if v > 0.0:
                x = v / total
                row[j] = x
                buys.append(j)
                h += x * x
    for j in order:
        w[j] = 0.0
        inw[j] = False
    return row, tuple(buys), h


class _StagePlan:
    """What propagation needs to know of one stage that the scenario fixes, worked out once."""

    def __init__(self, scn: Scenario, sector: str, st: Stage, pos: dict[str, int],
                 needs: tuple[tuple[str, str], ...], index: dict[str, int]) -> None:
        self.name = st.name
        self.key = scn.world.sectors[sector].key_of[st.name]  # Mods.stages key, the world's tuple
        self.gating = st.gating
        self.value = st.value
        self.inputs = [pos[i] for i in st.inputs]  # stage indices
        self.needs = needs  # stages of other sectors this scenario models
        #: the same, each stage by its position in its sector
        self.needs_at: tuple[tuple[str, int], ...] = tuple([
            (s2, scn.world.sectors[s2].stage_names.index(i2)) for s2, i2 in needs])
        #: recycling-like: the stage index whose gap it tops up (-1: none), and by how much
        self.relieves = pos[st.relieves[0]] if st.relieves else -1
        self.factor = st.relieves[1] if st.relieves else 0.0
        owned = scn.ownership.get(sector) if scn.ownership else None
        self.owned: dict[str, tuple[tuple[str, float], ...]] | None = (
            owned.get(st.name) if owned else None)
        #: structure key (StageMods.structure_key) -> ShareTable
        self.tables: dict[tuple, ShareTable] = {}
        #: the structure `_table` read last and its table: (cap_frac, cap_units, shifts,
        #: table, the StageMods they came from)
        self.last: tuple[dict[str, float], dict[str, float], list, ShareTable, StageMods] | None = None
        #: by actor index: starting capacity, and each buyer's tie to each supplier the
        #: scenario gives it (the share of its purchases per unit of the supplier's starting
        #: capacity), suppliers in the scenario's order
        base_cap = scn.capacity.get(sector, {}).get(st.name, {})
        base_shares = scn.sourcing[sector][st.name]
        self.base_cap = vec[float]([base_cap.get(a, 0.0) for a in index])
        self.ties: list[tuple[tuple[int, float], ...]] = [
            tuple([(index[s], share / base_cap[s]) for s, share in base_shares.get(a, {}).items()
                   if s in index and base_cap.get(s, 0.0) > 0.0])
            for a in index]


class _SectorPlan:
    """A sector's stages and base demand by index (actors in `scn.world.actor_ids` order,
    stages in the sector's order), memoised on the scenario: `propagate` works on lists."""

    def __init__(self, scn: Scenario, sector: str) -> None:
        world = scn.world
        sec = world.sectors[sector]
        self.sector = sector
        self.actors: tuple[str, ...] = world.actor_ids
        self.index: dict[str, int] = {a: j for j, a in enumerate(self.actors)}
        pos = {st.name: k for k, st in enumerate(sec.stages)}
        needs = _modelled_needs(scn, sector)
        self.stages = [_StagePlan(scn, sector, st, pos, needs.get(st.name, ()), self.index)
                       for st in sec.stages]
        self.by_name = {sp.name: sp for sp in self.stages}
        self.names: list[str] = [st.name for st in sec.stages]
        self.gating: list[int] = [pos[g] for g in sec.gating_names]
        #: whether a stage tops up another's gap (recycling): its top-up reads a buyer's cover
        #: before the cover is final (see `stock_unread`)
        self.relief = any(sp.relieves >= 0 for sp in self.stages)
        base = scn.demand.get(sector, {})
        self.demand: dict[str, float] = {a: v for a, v in base.items() if v > 0.0}
        self.pairs, self.buyers, self.is_buyer = self.indexed(self.demand)
        #: actor indices in the order of the actors' names: buyers re-source in it (_backfill)
        self.name_order: list[int] = sorted(range(len(self.actors)), key=lambda j: self.actors[j])
        #: the demand changes `propagate` read last, and what it made of them: (changes,
        #: demand, demand key, pairs, buyers, is_buyer). A demand shock stays in force for
        #: rounds, and every propagation in them reads the same changes.
        self.last_demand: tuple[dict[str, float], dict[str, float], tuple,
                                list[tuple[int, float]], list[int], list[bool]] | None = None

    def indexed(self, demand: dict[str, float]) -> tuple[list[tuple[int, float]], list[int], list[bool]]:
        """`demand` by actor index, in its own order: (index, demand) pairs, the buyers'
        indices, and per actor whether it buys."""
        index = self.index
        pairs = [(index[a], v) for a, v in demand.items()]
        buyers = [j for j, _ in pairs]
        is_buyer = [False] * len(self.actors)
        for j in buyers:
            is_buyer[j] = True
        return pairs, buyers, is_buyer


def _plan(scn: Scenario, sector: str) -> _SectorPlan:
    key = ("plan", sector)
    plan: _SectorPlan | None = scn.cache.get(key)
    if plan is None:
        plan = scn.cache[key] = _SectorPlan(scn, sector)
    return plan


def _shift(w: vec[float], inw: list[bool], order: list[int], away: tuple[str, ...],
           towards: tuple[str, ...], amount: float, capv: vec[float], has: list[bool],
           index: dict[str, int]) -> None:
    """Move `amount` of the weight on `away` (or on everyone not in `towards`) to `towards`,
    split by capacity; suppliers with no capacity at the stage cannot take orders. `w` is one
    buyer's weights by supplier index, `order` the suppliers it has weight on, in the order
    they came (a supplier brought in joins at the end)."""
    takers: list[int] = []
    for name in towards:
        jt = index.get(name, -1)
        if jt >= 0 and has[jt]:
            takers.append(jt)
    away_ix: list[int] = []
    for name in away:
        jx = index.get(name, -1)
        if jx >= 0:
            away_ix.append(jx)
    donors: list[int] = []
    for j in order:  # the suppliers named, or everyone not taking the orders
        if (listed(away_ix, j) if away else not listed(takers, j)):
            donors.append(j)
    moved = 0.0
    for j in donors:
        d = w[j] * amount
        w[j] = w[j] - d
        moved += d
    if moved <= 0.0:
        return
    if not takers:  # nobody named: the rest of the existing suppliers pick it up
        for j in order:
            if not listed(away_ix, j):
                takers.append(j)
        if not takers:
            return
    cap_total = 0.0
    for t in takers:
        cap_total += capv[t]
    for t in takers:
        if not inw[t]:
            inw[t] = True
            order.append(t)
        w[t] = w[t] + moved * capv[t] / cap_total


def listed(ixs: list[int], j: int) -> bool:
    """`j in ixs` for a few actor indices: compiled, `in` boxes every index it compares, and
    this compares machine integers."""
    for x in ixs:
        if x == j:
            return True
    return False


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
              upstream: dict[str, SectorFlow] | None = None, lean: bool = False,
              like: tuple[Mods, dict[str, SectorFlow]] | None = None) -> SectorFlow:
    """One round of one sector. `stockpile` is days held per actor. `upstream` holds this
    round's flows of the sectors propagated before (scn.sectors is in propagation order): a
    stage that needs another sector's stage reads producers' access to it there.

    `lean`: only who gets how much at each stage (access and cover, read through `shortfall`,
    `cover_at`, `access`, `covered` and `buyer_names`): no supply met, stock used, revenue,
    import bill, concentration, delivery ratios or capacities, which are left empty. For a
    probe that asks only whether a buyer would be short (adjudication._gaps) and the
    leave-one-out test, where building the rest cost a third of the propagation; the numbers
    it does give are the same.

    `like`: a fold and its flows, propagated with the same `stockpile` (lean: access only).
    The stages at the front whose mods are that fold's own objects, with the same demand,
    give the same access and cover (a stage reads only its mods, the demand, the stock and the
    stages before it), so they are taken from its flow, not worked out again: the
    leave-one-out test's folds share every stage the cause does not act on with the fold of
    everything in force (adjudication._folds_without), and a third of their stages come
    before the first it acts on. Not in a sector with recycling (a later stage tops up an
    earlier one's arrays, which the flow then holds as they ended) or from a stage that needs
    another sector's (its flow is this propagation's own).

    Works on lists indexed by actor position (`_SectorPlan`) and builds the by-name dicts of
    the SectorFlow at the end; every sum runs in the order the by-name version ran it (demand
    order, supplier order, stage order), so the numbers are the same to the last bit."""
    plan = _plan(scn, sector)
    actors = plan.actors
    index = plan.index
    n = len(actors)
    round_days = float(scn.round_days)
    changes = mods.demand.get(sector) if mods.demand else None
    if changes:
        last = plan.last_demand
        if last is not None and last[0] == changes:
            _, demand, dkey, pairs, buyers, is_buyer = last
        else:
            demand, dkey = sector_demand(scn, mods, sector)
            pairs, buyers, is_buyer = plan.indexed(demand)
            plan.last_demand = (dict(changes), demand, dkey, pairs, buyers, is_buyer)
    else:
        demand, dkey = plan.demand, ()
        pairs, buyers, is_buyer = plan.pairs, plan.buyers, plan.is_buyer
    cover = vec[float]([0.0] * n)
    for b in buyers:
        cover[b] = stockpile.get(actors[b], 0.0) / round_days
    # per stage (in stage order), per actor: access before and after stockpiles (buyers only)
    acc_st: list[vec[float]] = []
    cov_st: list[vec[float]] = []
    rat_st: list[vec[float]] = []  # per stage: share of orders each supplier delivered
    cap_st: list[vec[float]] = []  # per stage: each supplier's capacity this round
    tables: dict[str, ShareTable] = {}
    hhi_sum = vec[float]([0.0] * n)
    revenue = vec[float]([0.0] * n)
    bill = vec[float]([0.0] * n)
    n_gating = 0
    # this round's flows of upstream sectors; a stage that needs one and finds none raises below
    flows_in: dict[str, SectorFlow] = upstream if upstream is not None else {}
    by_stage = mods.stages
    dem: vec[float] | None = None  # demand by actor index, made when a stage has cuts
    same_to = 0  # the stages at the front taken from `like`'s flow
    if like is not None and lean and not plan.relief:
        like_mods = like[0]
        like_flow = like[1].get(sector)
        if like_flow is not None and mods.demand.get(sector) is like_mods.demand.get(sector):
            like_stages = like_mods.stages
            for sp in plan.stages:
                if sp.needs or by_stage.get(sp.key) is not like_stages.get(sp.key):
                    break
                # its arrays themselves: a flow is never changed once made
                acc_st.append(like_flow._acc_st[same_to])
                cov_st.append(like_flow._cov_st[same_to])
                tables[sp.name] = like_flow._tables[sp.name]
                same_to += 1
    for sp in plan.stages[same_to:] if same_to else plan.stages:
        stage = sp.name
        sm = by_stage.get(sp.key, _NO_MODS) if by_stage else _NO_MODS
        tab = _table(scn, plan, sp, sm)
        needs = sp.needs
        if needs:
            missing = [s2 for s2, _ in needs if upstream is None or s2 not in upstream]
            if missing:
                raise ValueError(f"{sector} needs this round's {missing[0]} flow: propagate the "
                                 f"sectors in scn.sectors order and pass them as `upstream`")
        tables[stage] = tab
        rows = tab.rows
        if sp.gating and not lean:
            n_gating += 1
            hhi = tab.hhi
            for b in buyers:
                hhi_sum[b] = hhi_sum[b] + hhi[b]
        # Orders as if nothing were cut (cached), then what the cuts take away: the sparse
        # form keeps an undisturbed stage O(actors) instead of O(buyers x suppliers).
        base_orders = tab.ordered.get(dkey)
        if base_orders is None:
            tally = vec[float]([0.0] * n)
            for b, d in pairs:  # each supplier's tally adds its buyers up in demand order
                row = rows[b]
                for j in tab.orders[b]:
                    tally[j] = tally[j] + row[j] * d
            base_orders = tab.ordered[dkey] = tally
        cuts = sm.cuts
        acc = vec[float]([1.0] * n)
        # the round's own: cuts and leakage change it (a slice: one native copy, compiled,
        # where building a vec from a vec iterates it item by item)
        ordered = base_orders[:]
        if cuts or sm.leak:
            if dem is None:
                dem = vec[float]([0.0] * n)
                for b, d in pairs:
                    dem[b] = d
            for xi, cut in cuts.items():
                x = xi // n
                i = xi - x * n
                di = dem[i]
                if di:
                    shx = rows[i][x]
                    if shx:
                        ordered[x] = ordered[x] - shx * di * cut
                        acc[i] = acc[i] - shx * cut
        # what each supplier can deliver of what it was asked for
        disrupt = sm.disrupt
        inputs = sp.inputs
        sups = tab.sups
        struct_caps = tab.caps
        capv = vec[float]([0.0] * n)
        for k in range(len(sups)):
            j = sups[k]
            cap = struct_caps[k]
            if disrupt:
                dis = disrupt.get(j)
                if dis:
                    cap *= max(0.0, 1.0 + dis)
            if inputs and is_buyer[j]:  # a buyer has access figures for the earlier stages
                ready = 1.0
                for q in inputs:
                    c = cov_st[q][j]
                    if c < ready:
                        ready = c
                cap *= ready
            if needs:  # stages of other sectors gate exactly as the sector's own inputs do
                ready = 1.0
                for s2, k2 in sp.needs_at:
                    c = flows_in[s2].cover_at(j, k2)  # -1.0: it buys nothing there
                    if c >= 0.0 and c < ready:
                        ready = c
                cap *= ready
            capv[j] = cap
        if not lean:
            cap_st.append(capv)
        won = _backfill(sm, tab, dem, plan.name_order, ordered, capv) if sm.leak and dem is not None else None
        rat = vec[float]([1.0] * n)
        short: list[tuple[int, float]] = []
        for j in sups:
            o = ordered[j]
            cap = capv[j]
            if o > cap:
                r = cap / o
                rat[j] = r
                short.append((j, r))
        price = 1.0 + sm.price
        value = sp.value * price
        if not lean:
            rat_st.append(rat)
            for j in sups:
                o = ordered[j]
                if o > 0.0:
                    revenue[j] = revenue[j] + o * rat[j] * value
        owned = sp.owned if not lean else None
        if owned:  # the value owned units add is their owner's
            for site, held in owned.items():
                at = tab.struct.get(site)
                if at:
                    js = index[site]
                    o = ordered[js]
                    if o > 0.0:
                        made = o * rat[js] * value
                        scale = (1.0 + sm.cap_frac.get(site, 0.0)) / at
                        for owner, units in held:
                            part = made * min(1.0, units * scale)
                            revenue[js] = revenue[js] - part
                            _at = index[owner]
                            revenue[_at] = revenue[_at] + part
        if short:  # rationing: each buyer gets the supplier's fraction of its order
            # buyer by buyer, each one's short suppliers in supplier order: the subtractions
            # from one buyer's access run in the order they always have
            rows = tab.rows
            for b in buyers:
                row = rows[b]
                a = acc[b]
                for j, r in short:
                    share_j = row[j]
                    if share_j > 0.0:  # a share in the table is never 0: no tie, no share
                        if cuts:
                            a -= share_j * (1.0 - cuts.get(j * n + b, 0.0)) * (1.0 - r)
                        else:
                            a -= share_j * (1.0 - r)
                acc[b] = a
        if won:  # re-sourced orders were sized to spare capacity: delivered in full
            for b, got in won:
                acc[b] = acc[b] + got
        if price != 1.0 and not lean:
            extra = sp.value * (price - 1.0)
            for b, d in pairs:
                imported = d * acc[b] - d * rows[b][b] * rat[b]
                bill[b] = bill[b] + imported * extra
        cov = vec[float]([1.0] * n)
        for b in buyers:
            a = acc[b]
            if a < 0.0:
                a = 0.0
                acc[b] = a
            c = a + cover[b]
            cov[b] = c if c < 1.0 else 1.0
        acc_st.append(acc)
        cov_st.append(cov)
        t = sp.relieves
        if t >= 0:  # recycling tops up a share of another stage's gap
            factor = sp.factor
            acc_t = acc_st[t]
            cov_t = cov_st[t]
            for b in buyers:
                a0 = acc_t[b]
                if a0 < 1.0:
                    a1 = a0 + (1.0 - a0) * factor * acc[b]
                    acc_t[b] = a1
                    c = a1 + cover[b]
                    cov_t[b] = c if c < 1.0 else 1.0
    if lean:
        return SectorFlow(acc_st, cov_st, plan.names, actors, index, is_buyer, buyers,
                          plan.gating, None, None, tables, None)
    gating = plan.gating
    met_v = vec[float]([0.0] * n)
    used_v = vec[float]([0.0] * n)
    conc_v = vec[float]([0.0] * n)
    for b in buyers:
        met, used = 1.0, 0.0
        for g in gating:
            c = cov_st[g][b]
            if c < met:
                met = c
            u = c - acc_st[g][b]
            if u > used:
                used = u
        met_v[b] = met
        used_v[b] = used
        conc_v[b] = hhi_sum[b] / n_gating
    return SectorFlow(acc_st, cov_st, plan.names, actors, index, is_buyer, buyers, gating,
                      rat_st, cap_st, tables, (met_v, used_v, conc_v, revenue, bill))


def propagate_all(scn: Scenario, mods: Mods, stockpile: dict[str, dict[str, float]],
                  sectors: tuple[str, ...] | None = None, lean: bool = False,
                  like: tuple[Mods, dict[str, SectorFlow]] | None = None) -> dict[str, SectorFlow]:
    """This round's flows of `sectors` (every sector by default) and of the sectors they
    need inputs from, in propagation order. `stockpile` is sector -> actor -> days. `lean`:
    access only; `like`: a fold and its flows to take the stages they share from (see
    `propagate`)."""
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
            flows[sector] = propagate(scn, mods, sector, stockpile.get(sector, {}), flows, lean, like)
    return flows


def _backfill(sm: StageMods, tab: ShareTable, dem: vec[float], name_order: list[int],
              ordered: vec[float], caps: vec[float]) -> list[tuple[int, float]]:
    """Leakage: buyers cut off from a supplier re-source part of the lost flow from suppliers
    who do not restrict them, limited by those suppliers' spare capacity (what they can make
    beyond what they were already asked for). Adds the new orders to `ordered` (in place, on
    the round's own copy) and returns, per buyer, the share of its demand won back. By actor
    index throughout (`dem`: demand); buyers re-source in the order of their names
    (`name_order`), as they always have."""
    n = len(caps)
    want = vec[float]([0.0] * n)
    wants = [False] * n
    cuts = sm.cuts
    rows = tab.rows
    for xi, leak in sm.leak.items():
        x = xi // n
        i = xi - x * n
        d = dem[i]
        if d:
            sh = rows[i][x]
            if sh:
                c = cuts.get(xi, 0.0)
                want[i] = want[i] + sh * d * (leak if leak <= c else c)  # min(leak, c)
                wants[i] = True
    won: list[tuple[int, float]] = []
    # the exporters that cut each importer off, as bits by exporter index (one pass over the
    # cuts, where each re-sourcing buyer scanned them all and built a list of flags)
    barred = [0] * n
    for xj, c in cuts.items():
        if c > 0.0:
            x = xj // n
            i = xj - x * n
            barred[i] = barred[i] | (1 << x)
    sups = tab.sups
    for i in name_order:
        if not wants[i]:
            continue
        v = want[i]
        if v <= 0.0:
            continue
        bar = barred[i]
        room = 0.0  # added up in supplier order, as sum() did
        for s in sups:
            if not (bar >> s) & 1 and caps[s] > ordered[s]:
                room += caps[s] - ordered[s]
        if room <= 0.0:
            continue
        take = v if v < room else room
        # each supplier's spare, read before it takes its part (no other supplier's changes)
        for s in sups:
            if not (bar >> s) & 1 and caps[s] > ordered[s]:
                ordered[s] = ordered[s] + take * (caps[s] - ordered[s]) / room
        won.append((i, take / dem[i]))
    return won


def leak_age(ae: ActiveEffect, rnd: int) -> int:
    """Rounds buyers have had to re-source around a trade cut by round `rnd`: since it landed,
    or, for a control announced ahead (`announced`), since it was announced, because firms
    re-source in anticipation of a restriction, not only once it bites (Babbage Forum 2024,
    section 2: most reconfiguration stems from the expectation of future trade restrictions)."""
    return rnd - ae.start + (ae.effect.lag if ae.effect.announced else 0)


def fold_effects(world: World, active: Iterable[ActiveEffect], rnd: int = 0,
                 onto: Mods | None = None) -> Mods:
    """Fold the effects that are on in round `rnd` into `Mods`. Order matters only for sourcing
    shifts, which apply in the order they came into force. An effect on a whole sector acts
    on each of its stages in `world`.

    `onto`: the fold of the effects in force before `active`, which is left as it is: the
    result is its copy with `active` folded in, the same numbers, in the same order, as one
    fold of all of them (each sum adds the effects in turn)."""
    # Onto a copy of `onto` that shares its stages' mods and its sectors' demand changes until
    # an effect writes to one (then that one is copied, once): most folds onto another add a
    # card or two to one or two stages, and copying every stage's dicts for it cost more than
    # the fold (the leave-one-out folds, adjudication._folds_without). Nothing changes a
    # fold's Mods once made, so sharing is safe; a copy keeps its place in the dicts' order.
    m = Mods()
    base_stages: dict[tuple[str, ...], StageMods] | None = None
    base_demand: dict[str, dict[str, float]] | None = None
    if onto is not None:
        base_stages, base_demand = onto.stages, onto.demand
        m.stages = dict(base_stages)
        m.demand = dict(base_demand)
    # each stage's mods under the world's own key tuple (Sector.stage_keys): this runs for
    # every effect of every fold, a few hundred times a game with causes on
    by_stage = m.stages
    ix = world.actor_index
    n_actors = len(ix)
    for ae in active:
        if not ae.on:
            continue
        e = ae.effect
        k = e.kind
        if k == "demand":
            dsec = cast(str, e.sector)
            d = m.demand.get(dsec)
            if d is None:
                d = m.demand[dsec] = {}
            elif base_demand is not None and d is base_demand.get(dsec):
                d = m.demand[dsec] = dict(d)  # onto's: copied before the first write
            _add_demand(d, e)
            continue
        if k not in FOLDED_KINDS:  # budget and early_warning effects act in adjudication
            continue
        for key in effect_keys(world, e):
            sm = by_stage.get(key)
            if sm is None:
                sm = by_stage[key] = StageMods()
            elif base_stages is not None and sm is base_stages.get(key):
                sm = by_stage[key] = sm.copy()  # onto's: copied before the first write
            _fold_into(sm, ae, rnd, ix, n_actors)
    return m


def effect_keys(world: World, e: Effect) -> tuple[tuple[str, ...], ...]:
    """The `Mods.stages` keys a folded effect of a kind other than demand acts on: its stage,
    or every stage of its sector (the world's own key tuples: see Sector.stage_keys)."""
    sector = cast(str, e.sector)  # every folded kind names its sector (content checks it)
    sec = world.sectors[sector]
    if e.stage:
        one = sec.keys_at.get(e.stage)
        return ((sector, e.stage),) if one is None else one
    return sec.stage_keys


def _fold_into(sm: StageMods, ae: ActiveEffect, rnd: int, ix: dict[str, int], n_actors: int) -> None:
    """Add one effect (capacity, trade, price or sourcing) to one stage's mods: the one rule
    `fold_effects` and `fold_stage` both apply."""
    e = ae.effect
    k = e.kind
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
                j = ix.get(a, -1)  # an actor the world lacks supplies nothing
                if j >= 0:
                    disrupt[j] = disrupt.get(j, 0.0) + change
    elif k == "trade":
        # re-sourced share: LEAK_PER_ROUND of the cut for each full round it has stood
        age = leak_age(ae, rnd)
        leaked = e.change * (LEAK_PER_ROUND * age if age * LEAK_PER_ROUND < 1.0 else 1.0)
        cuts, leak = sm.cuts, sm.leak
        for x in e.exporters:
            jx = ix.get(x, -1)
            if jx < 0:  # an actor the world lacks trades nothing
                continue
            for i in e.importers:
                if x != i:
                    ji = ix.get(i, -1)
                    if ji >= 0:
                        xi = jx * n_actors + ji  # the trade key
                        cuts[xi] = min(1.0, cuts.get(xi, 0.0) + e.change)
                        if leaked > 0.0:
                            leak[xi] = leak.get(xi, 0.0) + leaked
    elif k == "price":
        sm.price += e.change
    else:  # sourcing
        shifts = sm.shifts
        for a in e.actors:
            shifts.append((a, e.away_from, e.towards, e.change))


def fold_stage(world: World, on_stage: list[ActiveEffect], rnd: int) -> StageMods | None:
    """The mods of one stage from `on_stage`, the effects in force that act on it (None when
    there are none), in the order they came: the same StageMods, to the last bit and in the
    same order, as `fold_effects` gives that stage with every effect in force, as a stage's
    mods add up only the effects on it, each in turn. For a fold that differs from another
    only on a few stages: the leave-one-out test's (adjudication._folds_without)."""
    if not on_stage:
        return None
    sm = StageMods()
    ix = world.actor_index
    n_actors = len(ix)
    for ae in on_stage:
        _fold_into(sm, ae, rnd, ix, n_actors)
    return sm


def fold_demand(on_sector: list[ActiveEffect]) -> dict[str, float] | None:
    """The demand changes of one sector from `on_sector`, the demand effects in force on it
    (None when there are none): what `fold_effects(...).demand` holds for it, the same sums in
    the same order."""
    if not on_sector:
        return None
    d: dict[str, float] = {}
    for ae in on_sector:
        _add_demand(d, ae.effect)
    return d


def _add_demand(d: dict[str, float], e: Effect) -> None:
    """Add one demand effect to a sector's demand changes: the rule `fold_effects` and
    `fold_demand` both apply."""
    for a in e.actors:
        d[a] = d.get(a, 0.0) + e.change
