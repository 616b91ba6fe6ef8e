"""The dynamic state of a game: everything that changes, nothing that doesn't.

Mutable on purpose: the Monte Carlo path applies tens of thousands of rounds a second, so
`apply` mutates and callers that need the old state `clone()` first (as OpenSpiel does).
`to_dict`/`from_dict` give a plain-JSON form for saves and round-trip tests.
"""

from __future__ import annotations

import copy
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any

from .cards import Effect, Shock
from .causes import Cause, credits_from_list, credits_to_list


class Phase(str, Enum):  # noqa: UP042 (str values, unchanged by format() on 3.11 and 3.12)
    BRIEFING = "briefing"
    SHOCK = "shock"
    DECISIONS = "decisions"
    ADJUDICATION = "adjudication"
    DEBRIEF = "debrief"
    OVER = "over"


@dataclass(slots=True)
class ActiveEffect:
    """An effect in the world, with where it came from so every score change can name it."""

    effect: Effect  # actors resolved: no "self" left
    cause: Cause  # the card or shock that brought it in; its landing and expiry are credited here
    start: int  # first round it applies
    end: int | None  # first round it no longer applies (None: never ends)
    structural: bool  # moves contracts (investment) rather than disrupting them
    on: bool = False  # applies right now; flipped by adjudication as rounds pass


@dataclass(slots=True)
class ShockHit:
    """A shock scheduled, drawn, injected or provoked for a round."""

    shock_id: str
    origin: str  # scheduled | drawn | injected | retaliation
    note: str = ""  # for retaliation: what provoked it
    target: str | None = None  # for retaliation: the team it answers ("target" in effects)
    by: str | None = None  # for retaliation: the team that answers


@dataclass(slots=True)
class TeamState:
    budget: float
    political_capital: float
    played: dict[str, int] = field(default_factory=dict)  # card id -> times resolved
    commit: tuple[str, ...] | None = None  # this round's committed cards, None until committed


@dataclass(slots=True)
class RoundRecord:
    """What happened in one round, kept for the debrief, the JSON output and the report."""

    round: int
    shocks: list[dict]
    plays: dict[str, list[str]]  # team -> cards that resolved
    refused: dict[str, list[dict]]  # team -> [{card, reason}]
    chance: list[dict]  # recorded chance outcomes
    indicators: dict[str, dict[str, float]]  # team -> indicator -> value (end of round)
    deltas: dict[str, dict[str, float]]  # team -> indicator -> change this round
    causes: dict[str, dict[str, list[tuple[Cause, float]]]]  # team -> indicator -> [(cause, delta)]
    network: dict = field(default_factory=dict)  # sector -> stage -> actor -> shortfall
    #: causes whose effects wore off / took effect (landed after a lag) at this round's start,
    #: so a later round's credit to a shock can be worded as its end rather than as the shock
    ended: list[Cause] = field(default_factory=list)
    landed: list[Cause] = field(default_factory=list)


@dataclass(slots=True)
class GameState:
    scenario_id: str
    seed: int
    round: int
    phase: Phase
    teams: dict[str, TeamState]
    stockpile: dict[str, dict[str, float]]  # sector -> actor -> days
    relations: dict[tuple[str, str], float]
    active: list[ActiveEffect]
    shocks: dict[int, list[ShockHit]]  # round -> hits (drawn ahead for early warning)
    drawn: list[int]  # rounds whose random draw has been made
    custom_shocks: dict[str, Shock]  # injected on the spot by the facilitator
    retaliation: dict[int, list[dict]]  # round -> outcomes rolled at its adjudication
    shortfall_streak: dict[str, dict[str, int]]  # team -> sector -> rounds in shortfall
    adjustments: dict[str, dict[str, float]]  # team -> indicator -> facilitator override
    indicators: dict[str, dict[str, float]]  # team -> indicator -> value now
    history: list[RoundRecord]
    notes: list[dict]
    baseline_revenue: dict[str, float]  # value added per team before anything happened
    baseline_resilience: dict[str, float] = field(default_factory=dict)  # overall, at the start
    #: sector -> actor -> {cause: days}: stock drawn down by each cause and not yet refilled, so
    #: the refill is charged to what drew the stock (kept only when changes are explained)
    stock_debt: dict[str, dict[str, dict[Cause, float]]] = field(default_factory=dict)
    #: team -> {cause: points}: budget spent on each cause and not yet earned back by income
    budget_debt: dict[str, dict[Cause, float]] = field(default_factory=dict)
    #: team -> [(cause, days)]: last round's stock movements by cause; the next round's
    #: carry-over (the buffer showing the drawdown) is credited to them
    carry: dict[str, list[tuple[Cause, float]]] = field(default_factory=dict)

    def clone(self) -> GameState:
        """A deep copy that shares what never changes: effects, shocks and causes are frozen
        values (their __deepcopy__ returns them), so a clone keeps them by identity, which the
        propagation reuse compares first, and a compiled build (mypyc) need not rebuild them."""
        return copy.deepcopy(self)

    # ---- plain-JSON form ---------------------------------------------------------------
    def to_dict(self) -> dict:
        """A plain-JSON copy: nothing in it is shared with the live state, so holding it while
        the game goes on is safe."""
        return {
            "scenario_id": self.scenario_id,
            "seed": self.seed,
            "round": self.round,
            "phase": self.phase.value,
            "teams": {t: _team_to_dict(ts) for t, ts in self.teams.items()},
            "stockpile": {s: dict(v) for s, v in self.stockpile.items()},
            "relations": [[a, b, v] for (a, b), v in sorted(self.relations.items())],
            "active": [_active_to_dict(a) for a in self.active],
            "shocks": {str(r): [asdict(h) for h in hits] for r, hits in self.shocks.items()},
            "drawn": list(self.drawn),
            "custom_shocks": {k: shock_to_dict(s) for k, s in self.custom_shocks.items()},
            "retaliation": {str(r): [dict(o) for o in v] for r, v in self.retaliation.items()},
            "shortfall_streak": {t: dict(v) for t, v in self.shortfall_streak.items()},
            "adjustments": {t: dict(v) for t, v in self.adjustments.items()},
            "indicators": {t: dict(v) for t, v in self.indicators.items()},
            "history": [_record_to_dict(h) for h in self.history],
            "notes": [dict(n) for n in self.notes],
            "baseline_revenue": dict(self.baseline_revenue),
            "baseline_resilience": dict(self.baseline_resilience),
            "stock_debt": {
                s: {a: credits_to_list(list(d.items())) for a, d in v.items()}
                for s, v in self.stock_debt.items()
            },
            "budget_debt": {t: credits_to_list(list(d.items())) for t, d in self.budget_debt.items()},
            "carry": {t: credits_to_list(v) for t, v in self.carry.items()},
        }

    @classmethod
    def from_dict(cls, d: dict) -> GameState:
        return cls(
            scenario_id=d["scenario_id"],
            seed=d["seed"],
            round=d["round"],
            phase=Phase(d["phase"]),
            teams={t: _team_from_dict(v) for t, v in d["teams"].items()},
            stockpile={s: dict(v) for s, v in d["stockpile"].items()},
            relations={(a, b): v for a, b, v in d["relations"]},
            active=[_active_from_dict(a) for a in d["active"]],
            shocks={int(r): [ShockHit(**h) for h in v] for r, v in d["shocks"].items()},
            drawn=list(d["drawn"]),
            custom_shocks={k: shock_from_dict(v) for k, v in d["custom_shocks"].items()},
            retaliation={int(r): v for r, v in d["retaliation"].items()},
            shortfall_streak={t: dict(v) for t, v in d["shortfall_streak"].items()},
            adjustments={t: dict(v) for t, v in d["adjustments"].items()},
            indicators={t: dict(v) for t, v in d["indicators"].items()},
            history=[_record_from_dict(h) for h in d["history"]],
            notes=list(d["notes"]),
            baseline_revenue=dict(d["baseline_revenue"]),
            baseline_resilience=dict(d.get("baseline_resilience", {})),
            stock_debt={
                s: {a: dict(credits_from_list(lst)) for a, lst in v.items()}
                for s, v in d.get("stock_debt", {}).items()
            },
            budget_debt={t: dict(credits_from_list(v)) for t, v in d.get("budget_debt", {}).items()},
            carry={t: credits_from_list(v) for t, v in d.get("carry", {}).items()},
        )


def _team_to_dict(ts: TeamState) -> dict:
    return {
        "budget": ts.budget,
        "political_capital": ts.political_capital,
        "played": dict(ts.played),
        "commit": list(ts.commit) if ts.commit is not None else None,
    }


def _team_from_dict(d: dict) -> TeamState:
    commit = d["commit"]
    return TeamState(
        budget=d["budget"],
        political_capital=d["political_capital"],
        played=dict(d["played"]),
        commit=tuple(commit) if commit is not None else None,
    )


def effect_to_dict(e: Effect) -> dict:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(e).items()}


def effect_from_dict(d: dict) -> Effect:
    fields: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in d.items()}
    return Effect(**fields)


def shock_to_dict(s: Shock) -> dict:
    d = asdict(s)
    d["effects"] = [effect_to_dict(e) for e in s.effects]
    d["tags"] = list(s.tags)
    return d


def shock_from_dict(d: dict) -> Shock:
    d = dict(d)
    d["effects"] = tuple(effect_from_dict(e) for e in d["effects"])
    d["tags"] = tuple(d.get("tags", ()))
    return Shock(**d)


def _active_to_dict(a: ActiveEffect) -> dict:
    return {
        "effect": effect_to_dict(a.effect),
        "cause": a.cause.to_dict(),
        "start": a.start,
        "end": a.end,
        "structural": a.structural,
        "on": a.on,
    }


def _active_from_dict(d: dict) -> ActiveEffect:
    return ActiveEffect(
        effect=effect_from_dict(d["effect"]),
        cause=Cause.from_dict(d["cause"]),
        start=d["start"],
        end=d["end"],
        structural=d["structural"],
        on=d["on"],
    )


def _record_to_dict(r: RoundRecord) -> dict:
    return {
        "round": r.round,
        "shocks": r.shocks,
        "plays": r.plays,
        "refused": r.refused,
        "chance": r.chance,
        "indicators": {t: dict(v) for t, v in r.indicators.items()},  # overrides change these
        "deltas": {t: dict(v) for t, v in r.deltas.items()},
        "causes": {
            t: {k: credits_to_list(lst) for k, lst in ind.items()} for t, ind in r.causes.items()
        },
        "network": r.network,
        "ended": [c.to_dict() for c in r.ended],
        "landed": [c.to_dict() for c in r.landed],
    }


def _record_from_dict(d: dict) -> RoundRecord:
    return RoundRecord(
        round=d["round"],
        shocks=d["shocks"],
        plays=d["plays"],
        refused=d["refused"],
        chance=d["chance"],
        indicators=d["indicators"],
        deltas=d["deltas"],
        causes={
            t: {k: credits_from_list(lst) for k, lst in ind.items()}
            for t, ind in d["causes"].items()
        },
        network=d.get("network", {}),
        ended=[Cause.from_dict(c) for c in d.get("ended", ())],
        landed=[Cause.from_dict(c) for c in d.get("landed", ())],
    )
