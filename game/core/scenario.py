"""A scenario: the static facts a game starts from. Never changes during play.

Keeping it apart from `GameState` means a save holds only what changed, and a thousand Monte
Carlo games share one scenario object.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import sums
from .cards import Card, Shock
from .goals import Goal
from .objectives import Objective
from .values import rebuilt
from .world import World, pair  # noqa: F401 - pair: re-exported, relations are keyed by it


@dataclass(frozen=True, slots=True)
class TeamSetup:
    team: str
    budget: float  # at the start
    income: float  # added each round
    political_capital: float
    political_income: float
    hand: tuple[str, ...]  # card ids this team may play in this scenario
    objective: str = ""  # read aloud at the start
    briefing: str = ""
    #: how the final score weighs resilience against prosperity (they sum to 1)
    weight_resilience: float = 0.7
    weight_prosperity: float = 0.3
    #: the score a well-played team reaches in this scenario (from playtests); the score is
    #: shifted by 50 - par, so 50 means "did what a well-played team does here"
    par: float = 50.0
    #: stock policy: after a drawdown the team refills towards `stock_target_days` (None: the
    #: days it started with, per sector) by at most `refill_days` a round, paying for it
    stock_target_days: float | None = None
    refill_days: float = 30.0
    #: goals besides resilience and prosperity, weighted in the score (see goals.py); the
    #: weights of both halves and of every goal add up to 1
    goals: tuple[Goal, ...] = ()

    def __reduce__(self) -> tuple:
        return rebuilt(self)  # see values.py: pickled and copied by the constructor


Sourcing = dict[str, dict[str, dict[str, dict[str, float]]]]  # sector->stage->buyer->supplier->share
#: sector -> stage -> site -> ((owner, units), ...): capacity sited in one actor and owned by
#: another. The units are part of the site's capacity: shocks, outages and trade cuts aimed at
#: the site hit them, and they are supplied through the site's access to inputs (exposure
#: follows the location), but the value they add is the owner's (prosperity follows the owner).
Ownership = dict[str, dict[str, dict[str, tuple[tuple[str, float], ...]]]]


@dataclass(frozen=True, slots=True)
class Scenario:
    id: str
    title: str
    rounds: int
    sectors: tuple[str, ...]  # in propagation order (world.order): inputs before their users
    capacity: dict[str, dict[str, dict[str, float]]]  # sector -> stage -> actor -> units
    demand: dict[str, dict[str, float]]  # sector -> actor -> units per round
    sourcing: Sourcing  # filled for every buyer and stage by `complete_sourcing`
    stockpile_days: dict[str, dict[str, float]]  # sector -> actor -> days
    teams: dict[str, TeamSetup]
    cards: dict[str, Card]
    shocks: dict[str, Shock]
    schedule: dict[int, tuple[str, ...]]  # round -> shock ids that hit for certain
    shock_deck: tuple[str, ...]  # shock ids drawn at random
    world: World  # the actors, teams, sectors and stages this scenario is set in
    draws_per_round: int = 1
    max_plays_per_round: int = 2
    round_days: int = 180
    stockpile_target_days: float = 180.0
    relations: dict[tuple[str, str], float] = field(default_factory=dict)  # sorted pair -> -100..100
    briefing: str = ""
    assumptions: tuple[str, ...] = ()
    #: (assumption text, the works it rests on) for the assumptions that cite works: the
    #: report's sources list gives their full references
    assumption_sources: tuple[tuple[str, object], ...] = ()
    default: bool = False
    objectives: tuple[Objective, ...] = ()  # what the exercise tests (HSEEP), rated in the brief
    ownership: Ownership = field(default_factory=dict)
    #: memo of derived tables (sourcing splits per structure); never part of the facts, and a
    #: `replace()`d scenario starts with an empty one
    cache: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __reduce__(self) -> tuple:
        return rebuilt(self)  # see values.py: pickled and copied by the constructor


def complete_sourcing(
    world: World,
    sectors: tuple[str, ...],
    capacity: dict[str, dict[str, dict[str, float]]],
    given: Sourcing,
) -> Sourcing:
    """Every actor needs a sourcing split at every stage. Where the scenario is silent the actor
    buys on the world market: in proportion to each supplier's capacity. Given splits are
    normalised so authors may write percentages."""
    out: Sourcing = {}
    for sector in sectors:
        out[sector] = {}
        for stage in world.sectors[sector].stage_names:
            caps = capacity.get(sector, {}).get(stage, {})
            total_cap = sums.total(caps.values())
            market = ({a: caps[a] / total_cap for a in world.actor_ids if caps.get(a, 0) > 0}
                      if total_cap else {})
            out[sector][stage] = {}
            for buyer in world.actor_ids:
                split = given.get(sector, {}).get(stage, {}).get(buyer)
                if split:
                    total = sums.total(split.values())
                    split = {a: v / total for a, v in split.items() if v > 0}
                else:
                    split = dict(market)
                out[sector][stage][buyer] = split
    return out


__all__ = ["Ownership", "Scenario", "TeamSetup", "complete_sourcing", "pair"]
