"""Cards, shocks and the effect vocabulary they share.

One small vocabulary serves both: a card that builds a fab and a shock that knocks one out are
both `capacity` effects; an export control and a blockade are both `trade` cuts. What differs is
who causes them and whether they move contracts (see `network.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from .citations import SourceField
from .values import rebuilt

#: Effect kinds. Every kind the content format accepts is handled in `rules.py`.
EFFECT_KINDS: Final[tuple[str, ...]] = (
    "capacity",  # change an actor's capacity at a stage (fraction of baseline and/or units)
    "trade",  # cut the flow from exporters to importers at a stage (export control, ban, blockade)
    "sourcing",  # a buyer shifts purchases away from an actor and/or towards others
    "stockpile",  # build (+) or release (-) stockpile days
    "demand",  # raise or lower an actor's demand in a sector
    "price",  # raise the price of a stage's output: exporters gain, importers pay
    "relations",  # change relations between teams (instant, permanent)
    "budget",  # add (or take) budget each round while active: subsidies paying off, fines
    "early_warning",  # see next round's shocks now; pre-position stock against them
)

#: Kinds that act once, when they land, rather than for a duration.
INSTANT_KINDS: Final = frozenset({"stockpile", "relations"})

#: Actor placeholders resolved when a card is played.
SELF: Final = "self"
PARTNERS: Final = "partners"
ALL: Final = "all"


@dataclass(frozen=True, slots=True)
class Effect:
    """One effect. Fields unused by a kind stay at their defaults.

    `actors` names who the effect is about (the capacity owner, the importer of a demand change,
    the buyer who re-sources, the holder of a stockpile); `exporters`/`importers` name a trade
    flow; `counterparts` are the other side of a relations change or the supplier a buyer moves
    away from.
    """

    kind: str
    actors: tuple[str, ...] = (SELF,)
    sector: str | None = None
    stage: str | None = None  # None: every stage of the sector
    change: float = 0.0  # fraction (capacity, demand, price, sourcing amount) or points
    units: float = 0.0  # absolute capacity units (capacity) or days (stockpile) or budget
    exporters: tuple[str, ...] = ()
    importers: tuple[str, ...] = ()
    away_from: tuple[str, ...] = ()
    towards: tuple[str, ...] = ()
    counterparts: tuple[str, ...] = ()
    lag: int = 0  # rounds before it lands (0: this round)
    duration: int | None = None  # rounds it lasts once landed (None: for good)
    #: a lagged trade cut announced when played: importers re-source and stock up from the
    #: announcement on, not from the landing (adjudication.py `_anticipate`, network.leak_age)
    announced: bool = False
    #: the dataclass hash of the fields, worked out once: effects key the resolved-effect memo
    #: and the propagation reuse, and are hashed by value there
    _hash: int = field(init=False, repr=False, compare=False)

    # What @dataclass would generate, written out so that a compiled build (mypyc) compiles it
    # (the generated methods stay interpreted); see causes.Cause. Equality is the dataclass's:
    # the tuples of the fields compared, after the stored hashes (equal fields hash equal).
    def __init__(self, kind: str, actors: tuple[str, ...] = (SELF,), sector: str | None = None,
                 stage: str | None = None, change: float = 0.0, units: float = 0.0,
                 exporters: tuple[str, ...] = (), importers: tuple[str, ...] = (),
                 away_from: tuple[str, ...] = (), towards: tuple[str, ...] = (),
                 counterparts: tuple[str, ...] = (), lag: int = 0, duration: int | None = None,
                 announced: bool = False) -> None:
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "actors", actors)
        object.__setattr__(self, "sector", sector)
        object.__setattr__(self, "stage", stage)
        object.__setattr__(self, "change", change)
        object.__setattr__(self, "units", units)
        object.__setattr__(self, "exporters", exporters)
        object.__setattr__(self, "importers", importers)
        object.__setattr__(self, "away_from", away_from)
        object.__setattr__(self, "towards", towards)
        object.__setattr__(self, "counterparts", counterparts)
        object.__setattr__(self, "lag", lag)
        object.__setattr__(self, "duration", duration)
        object.__setattr__(self, "announced", announced)
        object.__setattr__(self, "_hash", hash(self._fields()))

    def _fields(self) -> tuple:
        return (self.kind, self.actors, self.sector, self.stage, self.change, self.units,
                self.exporters, self.importers, self.away_from, self.towards, self.counterparts,
                self.lag, self.duration, self.announced)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        if type(other) is not Effect:
            return NotImplemented
        return self is other or (self._hash == other._hash and self._fields() == other._fields())

    def __deepcopy__(self, memo: dict) -> Effect:
        return self  # immutable: a cloned game state shares it (see GameState.clone)

    def __reduce__(self) -> tuple:
        return rebuilt(self)  # see values.py: pickled and copied by the constructor


@dataclass(frozen=True, slots=True)
class Retaliation:
    """The chance that `by` answers a card with a shock, drawn when the card resolves."""

    by: str
    chance: float
    shock: str

    def __reduce__(self) -> tuple:
        return rebuilt(self)  # see values.py: pickled and copied by the constructor


@dataclass(frozen=True, slots=True)
class Card:
    id: str
    title: str
    team: str | None  # owning deck's team; None for shared cards
    eligible: tuple[str, ...]  # teams that may play it
    cost: float
    political_capital: float = 0.0
    effects: tuple[Effect, ...] = ()
    partners: tuple[str, ...] = ()  # joint: every one of these must commit it in the same round
    requires: tuple[str, ...] = ()  # card ids the team must already have played
    limit: int = 1  # times a team may play it in a game
    retaliation: Retaliation | None = None
    category: str = "policy"
    flavour: str = ""
    source: SourceField = ""  # cited works (see citations.py); text only in hand-made test cards
    lesson: str = ""  # what the real-world policy teaches: the brief's recommendation

    @property
    def joint(self) -> bool:
        return bool(self.partners)

    def __reduce__(self) -> tuple:
        return rebuilt(self)  # see values.py: pickled and copied by the constructor


@dataclass(frozen=True, slots=True)
class Shock:
    """An event that hits the world. `severity` (0-1) is the default magnitude of its effects
    and `duration` (rounds) their default duration, so a facilitator can scale a shock by
    editing one number."""

    id: str
    title: str
    category: str  # geopolitics | technology | domestic_economics | domestic_policy
    severity: float
    duration: int
    effects: tuple[Effect, ...] = ()
    flavour: str = ""
    source: SourceField = ""  # cited works; text for a shock the facilitator writes during play
    lesson: str = ""  # what the real-world event teaches: the brief's recommendation
    tags: tuple[str, ...] = field(default=())

    def __deepcopy__(self, memo: dict) -> Shock:
        return self  # immutable: a cloned game state shares it (see GameState.clone)

    def __reduce__(self) -> tuple:
        return rebuilt(self)  # see values.py: pickled and copied by the constructor
