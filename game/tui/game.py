"""The game behind the screens: a session, who plays which team, and whether it is saved.

The TUI talks to `GameHandle` only, so it does not care whether the game is saved: with
`game.store` importable (and not switched off) every action is committed by the store's
session hooks; without it the game plays unsaved. Store work stays on the thread that opened
it (the app's own thread): nothing here is run in a thread worker.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

from ..core.flow import Action, InjectShock, Note, Override, Withdraw
from ..core.rules import IllegalAction, commit_refusal, shock_by_id
from ..core.scenario import Scenario
from ..core.state import GameState, Phase
from ..core.view import Role, View, sees_proposal, view, warned_teams
from ..session import Session

MODES = ("workshop", "solo")

RETRIES = 3  # a team's commit that lost a race is tried again this often on the fresh game


class RaceLost(IllegalAction):
    """Another seat wrote to the save first; the game has been reloaded."""

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
    created: str | None = None  # when the game was created (the report's date of play)
    _bot_objects: dict = field(default_factory=dict, repr=False)
    _clock: dict | None = field(default=None, repr=False)  # the round timer when unsaved
    _seats: object | None = field(default=None, repr=False)
    _data_version: int | None = field(default=None, repr=False)
    _proposals: dict = field(default_factory=dict, repr=False)  # round -> [Proposal] (unsaved)
    _plans: dict = field(default_factory=dict, repr=False)  # (round, team) -> a bot's plan

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
        return [t for t in self.scenario.world.teams if self.controller(t) == "human"]

    def waiting(self) -> list[str]:
        """Teams that still have to commit this round."""
        if self.state.phase is not Phase.DECISIONS:
            return []
        return [t for t in self.scenario.world.teams if self.state.teams[t].commit is None]

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

    # ------------------------------------------------------------------ other seats ----
    @property
    def seats(self):
        """The save's seat tables (`game.store.seats`), or None for an unsaved game."""
        if self._seats is None and self.store is not None and self.game_id is not None:
            from ..store.seats import Seats

            try:
                self._seats = Seats(self.store)
            except Exception:  # noqa: BLE001 - a read-only save: the game plays, seats do not
                self._seats = False
        return self._seats or None

    def changed_elsewhere(self) -> bool:
        """True if another process has written to the save since we last looked: `PRAGMA
        data_version` moves only for other connections' commits, so this costs one query."""
        if self.store is None or self.game_id is None:
            return False
        try:
            version = self.store.db.execute("PRAGMA data_version").fetchone()[0]
        except Exception:  # noqa: BLE001 - a save gone away is noticed by the next action
            return False
        seen, self._data_version = self._data_version, version
        return seen is not None and seen != version

    def reload(self) -> bool:
        """Load the game again from the save if another seat moved it on. True if it did."""
        if self.store is None or self.game_id is None:
            return False
        meta = self.store.game(self.game_id)
        if meta["seq"] == self._seq():
            return False
        self._load()
        return True

    def _load(self) -> None:
        """Load the game afresh; what "changed elsewhere" is measured from moves to before the
        load (a write during it is in the load, and is noticed once more, harmlessly)."""
        version = self.store.db.execute("PRAGMA data_version").fetchone()[0]
        # the save's position before the load, as the version is: read after it, a write
        # landing during the load would be taken as seen while this copy lacks it, and this
        # seat's next action would be refused instead of tried again on a fresh copy
        seq = self.store.game(self.game_id)["seq"]
        self.session = self.store.load(self.game_id, scenario=self.session.scenario)
        self._log_seq = seq
        self._data_version = version

    def _seq(self) -> int | None:
        return getattr(self, "_log_seq", None)

    @contextlib.contextmanager
    def _guard(self):
        """A lost race (another seat wrote first) becomes a refusal and a fresh copy of the
        game, never a traceback; nothing the other seat did is lost."""
        try:
            yield
        except IllegalAction:
            if self._moved_elsewhere():  # refused on a stale copy: the news first
                self._reload_or_refuse()
                raise RaceLost("another seat acted first; the game has been reloaded, "
                               "so check it and try again") from None
            raise
        except Exception as exc:
            from ..store import StaleCopy, StoreError

            if not isinstance(exc, StoreError) or self.store is None:
                raise
            raced = isinstance(exc, StaleCopy) or self._moved_elsewhere()
            self._reload_or_refuse()
            if raced:
                raise RaceLost("another seat acted first; the game has been reloaded, so "
                               "check it and try again") from None
            raise IllegalAction(f"not saved, so not done: {exc}") from None
        if self.store is not None and self.game_id is not None:
            with contextlib.suppress(Exception):
                self._log_seq = self.store.game(self.game_id)["seq"]

    def _moved_elsewhere(self) -> bool:
        if self.store is None or self.game_id is None:
            return False
        try:
            return self.store.game(self.game_id)["seq"] != self._seq()
        except Exception:  # noqa: BLE001 - unreadable now: the next action says so
            return False

    def _reload_or_refuse(self) -> None:
        from ..store import StoreError

        try:
            self._load()
        except StoreError as exc:
            raise IllegalAction(f"the save cannot be read: {exc}") from None

    # ------------------------------------------------------------------ the round timer -
    def clock(self):
        """The round timer (`widgets.timer.Clock`) for this round, or None."""
        from .widgets.timer import Clock

        raw = self._clock
        if self.seats is not None:
            with contextlib.suppress(Exception):  # unreadable now: no timer rather than a crash
                raw = self.seats.clock(self.game_id)
        clock = Clock.from_dict(raw)
        return clock.for_round(self.state.round) if clock is not None else None

    def set_clock(self, clock) -> None:
        raw = clock.to_dict() if clock is not None else None
        self._clock = raw  # kept here too, so a save that cannot be written still times the round
        if self.seats is not None:
            with contextlib.suppress(Exception):
                self.seats.set_clock(self.game_id, raw)

    # ------------------------------------------------------------------ driving --------
    def act(self, action: Action) -> list[dict]:
        with self._guard():
            return self.session.act(action)

    def advance(self) -> list[dict]:
        rnd = self.state.round
        with self._guard():
            events = self.session.advance()
        if self.state.round != rnd:  # a new round starts the timer afresh
            clock = self.clock()
            if clock is not None:
                self.set_clock(clock)
        return events

    def commit(self, team: str, cards) -> list[dict]:
        """Commit `team`'s cards. Teams commit at once in a workshop, and one team's commit
        does not change another's: a commit that lost the race to another seat's write is
        tried again on the fresh game (where the rules still decide), not refused."""
        cards = tuple(cards)
        for attempt in range(RETRIES):
            try:
                with self._guard():
                    events = self.session.commit(team, cards)
                break
            except RaceLost:
                if attempt == RETRIES - 1:
                    raise
        self._propose(team, cards)
        if self.mode == "solo" and team == self.human:
            with self._guard():
                events += self.play_bots()
        return events

    # ------------------------------------------------------------------ joint cards ----
    def proposals(self, role: Role | None = None) -> list:
        """This round's joint-card proposals (`tui.proposals.Proposal`), only those `role`
        may see (`core.view.sees_proposal`); all of them without a role."""
        from .proposals import Proposal

        if self.state.phase is not Phase.DECISIONS:
            return []
        if self.mode == "solo":
            self._plan_bots()
        rnd = self.state.round
        raw = self._proposals.get(rnd, [])
        if self.seats is not None:
            with contextlib.suppress(Exception):  # unreadable now: the last known ones
                raw = self.seats.proposals(self.game_id, rnd)
        out = [Proposal(p["card"], p["proposer"], dict(p["answers"])) for p in raw]
        if role is None:
            return out
        return [p for p in out if sees_proposal(role, p.proposer, p.partners)]

    def _propose(self, team: str, cards) -> None:
        """Every joint card in a commit (or a bot's plan) is proposed to its partners; partners
        that are bots answer at once."""
        rnd = self.state.round
        known = {(p.card, p.proposer) for p in self.proposals()}
        for cid in cards:
            card = self.scenario.cards.get(cid)
            partners = tuple(t for t in card.partners if t != team) if card else ()
            if not partners or (cid, team) in known:
                continue
            if self.seats is not None:
                self.seats.propose(self.game_id, rnd, cid, team, partners)
            else:
                self._proposals.setdefault(rnd, []).append(
                    {"card": cid, "proposer": team, "answers": {t: None for t in partners}})
            for partner in partners:
                if self.controller(partner) != "human":
                    self._bot_answers(partner)

    def answer(self, team: str, card: str, proposer: str, yes: bool) -> None:
        """`team` accepts or declines `proposer`'s proposal of `card`."""
        answer = "accepted" if yes else "declined"
        rnd = self.state.round
        if self.seats is not None:
            self.seats.answer(self.game_id, rnd, card, proposer, team, answer)
            return
        for p in self._proposals.get(rnd, []):
            if p["card"] == card and p["proposer"] == proposer and team in p["answers"]:
                p["answers"][team] = answer

    def _plan_bots(self) -> None:
        """Solo: each bot decides when decisions open (what it sees does not change until the
        round resolves: commits are sealed), so its joint-card proposals reach the player
        before the player commits."""
        if self.mode != "solo" or self.state.phase is not Phase.DECISIONS:
            return
        rnd = self.state.round
        fresh = [t for t in self.scenario.world.teams if t != self.human and (rnd, t) not in self._plans]
        if not fresh:
            return
        for team in fresh:
            self._plans[(rnd, team)] = self._bot(team).choose(self.scenario, self.state, team)
        for team in fresh:
            self._propose(team, self._plans[(rnd, team)])

    def _bot(self, team: str):
        bot = self._bot_objects.get(team)
        if bot is None:
            registry = available_bots()
            cls = registry.get(self.bots.get(team, DEFAULT_BOT)) or registry[DEFAULT_BOT]
            bot = self._bot_objects[team] = cls()
        return bot

    def _bot_answers(self, team: str) -> None:
        """A bot answers every proposal waiting on it, and its plan follows its answers."""
        from .proposals import bot_answer

        rnd = self.state.round
        plan = self._plans.get((rnd, team))
        if plan is None:
            plan = self._bot(team).choose(self.scenario, self.state, team)
        for p in self.proposals():
            if team in p.answers and p.answers[team] is None:
                yes, plan = bot_answer(self.scenario, self.state, team, p.card, plan)
                self._plans[(rnd, team)] = plan
                self.answer(team, p.card, p.proposer, yes)

    def withdraw(self, team: str) -> list[dict]:
        """Take back one team's commit; the teams after it keep theirs (unlike undo)."""
        return self.act(Withdraw(team))

    def play_bots(self) -> list[dict]:
        """Bots commit for every team they play that has not committed yet: each its plan,
        less any joint card a partner turned down (it would only be refused)."""
        from .proposals import standing

        events: list[dict] = []
        if self.mode != "solo" or self.state.phase is not Phase.DECISIONS:
            return events
        self._plan_bots()
        rnd = self.state.round
        for team in self.scenario.world.teams:
            if team == self.human or self.state.teams[team].commit is not None:
                continue
            self._bot_answers(team)
            cards = tuple(self._plans.get((rnd, team), ()))
            for p in self.proposals():
                if p.proposer == team and "declined" in standing(self.state, p).values():
                    cards = tuple(c for c in cards if c != p.card)
            if commit_refusal(self.scenario, self.state, team, cards):
                cards = ()  # a bot's bug must not stop the game: it passes
            events += self.session.commit(team, cards)
        return events

    def undo(self):
        """Take back the last decision a person made (in solo, with the bot plays after it)."""
        with self._guard():
            undone = self.session.undo()
            if self.mode == "solo":
                while (undone is not None and getattr(undone, "team", None) not in (None, self.human)
                       and type(undone).__name__ == "Commit"):
                    undone = self.session.undo()
        return undone

    def note(self, text: str, kind: str = "note") -> list[dict]:
        return self.act(Note(text, kind=kind))

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
    world_teams = scenario.world.teams
    if mode == "solo":
        human = human or world_teams[0]
        for t in world_teams:
            if t != human:
                bots.setdefault(t, DEFAULT_BOT)
    teams = {t: ("human" if mode == "workshop" or t == human else bots[t]) for t in world_teams}
    warning = None
    if store is not None:
        try:
            game_id, session = store.new_game(scenario, seed, mode, teams)
            handle = GameHandle(session, mode, human, bots, str(game_id), store)
            with contextlib.suppress(Exception):  # the report's date of play, the log's length
                meta = store.game(game_id)
                handle.created, handle._log_seq = meta.get("created"), meta.get("seq")
                handle.changed_elsewhere()  # "changed" is measured from here
            return handle, None
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
    handle = GameHandle(session, mode, human, bots, str(gid), store, info.get("created"))
    handle._log_seq = info.get("seq")  # what was loaded; a later write elsewhere moves it on
    handle.changed_elsewhere()  # "changed" is measured from the load
    return handle


__all__ = ["MODES", "GameHandle", "Note", "available_bots", "new_game", "open_store", "resume_game"]
