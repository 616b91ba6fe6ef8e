"""The game behind the screens: a session, who plays which team, and whether it is saved.

The TUI talks to `GameHandle` only, so it does not care whether the game is saved: with
`game.store` importable (and not switched off) every action is committed by the store's
session hooks; without it the game plays unsaved. Store work stays on the thread that opened
it (the app's own thread): nothing here is run in a thread worker.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.flow import Action, InjectShock, Note, Override
from ..core.rules import commit_refusal, shock_by_id
from ..core.scenario import Scenario
from ..core.state import GameState, Phase
from ..core.view import Role, View, view, warned_teams
from ..core.world import TEAMS
from ..session import Session

MODES = ("workshop", "solo")

#: rivals in solo play unless chosen otherwise: sensible, as `--bots` defaults on the CLI
DEFAULT_BOT = "heuristic"


def available_bots() -> dict[str, type]:
    """Read at run time: other bots are added to `game.bots.BOTS` as they land."""
    from .. import bots

    return dict(bots.BOTS)


def open_store(db: str | None, enabled: bool = True):
    """The store, or None when saves are off or `game.store` has not landed. Raises on a store
    that exists but fails to open (a bad path): the caller shows the message."""
    if not enabled:
        return None
    try:
        from ..store import open_store as _open
    except ImportError:
        return None
    return _open(db)


@dataclass
class GameHandle:
    session: Session
    mode: str = "workshop"
    human: str | None = None  # the person's team in solo mode
    bots: dict[str, str] = field(default_factory=dict)  # team -> bot name (solo)
    game_id: str | None = None
    store: object | None = None
    _bot_objects: dict = field(default_factory=dict, repr=False)

    # ------------------------------------------------------------------ views ----------
    @property
    def scenario(self) -> Scenario:
        return self.session.scenario

    @property
    def state(self) -> GameState:
        return self.session.state

    @property
    def over(self) -> bool:
        return self.session.over

    @property
    def saved(self) -> bool:
        return self.game_id is not None

    def controller(self, team: str) -> str:
        if self.mode == "solo" and team != self.human:
            return self.bots.get(team, DEFAULT_BOT)
        return "human"

    def human_teams(self) -> list[str]:
        return [t for t in TEAMS if self.controller(t) == "human"]

    def waiting(self) -> list[str]:
        """Teams that still have to commit this round."""
        if self.state.phase is not Phase.DECISIONS:
            return []
        return [t for t in TEAMS if self.state.teams[t].commit is None]

    def warned(self) -> list[str]:
        """Teams with an early-warning effect in force: they see next round's shocks (the
        core's rule, `core.view.warned_teams`, the same the bots use)."""
        return warned_teams(self.state)

    def view(self, role: Role) -> View:
        """What `role` may see now (`core.view`): every seat's screen is drawn from this."""
        return view(self.scenario, self.state, role)

    def shocks_for(self, rnd: int):
        """(hit, shock) pairs known for round `rnd`."""
        return [(h, shock_by_id(self.scenario, self.state, h.shock_id))
                for h in self.state.shocks.get(rnd, [])]

    # ------------------------------------------------------------------ driving --------
    def act(self, action: Action) -> list[dict]:
        return self.session.act(action)

    def advance(self) -> list[dict]:
        events = self.session.advance()
        return events

    def commit(self, team: str, cards) -> list[dict]:
        events = self.session.commit(team, cards)
        if self.mode == "solo" and team == self.human:
            events += self.play_bots()
        return events

    def play_bots(self) -> list[dict]:
        """Bots commit for every team they play that has not committed yet."""
        events: list[dict] = []
        if self.mode != "solo" or self.state.phase is not Phase.DECISIONS:
            return events
        registry = None
        for team in TEAMS:
            if team == self.human or self.state.teams[team].commit is not None:
                continue
            name = self.bots.get(team, DEFAULT_BOT)
            bot = self._bot_objects.get(team)
            if bot is None:
                registry = registry or available_bots()
                cls = registry.get(name) or registry[DEFAULT_BOT]
                bot = self._bot_objects[team] = cls()
            cards = tuple(bot.choose(self.scenario, self.state, team))
            if commit_refusal(self.scenario, self.state, team, cards):
                cards = ()  # a bot's bug must not stop the game: it passes
            events += self.session.commit(team, cards)
        return events

    def undo(self):
        """Take back the last decision a person made (in solo, with the bot plays after it)."""
        undone = self.session.undo()
        if self.mode == "solo":
            while (undone is not None and getattr(undone, "team", None) not in (None, self.human)
                   and type(undone).__name__ == "Commit"):
                undone = self.session.undo()
        return undone

    def note(self, text: str, kind: str = "note") -> list[dict]:
        return self.session.note(text, kind=kind)

    def inject(self, shock_id: str | None = None, shock=None) -> list[dict]:
        return self.act(InjectShock(shock_id=shock_id, shock=shock))

    def override(self, team: str, indicator: str, value: float, reason: str) -> list[dict]:
        return self.act(Override(team, indicator, value, reason))

    def notes(self, rnd: int | None = None) -> list[dict]:
        return [n for n in self.state.notes if rnd is None or n["round"] == rnd]


def new_game(scenario: Scenario, seed: int, mode: str = "workshop", human: str | None = None,
             bots: dict[str, str] | None = None, store=None) -> tuple[GameHandle, str | None]:
    """A new game, saved when a store is given. Returns the game and a warning (or None)."""
    bots = dict(bots or {})
    if mode == "solo":
        human = human or TEAMS[0]
        for t in TEAMS:
            if t != human:
                bots.setdefault(t, DEFAULT_BOT)
    teams = {t: ("human" if mode == "workshop" or t == human else bots[t]) for t in TEAMS}
    warning = None
    if store is not None:
        try:
            game_id, session = store.new_game(scenario, seed, mode, teams)
            return GameHandle(session, mode, human, bots, str(game_id), store), None
        except Exception as exc:  # noqa: BLE001 - the game goes on unsaved, and says so
            warning = f"could not save this game ({exc}); playing unsaved"
    return GameHandle(Session(scenario, seed), mode, human, bots), warning


def resume_game(store, info: dict) -> GameHandle:
    """A saved game from the store; `info` is its row from `Store.games()`."""
    gid = info.get("game_id", info.get("id"))
    session = store.load(gid)
    mode = info.get("mode") or "workshop"
    teams = info.get("teams") or {}
    if isinstance(teams, str):
        import json

        try:
            teams = json.loads(teams)
        except ValueError:
            teams = {}
    human = next((t for t, c in teams.items() if c == "human"), None) if mode == "solo" else None
    bots = {t: c for t, c in teams.items() if c != "human"} if mode == "solo" else {}
    return GameHandle(session, mode, human, bots, str(gid), store)


__all__ = ["MODES", "GameHandle", "Note", "available_bots", "new_game", "open_store", "resume_game"]
