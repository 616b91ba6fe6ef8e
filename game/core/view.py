"""What each role at the table may see: the one rule, used by the seats, the bots and the report.

A game has three kinds of role: the facilitator (everything), a team (its own hand, budget,
commit and intelligence; everything public) and the projector (public information only: the
phase, who has committed but not what, the shocks revealed so far, the scoreboard after
adjudication; never notes, hands, commits or intelligence).

Public information is everything in the state except:

* shocks drawn ahead for a later round (origin "drawn"): revealed at that round's shock phase,
  seen earlier only by a team whose early warning is in force this round;
* this round's shocks before its shock phase (the briefing does not reveal them);
* the contents of commits before the round resolves (orders are sealed: who has committed is
  public, what they committed is not);
* the facilitator's notes.

Early warning is "in force" in round R when its effect started by R and has not ended
(`start <= R < end`), the rule adjudication applies in R. The `on` flag on an active effect is
only brought up to date at adjudication, so between two adjudications it still says what held
last round; nothing here reads it.

Pure: no I/O. `visible_state` is cheap enough for bots that call it every decision: parts it
does not change are shared with the real state, so treat its result as read-only.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .scenario import Scenario
from .state import ActiveEffect, GameState, Phase, ShockHit, TeamState

FACILITATOR = "facilitator"
PROJECTOR = "projector"


@dataclass(frozen=True, slots=True)
class Role:
    """Who is looking: `kind` is facilitator, team or projector; `team` names the team."""

    kind: str
    team: str | None = None

    @classmethod
    def of(cls, name: str, teams: tuple[str, ...]) -> Role:
        """'facilitator', 'projector' or a team code of `teams` (the world's, 'KOR');
        ValueError otherwise."""
        low = name.strip().lower()
        if low in (FACILITATOR, PROJECTOR):
            return cls(low)
        up = name.strip().upper()
        if up in teams:
            return cls("team", up)
        raise ValueError(f"unknown role '{name}' (facilitator, projector, {', '.join(teams)})")

    @property
    def name(self) -> str:
        return self.team if self.kind == "team" else self.kind

    @property
    def is_facilitator(self) -> bool:
        return self.kind == FACILITATOR


FACILITATOR_ROLE = Role(FACILITATOR)
PROJECTOR_ROLE = Role(PROJECTOR)


def team_role(team: str) -> Role:
    return Role("team", team)


# ---------------------------------------------------------------- the rules --------------
def in_force(ae: ActiveEffect, rnd: int) -> bool:
    """True if the effect applies in round `rnd` (whatever its stale `on` flag says)."""
    return ae.start <= rnd and (ae.end is None or ae.end > rnd)


def warned_teams(state: GameState) -> list[str]:
    """Teams whose early warning is in force this round: they see next round's draw (in the
    state's team order, which is the world's)."""
    out: set[str] = set()
    for ae in state.active:
        if ae.effect.kind == "early_warning" and in_force(ae, state.round):
            out.update(a for a in ae.effect.actors if a in state.teams)
    return [t for t in state.teams if t in out]


def has_early_warning(state: GameState, team: str) -> bool:
    for ae in state.active:
        if (ae.effect.kind == "early_warning" and team in ae.effect.actors
                and in_force(ae, state.round)):
            return True
    return False


def revealed_through(state: GameState) -> int:
    """The last round whose shocks everyone has seen: this round once its shock phase opens."""
    return state.round - 1 if state.phase is Phase.BRIEFING else state.round


def hidden_rounds(state: GameState, role: Role) -> list[int]:
    """Rounds whose drawn shocks `role` may not see now (sorted)."""
    if role.is_facilitator:
        return []
    through = revealed_through(state)
    if role.kind == "team" and has_early_warning(state, role.team):
        through = max(through, state.round + 1)
    return sorted(r for r in state.shocks if r > through)


def sees_commit(role: Role, team: str) -> bool:
    """Whether `role` may see what `team` committed before the round resolves."""
    return role.is_facilitator or (role.kind == "team" and role.team == team)


def visible_state(state: GameState, role: Role) -> GameState:
    """`state` with what `role` may not see taken out, as a state to reason about.

    Hidden draws are removed and their rounds marked as not yet drawn, so a simulation run on
    it draws them afresh instead of reading the real ones; sealed commits read as not made
    (who has committed is in `View.committed`); notes are dropped for every role but the
    facilitator. The seed stays: bots need it for their own replayable choices, and must never
    use it to predict chance."""
    if role.is_facilitator:
        return state
    hidden = hidden_rounds(state, role)
    shocks, drawn = state.shocks, state.drawn
    if any(h.origin == "drawn" for r in hidden for h in shocks[r]):
        shocks, drawn = dict(shocks), list(drawn)
        for r in hidden:
            shocks[r] = [h for h in shocks[r] if h.origin != "drawn"]
            if r in drawn:
                drawn.remove(r)
    teams = state.teams
    if any(ts.commit is not None and not sees_commit(role, t) for t, ts in teams.items()):
        teams = {
            t: ts if ts.commit is None or sees_commit(role, t)
            else TeamState(ts.budget, ts.political_capital, ts.played, None)
            for t, ts in teams.items()
        }
    notes = [] if state.notes else state.notes
    if shocks is state.shocks and drawn is state.drawn and teams is state.teams and not state.notes:
        return state
    return replace(state, shocks=shocks, drawn=drawn, teams=teams, notes=notes)


# ---------------------------------------------------------------- the view ----------------
@dataclass(frozen=True, slots=True)
class View:
    """What one role may see of the game now: the data every seat's screen is drawn from."""

    role: Role
    round: int
    rounds: int
    phase: Phase
    committed: tuple[str, ...]  # teams that have committed this round (public)
    commits: dict[str, tuple[str, ...]]  # what was committed, only where the role may see it
    hands: dict[str, tuple[str, ...]]  # card ids, only the hands the role may see
    warned: tuple[str, ...]  # teams whose early warning this role may know about
    shocks: tuple[ShockHit, ...]  # this round's shocks, once revealed
    intelligence: tuple[ShockHit, ...]  # next round's shocks this role knows of (early warning)
    notes: tuple[dict, ...]  # the facilitator's notes (facilitator only)
    scoreboard: bool  # a round has been adjudicated: scores and the heat map are public
    state: GameState  # `visible_state`: the rest, for drawing and reasoning

    @property
    def waiting(self) -> tuple[str, ...]:
        if self.phase is not Phase.DECISIONS:
            return ()
        return tuple(t for t in self.state.teams if t not in self.committed)


def view(scn: Scenario, state: GameState, role: Role) -> View:
    """What `role` may see of `state` (see the module docstring)."""
    vis = visible_state(state, role)
    fac = role.is_facilitator
    committed = tuple(t for t in scn.world.teams if state.teams[t].commit is not None)
    commits = {t: state.teams[t].commit for t in committed if sees_commit(role, t)}
    if fac:
        hands = {t: tuple(scn.teams[t].hand) for t in scn.world.teams}
    elif role.kind == "team":
        hands = {role.team: tuple(scn.teams[role.team].hand)}
    else:
        hands = {}
    all_warned = warned_teams(state)
    if fac:
        warned = tuple(all_warned)
    elif role.kind == "team" and role.team in all_warned:
        warned = (role.team,)
    else:
        warned = ()
    shocks = tuple(vis.shocks.get(state.round, ())) if revealed_through(state) >= state.round else ()
    nxt = state.round + 1
    intelligence = tuple(vis.shocks.get(nxt, ())) if warned and nxt <= scn.rounds else ()
    return View(
        role=role, round=state.round, rounds=scn.rounds, phase=state.phase,
        committed=committed, commits=commits, hands=hands, warned=warned, shocks=shocks,
        intelligence=intelligence, notes=tuple(state.notes) if fac else (),
        scoreboard=bool(state.history), state=vis,
    )


# ---------------------------------------------------------------- joint-card proposals -----
def sees_proposal(role: Role, proposer: str, partners) -> bool:
    """A proposal of a joint card is between its parties: the proposer and the partners it
    names (and the facilitator). The projector and the other teams never see it."""
    if role.is_facilitator:
        return True
    return role.kind == "team" and (role.team == proposer or role.team in partners)


__all__ = [
    "FACILITATOR_ROLE", "PROJECTOR_ROLE", "Role", "View", "has_early_warning", "hidden_rounds",
    "in_force", "revealed_through", "sees_commit", "sees_proposal", "team_role", "view",
    "visible_state", "warned_teams",
]
