"""The game: one screen whose main pane follows the round's phase, for one role at the table.

briefing -> shocks -> decisions -> debrief -> ... -> game over; `s` shows the supply chain and
`b` the scoreboard at any time. The panes (`widgets/phases.py`) draw; this screen holds the
bindings, the decision in progress and the facilitator's controls, each of which goes through
the game handle and so into the game's log.

Who is looking decides what is drawn (`game.core.view`):

* the facilitator's own screen. In a workshop on one machine (hot-seat) it is also the room's
  screen, so its public panes show the projector's view, and a team's hand and intelligence
  appear only on that team's turn, behind a hand-over screen ("Pass to Japan");
* a team's seat: its own hand, commit and intelligence, everything public, no controls;
* the projector: public information only, no controls.

Several screens may share one saved game (seats, or two windows): each polls the save and
reloads when another process wrote to it, and an action that lost the race is refused.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import ContentSwitcher, DataTable, OptionList, Static

from ...core.rules import IllegalAction, card_refusal, commit_refusal
from ...core.state import Phase
from ...core.view import FACILITATOR_ROLE, PROJECTOR_ROLE, Role, View, team_role
from ...wording import possessive, team_name
from ..text import esc
from ..widgets.hand import HandList
from ..widgets.keybar import KeyBar
from ..widgets.phases import (
    BriefingPane,
    DebriefPane,
    DecisionsPane,
    NetworkPane,
    OverPane,
    ShockPane,
)
from ..widgets.timer import RoundTimer
from . import views
from .controls import FacilitatorControls

#: what a team's seat may do; the projector may only look
TEAM_ACTIONS = frozenset({"toggle_card", "commit", "withdraw", "answer", "show_view", "back",
                          "leave"})
LOOK_ACTIONS = frozenset({"show_view", "back", "leave"})

POLL_SECONDS = 0.5  # how often a screen on a saved game looks for other seats' writes
CHECK_IN_POLLS = 4  # a seat says it is still there every 4 polls (2 s; it is lost after 6 s)


class GameScreen(FacilitatorControls, Screen):
    CSS_PATH = "play.tcss"
    BINDINGS: ClassVar[list[Binding]] = [
        Binding("n", "advance", "Continue", id="game.advance",
                tooltip="Move the round on to its next phase"),
        Binding("space", "toggle_card", "Select", id="game.toggle",
                tooltip="Select or unselect the highlighted card"),
        Binding("c", "commit", "Commit", id="game.commit",
                tooltip="Commit this team's selection (nothing selected: pass)"),
        Binding("enter", "reveal", "Show hand", id="game.reveal", show=False,
                tooltip="Show the hand of the team whose turn it is (after the hand-over)"),
        Binding("a", "answer(True)", "Accept", id="game.accept",
                tooltip="Accept the joint card a partner proposes (it joins your selection)"),
        Binding("d", "answer(False)", "Decline", id="game.decline",
                tooltip="Decline the joint card a partner proposes"),
        Binding("w", "withdraw", "Withdraw", id="game.withdraw",
                tooltip="Take back this team's commit (the other teams keep theirs)"),
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
                tooltip="Facilitator: set the round timer (restarts each round) or stop it"),
        Binding("m", "note", "Note", id="game.note",
                tooltip="Facilitator: a note for this round's hot wash"),
        Binding("r", "report", "Report", id="game.report",
                tooltip="Write the after-action report of the game so far"),
        Binding("e", "improvement_plan", "Plan", id="game.plan", show=False,
                tooltip="Facilitator: who acts on each recommendation, and by when"),
        Binding("g", "participants", "People", id="game.people", show=False,
                tooltip="Facilitator: who took part (name, organisation, team)"),
        Binding("escape", "back", "Back", id="game.back", show=False,
                tooltip="Back from the supply chain or scoreboard view"),
        Binding("q", "leave", "Leave", id="game.leave", show=False,
                tooltip="Leave this game for the start screen"),
    ]

    def __init__(self, handle, role: Role = FACILITATOR_ROLE, shared: bool | None = None,
                 reports: str | None = None) -> None:
        super().__init__()
        self.handle = handle
        self.role = role
        #: the facilitator's screen is the room's screen too (hot-seat), unless seats are used
        self.shared = (role.is_facilitator and handle.mode == "workshop") if shared is None else shared
        self.reports = reports
        self.team: str | None = role.team if role.kind == "team" else None
        self.revealed: str | None = None  # the team shown after the hand-over (shared screen)
        self.selection: list[str] = []
        self.view_override: str | None = None
        self.report_message = ""
        self.seat = None  # a `store.seats.Seat` held by this screen, checked in as it polls
        self.pinned = False  # the team shown was picked by hand: stay on it until it commits

    # ------------------------------------------------------------------ layout ---------
    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Static("", id="status")
            yield RoundTimer("", id="timer")
        with ContentSwitcher(initial="view-briefing", id="views"):
            yield BriefingPane(id="view-briefing", classes="view")
            yield ShockPane(id="view-shock", classes="view")
            yield DecisionsPane(id="view-decisions", classes="view")
            yield DebriefPane(self.handle.scenario.world.teams, id="view-debrief", classes="view")
            yield NetworkPane(id="view-network", classes="view")
            yield OverPane(id="view-over", classes="view")
        yield KeyBar(id="keybar")

    def on_mount(self) -> None:
        self.refresh_view()
        if self.handle.saved:
            self.set_interval(POLL_SECONDS, self.poll)

    def on_screen_resume(self) -> None:
        self.query_one(KeyBar).show(self)

    # ------------------------------------------------------------------ who sees what --
    @property
    def controls(self) -> bool:
        return self.role.is_facilitator

    @property
    def scn(self):
        return self.handle.scenario

    @property
    def state(self):
        return self.handle.state

    def public_view(self) -> View:
        """What this screen shows outside a team's turn: the projector's view on a screen
        the room sees, else this role's own."""
        role = PROJECTOR_ROLE if self.shared or self.role.kind == "projector" else self.role
        if self.handle.mode == "solo" and self.role.is_facilitator:
            role = team_role(self.handle.human)  # solo: the player's own screen
        return self.handle.view(role)

    def team_view(self) -> View:
        return self.handle.view(team_role(self.team))

    def solo_team(self) -> str | None:
        return self.handle.human if self.handle.mode == "solo" else None

    def covered(self) -> bool:
        """On a shared screen, a team's hand stays covered until the hand-over is confirmed."""
        return (self.shared and self.team is not None and self.revealed != self.team
                and self.state.phase is Phase.DECISIONS)

    # ------------------------------------------------------------------ drawing --------
    def current_view(self) -> str:
        if self.view_override:
            return self.view_override
        return {Phase.BRIEFING: "briefing", Phase.SHOCK: "shock", Phase.DECISIONS: "decisions",
                Phase.ADJUDICATION: "debrief", Phase.DEBRIEF: "debrief",
                Phase.OVER: "over"}[self.state.phase]

    def pick_team(self) -> None:
        """Whose decisions are shown: a seat's own team; in solo the player; otherwise the
        team chosen, or else the first still to commit."""
        if self.role.kind == "team":
            self.team = self.role.team
            return
        if self.role.kind == "projector" or self.state.phase is not Phase.DECISIONS:
            return
        humans = self.handle.human_teams()
        waiting = [t for t in self.handle.waiting() if t in humans]
        if self.pinned and self.team in humans:
            return  # the facilitator chose this team with ] or [
        if self.team not in humans or (self.team not in waiting and waiting
                                       and self.state.teams[self.team].commit is not None):
            self.team = waiting[0] if waiting else humans[0]
            self.selection = []

    def refresh_view(self) -> None:
        view = self.current_view()
        switcher = self.query_one("#views", ContentSwitcher)
        switcher.set_class(self.app.zoomed, "-zoom")
        switcher.current = f"view-{view}"
        at = (self.state.round, self.state.phase)
        if at != getattr(self, "_drawn_at", None):  # a new phase, here or on another seat:
            self._drawn_at = at
            self.decisions_pane().refuse(None)  # a refusal belongs to the phase it was made in
            self.pinned = False
            self.revealed = None  # and a shared screen covers the hands again
        self.pick_team()
        self.draw_status()
        self.query_one(RoundTimer).clock = self.handle.clock()
        self.query_one(f"#view-{view}").show(self)
        key = (self.state.phase, view, self.handle.mode, self.covered())
        if key != getattr(self, "_bindings_key", None):
            self._bindings_key = key
            self.refresh_bindings()
            self.query_one(KeyBar).show(self)

    def draw_status(self) -> None:
        st, scn, h = self.state, self.scn, self.handle
        phase = views.PHASE_TITLES[st.phase.value]
        if h.mode == "solo":
            who = f"solo as {team_name(self.scn, h.human)}"
        elif self.role.kind == "team":
            who = f"{possessive(team_name(self.scn, self.role.team))} seat"
        elif self.role.kind == "projector":
            who = "projector"
        else:
            who = "facilitator" if not self.shared else "workshop"
        saved = "saved" if h.saved else "unsaved"
        view = {"network": " · [b]supply chain[/b] (s: back)",
                "debrief": " · [b]scoreboard[/b] (b: back)"}.get(self.view_override or "", "")
        self.query_one("#status", Static).update(
            f"Round {min(st.round, scn.rounds)}/{scn.rounds} [b reverse] {phase} [/] {who} · "
            f"{saved}{view} · [b]{esc(scn.title)}[/b]")

    def decisions_pane(self) -> DecisionsPane:
        return self.query_one(DecisionsPane)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "scoreboard":
            self.query_one(DebriefPane).draw_causes(self)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "hand":
            self.decisions_pane().draw_card(self)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "hand":
            self.action_toggle_card()

    def refuse(self, why: str) -> None:
        self.decisions_pane().refuse(why)
        self.app.bell()

    def on_round_timer_expired(self, _: RoundTimer.Expired) -> None:
        self.app.bell()
        if self.role.kind != "projector":
            self.notify("Time is up for this round.", severity="warning", timeout=10)

    # ------------------------------------------------------------------ other seats ----
    def poll(self) -> None:
        """Reload when another seat wrote to the save; keep holding this screen's seat."""
        h = self.handle
        self._polls = getattr(self, "_polls", 0) + 1
        if self.seat is not None and h.seats is not None and self._polls % CHECK_IN_POLLS == 0:
            try:
                held = h.seats.check_in(self.seat)
            except Exception:  # noqa: BLE001 - a busy save: try again next time
                held = True
            if not held:
                self.notify("This seat was taken by someone else (or its code reissued).",
                            severity="error", timeout=10)
                self.seat = None
        if not h.changed_elsewhere():
            return
        try:
            moved = h.reload()
            clock = h.clock()
        except Exception as exc:  # noqa: BLE001 - a deleted game or a damaged save: say so
            self.notify(f"The save cannot be read: {exc}", severity="error", timeout=10)
            return
        talks = [(p.card, p.proposer, sorted(p.answers.items())) for p in h.proposals()]
        if moved:
            phase_team = (self.state.phase, self.team)
            self.pick_team()
            if (self.state.phase, self.team) != phase_team:
                self.selection = []
            self.refresh_view()
        elif talks != getattr(self, "_talks", None):  # a proposal made or answered elsewhere
            self.refresh_view()
        elif clock != self.query_one(RoundTimer).clock:
            self.query_one(RoundTimer).clock = clock
        self._talks = talks

    def act(self, fn, *args, where: str = "notify") -> bool:
        """Run one handle call; a refusal (or a lost race) is shown, never raised."""
        try:
            fn(*args)
        except IllegalAction as exc:
            self.refresh_view()
            if where == "pane" and self.state.phase is Phase.DECISIONS:
                self.refuse(str(exc))
            else:
                self.notify(str(exc), severity="warning")
            return False
        return True

    # ------------------------------------------------------------------ bindings -------
    def role_allows(self, action: str) -> bool:
        """Whether this screen's role may ever do `action` (the phase aside)."""
        if self.role.kind == "team":
            return action in TEAM_ACTIONS
        if self.role.kind == "projector":
            return action in LOOK_ACTIONS
        return True

    def action_improvement_plan(self) -> None:
        from .improvement import open_plan

        open_plan(self)

    def action_participants(self) -> None:
        from .improvement import open_participants

        open_participants(self)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if not self.role_allows(action):
            return False
        p = self.state.phase
        decisions = p is Phase.DECISIONS and self.current_view() == "decisions"
        if action == "reveal":
            return decisions and self.covered()
        if action in ("toggle_card", "commit"):
            return decisions and not self.covered() and self.team is not None
        if action == "withdraw":
            return decisions and self.team is not None
        if action == "answer":
            return decisions and not self.covered() and self.pending_proposal() is not None
        if action in ("next_team", "prev_team"):
            return decisions and self.handle.mode == "workshop"
        if action == "override":
            return p is Phase.DEBRIEF
        if action == "inject":
            return p in (Phase.BRIEFING, Phase.SHOCK, Phase.DECISIONS)
        if action == "advance":
            return p is not Phase.OVER
        return True

    def action_advance(self) -> None:
        self.view_override = None
        if not self.act(self.handle.advance, where="pane"):
            return
        self.selection = []
        self.team = self.role.team if self.role.kind == "team" else None
        self.revealed = None
        self.pinned = False
        self.refresh_view()

    def action_reveal(self) -> None:
        if self.covered():
            self.revealed = self.team
            self.refresh_view()

    def action_toggle_card(self) -> None:
        if self.state.phase is not Phase.DECISIONS or self.team is None or self.covered():
            return
        pane = self.decisions_pane()
        hand = pane.query_one(HandList)
        opt = hand.highlighted_option
        if opt is None:
            return
        if self.state.teams[self.team].commit is not None:
            self.refuse(f"{self.team} has already committed this round (w withdraws it)")
            return
        cid = opt.id
        if cid in self.selection:
            self.selection.remove(cid)
        else:
            why = (card_refusal(self.scn, self.state, self.team, cid)
                   or commit_refusal(self.scn, self.state, self.team, tuple(self.selection + [cid])))
            if why:
                self.refuse(why)
                return
            self.selection.append(cid)
        pane.refuse(None)
        hand.refresh_card(self.scn, self.state, self.team, cid, self.selection)
        pane.draw_selection(self)
        pane.draw_card(self)

    def action_commit(self) -> None:
        if self.state.phase is not Phase.DECISIONS or self.team is None or self.covered():
            return
        if not self.act(self.handle.commit, self.team, list(self.selection), where="pane"):
            return
        self.selection = []
        self.pinned = False  # on to the next team still deciding
        self.decisions_pane().refuse(None)  # a refusal from before this commit is stale now
        self.refresh_view()

    def pending_proposal(self):
        """The proposal this team is asked to answer: the highlighted card's, else the first."""
        if self.team is None or self.state.phase is not Phase.DECISIONS:
            return None
        from ..proposals import standing

        mine = [p for p in self.handle.proposals(team_role(self.team))
                if p.proposer != self.team and standing(self.state, p).get(self.team) == "waiting"]
        if not mine:
            return None
        opt = self.decisions_pane().query_one(HandList).highlighted_option
        return next((p for p in mine if opt is not None and p.card == opt.id), mine[0])

    def action_answer(self, yes: bool) -> None:
        p = self.pending_proposal()
        if p is None:
            return
        title = self.scn.cards[p.card].title
        if yes and self.state.teams[self.team].commit is None and p.card not in self.selection:
            why = commit_refusal(self.scn, self.state, self.team, tuple(self.selection + [p.card]))
            if why:
                self.refuse(f"{title} does not fit your selection: {why}")
                return
            self.selection.append(p.card)
        try:
            self.handle.answer(self.team, p.card, p.proposer, yes)
        except Exception as exc:  # noqa: BLE001 - a busy or damaged save: say so, keep going
            self.notify(f"The answer was not saved: {exc}", severity="error")
            return
        self.notify(f"{'Accepted' if yes else 'Declined'}: {p.proposer}'s {title}"
                    + (" (in your selection: commit it)" if yes else ""))
        self.refresh_view()

    def action_withdraw(self) -> None:
        if self.state.phase is not Phase.DECISIONS or self.team is None:
            return
        team = self.team
        if self.state.teams[team].commit is None:
            self.refuse(f"{team_name(self.scn, team)} has not committed yet")
            return
        before = self.state.teams[team].commit
        if not self.act(self.handle.withdraw, team, where="pane"):
            return
        self.team = team
        self.selection = list(before) if not self.shared or self.revealed == team else []
        self.decisions_pane().refuse(None)
        self.notify(f"{possessive(team_name(self.scn, team))} commit is withdrawn: {team_name(self.scn, team)} decides again.")
        self.refresh_view()

    def _cycle_team(self, step: int) -> None:
        order = list(self.scn.world.teams)
        i = order.index(self.team) if self.team in order else 0
        self.team = order[(i + step) % len(order)]
        self.pinned = True
        self.selection = []
        self.decisions_pane().refuse(None)
        self.refresh_view()

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
        if self.seat is not None and self.handle.seats is not None:
            self.handle.seats.leave(self.seat)
            self.seat = None
        if getattr(self.app, "seated", False):
            self.app.exit()  # a seat has no start screen to go back to
            return
        self.app.pop_screen()
