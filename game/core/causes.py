"""Causes as data: what moved an indicator, as a small record the TUI and the report word.

Every change of every indicator is credited to a `Cause`: the card, shock, retaliation,
facilitator inject or override behind it, or a `routine` step (income, a scenario's built-in
shortfall). The record carries ids, never prose, so rewording a title in a deck can never change
what the report concludes (diplomacy keeps orders, OpenSpiel keeps returns: structured, worded
only at the edge).

Consequences keep their origin: a stock drawn down to cover the gap a shock opened is that
shock's cost; the refill that follows is charged to the same shock; an effect wearing off is
credited to the card or shock that made it. `adjudication.py` does the crediting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from .values import rebuilt

#: The kinds of origin, in the order reports list them.
ORIGINS: Final[tuple[str, ...]] = ("card", "shock", "retaliation", "inject", "override", "routine")

#: Ids of routine causes. Kept few and small on purpose: a game whose score moves for routine
#: reasons is a game whose adjudication explains nothing.
INCOME: Final = "income"  # budget and political capital earned each round
BASELINE: Final = "baseline"  # a shortfall the scenario starts with, before anything happened
RESTOCK: Final = "restock"  # refilling stock the scenario's policy wants and nothing drew down
ROUNDING: Final = "rounding"  # floating-point dust, named rather than hidden


@dataclass(frozen=True, slots=True)
class Cause:
    """Who or what moved an indicator.

    `id` is a card id (card), a shock id (shock, retaliation, inject), the facilitator's reason
    (override), or one of the routine ids above. `team` is the team that played the card (the
    first partner in resolution order for a joint card), the team that retaliated, or the team an
    override changed; None for shocks and routine steps. `round` is the round the card was played
    or the shock hit, so "the Taiwan quake of round 3" and its wearing off in round 5 are one
    cause."""

    origin: str
    id: str
    team: str | None = None
    round: int = 0
    #: the dataclass hash of the fields, worked out once: causes key the ledgers and the
    #: credits (a game with causes on hashes them a few thousand times)
    _hash: int = field(init=False, repr=False, compare=False)

    # The methods below are what @dataclass would generate, written out: a compiled build
    # (mypyc) compiles them, where the generated ones stay interpreted and cost more than
    # anything else about a cause. `object.__setattr__` is how a frozen class sets its fields
    # (mypyc turns it into a plain store); equality is the dataclass's, on the four fields.
    def __init__(self, origin: str, id: str, team: str | None = None, round: int = 0) -> None:
        object.__setattr__(self, "origin", origin)
        object.__setattr__(self, "id", id)
        object.__setattr__(self, "team", team)
        object.__setattr__(self, "round", round)
        object.__setattr__(self, "_hash", hash((origin, id, team, round)))

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        if type(other) is not Cause:
            return NotImplemented
        return self is other or (self._hash == other._hash
                                 and (self.origin, self.id, self.team, self.round)
                                 == (other.origin, other.id, other.team, other.round))

    def __deepcopy__(self, memo: dict) -> Cause:
        return self  # immutable: a cloned game state shares it (see GameState.clone)

    def to_dict(self, value: float | None = None) -> dict:
        d: dict[str, object] = {"origin": self.origin, "id": self.id, "team": self.team, "round": self.round}
        if value is not None:
            d["value"] = value
        return d

    @classmethod
    def from_dict(cls, d: dict) -> Cause:
        return cls(d["origin"], d["id"], d.get("team"), int(d.get("round", 0)))

    def __reduce__(self) -> tuple:
        return rebuilt(self)  # see values.py: pickled and copied by the constructor


def routine(what: str) -> Cause:
    return Cause("routine", what)


#: (cause, value) pairs: how much of a change one cause made
Credit = tuple[Cause, float]


def credits_to_list(credits: list[Credit]) -> list[dict]:
    return [c.to_dict(v) for c, v in credits]


def credits_from_list(items: list[dict]) -> list[Credit]:
    return [(Cause.from_dict(d), float(d["value"])) for d in items]


def split(value: float, weights: list[tuple[Cause, float]]) -> list[Credit]:
    """Share `value` among causes in proportion to the size of their weights.

    Weights are magnitudes (days drawn, a price rise): the share is |w| / sum |w|, so a cause
    that drew more stock carries more of the cost. With no weight at all the value is routine."""
    if len(weights) == 1:  # a step of one cause: most of them (the same sums as below)
        c, w = weights[0]
        a = abs(w)
        total = 0.0 + a
        if total <= 0.0:
            return [(routine(ROUNDING), value)]
        return [(c, value * a / total)]
    total = 0.0  # sums.total's addition, left to right, written out: no generator, as this
    for _, w in weights:  # runs for every indicator that moves at every step, with causes on
        total += abs(w)
    if total <= 0.0:
        return [(routine(ROUNDING), value)]
    return [(c, value * abs(w) / total) for c, w in weights if w]


def merge_weights(items) -> list[tuple[Cause, float]]:
    """Add up weights per cause, keeping first-seen order (deterministic)."""
    out: dict[Cause, float] = {}
    for c, w in items:
        out[c] = out.get(c, 0.0) + w
    return [(c, w) for c, w in out.items() if w]
