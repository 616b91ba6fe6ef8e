"""The debrief's paperwork, entered at the facilitator's console: who will act on each
recommendation of the improvement plan (organisation, point of contact, start and due dates),
and who took part (name, organisation, team, role).

Each entry is saved in the game as a note of its own kind (`game.report.plan`), so it is in the
log as soon as it is typed, survives undo, export and resume, and the after-action brief prints
it. `open_plan(screen)` and `open_participants(screen)` are the hooks the game screen calls.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from ...core.rules import IllegalAction
from ...report.plan import participant_note, plan_note, read_participants, read_plan
from ..text import esc
from .dialogs import Dialog


def plan_rows(session) -> list[dict]:
    """The improvement plan as the brief will print it (no robustness replays: quick)."""
    from ...report.model import build_model

    return build_model(session, replays=0)["improvement_plan"]


class ImprovementDialog(Dialog):
    """Pick a recommendation, type who acts on it and when; Save records it in the game."""

    BINDINGS: ClassVar[list[Binding]] = [Binding("escape", "cancel", "Close", id="plan.close")]

    def __init__(self, rows: list[dict], entered: dict[str, dict]) -> None:
        super().__init__()
        self.rows = rows
        self.entered = entered
        self.current: dict | None = rows[0] if rows else None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="plan-box"):
            yield Label("Improvement plan: who acts on each recommendation", classes="dialog-title")
            if not self.rows:
                yield Static("No area for improvement was found in this game yet.")
                yield Static("[dim]escape closes[/dim]")
                return
            yield OptionList(*[Option(self._row_text(r), id=str(i))
                               for i, r in enumerate(self.rows)], id="plan-rows")
            yield Static("", id="plan-detail", classes="dialog-hint")
            yield Input(placeholder="Responsible organisation (e.g. Ministry of Trade, Industry and Energy)",
                        id="plan-org")
            yield Input(placeholder="Point of contact (name, e-mail)", id="plan-poc")
            with Horizontal():
                yield Input(placeholder="Start (e.g. 2026-01)", id="plan-start")
                yield Input(placeholder="Due (e.g. 2026-06)", id="plan-due")
            yield Static("", id="plan-error")
            with Horizontal():
                yield Button("Save", id="plan-save", variant="primary")
                yield Button("Close", id="plan-close")

    def _row_text(self, r: dict) -> str:
        done = "✓ " if self.entered.get(r["key"], {}).get("organisation") else "  "
        return f"{done}{r['team']} · {r['area']}: {r['issue']}"

    def on_mount(self) -> None:
        if self.rows:
            self.query_one(OptionList).focus()
            self._show(0)

    def _show(self, i: int) -> None:
        self.current = self.rows[i]
        r = self.current
        self.query_one("#plan-detail", Static).update(
            f"[b]Recommendation[/b] for {esc(r['addressee'] or 'the team')}: {esc(r['action'])}")
        e = self.entered.get(r["key"], {})
        for field in ("org", "poc", "start", "due"):
            key = "organisation" if field == "org" else field
            self.query_one(f"#plan-{field}", Input).value = e.get(key, "")

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None:
            self._show(int(event.option.id))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "plan-save":
            self._save()
        else:
            self.dismiss(None)

    def _save(self) -> None:
        if self.current is None:
            return
        values = {f: self.query_one(f"#plan-{f}", Input).value.strip()
                  for f in ("org", "poc", "start", "due")}
        if not values["org"]:
            self.query_one("#plan-error", Static).update(
                "[red]Name the responsible organisation first.[/]")
            return
        self.dismiss((self.current["key"], values["org"], values["poc"], values["start"],
                      values["due"]))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ParticipantDialog(Dialog):
    """Add one participant: name, organisation, team, role."""

    BINDINGS: ClassVar[list[Binding]] = [Binding("escape", "cancel", "Close", id="people.close")]

    def __init__(self, listed: list[dict], world) -> None:
        super().__init__()
        self.listed = listed
        self.world = world

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small-dialog", id="people-box"):
            yield Label("Participants", classes="dialog-title")
            who = "; ".join(f"{p['name']} ({p['team'] or 'no team'})" for p in self.listed)
            yield Static(esc(who) if who else "[dim]Nobody entered yet.[/dim]", classes="dialog-hint")
            yield Input(placeholder="Name", id="people-name")
            yield Input(placeholder="Organisation", id="people-org")
            yield Select([(f"{self.world.actor_name(t)} ({t})", t) for t in self.world.teams]
                         + [("Facilitation / white cell", "white cell"), ("Observer", "observer")],
                         prompt="Team", id="people-team")
            yield Input(placeholder="Role (e.g. team lead, note-taker)", id="people-role")
            yield Static("", id="people-error")
            with Horizontal():
                yield Button("Add", id="people-add", variant="primary")
                yield Button("Close", id="people-close")

    def on_mount(self) -> None:
        self.query_one("#people-name", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._add()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "people-add":
            self._add()
        else:
            self.dismiss(None)

    def _add(self) -> None:
        name = self.query_one("#people-name", Input).value.strip()
        if not name:
            self.query_one("#people-error", Static).update("[red]Type a name first.[/]")
            return
        team = self.query_one("#people-team", Select).value
        self.dismiss((name, self.query_one("#people-org", Input).value.strip(),
                      team if isinstance(team, str) else "",
                      self.query_one("#people-role", Input).value.strip()))

    def action_cancel(self) -> None:
        self.dismiss(None)


def _act(screen, note) -> bool:
    try:
        screen.handle.act(note)
    except IllegalAction as exc:
        screen.notify(str(exc), severity="error")
        return False
    return True


def open_plan(screen) -> None:
    """The hook for the game screen: open the improvement-plan dialog and save each entry."""
    session = screen.handle.session

    def done(result) -> None:
        if not result:
            return
        key, org, poc, start, due = result
        if _act(screen, plan_note(key, org, poc, start, due)):
            screen.notify(f"Improvement plan: {org} saved for {key.split('/')[0]}")
            open_plan(screen)  # the next row, with the tick updated

    screen.app.push_screen(ImprovementDialog(plan_rows(session), read_plan(session.state.notes)),
                           done)


def open_participants(screen) -> None:
    """The hook for the game screen: add participants one after the other."""
    session = screen.handle.session

    def done(result) -> None:
        if not result:
            return
        if _act(screen, participant_note(*result)):
            screen.notify(f"Participant added: {result[0]}")
            open_participants(screen)

    screen.app.push_screen(ParticipantDialog(read_participants(session.state.notes), session.scenario.world), done)
