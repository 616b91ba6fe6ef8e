"""The facilitator's controls on the game screen: undo, inject, override, notes, pause, the
round timer and the report. A mixin of `GameScreen`, kept apart so the screen itself is about
who sees what and the decisions; every control goes through the game handle, so each one is
in the game's log (the timer is kept in the save beside it).
"""

from __future__ import annotations

from ...core.flow import Advance, Commit, InjectShock, Note, Override, Withdraw
from ...core.rules import IllegalAction, shock_by_id
from ...core.state import Phase
from ...wording import possessive, team_name
from ..reports import ReportJob
from ..text import esc
from ..widgets.scoreboard import Scoreboard
from ..widgets.timer import Clock

NEXT_PHASE = {Phase.BRIEFING: "the shocks", Phase.SHOCK: "decisions",
              Phase.DECISIONS: "the debrief"}


def undone_text(scn, state, action) -> str:
    """What an undo took back, in words ('the advance to the debrief', "Korea's commit");
    `state` is the game after the undo."""
    if isinstance(action, Advance):
        if state.phase is Phase.DEBRIEF:
            return ("the end of the game" if state.round >= scn.rounds
                    else f"the advance to round {state.round + 1}")
        return f"the advance to {NEXT_PHASE.get(state.phase, 'the next phase')}"
    if isinstance(action, Commit):
        return f"{possessive(team_name(scn, action.team))} commit"
    if isinstance(action, Withdraw):
        return f"the withdrawal of {possessive(team_name(scn, action.team))} commit"
    if isinstance(action, InjectShock):
        title = action.shock.title if action.shock else shock_by_id(scn, state, action.shock_id).title \
            if action.shock_id in scn.shocks else action.shock_id
        return f"the injected shock {title}"
    if isinstance(action, Override):
        return f"the override of {possessive(team_name(scn, action.team))} {action.indicator.replace('_', ' ')}"
    if isinstance(action, Note):
        return f"the {action.kind} '{action.text}'"
    return "the last action"


class FacilitatorControls:
    """Actions only the facilitator's screen has (`GameScreen.role_allows` says who)."""

    def action_undo(self) -> None:
        try:
            undone = self.handle.undo()
        except IllegalAction as exc:
            self.notify(str(exc), severity="warning")
            self.refresh_view()
            return
        if undone is None:
            self.notify("Nothing to undo.")
            return
        self.notify(f"Undone: {undone_text(self.scn, self.state, undone)}")
        self.selection = []
        team = getattr(undone, "team", None)
        if team and self.state.phase is Phase.DECISIONS:
            self.team = team
            if self.shared:
                self.revealed = None  # whoever is at the keyboard now, the hand is covered again
            if team in self.handle.human_teams():
                self.selection = list(getattr(undone, "cards", ()) or ())
        self.view_override = None
        self.refresh_view()

    def action_inject(self) -> None:
        from .dialogs import InjectDialog

        def done(result) -> None:
            if not result:
                return
            if not self.act(lambda: self.handle.inject(**result)):
                return
            title = (result["shock"].title if result.get("shock")
                     else self.scn.shocks[result["shock_id"]].title)
            self.notify(f"Shock injected for round {self.state.round}: {title}")
            self.refresh_view()

        self.app.push_screen(InjectDialog(self.scn, self.state), done)

    def action_override(self) -> None:
        from .dialogs import OverrideDialog

        def done(result) -> None:
            if not result:
                return
            if not self.act(self.handle.override, *result):
                return
            team, ind, value, _ = result
            self.notify(f"Override recorded: {possessive(team_name(self.scn, team))} {ind.replace('_', ' ')} "
                        f"set to {value:g}")
            self.refresh_view()

        team = self.query_one(Scoreboard).team_at_cursor()
        starts = {t: {"budget": self.scn.teams[t].budget,
                      "political_capital": self.scn.teams[t].political_capital} for t in self.scn.world.teams}
        self.app.push_screen(OverrideDialog(self.state.indicators, team, starts), done)

    def action_note(self) -> None:
        from .dialogs import TextDialog

        def done(text) -> None:
            if text and self.act(self.handle.note, text):
                self.notify(f"Note saved for round {self.state.round}")
                self.refresh_view()

        self.app.push_screen(TextDialog(f"A note for round {self.state.round} (the hot wash)",
                                        "what happened, what to discuss"), done)

    def action_pause(self) -> None:
        from .dialogs import PauseScreen

        self.act(self.handle.note, "paused", "pause")
        clock = self.handle.clock()
        if clock is not None:
            self.handle.set_clock(clock.pause())

        def resumed(_) -> None:
            self.act(self.handle.note, "resumed", "resume")
            clock = self.handle.clock()
            if clock is not None:
                self.handle.set_clock(clock.resume())
            self.refresh_view()

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
                self.handle.set_clock(None)
                self.act(self.handle.note, "timer stopped", "timer")
            else:
                self.handle.set_clock(Clock.start(minutes, self.state.round))
                self.act(self.handle.note, f"round timer {minutes:g} min", "timer")
            self.refresh_view()

        clock = self.handle.clock()
        value = "0" if clock is not None else "10"
        self.app.push_screen(TextDialog("Round timer: minutes for each round (0 stops it)", "10",
                                        value, kind="number"), done)

    def action_report(self) -> None:
        """Write the report in a worker thread: its robustness replays take seconds, and the
        room should not watch a frozen screen. Play goes on meanwhile (the job has a copy)."""
        try:
            job = ReportJob(self.handle, self.reports or getattr(self.app, "reports", None))
        except Exception as exc:  # noqa: BLE001 - the game stays up whatever the report does
            self._report_done(False, f"The report could not be prepared: {exc}")
            return
        self.report_message = "[dim]Writing the after-action report…[/]"
        self.notify("Writing the after-action report (replaying the decisions under other "
                    "shock draws)…", timeout=5)
        self.refresh_view()

        def work() -> None:
            ok, message = job.run()
            self.app.call_from_thread(self._report_done, ok, message)

        self.run_worker(work, thread=True, group="report", exclusive=True)

    def _report_done(self, ok: bool, message: str) -> None:
        self.report_message = f"[green]{esc(message)}[/]" if ok else f"[red]{esc(message)}[/]"
        self.notify(message, severity="information" if ok else "error", timeout=10)
        self.refresh_view()
