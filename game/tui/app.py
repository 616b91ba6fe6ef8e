"""The Chokepoint app: screens for starting, playing and ending a game.

One factory (`game.tui.make_app`) builds it for the CLI and the tests. Content (decks and
scenarios) is loaded after the first screen is painted, so the app opens as fast as a bare
Textual app; a scenario that fails validation shows its problems on the start screen.
"""

from __future__ import annotations

import threading
from typing import ClassVar

from textual.app import App
from textual.binding import Binding
from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="chokepoint-high-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ff00ff",
    warning="#ffaf00",
    error="#ff5f5f",
    success="#00ff00",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1c1c1c",
    boost="#303030",
    dark=True,
)

DEFAULT_THEME = "textual-dark"


def chokepoint_commands():
    """The palette provider, imported when the palette first opens (textual.command is slow
    to import and the first screen does not need it)."""
    from .commands import ChokepointCommands

    return ChokepointCommands


class ChokepointApp(App):
    TITLE = "Chokepoint"
    SUB_TITLE = "supply-chain resilience wargame"
    CSS_PATH = "chokepoint.tcss"
    COMMANDS = App.COMMANDS | {chokepoint_commands}
    ENABLE_COMMAND_PALETTE = True

    # ---- the error boundary of the terminal app (the CLI has its own in game/cli) ----------
    def _fatal_error(self) -> None:
        """An unexpected error ends the app with one line, not a screenful of traceback: what
        went wrong, that nothing confirmed is lost (every action is saved before it shows), and
        how to go on. The traceback goes to a file, and to the screen with CHOKEPOINT_DEBUG=1."""
        import os
        import sys
        import traceback

        from rich.text import Text

        if os.environ.get("CHOKEPOINT_DEBUG"):
            return super()._fatal_error()
        exc = self._exception or sys.exc_info()[1]
        where = _write_crash_log("".join(traceback.format_exception(exc)) if exc else "")
        game = getattr(getattr(self.screen, "handle", None), "game_id", None)
        resume = f"`chokepoint resume {game}` continues it" if game else "`chokepoint` > Resume"
        line = (f"error: internal error in the terminal app: {type(exc).__name__}: "
                f"{_printable(str(exc))[:200]}. Nothing confirmed is lost: {resume}. "
                f"Details: {where}")
        self.bell()
        self._exit_renderables.append(Text(line))
        self._close_messages_no_wait()
    BINDINGS: ClassVar[list[Binding]] = [
        Binding("question_mark", "help", "Help", id="help", key_display="?"),
        Binding("x", "toggle_contrast", "Contrast", id="contrast", show=False),
        Binding("z", "toggle_zoom", "Zoom", id="zoom", show=False),
    ]

    def __init__(self, scenario: str | None = None, seed: int | None = None,
                 mode: str = "workshop", team: str | None = None, db: str | None = None,
                 store: bool = True, theme: str | None = None, zoom: bool = False,
                 resume: str | None = None, role: str | None = None, seat=None,
                 reports: str | None = None, join: bool = False, scenarios=()):
        super().__init__()
        self.options = {"scenario": scenario, "seed": seed, "mode": mode, "team": team,
                        "resume": resume}
        #: who this app is at the table (`core.view.Role` name) and the seat it holds, when
        #: started by `chokepoint join`; None: the facilitator on the one shared screen
        self.role = role
        self.seat = seat
        self.reports = reports
        self.join = join  # a seat that asks for its join code first (browser seats)
        self.db = db
        self.use_store = store
        #: scenarios read from files (`resume --scenario PATH`): a save names its scenario by
        #: id only, so a game not played from a bundled one needs its file given again
        self.scenarios = tuple(scenarios)
        self._store = None
        self._store_error: str | None = None
        self._store_opened = False
        self.library = None  # game.content.Library, loaded after the first paint
        self._library_lock = threading.Lock()
        self.zoomed = zoom
        self.register_theme(HIGH_CONTRAST)
        if theme:
            self.theme = theme

    # ------------------------------------------------------------------ lifecycle ------
    def on_mount(self) -> None:
        from .screens.start import StartScreen

        if self.zoomed:
            self.add_class("-zoom")
        if self.join:
            from .screens.join import JoinScreen

            self.push_screen(JoinScreen())
        elif self.seat is not None:
            error = self.open_seat()
            if error:
                self.exit(message=f"error: {error}", return_code=2)
        else:
            self.push_screen(StartScreen())

    # ------------------------------------------------------------------ content --------
    def load_library(self):
        """Every deck and scenario, checked; problems are kept, not raised. Pure file reading
        (no store), so the start screen may call it from a thread worker."""
        with self._library_lock:
            if self.library is None:
                from ..content import load_library

                try:
                    self.library = load_library()
                except Exception as exc:  # noqa: BLE001 - a broken file must not crash the app
                    from ..content import Library, Problem

                    problems = getattr(exc, "problems", None) or [Problem("content", 0, "", str(exc))]
                    self.library = Library(problems=list(problems))
            return self.library

    def store(self):
        """The saves, opened on first use on this (the app's) thread; None when unavailable."""
        if not self._store_opened:
            self._store_opened = True
            from .game import open_store

            try:
                self._store = open_store(self.db, self.use_store)
                for scn in self.scenarios:
                    if self._store is not None:
                        self._store.register_scenario(scn)
            except Exception as exc:  # noqa: BLE001
                self._store_error = f"saves are unavailable: {exc}"
        return self._store

    @property
    def store_error(self) -> str | None:
        return self._store_error

    # ------------------------------------------------------------------ seats ----------
    @property
    def seated(self) -> bool:
        """A seat's app (`chokepoint join`): one game, one role, no start screen."""
        return self.join or self.seat is not None

    def take_seat(self, code: str) -> str | None:
        """Take the seat a join code opens and open its game; the error for people, or None."""
        from ..store.seats import Seats

        store = self.store()
        if store is None:
            return self.store_error or "this seat has no save to join"
        try:
            self.seat = Seats(store).take(code)
        except Exception as exc:  # noqa: BLE001 - StoreError and a damaged save alike: say so
            return str(exc)
        self.role = self.seat.role
        return self.open_seat()

    def open_seat(self) -> str | None:
        from .game import resume_game

        store = self.store()
        if store is None:
            return self.store_error or "this seat has no save to join"
        try:
            handle = resume_game(store, store.game(self.seat.game_id))
        except Exception as exc:  # noqa: BLE001 - a deleted game or a damaged save
            return f"the game of this seat cannot be opened: {exc}"
        self.start_game(handle)
        return None

    # ------------------------------------------------------------------ actions --------
    def start_game(self, handle, warning: str | None = None) -> None:
        from ..core.view import FACILITATOR_ROLE, Role
        from .screens.play import GameScreen

        if self.role is None:
            screen = GameScreen(handle)
        else:  # a seat: the facilitator's own console is private, not the room's screen
            screen = GameScreen(handle, Role.of(self.role, handle.scenario.world.teams), shared=False)
            screen.seat = self.seat
            if screen.role == FACILITATOR_ROLE:
                self.sub_title = "facilitator console"
        self.push_screen(screen)
        if warning:
            self.notify(warning, severity="warning", timeout=8)

    def action_help(self) -> None:
        from .screens.dialogs import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_contrast(self) -> None:
        self.theme = DEFAULT_THEME if self.theme == HIGH_CONTRAST.name else HIGH_CONTRAST.name

    def action_toggle_zoom(self) -> None:
        self.zoomed = not self.zoomed
        self.set_class(self.zoomed, "-zoom")
        refresh = getattr(self.screen, "refresh_view", None)
        if refresh:
            refresh()


def _write_crash_log(text: str) -> str:
    """The traceback in a file under the user's log folder; where it went, or why it did not."""
    try:
        import platformdirs

        folder = platformdirs.user_log_path("chokepoint", ensure_exists=True)
        path = folder / "crash.log"
        with path.open("a", encoding="utf-8") as f:
            f.write(text + "\n")
        return str(path)
    except Exception as exc:  # noqa: BLE001 - a boundary must not fail on its own log
        return f"no log written ({exc})"


def _printable(text: str) -> str:
    """One line of text with control characters (an ESC from a note, say) taken out."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
