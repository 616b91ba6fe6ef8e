"""The game: one screen whose main view follows the round's phase.

briefing -> shocks -> decisions (hand, selection, budget, refusals in place) -> debrief
(scoreboard with causes and trends) -> ... -> game over (ranking, report). `s` shows the
supply chain and `b` the scoreboard at any time. Facilitator controls are bindings here and
in the command palette; each goes through the session, so each is in the game's log.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import ContentSwitcher, DataTable, Digits, Label, OptionList, Static

from ...core.rules import IllegalAction, card_refusal, commit_refusal
from ...core.scoring import ranking
from ...core.state import Phase
from ...core.world import TEAMS
from ..text import card_text, esc, num
from ..widgets.hand import HandList
from ..widgets.keybar import KeyBar
from ..widgets.network import network_view
from ..widgets.scoreboard import Scoreboard, team_detail
from . import views


class GameScreen(Screen):
    CSS_PATH = "play.tcss"
    BINDINGS: ClassVar[list[Binding]] = [
        Binding("n", "advance", "Continue", id="game.advance",
                tooltip="Move the round on to its next phase"),
        Binding("space", "toggle_card", "Select", id="game.toggle",
                tooltip="Select or unselect the highlighted card"),
        Binding("c", "commit", "Commit", id="game.commit",
                tooltip="Commit this team's selection (nothing selected: pass)"),
        Binding("right_square_bracket", "next_team", "Next team", id="game.next_team",
                key_display="]", tooltip="Enter the plays of the next team"),
        Binding("left_square_bracket", "prev_team", "Previous team", id="game.prev_team",
                key_display="[", show=False, tooltip="Enter the plays of the previous team"),
        Binding("s", "show_view('network')", "Supply chain", id="game.network",
                tooltip="Heat map of capacity and shortfall by sector, stage and actor"),
        Binding("b", "show_view('debrief')", "Scores", id="game.scores",
                tooltip="The scoreboard: every indicator, its delta, causes and trend"),
        Binding("i", "inject", "Inject", id="game.inject",
                tooltip="Facilitator: inject a shock now, from the deck or written on the spot"),
        Binding("u", "undo", "Undo", id="game.undo", tooltip="Facilitator: undo the last decision"),
        Binding("o", "override", "Override", id="game.override",
                tooltip="Facilitator: override an outcome of this round, with a reason"),
        Binding("p", "pause", "Pause", id="game.pause", tooltip="Facilitator: pause the game"),
        Binding("t", "timer", "Timer", id="game.timer",
                tooltip="Facilitator: start or stop the round timer"),
        Binding("m", "note", "Note", id="game.note",
                tooltip="Facilitator: a note for this round's hot wash"),
        Binding("r", "report", "Report", id="game.report",
                tooltip="Write the after-action report (end of game)"),
        Binding("escape", "back", "Back", id="game.back", show=False,
                tooltip="Back from the supply chain or scoreboard view"),
        Binding("q", "leave", "Leave", id="game.leave", show=False,
                tooltip="Leave this game for the start screen"),
    ]

    def __init__(self, handle) -> None:
        super().__init__()
        self.handle = handle
        self.team: str | None = None
        self.selection: list[str] = []
        self.view_override: str | None = None
        self.timer_end: float | None = None
        self.timer_left: float | None = None  # while paused
        self.timer_handle = None
        self.report_message = ""

    # ------------------------------------------------------------------ layout ---------
    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Static("", id="status")
            yield Static("", id="timer")
        with ContentSwitcher(initial="view-briefing", id="views"):
            with VerticalScroll(id="view-briefing", classes="view"):
                yield Static("", id="briefing-text")
            with VerticalScroll(id="view-shock", classes="view"):
                yield Static("", id="shock-text")
            with Horizontal(id="view-decisions", classes="view"):
                with Vertical(id="hand-col"):
                    yield Static("", id="team-bar")
                    yield HandList(id="hand")
                    yield Static("", id="selection")
                    yield Static("", id="refusal")
                with VerticalScroll(id="card-col"):
                    yield Static("", id="card-detail")
                    yield Static("", id="intel")
            with Vertical(id="view-debrief", classes="view"):
                yield Static("", id="debrief-head")
                yield Static("", id="debrief-plays")
                with Horizontal(id="big-scores"):
                    for t in TEAMS:
                        with Vertical(classes="big-score"):
                            yield Label(t, classes="big-label")
                            yield Digits("0", id=f"big-{t}")
                yield Scoreboard(id="scoreboard")
                with VerticalScroll(id="causes-pane"):
                    yield Static("", id="causes")
            with VerticalScroll(id="view-network", classes="view"):
                yield Static("", id="network")
            with Vertical(id="view-over", classes="view"):
                yield Static("", id="over-head")
                yield DataTable(id="ranking", cursor_type="row", zebra_stripes=True)
                yield Static("", id="over-help")
        yield KeyBar(id="keybar")

    def on_mount(self) -> None:
        self.refresh_view()

    def on_screen_resume(self) -> None:
        self.query_one(KeyBar).show(self)

    # ------------------------------------------------------------------ drawing --------
    @property
    def scn(self):
        return self.handle.scenario

    @property
    def state(self):
        return self.handle.state

    def current_view(self) -> str:
        if self.view_override:
            return self.view_override
        p = self.state.phase
        return {Phase.BRIEFING: "briefing", Phase.SHOCK: "shock", Phase.DECISIONS: "decisions",
                Phase.ADJUDICATION: "debrief", Phase.DEBRIEF: "debrief", Phase.OVER: "over"}[p]

    def refresh_view(self) -> None:
        view = self.current_view()
        switcher = self.query_one("#views", ContentSwitcher)
        switcher.set_class(self.app.zoomed, "-zoom")
        switcher.current = f"view-{view}"
        self.draw_status()
        getattr(self, f"draw_{view}")()
        # the footer rebuilds itself on every bindings refresh: only when what is allowed changes
        key = (self.state.phase, view, self.handle.mode)
        if key != getattr(self, "_bindings_key", None):
            self._bindings_key = key
            self.query_one(KeyBar).show(self)

    def draw_status(self) -> None:
        st, scn, h = self.state, self.scn, self.handle
        phase = views.PHASE_TITLES[st.phase.value]
        mode = f"solo as {h.human}" if h.mode == "solo" else "workshop"
        saved = f"saved #{h.game_id}" if h.saved else "unsaved"
        view = {"network": " · [b]supply chain[/b] (s: back)", "debrief": " · [b]scoreboard[/b] (b: back)"}.get(
            self.view_override or "", "")
        self.query_one("#status", Static).update(
            f"Round {min(st.round, scn.rounds)}/{scn.rounds} [b reverse] {phase} [/] {mode} · "
            f"{saved} · seed {h.session.seed}{view} · [b]{esc(scn.title)}[/b]")

    def draw_briefing(self) -> None:
        self.query_one("#briefing-text", Static).update(views.briefing_text(self.handle))

    def draw_shock(self) -> None:
        self.query_one("#shock-text", Static).update(views.shocks_text(self.handle))

    def draw_network(self) -> None:
        compact = self.app.size.width < 100
        self.query_one("#network", Static).update(network_view(self.scn, self.state, compact))

    def draw_debrief(self) -> None:
        self.query_one("#debrief-head", Static).update(views.debrief_head(self.handle))
        self.query_one("#debrief-plays", Static).update(views.plays_text(self.handle))
        board = self.query_one(Scoreboard)
        board.show(self.state)
        rnd = len(self.state.history)
        if self.handle.mode == "solo" and getattr(self, "_debrief_round", None) != rnd:
            self._debrief_round = rnd  # a solo player reads their own team's causes first
            order = ranking(self.state.indicators)
            if self.handle.human in order:
                board.move_cursor(row=order.index(self.handle.human))
        for t in TEAMS:
            self.query_one(f"#big-{t}", Digits).update(f"{self.state.indicators[t]['score']:.0f}")
        self.draw_causes()
        if (self.view_override is None or self.view_override == "debrief") and not board.has_focus:
            board.focus()

    def draw_causes(self) -> None:
        team = self.query_one(Scoreboard).team_at_cursor()
        self.query_one("#causes", Static).update(team_detail(self.state, team))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "scoreboard":
            self.draw_causes()

    def draw_over(self) -> None:
        ind = self.state.indicators
        order = ranking(ind)
        self.query_one("#over-head", Static).update(
            f"[b]Game over after {len(self.state.history)} rounds. Final ranking:[/b]  "
            f"winner [b reverse] {order[0]} [/]")
        table = self.query_one("#ranking", DataTable)
        table.clear(columns=True)
        for col in ("Rank", "Team", "Score", "Resilience", "Prosperity", "Budget"):
            table.add_column(col)
        for i, t in enumerate(order):
            table.add_row(str(i + 1), t, num(ind[t]["score"]), num(ind[t]["resilience"]),
                          num(ind[t]["prosperity"]), num(ind[t]["budget"]))
        if not table.has_focus:
            table.focus()
        help_ = ("Press [b]r[/b] to write the after-action report · [b]b[/b] last scoreboard · "
                 "[b]s[/b] supply chain · [b]q[/b] back to the start screen")
        if self.report_message:
            help_ = self.report_message + "\n" + help_
        self.query_one("#over-help", Static).update(help_)

    # ---- decisions ----
    def draw_decisions(self) -> None:
        h, st, scn = self.handle, self.state, self.scn
        humans = h.human_teams()
        waiting = [t for t in h.waiting() if t in humans]
        if self.team not in humans or (self.team not in waiting and waiting
                                       and st.teams[self.team].commit is not None):
            self.team = waiting[0] if waiting else humans[0]
            self.selection = []
        team = self.team
        committed = st.teams[team].commit
        marks = []
        for t in TEAMS:
            done = st.teams[t].commit is not None
            who = "" if t in humans else f" ({h.controller(t)})"
            style = "b reverse" if t == team else ("green" if done else "")
            mark = ("▶" if t == team else "") + ("✓" if done else "…")
            marks.append(f"[{style}]{mark}{t}{who}[/]" if style else f"{mark}{t}{who}")
        self.query_one("#team-bar", Static).update(" ".join(marks))
        self.query_one(HandList).show_hand(scn, st, team, self.selection, committed)
        self.draw_selection()
        if not self.query_one("#refusal", Static).has_class("keep"):
            self.query_one("#refusal", Static).update("")
        self.query_one("#refusal", Static).remove_class("keep")
        self.draw_card()
        self.query_one("#intel", Static).update("\n" + views.intelligence(h, team))
        hand = self.query_one(HandList)
        if not hand.has_focus:
            hand.focus()

    def draw_selection(self) -> None:
        st, scn, team = self.state, self.scn, self.team
        ts = st.teams[team]
        committed = ts.commit
        if committed is not None:
            titles = [scn.cards[c].title for c in committed]
            text = (f"[green]{team} committed:[/] {esc(', '.join(titles)) if titles else 'a pass'}")
            waiting = self.handle.waiting()
            text += ("\n[b]Every team has committed: press n to adjudicate.[/b]" if not waiting
                     else f"\nWaiting for {', '.join(waiting)} ( ] switches team).")
        else:
            cost = sum(scn.cards[c].cost for c in self.selection)
            pc = sum(scn.cards[c].political_capital for c in self.selection)
            names = ", ".join(scn.cards[c].title for c in self.selection) or "nothing (commit = pass)"
            text = (f"Selected {len(self.selection)}/{scn.max_plays_per_round}: {esc(names)}\n"
                    f"Budget left [b]{num(ts.budget - cost)}[/b] of {num(ts.budget)} · "
                    f"political capital [b]{num(ts.political_capital - pc)}[/b] of "
                    f"{num(ts.political_capital)}\n[dim]space select · c commit[/dim]")
        self.query_one("#selection", Static).update(text)

    def draw_card(self) -> None:
        hand = self.query_one(HandList)
        opt = hand.highlighted_option
        if opt is None:
            self.query_one("#card-detail", Static).update("")
            return
        card = self.scn.cards[opt.id]
        played = self.state.teams[self.team].played.get(card.id, 0)
        text = card_text(card, played, self.team)
        if self.state.teams[self.team].commit is None and opt.id not in self.selection:
            why = card_refusal(self.scn, self.state, self.team, opt.id)
            if why:
                text = f"[red]Not playable now: {esc(why)}[/]\n\n" + text
        self.query_one("#card-detail", Static).update(text)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "hand":
            self.draw_card()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "hand":
            self.action_toggle_card()

    def refuse(self, why: str) -> None:
        box = self.query_one("#refusal", Static)
        box.update(f"[b red]✗ Refused:[/] {esc(why)}")
        box.add_class("keep")
        self.app.bell()

    # ------------------------------------------------------------------ bindings -------
    def check_action(self, action: str, parameters: tuple) -> bool | None:
        p = self.state.phase
        decisions = p is Phase.DECISIONS and self.current_view() == "decisions"
        if action in ("toggle_card", "commit", "next_team", "prev_team"):
            if not decisions:
                return False
            if action in ("next_team", "prev_team"):
                return self.handle.mode == "workshop"
            return True
        if action == "override":
            return p is Phase.DEBRIEF
        if action == "report":
            return p is Phase.OVER
        if action == "inject":
            return p in (Phase.BRIEFING, Phase.SHOCK, Phase.DECISIONS)
        if action == "advance":
            return p is not Phase.OVER
        if action == "leave":
            return True
        return True

    def action_advance(self) -> None:
        if self.view_override:
            self.view_override = None
        try:
            self.handle.advance()
        except IllegalAction as exc:
            if self.state.phase is Phase.DECISIONS:
                self.refresh_view()
                self.refuse(str(exc))
            else:
                self.notify(str(exc), severity="warning")
            return
        self.selection = []
        self.team = None
        self.refresh_view()

    def action_toggle_card(self) -> None:
        if self.state.phase is not Phase.DECISIONS or self.team is None:
            return
        hand = self.query_one(HandList)
        opt = hand.highlighted_option
        if opt is None:
            return
        if self.state.teams[self.team].commit is not None:
            self.refuse(f"{self.team} has already committed this round (u undoes it)")
            return
        cid = opt.id
        box = self.query_one("#refusal", Static)
        if cid in self.selection:
            self.selection.remove(cid)
        else:
            why = (card_refusal(self.scn, self.state, self.team, cid)
                   or commit_refusal(self.scn, self.state, self.team, tuple(self.selection + [cid])))
            if why:
                self.refuse(why)
                return
            self.selection.append(cid)
        box.update("")
        hand.refresh_card(self.scn, self.state, self.team, cid, self.selection)
        self.draw_selection()
        self.draw_card()

    def action_commit(self) -> None:
        if self.state.phase is not Phase.DECISIONS or self.team is None:
            return
        try:
            self.handle.commit(self.team, self.selection)
        except IllegalAction as exc:
            self.refuse(str(exc))
            return
        self.selection = []
        self.refresh_view()

    def _cycle_team(self, step: int) -> None:
        order = list(TEAMS)
        i = order.index(self.team) if self.team in order else 0
        self.team = order[(i + step) % len(order)]
        self.selection = []
        self.draw_decisions()

    def action_next_team(self) -> None:
        self._cycle_team(1)

    def action_prev_team(self) -> None:
        self._cycle_team(-1)

    def action_show_view(self, view: str) -> None:
        self.view_override = None if self.view_override == view or self.current_view() == view and \
            self.view_override is None else view
        if view == "debrief" and not self.state.history:
            self.view_override = None
            self.notify("No round has been adjudicated yet.")
        self.refresh_view()

    def action_back(self) -> None:
        if self.view_override:
            self.view_override = None
            self.refresh_view()

    def action_leave(self) -> None:
        if not self.handle.over and not self.handle.saved:
            self.notify("This game is not saved: press ctrl+q to quit anyway.", severity="warning")
            return
        self.stop_timer()
        self.app.pop_screen()

    # ---- facilitator ----
    def action_undo(self) -> None:
        undone = self.handle.undo()
        if undone is None:
            self.notify("Nothing to undo.")
            return
        what = type(undone).__name__.lower()
        team = getattr(undone, "team", None)
        self.notify(f"Undone: {what}{' by ' + team if team else ''}")
        self.selection = []
        if team:
            self.team = team
            if self.state.phase is Phase.DECISIONS and team in self.handle.human_teams():
                self.selection = list(getattr(undone, "cards", ()) or ())
        self.view_override = None
        self.refresh_view()

    def action_inject(self) -> None:
        from .dialogs import InjectDialog

        def done(result) -> None:
            if not result:
                return
            try:
                self.handle.inject(**result)
            except IllegalAction as exc:
                self.notify(f"Not injected: {exc}", severity="error")
                return
            sid = result.get("shock_id") or result["shock"].id
            self.notify(f"Shock injected for round {self.state.round}: {sid}")
            self.refresh_view()

        self.app.push_screen(InjectDialog(self.scn, self.state), done)

    def action_override(self) -> None:
        from .dialogs import OverrideDialog

        def done(result) -> None:
            if not result:
                return
            try:
                self.handle.override(*result)
            except IllegalAction as exc:
                self.notify(f"Not overridden: {exc}", severity="error")
                return
            self.notify(f"Override recorded: {result[0]} {result[1]} = {result[2]:g}")
            self.refresh_view()

        team = self.query_one(Scoreboard).team_at_cursor()
        self.app.push_screen(OverrideDialog(self.state.indicators, team), done)

    def action_note(self) -> None:
        from .dialogs import TextDialog

        def done(text) -> None:
            if text:
                self.handle.note(text, kind="note")
                self.notify(f"Note saved for round {self.state.round}")
                self.refresh_view()

        self.app.push_screen(TextDialog(f"A note for round {self.state.round} (the hot wash)",
                                        "what happened, what to discuss"), done)

    def action_pause(self) -> None:
        from .dialogs import PauseScreen

        self.handle.note("paused", kind="pause")
        if self.timer_end is not None:
            self.timer_left = max(0.0, self.timer_end - time.monotonic())
            self.timer_end = None

        def resumed(_) -> None:
            self.handle.note("resumed", kind="resume")
            if self.timer_left is not None:
                self.timer_end = time.monotonic() + self.timer_left
                self.timer_left = None
            self.refresh_view()

        self.app.push_screen(PauseScreen(), resumed)

    def action_timer(self) -> None:
        from .dialogs import TextDialog

        def done(text) -> None:
            if text is None:
                return
            try:
                minutes = float(text)
            except ValueError:
                self.notify("The timer needs a number of minutes.", severity="error")
                return
            if minutes <= 0:
                self.stop_timer()
                self.handle.note("timer stopped", kind="timer")
                return
            self.handle.note(f"round timer {minutes:g} min", kind="timer")
            self.timer_end = time.monotonic() + minutes * 60
            self.timer_left = None
            if self.timer_handle is None:
                self.timer_handle = self.set_interval(1.0, self.tick)
            self.tick()

        running = self.timer_end is not None
        self.app.push_screen(TextDialog("Round timer: minutes (0 stops it)", "10",
                                        "0" if running else "10", kind="number"), done)

    def stop_timer(self) -> None:
        self.timer_end = self.timer_left = None
        if self.timer_handle is not None:
            self.timer_handle.stop()
            self.timer_handle = None
        self.query_one("#timer", Static).update("")

    def tick(self) -> None:
        box = self.query_one("#timer", Static)
        if self.timer_end is None:
            if self.timer_left is not None:
                m, s = divmod(int(self.timer_left), 60)
                box.update(f"⏸ {m:02d}:{s:02d}")
            return
        left = self.timer_end - time.monotonic()
        if left <= 0:
            box.update("[b white on red] TIME [/]")
            self.timer_end = None
            if self.timer_handle is not None:
                self.timer_handle.stop()
                self.timer_handle = None
            self.app.bell()
            self.notify("Time is up for this round.", severity="warning", timeout=10)
            return
        m, s = divmod(int(left + 0.999), 60)
        style = "b red" if left < 60 else "b"
        box.update(f"[{style}]⏱ {m:02d}:{s:02d}[/]")

    def action_report(self) -> None:
        if not self.handle.over:
            self.notify("The report is written at the end of the game.")
            return
        self.report_message = write_report(self.handle)
        self.refresh_view()


def write_report(handle, directory: str | Path = ".") -> str:
    """Write the after-action report (markdown and html) next to where the app runs."""
    try:
        from ...report import render_report
    except ImportError:
        return ("[yellow]The after-action report is not available in this build yet "
                "(game.report is missing). The game's log is kept; nothing is lost.[/]")
    from ...core.world import TEAMS as _TEAMS

    meta = {"mode": handle.mode, "teams": {t: handle.controller(t) for t in _TEAMS}}
    if handle.game_id:
        meta["game_id"] = handle.game_id
    stem = f"chokepoint-{handle.scenario.id}-seed{handle.session.seed}"
    if handle.game_id:
        stem += f"-{handle.game_id}"
    written = []
    try:
        for fmt in ("md", "html"):
            out = render_report(handle.session, fmt=fmt, meta=meta)
            path = Path(directory) / f"{stem}.{fmt}"
            if isinstance(out, bytes):
                path.write_bytes(out)
            else:
                path.write_text(out, encoding="utf-8")
            written.append(str(path.resolve()))
    except Exception as exc:  # noqa: BLE001 - whatever the report does, the game stays up
        done = f" (written: {', '.join(written)})" if written else ""
        return f"[red]The report could not be written: {esc(str(exc))}{done}[/]"
    return "[green]Report written:[/] " + esc(" and ".join(written))
