"""Indicators and the resilience formula. Written up for facilitators in docs/model.md.

Resilience of a team in a sector, 0-100, is a weighted sum of five things a facilitator can
point at:

    supply     50  share of this round's demand met, after stockpiles
    recovery   10  falls by a third for each consecutive round in shortfall (supply < 95%)
    buffer     15  stockpile days against the scenario's target (180 days by default)
    diversity  20  1 - concentration (Herfindahl) of its sourcing, averaged over stages
    fiscal      5  budget left against the budget it started with

Overall resilience weighs sectors by the team's demand in them. Prosperity is market share of
the world's value added in a sector; the prosperity index is the team's value added against the
game's first round (100 = unchanged). The score that ranks teams mixes resilience,
prosperity and any further goals the scenario sets the team (goals.py) by their weights.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Final

from . import goals, sums
from .network import Mods, SectorFlow, fold_effects, propagate_all

if TYPE_CHECKING:  # annotations only
    from .scenario import Scenario, TeamSetup
    from .state import GameState

WEIGHTS: Final = {"supply": 50.0, "recovery": 10.0, "buffer": 15.0, "diversity": 20.0, "fiscal": 5.0}
# each weight as a float of its own: `evaluate` reads all five for every team and sector at
# every step, and a compiled build reads these as C statics instead of hashing five strings
_W_SUPPLY: Final = WEIGHTS["supply"]
_W_RECOVERY: Final = WEIGHTS["recovery"]
_W_BUFFER: Final = WEIGHTS["buffer"]
_W_DIVERSITY: Final = WEIGHTS["diversity"]
_W_FISCAL: Final = WEIGHTS["fiscal"]
SHORTFALL: Final = 0.95  # below this share of demand met, a round counts as a round in shortfall
STREAK_LIMIT: Final = 3  # rounds in shortfall after which recovery scores zero
MAX_DIVERSITY: Final = 0.75  # 1 - HHI at which diversity scores full marks (four equal suppliers)


#: indicator names per sector ("resilience.semiconductors", ...), built once per sector name
_KEYS: Final[dict[str, dict[str, str]]] = {}


def sector_keys(sector: str) -> dict[str, str]:
    keys = _KEYS.get(sector)
    if keys is None:
        keys = _KEYS[sector] = {
            k: f"{k}.{sector}" for k in ("prosperity", "resilience", "supply", "stockpile_days")}
    return keys


#: the same names as a tuple per sector (prosperity, resilience, supply, stockpile_days)
_NAMES: Final[dict[str, tuple[str, str, str, str]]] = {}


def sector_names(sector: str) -> tuple[str, str, str, str]:
    """`sector_keys` as a tuple, in that order: `evaluate` reads all four for every team at
    every step, and a tuple is indexed where a dict is hashed."""
    names = _NAMES.get(sector)
    if names is None:
        keys = sector_keys(sector)
        names = _NAMES[sector] = (keys["prosperity"], keys["resilience"], keys["supply"],
                                  keys["stockpile_days"])
    return names


def clamp(x: float, lo: float = 0.0, hi: float = 100.0) -> float:
    return lo if x < lo else hi if x > hi else x


def evaluate(scn: Scenario, state: GameState, baseline_revenue: dict[str, float] | None = None,
             flows: dict[str, SectorFlow] | None = None, teams: Iterable[str] | None = None,
             ) -> tuple[dict[str, dict[str, float]], dict[str, SectorFlow], Mods | None]:
    """Indicators for every team in `state` as it stands (or `teams` only; each team's are its
    own). Pure: the same state always gives the same numbers, which is what lets adjudication
    attribute changes step by step.

    `flows` may pass the supply flows of an earlier evaluation whose effects and stockpiles
    are unchanged (a step that only moved budgets): scoring them again is cheap, propagating
    them is not."""
    mods: Mods | None = None
    if flows is None:
        mods = fold_effects(scn.world, state.active, state.round)
        flows = propagate_all(scn, mods, state.stockpile)
    # what every team reads of each sector, looked up once per call instead of once per team:
    # (sector, its flow, its indicator names, world revenue, demand, stockpiles)
    per_sector = []
    for sector in scn.sectors:
        f = flows[sector]
        per_sector.append((sector, f, sector_names(sector), f.world_revenue(),
                           scn.demand.get(sector), state.stockpile.get(sector)))
    target_days = scn.stockpile_target_days
    actor_index = scn.world.actor_index
    out: dict[str, dict[str, float]] = {}
    for team in scn.world.teams if teams is None else teams:
        j = actor_index[team]  # flows give their figures by actor index
        setup = scn.teams[team]
        ts = state.teams[team]
        ind: dict[str, float] = {}
        fiscal = 0.0 if setup.budget <= 0 else min(1.0, max(0.0, ts.budget / setup.budget))
        total_demand = 0.0
        weighted = 0.0
        revenue = 0.0
        streaks = state.shortfall_streak.get(team)
        for sector, f, names, world, demand, pile in per_sector:
            rev = f.revenue_of(j)
            revenue += rev
            ind[names[0]] = 100.0 * rev / world if world else 0.0
            d = demand.get(team, 0.0) if demand is not None else 0.0
            if d <= 0.0:
                continue
            supply = f.supply_of(j)
            if supply < 0.0:  # it buys nothing here
                continue
            streak = streaks.get(sector, 0) if streaks is not None else 0
            if supply < SHORTFALL:
                streak += 1
            else:
                streak = 0
            recovery = 1.0 - min(1.0, streak / STREAK_LIMIT)
            stock = pile.get(team, 0.0) if pile is not None else 0.0
            buffer = min(1.0, stock / target_days)
            diversity = min(1.0, (1.0 - f.concentration_of(j)) / MAX_DIVERSITY)
            res = (
                _W_SUPPLY * supply
                + _W_RECOVERY * recovery
                + _W_BUFFER * buffer
                + _W_DIVERSITY * diversity
                + _W_FISCAL * fiscal
            )
            ind[names[1]] = res
            ind[names[2]] = 100.0 * supply
            ind[names[3]] = stock
            weighted += res * d
            total_demand += d
        adj = state.adjustments.get(team, {})
        resilience = weighted / total_demand if total_demand else 0.0
        ind["resilience"] = clamp(resilience + adj.get("resilience", 0.0))
        base = (baseline_revenue or {}).get(team, 0.0)
        prosperity = 100.0 * revenue / base if base > 0 else 100.0
        ind["prosperity"] = max(0.0, prosperity + adj.get("prosperity", 0.0))
        ind["budget"] = ts.budget
        ind["political_capital"] = ts.political_capital
        # Each half scores 50 for "as you started": teams start from very different
        # positions, and a team is ranked on what it made of its own.
        # The scenario's par for the team then sets where 50 lies: a team that does what a
        # well-played team does in its seat scores 50, whatever seat it is.
        res0 = state.baseline_resilience.get(team, ind["resilience"])
        if setup.goals:  # a scenario's further goals for the team (goals.py)
            ind.update(goals.values(scn, state, team, setup.goals, flows))
        ind["score"] = score(setup, ind["resilience"], ind["prosperity"], res0,
                             goals.points(scn, setup.goals, ind) if setup.goals else 0.0)
        out[team] = ind
    return out, flows, mods


def score(setup: TeamSetup, resilience: float, prosperity: float, resilience_at_start: float,
          goal_points: float = 0.0) -> float:
    """The ranking score (see the module docstring and docs/model.md). `goal_points` is what
    the team's further goals add (goals.points: each goal's weight x its 0-100 part)."""
    return clamp(
        setup.weight_resilience * clamp(50.0 + resilience - resilience_at_start)
        + setup.weight_prosperity * clamp(prosperity / 2.0)
        + goal_points
        + 50.0 - setup.par
    )


def team_revenue(scn: Scenario, flows: dict[str, SectorFlow]) -> dict[str, float]:
    return {t: sums.total(flows[s].revenue[t] for s in scn.sectors) for t in scn.world.teams}


def ranking(indicators: dict[str, dict[str, float]], teams: tuple[str, ...] | None = None) -> list[str]:
    """Teams best first by score; ties go to the team listed first in `teams` (the world's
    order, `scn.world.teams`; by default the order of `indicators`), so ranks are total."""
    teams = tuple(indicators) if teams is None else teams
    return sorted(teams, key=lambda t: (-round(indicators[t]["score"], 9), teams.index(t)))
