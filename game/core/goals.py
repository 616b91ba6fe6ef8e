"""Goals: what a team wants besides its own resilience and prosperity, weighted in its score.

Resilience and prosperity say how a team's own supply and industry fare. Some governments
want something else too, and the sources name it: the United States wants to keep advanced
chips and the tools that make them away from China (the October 2022 rules aim "to slow
China's development", Glosserman 2022); Korea and Japan want to keep the China market open
while they align with Washington. A scenario may weight such goals in a team's score:

- `deny`: keep a rival's access to a stage of a sector low, over the game. Access is the share
  of what the rival needs at that stage that reaches it, its own industry's output included,
  before its stock covers any of it: the quantity an export control aims at. The goal reads
  the rival's access averaged over the rounds played so far (this one included), so a control
  that stood all game counts in full and one played in the last round counts for that round
  only. It scores 50 while that average is what the rival had at the start and gains a point
  for each percentage point of access the average has lost (loses one for each it gained).
- `relations`: keep relations with a partner at or above a level. Full marks (100) while they
  are; two points fewer for each point of relations below the level.

Both parts run 0-100, like the halves of the score, and are weighted in with the scenario's
goal weights (resilience, prosperity and goal weights add up to 1). Pure: the numbers come
from the flows and the state being scored, so a goal's move is credited, like every other
indicator's, to the card or shock whose step moved it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from . import sums
from .network import Mods, SectorFlow, propagate_all
from .values import rebuilt
from .world import pair

if TYPE_CHECKING:  # annotations only: scenario.py imports this module
    from .scenario import Scenario
    from .state import GameState

#: goal kinds a scenario may weight
GOAL_KINDS: Final[tuple[str, ...]] = ("deny", "relations")
#: score points a relations goal loses for each point of relations below its level
RELATIONS_SLOPE: Final = 2.0


@dataclass(frozen=True, slots=True)
class Goal:
    """One weighted goal of a team. Fields unused by a kind stay at their defaults."""

    kind: str
    weight: float
    rival: str = ""  # deny: the actor whose access is kept low
    sector: str = ""  # deny
    stage: str = ""  # deny
    partner: str = ""  # relations: the team relations are kept with
    at_least: float = 0.0  # relations: the level to stay at or above
    #: the indicator the goal is scored on ("goal.deny.CHN.semiconductors.equipment": the
    #: rival's access in %, averaged over the rounds played; "goal.relations.KOR": relations
    #: with the partner). Made once: scoring reads it for every team at every step, and a
    #: string built anew for each read was hashed anew for each lookup.
    key: str = field(init=False, compare=False)
    #: a deny goal's second indicator: the rival's access this round, in %
    now_key: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        key = (f"goal.deny.{self.rival}.{self.sector}.{self.stage}" if self.kind == "deny"
               else f"goal.{self.kind}.{self.partner}")
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "now_key", key + ".now")

    def __reduce__(self) -> tuple:
        return rebuilt(self)  # see values.py: pickled and copied by the constructor


def start_access(scn: Scenario, sector: str, stage: str, rival: str) -> float:
    """The rival's access at the start of the game (no effects, the scenario's stockpiles):
    what a deny goal's 50 points stand for. Cached on the scenario, a pure function of it."""
    key = ("goal_start", sector)
    access = scn.cache.get(key)
    if access is None:
        flow = propagate_all(scn, Mods(), scn.stockpile_days, (sector,))[sector]
        access = scn.cache[key] = {b: dict(a) for b, a in flow.access.items()}
    return access.get(rival, {}).get(stage, 1.0)


def measure(scn: Scenario, state: GameState, team: str, goal: Goal, flows: dict[str, SectorFlow]) -> float:
    """The goal's indicator now: the rival's access in % (deny), or relations (relations)."""
    if goal.kind == "deny":
        flow = flows.get(goal.sector)
        acc = flow.access_at(goal.rival, goal.stage) if flow is not None else None
        if acc is None:  # the rival buys nothing here now: nothing reaches it
            return 100.0 * start_access(scn, goal.sector, goal.stage, goal.rival)
        return 100.0 * acc
    return state.relations.get(pair(team, goal.partner), 0.0)


def part(scn: Scenario, goal: Goal, value: float) -> float:
    """The goal's part of the score, 0-100, from its indicator's value."""
    if goal.kind == "deny":
        start = 100.0 * start_access(scn, goal.sector, goal.stage, goal.rival)
        p = 50.0 + (start - value)
    else:
        p = 100.0 - RELATIONS_SLOPE * max(0.0, goal.at_least - value)
    return 0.0 if p < 0.0 else 100.0 if p > 100.0 else p


def values(scn: Scenario, state: GameState, team: str, goals: Iterable[Goal], flows: dict[str, SectorFlow]) -> dict[str, float]:
    """Indicator -> value for each of a team's goals (a deny goal: the rival's access now, and
    its average over the rounds recorded and this one)."""
    out = {}
    for g in goals:
        now = measure(scn, state, team, g, flows)
        if g.kind == "deny":
            past = [v for rec in state.history
                    if (v := rec.indicators.get(team, {}).get(g.now_key)) is not None]
            out[g.now_key] = now
            out[g.key] = (sums.total(past) + now) / (len(past) + 1)
        else:
            out[g.key] = now
    return out


def accrual(state: GameState, team: str, goals: Iterable[Goal], last: dict[str, float]) -> dict[str, list]:
    """What the start of a round does to a team's deny goals, by cause: the round just
    finished joins each average, moving it by (access then - average before) / rounds now.

    Every change of the access and of its average was credited to a cause as it happened, so
    the access then is the start plus the causes' credits, and so is the average: each cause's
    share of the move is (its credits to the access - its credits to the average) / rounds.
    Returns indicator -> [(cause, change)]; `last` is the team's indicators at the end of the
    round just finished."""
    n = len(state.history)
    out: dict[str, list] = {}
    if n == 0:
        return out
    for g in goals:
        if g.kind != "deny" or g.key not in last or g.now_key not in last:
            continue
        share: dict = {}
        for rec in state.history:
            causes = rec.causes.get(team, {})
            for c, v in causes.get(g.now_key, ()):
                share[c] = share.get(c, 0.0) + v
            for c, v in causes.get(g.key, ()):
                share[c] = share.get(c, 0.0) - v
        moves = [(c, v / (n + 1)) for c, v in share.items() if abs(v) > 1e-12]
        if moves:
            out[g.key] = moves
    return out


def points(scn: Scenario, goals: Iterable[Goal], indicators: dict[str, float]) -> float:
    """What a team's goals add to its score: each goal's weight x its part."""
    total = 0.0
    for g in goals:
        v = indicators.get(g.key)
        if v is not None:
            total += g.weight * part(scn, g, v)
    return total


__all__ = ["GOAL_KINDS", "Goal", "accrual", "measure", "part", "points", "start_access", "values"]
