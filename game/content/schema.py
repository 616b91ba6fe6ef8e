"""The content format, as pydantic models. `chokepoint schema` prints it as JSON Schema.

Field names are the ones authors write (`from`, `to`, `cut`, `days`); `build.py` maps them onto
the core's effect vocabulary. Every model forbids unknown keys so a typo is an error, not a
silently ignored line.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema


def _names(values) -> str:
    return ", ".join(values)


#: Limits on what a content file may ask for (docs/authoring.md, "Limits"): a game of a
#: hundred thousand rounds validates but never ends, a number of 1e308 turns every score
#: into infinity, and NaN compares false with every bound, so it has to be refused by name.
MAX_ROUNDS = 30
MAX_SMALL_INT = 100  # lag, duration, limit, plays and draws per round
MAX_ROUND_DAYS = 3650
MAX_NUMBER = 1_000_000.0  # any other number, in absolute value
MAX_TEXT = 5_000  # characters in one text
MAX_ITEMS = 500  # cards or shocks in a deck, items in any other list
MAX_EFFECTS = 30


def _int_ge(lo: int, hi: int | None = MAX_SMALL_INT):
    def check(v: Any) -> Any:
        if isinstance(v, bool) or not isinstance(v, int) or v < lo:
            raise ValueError(f"expected an integer >= {lo}, got {v!r}")
        if hi is not None and v > hi:
            raise ValueError(f"expected an integer between {lo} and {hi}, got {v!r}")
        return v

    return check


def _text(v: Any) -> Any:
    """Mandatory text: a string with something in it (`source: "   "` says nothing)."""
    if isinstance(v, str):
        if not v.strip():
            raise ValueError("expected some text, got a blank string")
        if len(v) > MAX_TEXT:
            raise ValueError(f"text longer than {MAX_TEXT:,} characters")
    return v


def _number(lo: float | None = None, hi: float | None = None):
    def check(v: Any) -> Any:
        ok = isinstance(v, (int, float)) and not isinstance(v, bool)
        if ok and not math.isfinite(v):
            raise ValueError(f"expected a finite number, got {v!r}")
        if ok and abs(v) > MAX_NUMBER:
            raise ValueError(f"expected a number no larger than {MAX_NUMBER:,.0f}, got {v!r}")
        if not ok or (lo is not None and v < lo) or (hi is not None and v > hi):
            rng = (
                f" between {lo:g} and {hi:g}" if lo is not None and hi is not None
                else f" >= {lo:g}" if lo is not None else f" <= {hi:g}" if hi is not None else ""
            )
            raise ValueError(f"expected a number{rng}, got {v!r}")
        return float(v)

    return check


def _name(what: str):
    """A name from the world (a team, an actor, a sector, a stage). Which names exist depends
    on the world the scenario is set in, so they are checked when the files are checked
    together (loader.py), not here."""
    def check(v: Any) -> Any:
        if not isinstance(v, str) or not v.strip():
            raise ValueError(f"expected the name of a {what}, got {v!r}")
        return v

    return check


def _actor_list(v: Any) -> Any:
    items = v if isinstance(v, list) else [v]
    for a in items:
        if not isinstance(a, str) or not a.strip():
            raise ValueError(f"expected the name of an actor, got {a!r}")
    return items


# The validators above do the checking and word the errors; `WithJsonSchema` tells an editor
# the same constraints through `chokepoint schema` (closed lists, ranges).
def _js(**schema) -> WithJsonSchema:
    return WithJsonSchema(schema)


_PLACEHOLDERS = ("self", "partners", "all", "target")
NonNegInt = Annotated[int, BeforeValidator(_int_ge(0)),
                     _js(type="integer", minimum=0, maximum=MAX_SMALL_INT)]
PosInt = Annotated[int, BeforeValidator(_int_ge(1)), _js(type="integer", minimum=1, maximum=MAX_SMALL_INT)]
Number = Annotated[float, BeforeValidator(_number()), _js(type="number")]
NonNeg = Annotated[float, BeforeValidator(_number(0.0)), _js(type="number", minimum=0)]
Fraction = Annotated[float, BeforeValidator(_number(0.0, 1.0)), _js(type="number", minimum=0, maximum=1)]
SignedFraction = Annotated[float, BeforeValidator(_number(-1.0, 5.0)),
                           _js(type="number", minimum=-1, maximum=5)]
_IN_WORLD = "one of the world's (worlds/default.yaml, or the scenario's `world:`)"
Sector = Annotated[str, BeforeValidator(_name("sector")),
                   _js(type="string", description=f"a sector id, {_IN_WORLD}")]
StageName = Annotated[str, BeforeValidator(_name("stage")),
                      _js(type="string", description=f"a stage id of the sector, {_IN_WORLD}")]
Team = Annotated[str, BeforeValidator(_name("team")),
                 _js(type="string", description=f"a player actor's id, {_IN_WORLD}")]
Actor = Annotated[str, BeforeValidator(_name("actor")),
                  _js(type="string", description=f"an actor id, {_IN_WORLD}")]
_ACTOR_JS = {"type": "string", "description": f"an actor id, {_IN_WORLD}, or one of "
             f"{_names(_PLACEHOLDERS)}", "examples": list(_PLACEHOLDERS)}
#: who an effect is about: a named actor or a placeholder resolved when it is played
Actors = Annotated[
    list[str], BeforeValidator(_actor_list),
    _js(anyOf=[_ACTOR_JS, {"type": "array", "items": _ACTOR_JS}]),
]
Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_]*$")]
Text = Annotated[str, BeforeValidator(_text), Field(min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class CitationModel(Strict):
    """One work cited: its key in sources/bibliography.yaml and where in it."""

    ref: Text
    at: Text | None = None  # "Table 5, row 2", "section 3"
    note: Text | None = None  # what the work says that this rests on


def _source_refs(v: Any) -> Any:
    """One clear message for a `source` of the wrong shape, instead of one per union branch."""
    shape = "a bibliography key, {ref: KEY, at: PLACE}, or a list of these"

    def one(x: Any) -> Any:
        if isinstance(x, str) and x.strip():
            return x.strip()
        if isinstance(x, dict):
            unknown = sorted(set(map(str, x)) - {"ref", "at", "note"})
            if unknown:
                raise ValueError(f"unknown key '{unknown[0]}' in a citation (keys: ref, at, note)")
            for k in ("ref", "at", "note"):
                if k in x and not (isinstance(x[k], (str, int)) and str(x[k]).strip()):
                    raise ValueError(f"a citation's '{k}' must be text, got {x[k]!r}")
            if "ref" not in x:
                raise ValueError("a citation needs 'ref', the work's key in the bibliography")
            return CitationModel(**{k: str(val).strip() for k, val in x.items()})
        raise ValueError(f"expected {shape}, got {x!r}")

    if isinstance(v, list):
        if not v:
            raise ValueError(f"expected {shape}, got an empty list")
        return [one(x) for x in v]
    return one(v)


_CITATION_JS = {"anyOf": [
    {"type": "string", "description": "a key of sources/bibliography.yaml"},
    {"type": "object", "required": ["ref"], "additionalProperties": False,
     "properties": {"ref": {"type": "string"}, "at": {"type": "string"}, "note": {"type": "string"}}},
]}
#: a bibliography key, one citation, or a list of them (keys are checked against the
#: bibliography when the files are checked together; see content/bibliography.py)
SourceRefs = Annotated[
    Any, BeforeValidator(_source_refs),
    _js(anyOf=[*_CITATION_JS["anyOf"], {"type": "array", "minItems": 1, "items": _CITATION_JS}]),
]


class AssumptionModel(Strict):
    """A scenario assumption that rests on cited works."""

    text: Text
    source: SourceRefs


#: a deck by id, or a deck file beside the scenario ("my_deck.yaml", "decks/extra.yml")
DeckRef = Annotated[str, Field(pattern=r"^([a-z0-9][a-z0-9_]*|[^\\:]+\.ya?ml)$")]


class Timed(Strict):
    lag: NonNegInt = 0
    duration: PosInt | None = None


class CapacityFx(Timed):
    kind: Literal["capacity"]
    actor: Actors = Field(default_factory=lambda: ["self"])
    sector: Sector
    stage: StageName | None = None
    change: SignedFraction | None = None  # fraction of baseline capacity (-0.3 = lose 30%)
    units: Number | None = None  # absolute units of capacity added


class TradeFx(Timed):
    kind: Literal["trade"]
    exporters: Actors = Field(alias="from")
    importers: Actors = Field(alias="to")
    sector: Sector
    stage: StageName | None = None
    cut: Fraction | None = None  # share of the flow stopped
    #: announced when played, landing `lag` rounds later: importers re-source and stock up in
    #: anticipation (only on a lagged cut; see docs/model.md, "Announced controls")
    announced: bool = False


class SourcingFx(Timed):
    kind: Literal["sourcing"]
    buyer: Actors = Field(default_factory=lambda: ["self"])
    sector: Sector
    stage: StageName | None = None
    away_from: Actors = Field(default_factory=list)
    towards: Actors = Field(default_factory=list)
    amount: Fraction | None = None  # share of purchases moved; a shock's defaults to its severity


class StockpileFx(Timed):
    kind: Literal["stockpile"]
    actor: Actors = Field(default_factory=lambda: ["self"])
    sector: Sector | None = None
    days: Number


class DemandFx(Timed):
    kind: Literal["demand"]
    actor: Actors = Field(default_factory=lambda: ["self"])
    sector: Sector
    change: SignedFraction | None = None


class PriceFx(Timed):
    kind: Literal["price"]
    sector: Sector
    stage: StageName | None = None
    change: SignedFraction | None = None


class RelationsFx(Timed):
    kind: Literal["relations"]
    actor: Actors = Field(default_factory=lambda: ["self"])
    with_: Actors = Field(alias="with")
    change: Annotated[float, BeforeValidator(_number(-100.0, 100.0))] | None = None


class BudgetFx(Timed):
    kind: Literal["budget"]
    actor: Actors = Field(default_factory=lambda: ["self"])
    per_round: Number


class EarlyWarningFx(Timed):
    kind: Literal["early_warning"]
    actor: Actors = Field(default_factory=lambda: ["self"])
    soften: Fraction


EffectModel = Annotated[
    CapacityFx
    | TradeFx
    | SourcingFx
    | StockpileFx
    | DemandFx
    | PriceFx
    | RelationsFx
    | BudgetFx
    | EarlyWarningFx,
    Field(discriminator="kind"),
]


class RetaliationModel(Strict):
    by: Team
    chance: Fraction
    shock: Id


class CardModel(Strict):
    id: Id
    title: Text
    cost: NonNeg
    political_capital: NonNeg = 0.0
    eligible: list[Team] | None = None  # default: the deck's team, or every team if shared
    partners: list[Team] = Field(default_factory=list)
    requires: list[Id] = Field(default_factory=list)
    limit: PosInt = 1
    category: Id = "policy"
    retaliation: RetaliationModel | None = None
    flavour: Text
    source: SourceRefs
    lesson: Text | None = None  # what the real-world policy or event teaches (the brief's advice)
    effects: list[EffectModel] = Field(min_length=1, max_length=MAX_EFFECTS)


ShockCategory = Literal["geopolitics", "technology", "domestic_economics", "domestic_policy"]


class ShockModel(Strict):
    id: Id
    title: Text
    category: ShockCategory
    severity: Fraction
    duration: PosInt
    tags: list[Id] = Field(default_factory=list)
    flavour: Text
    source: SourceRefs
    lesson: Text | None = None  # what the real-world policy or event teaches (the brief's advice)
    effects: list[EffectModel] = Field(min_length=1, max_length=MAX_EFFECTS)


class DeckModel(Strict):
    deck: Id
    title: Text | None = None
    team: Team | None = None  # None: a shared deck
    cards: list[CardModel] = Field(default_factory=list, max_length=MAX_ITEMS)
    shocks: list[ShockModel] = Field(default_factory=list, max_length=MAX_ITEMS)


class WeightsModel(Strict):
    resilience: Fraction
    prosperity: Fraction


class DenyGoalModel(Strict):
    """Keep `rival`'s access to `stage` of `sector` low (see game/core/goals.py)."""

    kind: Literal["deny"]
    rival: Actor
    sector: Sector
    stage: StageName
    weight: Fraction


class RelationsGoalModel(Strict):
    """Keep relations with `partner` at or above `at_least` (see game/core/goals.py)."""

    kind: Literal["relations"]
    partner: Team
    at_least: Annotated[float, BeforeValidator(_number(-100.0, 100.0)),
                        _js(type="number", minimum=-100, maximum=100)]
    weight: Fraction


GoalModel = Annotated[DenyGoalModel | RelationsGoalModel, Field(discriminator="kind")]


class TeamModel(Strict):
    budget: NonNeg
    income: NonNeg
    political_capital: NonNeg
    political_income: NonNeg = 1.0
    objective: Text
    briefing: Text
    weights: WeightsModel = WeightsModel(resilience=0.7, prosperity=0.3)
    hand: list[Id] | None = None  # default: every card eligible for the team in the decks
    #: the score a well-played team reaches in this seat (calibrated with `chokepoint simulate`)
    par: Annotated[float, BeforeValidator(_number(0.0, 100.0))] = 50.0
    #: stock policy: refill towards this many days (default: the days the team starts with)
    stock_target_days: Annotated[float, BeforeValidator(_number(0.0, 365.0))] | None = None
    #: at most this many days refilled a round, paid from the budget
    refill_days: Annotated[float, BeforeValidator(_number(0.0, 365.0))] = 30.0
    #: goals besides resilience and prosperity, weighted in the score; `weights` and the
    #: goals' weights add up to 1
    goals: list[GoalModel] = Field(default_factory=list, max_length=10)


class ShockPlanModel(Strict):
    schedule: dict[PosInt, list[Id]] = Field(default_factory=dict, max_length=MAX_ROUNDS)
    deck: list[Id] | None = Field(None, max_length=MAX_ITEMS)  # default: every shock in the decks
    draws_per_round: NonNegInt = 1


StageTable = dict[StageName, dict[Actor, NonNeg]]


class CriterionModel(Strict):
    """A measurable criterion: a team's indicator at least / at most a value."""

    team: Team
    indicator: Annotated[str, Field(pattern=r"^(resilience|prosperity|score|budget|political_capital"
                                            r"|(supply|stockpile_days|resilience|prosperity)\.[a-z_]+)$")]
    at_least: Number | None = None
    at_most: Number | None = None
    when: Literal["every_round", "end", "any_round"] = "every_round"
    text: Text | None = None
    from_start: bool = False  # the bounds are changes from the team's value at the start


class ObjectiveModel(Strict):
    """An exercise objective (HSEEP): the capability it tests and how to rate it."""

    id: Id
    title: Text
    capability: Text
    criteria: list[CriterionModel] = Field(min_length=1, max_length=30)


class ScenarioModel(Strict):
    id: Id
    title: Text
    default: bool = False
    rounds: Annotated[int, BeforeValidator(_int_ge(1, MAX_ROUNDS)),
                      _js(type="integer", minimum=1, maximum=MAX_ROUNDS)]
    round_days: Annotated[int, BeforeValidator(_int_ge(1, MAX_ROUND_DAYS)),
                          _js(type="integer", minimum=1, maximum=MAX_ROUND_DAYS)] = 180
    max_plays_per_round: PosInt = 2
    stockpile_target_days: Annotated[float, BeforeValidator(_number(1.0))] = 180.0
    #: the world the scenario is set in: a bundled world id or a .yaml path beside the scenario
    world: Annotated[str, Field(pattern=r"^([a-z0-9][a-z0-9_]*|[^\\:]+\.ya?ml)$")] | None = None
    #: works the scenario and its decks cite that the bundled bibliography lacks: a .yaml file
    #: beside the scenario, in the format of sources/bibliography.yaml
    bibliography: Annotated[str, Field(pattern=r"^[^\\:]+\.ya?ml$")] | None = None
    sectors: list[Sector] = Field(min_length=1)
    decks: list[DeckRef] = Field(min_length=1)
    briefing: Text
    assumptions: list[Text | AssumptionModel] = Field(default_factory=list)
    capacity: dict[Sector, StageTable]
    sourcing: dict[Sector, dict[StageName, dict[Actor, dict[Actor, NonNeg]]]] = Field(
        default_factory=dict
    )
    demand: dict[Sector, dict[Actor, NonNeg]]
    #: capacity sited in one actor and owned by another: sector -> stage -> site -> owner ->
    #: units (part of the site's capacity; revenue goes to the owner, shocks hit the site)
    ownership: dict[Sector, dict[StageName, dict[Actor, dict[Actor, NonNeg]]]] = Field(
        default_factory=dict
    )
    stockpile_days: dict[Sector, dict[Actor, NonNeg]] = Field(default_factory=dict)
    relations: dict[str, Annotated[float, BeforeValidator(_number(-100.0, 100.0))]] = Field(
        default_factory=dict
    )
    teams: dict[Team, TeamModel]
    shocks: ShockPlanModel = ShockPlanModel()
    objectives: list[ObjectiveModel] = Field(default_factory=list, max_length=30)
