"""The join screen of a seat: the participant types the code the facilitator gave them.

This is what a browser seat (`chokepoint serve`) opens on: nothing of any game is reachable from
here but the seat the code opens, and leaving the game closes the app instead of going back to
a start screen with every saved game on it.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from ..text import esc


class JoinScreen(Screen):
    DEFAULT_CSS = """
    JoinScreen { align: center middle; }
    #join-box { width: 60; max-width: 100%; height: auto; border: round $primary; padding: 1 2; }
    #join-code { margin: 1 0; }
    """
    BINDINGS: ClassVar[list[Binding]] = [Binding("escape", "app.quit", "Quit", id="join.quit")]

    def compose(self) -> ComposeResult:
        with Vertical(id="join-box"):
            yield Static("[b]Chokepoint: join a workshop[/b]\n\nType the join code your "
                         "facilitator gave you (8 letters and digits, e.g. K7QM-2XPA).")
            yield Input(placeholder="join code", id="join-code", max_length=12)
            yield Static("", id="join-error")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        error = self.app.take_seat(event.value)
        if error:
            self.query_one("#join-error", Static).update(f"[red]{esc(error)}[/]")
            event.input.value = ""
