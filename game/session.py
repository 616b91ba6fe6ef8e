"""A game as people and programs handle it: scenario + seed + an append-only list of actions.

The TUI, the CLI, the store and the bots all drive games through `Session`, never through the
core directly, so the rules stay pure and there is one place that decides what is logged.
Undo is replay: the session rebuilds the state from the log minus the undone actions, which is
cheap (a whole game replays in milliseconds) and can never drift from what the log says.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .core.flow import (
    Action,
    Advance,
    Chance,
    Commit,
    Note,
    action_from_dict,
    action_to_dict,
    apply,
    chance_action,
)
from .core.rules import IllegalAction, new_game
from .core.scenario import Scenario
from .core.state import GameState, Phase
from .core.values import rebuilt


@dataclass(slots=True, init=False)
class Entry:
    """One logged action with its state id (its position in the game's history), and the
    round and phase it was taken in (the state has already moved on when hooks see it)."""

    state_id: int
    action: Action
    round: int
    phase: Phase

    # Written out for the compiled build (mypyc compiles it; the one @dataclass writes stays
    # interpreted): a game logs ~90 entries.
    def __init__(self, state_id: int, action: Action, round: int = 0,
                 phase: Phase = Phase.BRIEFING) -> None:
        self.state_id = state_id
        self.action = action
        self.round = round
        self.phase = phase

    def __reduce__(self) -> tuple:
        # a compiled class with a written-out constructor cannot be copied the default way
        # (game/core/values.py, tests/core/test_values.py)
        return rebuilt(self)


class Session:
    def __init__(self, scenario: Scenario, seed: int, explain: bool = True):
        self.scenario = scenario
        self.seed = seed
        self.explain = explain
        self.state: GameState = new_game(scenario, seed)
        self.log: list[Entry] = []
        #: called with each entry after it is applied and before `act` returns: the store
        #: commits it there, so nothing is shown as accepted before it is on disk
        self.on_append: Callable[[Entry], None] | None = None
        #: called with the state ids removed by an undo
        self.on_undo: Callable[[list[int]], None] | None = None

    # ---------------------------------------------------------------- driving ----------
    def act(self, action: Action) -> list[dict]:
        """Apply and log one action; IllegalAction leaves the game untouched.

        With a store attached, the action is committed (`on_append`) before `act` returns, so
        nothing is shown as accepted before it is on disk. If the commit fails, the state is
        rebuilt from the log, which never held the action: the rare failure pays for a replay
        so that every ordinary action does not pay for a copy of the state."""
        rnd, phase = self.state.round, self.state.phase
        events = apply(self.scenario, self.state, action, self.explain)
        entry = Entry(len(self.log), action, rnd, phase)
        if self.on_append is not None:
            try:
                self.on_append(entry)
            except BaseException:
                self.state = replay_state(
                    self.scenario, self.seed, [e.action for e in self.log], self.explain
                )
                raise
        self.log.append(entry)
        return events

    def settle(self) -> list[dict]:
        """Apply every chance outcome the game is waiting for."""
        events: list[dict] = []
        while (c := chance_action(self.scenario, self.state)) is not None:
            events += self.act(c)
        return events

    def advance(self) -> list[dict]:
        events = self.settle()
        events += self.act(Advance())
        events += self.settle()
        return events

    def commit(self, team: str, cards) -> list[dict]:
        return self.act(Commit(team, tuple(cards)))

    def note(self, text: str, author: str = "facilitator", kind: str = "note") -> list[dict]:
        return self.act(Note(text, author, kind))

    @property
    def over(self) -> bool:
        return self.state.phase is Phase.OVER

    # ---------------------------------------------------------------- undo and replay --
    def last_undoable(self) -> int | None:
        for i in range(len(self.log) - 1, -1, -1):
            if not isinstance(self.log[i].action, Chance):
                return i
        return None

    def undo(self) -> Action | None:
        """Take back the last decision (and any chance outcome that followed it)."""
        i = self.last_undoable()
        if i is None:
            return None
        undone = self.log[i].action
        removed = [e.state_id for e in self.log[i:]]
        keep = [e.action for e in self.log[:i]]
        state = replay_state(self.scenario, self.seed, keep, self.explain)
        if self.on_undo is not None:
            self.on_undo(removed)
        self.state = state
        self.log = self.log[:i]
        return undone

    def actions(self) -> list[dict]:
        return [action_to_dict(e.action) for e in self.log]

    @classmethod
    def replay(cls, scenario: Scenario, seed: int, actions: list, explain: bool = True) -> Session:
        s = cls(scenario, seed, explain)
        for a in actions:
            s.act(action_from_dict(a) if isinstance(a, dict) else a)
        return s


def replay_state(scenario: Scenario, seed: int, actions: list, explain: bool = True) -> GameState:
    state = new_game(scenario, seed)
    for a in actions:
        apply(scenario, state, action_from_dict(a) if isinstance(a, dict) else a, explain)
    return state


__all__ = ["Entry", "IllegalAction", "Session", "replay_state"]
