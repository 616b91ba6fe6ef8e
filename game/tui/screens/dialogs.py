"""Modal dialogs: help, pause, notes, the round timer, overrides and injected shocks."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from ...core.cards import Effect, Shock
from ...core.flow import INDICATORS_OVERRIDABLE
from ..text import esc, indicator_title


class Dialog(ModalScreen):
    """A modal with the dialogs' stylesheet (read when the first dialog opens)."""

    CSS_PATH = "dialogs.tcss"
    DEFAULT_CSS = "Dialog { align: center middle; }"


def bindings_text(app) -> str:
    """Every key of the screen under the help and of the app, with what it does."""
    screens = [s for s in app.screen_stack if not isinstance(s, HelpScreen)]
    rows = []
    seen = set()
    for node in ([screens[-1]] if screens else []) + [app]:
        for b in getattr(type(node), "BINDINGS", ()):
            if not hasattr(b, "action") or b.action in seen:
                continue
            seen.add(b.action)
            key = b.key_display or b.key.split(",")[0]
            does = b.description or b.action
            if getattr(b, "tooltip", ""):
                does += f" [dim]- {esc(b.tooltip)}[/dim]"
            rows.append(f"  [b $accent]{esc(key):<8}[/] {does}")
    rows.append(f"  [b $accent]{'ctrl+p':<8}[/] Command palette [dim]- every action by name[/dim]")
    rows.append(f"  [b $accent]{'ctrl+q':<8}[/] Quit")
    return "[b]Keys on this screen[/b]\n" + "\n".join(rows)


def markdown_to_markup(md: str) -> str:
    """The little Markdown the how-to uses (# titles, **bold**) as content markup."""
    import re

    out = []
    for line in md.splitlines():
        if line.startswith("# "):
            line = f"[b]{line[2:]}[/b]"
        out.append(re.sub(r"\*\*(.+?)\*\*", r"[b]\1[/b]", line))
    return "\n".join(out)


class HelpScreen(Dialog):
    BINDINGS: ClassVar[list[Binding]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, text: str | None = None) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        from .start import HOW_TO_PLAY

        body = (markdown_to_markup(self.text) if self.text else
                bindings_text(self.app) + "\n\n" + markdown_to_markup(HOW_TO_PLAY))
        with VerticalScroll(id="help-box", classes="dialog"):
            yield Static(body, id="help-text")
            yield Static("[dim]escape closes[/dim]")

    def action_dismiss(self) -> None:
        self.dismiss()


class PauseScreen(Dialog):
    """Full-screen pause for the room; the round timer stops while it shows."""

    BINDINGS: ClassVar[list[Binding]] = [Binding("p,escape,space", "resume", "Resume", id="pause.resume")]

    def compose(self) -> ComposeResult:
        with Vertical(id="pause-box", classes="dialog"):
            yield Static("[b]⏸  PAUSED[/b]", id="pause-title")
            yield Static("The game is paused; the round timer has stopped.\nPress p to resume.",
                         id="pause-text")

    def action_resume(self) -> None:
        self.dismiss(True)


class TextDialog(Dialog):
    """One line of text (a note for the hot wash, the minutes for the timer)."""

    BINDINGS: ClassVar[list[Binding]] = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]

    def __init__(self, title: str, placeholder: str = "", value: str = "", kind: str = "text",
                 hint: str = "") -> None:
        super().__init__()
        self.title_text, self.placeholder, self.value, self.kind, self.hint = (
            title, placeholder, value, kind, hint)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small-dialog"):
            yield Label(self.title_text, classes="dialog-title")
            if self.hint:
                yield Static(self.hint, classes="dialog-hint")
            yield Input(self.value, placeholder=self.placeholder, id="dialog-input",
                        type="number" if self.kind == "number" else "text")
            yield Static("", id="dialog-error")
            yield Static("[dim]Enter saves · escape cancels[/dim]")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip() or (self.placeholder if self.kind == "number" else "")
        if not text:
            self.query_one("#dialog-error", Static).update("[red]Type something first (escape cancels).[/]")
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)


def override_range(indicator: str, current: float, start: float | None = None) -> tuple[float, float]:
    """The values a facilitator may set an indicator to. Resilience is a 0-100 scale;
    prosperity an index (100 = as the game started) whose effect on the score stops at 200;
    budget and political capital cannot go negative, nor above twice what the team started
    with (or has now, if more): an override corrects a result, it does not rewrite the game."""
    if indicator == "resilience":
        return 0.0, 100.0
    if indicator == "prosperity":
        return 0.0, 200.0
    return 0.0, round(2.0 * max(current, start or 0.0, 1.0), 1)


class OverrideDialog(Dialog):
    """Override one outcome of this round's adjudication, with the reason for the record.
    The value must lie in the indicator's range, and the change is confirmed before it is
    made (the dialog shows from what to what, then Enter or Override again confirms)."""

    BINDINGS: ClassVar[list[Binding]] = [Binding("escape", "cancel", "Cancel", id="override.cancel")]

    def __init__(self, indicators: dict[str, dict[str, float]], team: str | None = None,
                 starts: dict[str, dict[str, float]] | None = None) -> None:
        super().__init__()
        self.indicators = indicators
        self.team = team or next(iter(indicators))  # indicators are keyed by team, in order
        self.starts = starts or {}
        self.pending: tuple | None = None  # what the next Override press confirms

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Override an outcome", classes="dialog-title")
            with Horizontal(classes="form-row"):
                yield Label("Team", classes="form-label")
                yield Select([(t, t) for t in self.indicators], value=self.team, allow_blank=False,
                             compact=True, id="ov-team")
            with Horizontal(classes="form-row"):
                yield Label("What", classes="form-label")
                yield Select([(indicator_title(i), i) for i in INDICATORS_OVERRIDABLE],
                             value=INDICATORS_OVERRIDABLE[0], allow_blank=False, compact=True,
                             id="ov-indicator")
            with Horizontal(classes="form-row"):
                yield Label("New value", classes="form-label")
                yield Input(id="ov-value", type="number", compact=True)
            yield Static("", id="ov-range", classes="dialog-hint")
            with Horizontal(classes="form-row"):
                yield Label("Reason", classes="form-label")
                yield Input(id="ov-reason", placeholder="why (recorded in the log)", compact=True)
            yield Static("", id="ov-error")
            with Horizontal(classes="form-row"):
                yield Button("Override", variant="warning", id="ov-ok", compact=True)
                yield Button("Cancel", id="ov-cancel", compact=True)

    def on_mount(self) -> None:
        self.fill_value()
        self.query_one("#ov-value", Input).focus()

    def chosen(self) -> tuple[str, str, float, tuple[float, float]]:
        team = self.query_one("#ov-team", Select).value
        ind = self.query_one("#ov-indicator", Select).value
        current = self.indicators.get(team, {}).get(ind, 0.0)
        return team, ind, current, override_range(ind, current, self.starts.get(team, {}).get(ind))

    def fill_value(self) -> None:
        team, ind, current, (lo, hi) = self.chosen()
        self.query_one("#ov-value", Input).value = f"{current:.1f}"
        self.query_one("#ov-range", Static).update(
            f"[dim]{indicator_title(ind)} of {team}: now {current:.1f}; from {lo:g} to {hi:g}[/dim]")
        self.unconfirm()

    def unconfirm(self) -> None:
        self.pending = None
        self.query_one("#ov-ok", Button).label = "Override"

    def on_select_changed(self, event: Select.Changed) -> None:
        self.fill_value()

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.pending is not None:
            self.unconfirm()
            self.query_one("#ov-error", Static).update("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "ov-value" and self.pending is None:
            self.query_one("#ov-reason", Input).focus()
        else:
            self.submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ov-ok":
            self.submit()
        else:
            self.dismiss(None)

    def submit(self) -> None:
        """First press: check and ask for confirmation; second press: done."""
        if self.pending is not None:
            self.dismiss(self.pending)
            return
        err = self.query_one("#ov-error", Static)
        team, ind, current, (lo, hi) = self.chosen()
        try:
            value = float(self.query_one("#ov-value", Input).value)
        except ValueError:
            err.update("[red]The new value must be a number.[/]")
            return
        if not lo <= value <= hi:
            err.update(f"[red]{indicator_title(ind)} goes from {lo:g} to {hi:g}; "
                       f"{value:g} is out of range.[/]")
            self.query_one("#ov-value", Input).focus()
            return
        reason = self.query_one("#ov-reason", Input).value.strip()
        if not reason:
            err.update("[red]An override needs a reason: it goes into the log and the report.[/]")
            self.query_one("#ov-reason", Input).focus()
            return
        self.pending = (team, ind, value, reason)
        err.update(f"[b yellow]Set {team}'s {indicator_title(ind).lower()} from {current:.1f} "
                   f"to {value:.1f}?[/] The score follows. Press Override again (or Enter) to "
                   "confirm, escape to cancel.")
        self.query_one("#ov-ok", Button).label = "Confirm"
        self.query_one("#ov-ok", Button).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(Dialog):
    """Yes or no, for what cannot be taken back lightly."""

    BINDINGS: ClassVar[list[Binding]] = [
        Binding("escape,n", "answer(False)", "No", id="confirm.no"),
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small-dialog"):
            yield Static(self.question)
            yield Static("[dim]y yes · n or escape no[/dim]")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


WRITTEN_KINDS = (
    ("Capacity loss (actors lose a share of capacity)", "capacity"),
    ("Trade cut (actors' exports cut to everyone)", "trade"),
    ("Demand change (actors' demand moves)", "demand"),
    ("Price rise (stage output costs more)", "price"),
)


class InjectDialog(Dialog):
    """The white cell: a shock from the deck, or one written on the spot."""

    BINDINGS: ClassVar[list[Binding]] = [Binding("escape", "cancel", "Cancel", id="inject.cancel")]

    def __init__(self, scenario, state) -> None:
        super().__init__()
        self.scenario = scenario
        self.state = state

    def compose(self) -> ComposeResult:
        scn = self.scenario
        sector = scn.sectors[0]
        with VerticalScroll(classes="dialog", id="inject-box"):
            yield Label("Inject a shock now: pick one from the deck (Enter)", classes="dialog-title")
            yield OptionList(*[Option(f"{esc(s.title)}  [dim]{s.category} · severity {s.severity:g}"
                                      f"{' · aimed at a team' if needs_target(s) else ''}[/dim]",
                                      id=sid) for sid, s in relevant_shocks(scn)],
                             id="inject-deck")
            with Horizontal(classes="form-row"):
                yield Label("Aimed at", classes="form-label")
                yield Select([(t, t) for t in scn.world.teams], prompt="the team a retaliation answers",
                             compact=True, id="inject-target")
            yield Static("", id="inject-error")
            yield Label("...or write one on the spot", classes="dialog-title")
            with Horizontal(classes="form-row"):
                yield Label("Title", classes="form-label")
                yield Input(placeholder="e.g. Port strike in Busan", id="w-title", compact=True)
            with Horizontal(classes="form-row"):
                yield Label("Kind", classes="form-label")
                yield Select(WRITTEN_KINDS, value="capacity", allow_blank=False, compact=True, id="w-kind")
            with Horizontal(classes="form-row"):
                yield Label("Sector", classes="form-label")
                yield Select([(s, s) for s in scn.sectors], value=sector, allow_blank=False,
                             compact=True, id="w-sector")
                yield Label("Stage", classes="form-label")
                yield Select([("every stage", "*")] + [(s, s) for s in scn.world.sectors[sector].stage_names],
                             value="*", allow_blank=False, compact=True, id="w-stage")
            with Horizontal(classes="form-row"):
                yield Label("Actors", classes="form-label")
                yield Input(placeholder="e.g. TWN, KOR", id="w-actors", compact=True)
            with Horizontal(classes="form-row"):
                yield Label("Severity", classes="form-label")
                yield Input("0.3", id="w-severity", type="number", compact=True)
                yield Label("Rounds", classes="form-label")
                yield Input("1", id="w-duration", type="integer", compact=True)
            with Horizontal(classes="form-row"):
                yield Label("Flavour", classes="form-label")
                yield Input(placeholder="what the room hears (optional)", id="w-flavour", compact=True)
            yield Static("", id="w-error")
            with Horizontal(classes="form-row"):
                yield Button("Inject written shock", variant="warning", id="w-ok", compact=True)
                yield Button("Cancel", id="w-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#inject-deck", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        shock = self.scenario.shocks[event.option.id]
        if not needs_target(shock):
            self.dismiss({"shock_id": event.option.id})
            return
        target = self.query_one("#inject-target", Select).value
        if target not in self.scenario.teams:
            self.query_one("#inject-error", Static).update(
                f"[red]{esc(shock.title)} answers a team: choose it under 'Aimed at' first.[/]")
            self.query_one("#inject-target", Select).focus()
            return
        self.dismiss({"shock": aimed_shock(self.scenario, self.state, shock, target)})

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "w-ok":
            self.submit()
        else:
            self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.submit()

    def submit(self) -> None:
        err = self.query_one("#w-error", Static)
        try:
            shock = written_shock(
                self.scenario, self.state,
                title=self.query_one("#w-title", Input).value,
                kind=self.query_one("#w-kind", Select).value,
                sector=self.query_one("#w-sector", Select).value,
                stage=self.query_one("#w-stage", Select).value,
                actors=self.query_one("#w-actors", Input).value,
                severity=self.query_one("#w-severity", Input).value,
                duration=self.query_one("#w-duration", Input).value,
                flavour=self.query_one("#w-flavour", Input).value,
            )
        except ValueError as exc:
            err.update(f"[red]{esc(str(exc))}[/]")
            return
        self.dismiss({"shock": shock})

    def action_cancel(self) -> None:
        self.dismiss(None)


TARGET = "target"
_ACTOR_FIELDS = ("actors", "exporters", "importers", "away_from", "towards", "counterparts")


def needs_target(shock: Shock) -> bool:
    """A retaliation shock names the team it answers as 'target' in its effects."""
    return any(TARGET in getattr(e, f, ()) for e in shock.effects for f in _ACTOR_FIELDS)


def aimed_shock(scn, state, shock: Shock, team: str) -> Shock:
    """A copy of `shock` with 'target' replaced by `team`, injected as the facilitator's own
    shock: an injected deck shock has no one to aim at, so without this 'target' hit nobody."""
    effects = tuple(
        replace(e, **{f: tuple(team if a == TARGET else a for a in getattr(e, f))
                      for f in _ACTOR_FIELDS if TARGET in getattr(e, f)})
        for e in shock.effects)
    base = f"{shock.id}_on_{team.lower()}"
    sid, n = base, 2
    while sid in scn.shocks or sid in state.custom_shocks:
        sid, n = f"{base}_{n}", n + 1
    return replace(shock, id=sid, title=f"{shock.title} (against {scn.world.actor_name(team)})",
                   effects=effects)


def relevant_shocks(scn) -> list[tuple[str, Shock]]:
    """Deck shocks that touch this scenario's sectors (or every sector), by title."""
    out = [(sid, s) for sid, s in scn.shocks.items()
           if all(e.sector is None or e.sector in scn.sectors for e in s.effects)]
    return sorted(out, key=lambda x: x[1].title)


def written_shock(scn, state, title: str, kind: str, sector: str, stage: str, actors: str,
                  severity: str, duration: str, flavour: str = "") -> Shock:
    """A `Shock` from the facilitator's form; ValueError names what is wrong."""
    title = title.strip()
    if not title:
        raise ValueError("give the shock a title")
    names = tuple(a.strip().upper() for a in actors.replace(";", ",").split(",") if a.strip())
    actors = scn.world.actor_ids
    unknown = [a for a in names if a not in actors]
    if unknown:
        raise ValueError(f"unknown actor(s) {', '.join(unknown)}; actors are {', '.join(actors)}")
    if kind in ("capacity", "trade", "demand") and not names:
        raise ValueError("name at least one actor (e.g. TWN)")
    try:
        sev = float(severity)
    except ValueError:
        raise ValueError("severity must be a number between 0 and 1") from None
    if not 0 < sev <= 1:
        raise ValueError("severity must be between 0 and 1")
    try:
        dur = int(duration)
    except ValueError:
        raise ValueError("rounds must be a whole number") from None
    if dur < 1:
        raise ValueError("a shock lasts at least one round")
    st = None if stage in ("*", None) else stage
    if kind == "capacity":
        effect = Effect("capacity", actors=names, sector=sector, stage=st, change=-sev)
    elif kind == "trade":
        effect = Effect("trade", actors=(), exporters=names, importers=("all",), sector=sector,
                        stage=st, change=sev)
    elif kind == "demand":
        effect = Effect("demand", actors=names, sector=sector, change=sev)
    elif kind == "price":
        effect = Effect("price", actors=(), sector=sector, stage=st, change=sev)
    else:
        raise ValueError(f"unknown kind {kind}")
    base = "custom_" + "".join(c if c.isalnum() else "_" for c in title.lower()).strip("_")[:40]
    sid, n = base, 2
    while sid in scn.shocks or sid in state.custom_shocks:
        sid, n = f"{base}_{n}", n + 1
    return Shock(id=sid, title=title, category="facilitator", severity=sev, duration=dur,
                 effects=(effect,), flavour=flavour.strip(), source="written by the facilitator")
