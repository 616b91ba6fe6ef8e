"""Exercise objectives (HSEEP): what the exercise tests, and measurable criteria to rate it by.

A scenario declares objectives, each tied to a capability and carrying criteria the engine can
check against a played game: "Korea keeps semiconductor supply at or above 95% of demand in
every round". The after-action brief rates each objective the HSEEP way (Performed without
challenges, with Some challenges, with Major challenges, Unable to be performed) and says why,
from the game's own round records. Pure: a function of the scenario and the history.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import sums
from .values import rebuilt

#: HSEEP performance ratings, best first, with their official wording
RATINGS: dict[str, str] = {
    "P": "Performed without challenges",
    "S": "Performed with some challenges",
    "M": "Performed with major challenges",
    "U": "Unable to be performed",
}
#: when a criterion is checked
WHEN = ("every_round", "end", "any_round")


@dataclass(frozen=True, slots=True)
class Criterion:
    """`team`'s `indicator` (e.g. supply.semiconductors, resilience, score) at least / at most
    `value`, checked in every round, at the end, or in any round."""

    team: str
    indicator: str
    at_least: float | None = None
    at_most: float | None = None
    when: str = "every_round"
    text: str = ""
    from_start: bool = False  # bounds are changes from the team's value at the start

    def __reduce__(self) -> tuple:
        return rebuilt(self)  # see values.py: pickled and copied by the constructor


@dataclass(frozen=True, slots=True)
class Objective:
    id: str
    title: str
    capability: str
    criteria: tuple[Criterion, ...] = ()

    def __reduce__(self) -> tuple:
        return rebuilt(self)  # see values.py: pickled and copied by the constructor


def _ok(c: Criterion, v: float) -> bool:
    if c.at_least is not None and v < c.at_least - 1e-9:
        return False
    return not (c.at_most is not None and v > c.at_most + 1e-9)


def check(c: Criterion, history, start: dict | None = None) -> dict:
    """One criterion against the round records: the share of checks met, the rounds it
    failed in, and the worst value seen. `start` (team -> indicator -> value at the start)
    is needed for a criterion `from_start`; values are then changes from it."""
    values = [(rec.round, rec.indicators.get(c.team, {}).get(c.indicator)) for rec in history]
    values = [(r, v) for r, v in values if v is not None]
    if c.from_start:
        base = (start or {}).get(c.team, {}).get(c.indicator)
        values = [(r, v - base) for r, v in values] if base is not None else []
    if not values:
        return {"met": 0.0, "failed": [], "worst": None, "checked": 0}
    if c.when == "end":
        values = values[-1:]
    failed = [r for r, v in values if not _ok(c, v)]
    worst = (min if c.at_least is not None else max)(v for _, v in values)
    if c.when == "any_round":
        share = 1.0 if len(failed) < len(values) else 0.0
    else:
        share = 1.0 - len(failed) / len(values)
    return {"met": share, "failed": failed, "worst": worst, "checked": len(values)}


def rate(shares: list[float]) -> str:
    """P when every criterion held throughout; S when at least three quarters of the checks
    held; M when at least a third did; U otherwise."""
    if not shares:
        return "U"
    mean = sums.total(shares) / len(shares)
    if mean >= 1.0 - 1e-9:
        return "P"
    if mean >= 0.75:
        return "S"
    if mean >= 1 / 3:
        return "M"
    return "U"


__all__ = ["RATINGS", "WHEN", "Criterion", "Objective", "check", "rate"]
