"""The round as a small state machine, and the actions that drive it.

    briefing --advance--> shock --chance(draw)--> shock --advance--> decisions
    decisions --commit x5--> --advance--> adjudication --chance(retaliation)--> debrief
    debrief --advance--> briefing of the next round, or over after the last

Every change to a game is one of the actions below, so a game is fully described by its
scenario, its seed and its list of actions, and replays exactly. Chance outcomes are actions
too (OpenSpiel's chance nodes): `chance_action` computes them from the seed, the log records
them, and a replay applies the recorded outcome without touching a generator.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import goals
from .adjudication import adjudicate
from .cards import Shock
from .causes import Cause
from .rules import IllegalAction, commit_refusal, draw_shocks, roll_retaliation
from .scenario import Scenario
from .scoring import score
from .state import GameState, Phase, ShockHit, shock_from_dict, shock_to_dict
from .values import rebuilt

INDICATORS_OVERRIDABLE = ("resilience", "prosperity", "budget", "political_capital")


@dataclass(frozen=True, slots=True)
class Advance:
    """Move the round on (the facilitator's 'continue')."""

    def __reduce__(self) -> tuple:
        return rebuilt(self)  # see values.py: pickled and copied by the constructor


@dataclass(frozen=True, slots=True)
class Commit:
    team: str
    cards: tuple[str, ...]

    def __reduce__(self) -> tuple:
        return rebuilt(self)  # see values.py: pickled and copied by the constructor


@dataclass(frozen=True, slots=True)
class Withdraw:
    """Take back a team's commit before the round resolves."""

    team: str

    def __reduce__(self) -> tuple:
        return rebuilt(self)  # see values.py: pickled and copied by the constructor


@dataclass(frozen=True, slots=True)
class Chance:
    kind: str  # "draw" | "retaliation"
    round: int
    outcome: tuple  # draw: shock ids; retaliation: outcome dicts

    def __reduce__(self) -> tuple:
        return rebuilt(self)  # see values.py: pickled and copied by the constructor


@dataclass(frozen=True, slots=True)
class InjectShock:
    """The white cell: a shock from the deck (`shock_id`) or written on the spot (`shock`)."""

    shock_id: str | None = None
    shock: Shock | None = None

    def __reduce__(self) -> tuple:
        return rebuilt(self)  # see values.py: pickled and copied by the constructor


@dataclass(frozen=True, slots=True)
class Override:
    team: str
    indicator: str
    value: float
    reason: str

    def __reduce__(self) -> tuple:
        return rebuilt(self)  # see values.py: pickled and copied by the constructor


@dataclass(frozen=True, slots=True)
class Note:
    """A note for the hot wash, or a facilitator mark (`kind`: note, pause, resume, timer)."""

    text: str
    author: str = "facilitator"
    kind: str = "note"

    def __reduce__(self) -> tuple:
        return rebuilt(self)  # see values.py: pickled and copied by the constructor


Action = Advance | Commit | Withdraw | Chance | InjectShock | Override | Note


# ---------------------------------------------------------------- chance nodes ---------
def pending_chance(scn: Scenario, state: GameState) -> tuple[str, int] | None:
    """Which chance node the game is at, (kind, round), without drawing it."""
    if state.phase is Phase.SHOCK:
        for rnd in (state.round, state.round + 1):
            if rnd <= scn.rounds and rnd not in state.drawn:
                return ("draw", rnd)
    elif state.phase is Phase.ADJUDICATION and state.round not in state.retaliation:
        return ("retaliation", state.round)
    return None


def needs_chance(scn: Scenario, state: GameState) -> bool:
    return pending_chance(scn, state) is not None


def chance_action(scn: Scenario, state: GameState) -> Chance | None:
    """The chance outcome the game waits for, drawn from the seed, or None."""
    node = pending_chance(scn, state)
    if node is None:
        return None
    kind, rnd = node
    if kind == "draw":
        return Chance("draw", rnd, tuple(draw_shocks(scn, state, rnd)))
    return Chance("retaliation", rnd, tuple(roll_retaliation(scn, state)))


# ---------------------------------------------------------------- apply ----------------
def apply(scn: Scenario, state: GameState, action: Action, explain: bool = True) -> list[dict]:
    """Apply one action in place and return what happened, for people. An illegal action
    raises IllegalAction with the reason before anything changes."""
    p = state.phase
    if isinstance(action, Note):
        state.notes.append({"round": state.round, "phase": p.value, "text": action.text,
                            "author": action.author, "kind": action.kind})
        return [{"kind": action.kind, "text": action.text}]
    if p is Phase.OVER:
        raise IllegalAction("the game is over")

    if isinstance(action, Chance):
        if pending_chance(scn, state) != (action.kind, action.round):
            raise IllegalAction(f"no {action.kind} chance outcome is due now")
        if action.kind == "draw":
            state.drawn.append(action.round)
            hits = state.shocks.setdefault(action.round, [])
            hits.extend(ShockHit(sid, "drawn") for sid in action.outcome)
            return [{"kind": "draw", "round": action.round, "shocks": list(action.outcome)}]
        state.retaliation[action.round] = [dict(o) for o in action.outcome]
        rec = adjudicate(scn, state, explain)
        state.phase = Phase.DEBRIEF
        return [{"kind": "adjudicated", "round": rec.round}]

    if isinstance(action, Advance):
        if needs_chance(scn, state):
            raise IllegalAction("waiting for a chance outcome")
        if p is Phase.BRIEFING:
            state.phase = Phase.SHOCK
        elif p is Phase.SHOCK:
            state.phase = Phase.DECISIONS
        elif p is Phase.DECISIONS:
            waiting = [t for t in scn.world.teams if state.teams[t].commit is None]
            if waiting:
                raise IllegalAction(f"waiting for {', '.join(waiting)} to commit")
            state.phase = Phase.ADJUDICATION
        elif p is Phase.DEBRIEF:
            if state.round >= scn.rounds:
                state.phase = Phase.OVER
            else:
                state.round += 1
                state.phase = Phase.BRIEFING
        return [{"kind": "phase", "phase": state.phase.value, "round": state.round}]

    if isinstance(action, Commit):
        cards = tuple(action.cards)
        why = commit_refusal(scn, state, action.team, cards)
        if why:
            raise IllegalAction(why)
        state.teams[action.team].commit = cards
        return [{"kind": "commit", "team": action.team, "cards": list(cards)}]

    if isinstance(action, Withdraw):
        if p is not Phase.DECISIONS or state.teams.get(action.team) is None:
            raise IllegalAction("a commit can only be withdrawn during decisions")
        if state.teams[action.team].commit is None:
            raise IllegalAction(f"{action.team} has not committed")
        state.teams[action.team].commit = None
        return [{"kind": "withdraw", "team": action.team}]

    if isinstance(action, InjectShock):
        if p not in (Phase.SHOCK, Phase.DECISIONS, Phase.BRIEFING):
            raise IllegalAction("shocks can be injected before the round resolves")
        if action.shock is not None:
            sid = action.shock.id
            if sid in scn.shocks or sid in state.custom_shocks:
                raise IllegalAction(f"a shock called '{sid}' already exists")
            state.custom_shocks[sid] = action.shock
        elif action.shock_id in scn.shocks:
            sid = action.shock_id
        else:
            raise IllegalAction(f"unknown shock '{action.shock_id}'")
        state.shocks.setdefault(state.round, []).append(ShockHit(sid, "injected"))
        return [{"kind": "inject", "shock": sid, "round": state.round}]

    if isinstance(action, Override):
        return _override(scn, state, action)

    raise IllegalAction(f"unknown action {action!r}")


def _override(scn: Scenario, state: GameState, o: Override) -> list[dict]:
    if state.phase is not Phase.DEBRIEF:
        raise IllegalAction("outcomes can be overridden in the debrief")
    if o.team not in scn.teams:
        raise IllegalAction(f"unknown team '{o.team}'")
    if o.indicator not in INDICATORS_OVERRIDABLE:
        raise IllegalAction(f"'{o.indicator}' cannot be overridden ({', '.join(INDICATORS_OVERRIDABLE)})")
    if not o.reason.strip():
        raise IllegalAction("an override needs a reason")
    ind = state.indicators[o.team]
    delta = o.value - ind[o.indicator]
    if o.indicator in ("budget", "political_capital"):
        setattr(state.teams[o.team], o.indicator, max(0.0, o.value))
    else:
        adj = state.adjustments[o.team]
        adj[o.indicator] = adj.get(o.indicator, 0.0) + delta
    rec = state.history[-1]
    cause = Cause("override", o.reason.strip(), o.team, state.round)
    changes = {o.indicator: o.value}
    if o.indicator in ("resilience", "prosperity"):  # the score follows, by the same formula
        after = {**ind, **changes}
        res0 = state.baseline_resilience.get(o.team, after["resilience"])
        setup = scn.teams[o.team]
        changes["score"] = score(setup, after["resilience"], after["prosperity"], res0,
                                 goals.points(scn, setup.goals, after))
    for key, value in changes.items():
        d = value - ind[key]
        ind[key] = value
        rec.indicators[o.team][key] = value
        rec.deltas[o.team][key] = rec.deltas[o.team].get(key, 0.0) + d
        rec.causes[o.team].setdefault(key, []).append((cause, d))
    return [{"kind": "override", "team": o.team, "indicator": o.indicator, "delta": delta}]


# ---------------------------------------------------------------- plain-JSON actions ---
def action_to_dict(a: Action) -> dict:
    if isinstance(a, Advance):
        return {"type": "advance"}
    if isinstance(a, Commit):
        return {"type": "commit", "team": a.team, "cards": list(a.cards)}
    if isinstance(a, Withdraw):
        return {"type": "withdraw", "team": a.team}
    if isinstance(a, Chance):
        return {"type": "chance", "kind": a.kind, "round": a.round, "outcome": list(a.outcome)}
    if isinstance(a, InjectShock):
        return {"type": "inject", "shock_id": a.shock_id,
                "shock": shock_to_dict(a.shock) if a.shock else None}
    if isinstance(a, Override):
        return {"type": "override", "team": a.team, "indicator": a.indicator,
                "value": a.value, "reason": a.reason}
    if isinstance(a, Note):
        return {"type": "note", "text": a.text, "author": a.author, "kind": a.kind}
    raise TypeError(a)


def action_from_dict(d: dict) -> Action:
    t = d["type"]
    if t == "advance":
        return Advance()
    if t == "commit":
        return Commit(d["team"], tuple(d["cards"]))
    if t == "withdraw":
        return Withdraw(d["team"])
    if t == "chance":
        out = d["outcome"]
        return Chance(d["kind"], d["round"], tuple(dict(o) if isinstance(o, dict) else o for o in out))
    if t == "inject":
        return InjectShock(d.get("shock_id"), shock_from_dict(d["shock"]) if d.get("shock") else None)
    if t == "override":
        return Override(d["team"], d["indicator"], d["value"], d["reason"])
    if t == "note":
        return Note(d["text"], d.get("author", "facilitator"), d.get("kind", "note"))
    raise ValueError(f"unknown action type {t!r}")
