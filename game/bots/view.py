"""What one team may see, and a cheap copy of a state for bots that simulate ahead.

Everything in `GameState` is public except two things a team must not use when it decides:

* the shocks already drawn for next round (`state.shocks[round + 1]`, origin "drawn"), which
  only teams with an active early-warning effect see;
* the other teams' commits this round: orders are sealed until the round resolves, so what a
  bot chooses never depends on the order in which teams were asked.

The rule lives in the core (`game.core.view`), shared with the seats and the report; bots
call `team_view(state, team)` and reason only about what it returns. The seed stays in the
view because `bot_rng` needs it for replay; a bot must never use it to predict chance
(`rules.rng_for`): the lookahead bot re-seeds every simulated future instead.
"""

from __future__ import annotations

from ..core.state import ActiveEffect, GameState, TeamState
from ..core.view import has_early_warning, team_role, visible_state
from ..core.view import hidden_rounds as _hidden_rounds


def sees_next_shocks(state: GameState, team: str) -> bool:
    """True if `team` has an early-warning effect in force this round and so sees next
    round's draw: the core's rule (`core.view`), the same the seats and the TUI use."""
    return has_early_warning(state, team)


def hidden_rounds(state: GameState, team: str) -> list[int]:
    """Rounds whose drawn shocks `team` may not see now."""
    return _hidden_rounds(state, team_role(team))


def team_view(state: GameState, team: str) -> GameState:
    """What `team` may see of `state`, as a state to reason about (`core.view.visible_state`).

    Hidden draws are removed and their rounds marked as not yet drawn, so a simulation run on
    the view draws them afresh instead of reading the real ones. The view is cheap: the parts
    it does not change are shared with `state`, so treat it as read-only (a bot that wants to
    play it forward does so on `fast_clone(view)`)."""
    return visible_state(state, team_role(team))


def fast_clone(state: GameState) -> GameState:
    """A copy deep enough for `flow.apply` (which mutates) at a fraction of `deepcopy`'s cost.

    Shared, never-mutated parts (effects, shock hits, custom shocks, past round records) are
    shared; everything adjudication changes in place is copied."""
    return GameState(
        scenario_id=state.scenario_id,
        seed=state.seed,
        round=state.round,
        phase=state.phase,
        teams={
            t: TeamState(ts.budget, ts.political_capital, dict(ts.played), ts.commit)
            for t, ts in state.teams.items()
        },
        stockpile={s: dict(v) for s, v in state.stockpile.items()},
        relations=dict(state.relations),
        active=[
            ActiveEffect(a.effect, a.cause, a.start, a.end, a.structural, a.on)
            for a in state.active
        ],
        shocks={r: list(v) for r, v in state.shocks.items()},
        drawn=list(state.drawn),
        custom_shocks=dict(state.custom_shocks),
        retaliation={r: list(v) for r, v in state.retaliation.items()},
        shortfall_streak={t: dict(v) for t, v in state.shortfall_streak.items()},
        adjustments={t: dict(v) for t, v in state.adjustments.items()},
        indicators={t: dict(v) for t, v in state.indicators.items()},
        history=list(state.history),
        notes=list(state.notes),
        baseline_revenue=dict(state.baseline_revenue),
        baseline_resilience=dict(state.baseline_resilience),
    )
