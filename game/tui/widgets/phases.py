"""One widget per phase of the round, each drawn from what its screen's role may see.

The game screen owns the bindings and the facilitator's actions; these widgets only lay out and
draw. Each has `show(screen)`, reading the screen's handle, role and decision state, so a pane
never decides on its own what it may print (the views in `screens/views.py` and the core's
`view` do).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Digits, Label, Static

from ...core.rules import card_refusal
from ...core.scoring import ranking
from ...core.view import team_role
from ..screens import views
from ..text import card_text, esc, num, preview_text
from .hand import HandList
from .network import network_view
from .scoreboard import Scoreboard, team_detail_renderable


class BriefingPane(VerticalScroll):
    def compose(self) -> ComposeResult:
        yield Static("", id="briefing-text")

    def show(self, screen) -> None:
        text = views.briefing_text(screen.handle, screen.public_view(), screen.solo_team())
        if screen.controls:
            text += "\n\n[dim]Press n to reveal this round's shocks.[/dim]"
        self.query_one("#briefing-text", Static).update(text)


class ShockPane(VerticalScroll):
    def compose(self) -> ComposeResult:
        yield Static("", id="shock-text")

    def show(self, screen) -> None:
        text = views.shocks_text(screen.handle, screen.public_view())
        if screen.controls:
            text += "\n[dim]Press n to open decisions.[/dim]"
        self.query_one("#shock-text", Static).update(text)


class NetworkPane(VerticalScroll):
    def compose(self) -> ComposeResult:
        yield Static("", id="network")

    def show(self, screen) -> None:
        compact = screen.app.size.width < 100
        self.query_one("#network", Static).update(  # drawn from what this screen may see
            network_view(screen.handle.scenario, screen.public_view().state, compact))


class DecisionsPane(Horizontal):
    """A team's hand, selection and card; on a shared screen, a hand-over cover first; for the
    projector, only who has committed."""

    def compose(self) -> ComposeResult:
        with Vertical(id="hand-col"):
            yield Static("", id="team-bar")
            yield Static("", id="handover")
            yield HandList(id="hand")
            yield Static("", id="selection")
            yield Static("", id="proposals")
            yield Static("", id="refusal")
        with VerticalScroll(id="card-col"):
            yield Static("", id="card-detail")
            yield Static("", id="intel")

    def show(self, screen) -> None:
        h = screen.handle
        team = screen.team
        v = screen.public_view()
        self.query_one("#team-bar", Static).update(self.team_bar(screen, v))
        covered = screen.covered()
        board_only = team is None or screen.role.kind == "projector"
        hand = self.query_one(HandList)
        cover = self.query_one("#handover", Static)
        for w in (hand, self.query_one("#selection"), self.query_one("#proposals"),
                  self.query_one("#card-col")):
            w.display = not (covered or board_only)
        cover.display = covered or board_only
        if board_only:
            board = views.commit_board(v, h.scenario.world)
            if screen.role.is_facilitator:  # the console follows the negotiations too
                board += "\n\n" + proposals_text(screen, None)
            cover.update(board)
            return
        if covered:
            name = h.scenario.world.actor_name(team)
            cover.update(f"\n[b]Pass to {esc(name)} ({team}).[/b]\n\nWhat follows is for "
                         f"{esc(name)} only: its hand and its intelligence.\n\n"
                         f"[b reverse] Enter [/] when {esc(name)} is at the keyboard.")
            return
        st, scn = h.state, h.scenario
        hand.show_hand(scn, st, team, screen.selection, st.teams[team].commit)
        self.draw_selection(screen)
        self.query_one("#proposals", Static).update(proposals_text(screen, team))
        self.draw_card(screen)
        tv = screen.team_view()
        self.query_one("#intel", Static).update("\n" + views.intelligence(scn, st, tv))
        if not hand.has_focus:
            hand.focus()

    def team_bar(self, screen, v) -> str:
        h, team = screen.handle, screen.team
        humans = h.human_teams()
        marks = []
        for t in h.scenario.world.teams:
            done = t in v.committed
            who = "" if t in humans else f" ({h.controller(t)})"
            style = "b reverse" if t == team else ("green" if done else "")
            mark = ("▶" if t == team else "") + ("✓" if done else "…")
            marks.append(f"[{style}]{mark}{t}{who}[/]" if style else f"{mark}{t}{who}")
        return " ".join(marks)

    def draw_selection(self, screen) -> None:
        h, team = screen.handle, screen.team
        st, scn = h.state, h.scenario
        ts = st.teams[team]
        if ts.commit is not None:
            titles = [scn.cards[c].title for c in ts.commit]
            text = f"[green]{team} committed:[/] {esc(', '.join(titles)) if titles else 'a pass'}"
            waiting = h.waiting()
            if not waiting:
                text += ("\n[b]Every team has committed: press n to adjudicate.[/b]"
                         if screen.controls else "\n[b]Every team has committed.[/b]")
            else:
                text += f"\nWaiting for {', '.join(waiting)}."
            if screen.role.kind == "team":
                text += "\n[dim]w withdraws your commit while others decide[/dim]"
        else:
            cost = sum(scn.cards[c].cost for c in screen.selection)
            pc = sum(scn.cards[c].political_capital for c in screen.selection)
            names = ", ".join(scn.cards[c].title for c in screen.selection) or "nothing (commit = pass)"
            text = (f"Selected {len(screen.selection)}/{scn.max_plays_per_round}: {esc(names)}\n"
                    f"Budget left [b]{num(ts.budget - cost)}[/b] of {num(ts.budget)} · "
                    f"political capital [b]{num(ts.political_capital - pc)}[/b] of "
                    f"{num(ts.political_capital)}\n[dim]space select · c commit[/dim]")
        self.query_one("#selection", Static).update(text)

    def draw_card(self, screen) -> None:
        hand = self.query_one(HandList)
        opt = hand.highlighted_option
        box = self.query_one("#card-detail", Static)
        if opt is None or screen.team is None:
            box.update("")
            return
        h, team = screen.handle, screen.team
        scn, st = h.scenario, h.state
        card = scn.cards[opt.id]
        text = card_text(card, st.teams[team].played.get(card.id, 0), team, scn)
        if st.teams[team].commit is None and opt.id not in screen.selection:
            why = card_refusal(scn, st, team, opt.id)
            if why:
                text = f"[red]Not playable now: {esc(why)}[/]\n\n" + text
            else:
                text += "\n\n" + preview_text(scn, st, team, opt.id)
        box.update(text)

    def refuse(self, why: str | None) -> None:
        """Show a refusal in place, or clear it (None)."""
        box = self.query_one("#refusal", Static)
        box.update(f"[b red]✗ Refused:[/] {esc(why)}" if why else "")


def proposals_text(screen, team: str | None) -> str:
    """The joint-card proposals `team` is party to (all of them for the console, team None)."""
    from ..proposals import standing, status_text

    h = screen.handle
    role = team_role(team) if team else screen.role
    lines = []
    for p in h.proposals(role):
        title = esc(h.scenario.cards[p.card].title)
        if team is None or p.proposer == team:
            who = "You propose" if team else f"{p.proposer} proposes"
            lines.append(f"⇄ {who} [b]{title}[/b] with {', '.join(p.partners)}: "
                         f"{status_text(h.state, p)}")
        else:
            mine = standing(h.state, p)[team]
            tail = {"waiting": "[b]a[/b] accept (adds it to your selection) · [b]d[/b] decline",
                    "accepted": "you accepted: commit it to agree",
                    "agreed": "agreed", "declined": "declined"}[mine]
            lines.append(f"⇄ {p.proposer} proposes [b]{title}[/b] with you: {tail}")
    if not lines:
        return ""
    return "[b]Joint cards[/b]\n" + "\n".join(lines)


class DebriefPane(Vertical):
    def __init__(self, teams: tuple[str, ...], **kwargs) -> None:
        super().__init__(**kwargs)
        self.teams = teams  # the scenario's, one big score each

    def compose(self) -> ComposeResult:
        yield Static("", id="debrief-head")
        yield Static("", id="debrief-plays")
        with Horizontal(id="big-scores"):
            for t in self.teams:
                with Vertical(classes="big-score"):
                    yield Label(t, classes="big-label")
                    yield Digits("0", id=f"big-{t}")
        yield Scoreboard(id="scoreboard")
        with VerticalScroll(id="causes-pane"):
            yield Static("", id="causes")

    def show(self, screen) -> None:
        h = screen.handle
        self.query_one("#debrief-head", Static).update(views.debrief_head(h))
        self.query_one("#debrief-plays", Static).update(views.plays_text(h))
        board = self.query_one(Scoreboard)
        board.show(h.state)
        rnd = len(h.state.history)
        own = screen.solo_team() or (screen.role.team if screen.role.kind == "team" else None)
        if own and getattr(self, "_cursor_round", None) != rnd:
            self._cursor_round = rnd  # a player reads their own team's causes first
            order = ranking(h.state.indicators, h.scenario.world.teams)
            board.move_cursor(row=order.index(own))
        for t in self.teams:
            self.query_one(f"#big-{t}", Digits).update(f"{h.state.indicators[t]['score']:.0f}")
        self.draw_causes(screen)
        if not board.has_focus:
            board.focus()

    def draw_causes(self, screen) -> None:
        team = self.query_one(Scoreboard).team_at_cursor()
        self.query_one("#causes", Static).update(
            team_detail_renderable(screen.handle.state, team, screen.handle.scenario))


class OverPane(Vertical):
    def compose(self) -> ComposeResult:
        yield Static("", id="over-head")
        yield DataTable(id="ranking", cursor_type="row", zebra_stripes=True)
        yield Static("", id="over-help")

    def show(self, screen) -> None:
        st = screen.handle.state
        ind = st.indicators
        order = ranking(ind, screen.handle.scenario.world.teams)
        self.query_one("#over-head", Static).update(
            f"[b]Game over after {len(st.history)} rounds. Final ranking:[/b]  "
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
        help_ = "[b]b[/b] last scoreboard · [b]s[/b] supply chain"
        if screen.controls:
            help_ = ("Press [b]r[/b] to write the after-action report · " + help_
                     + " · [b]q[/b] back to the start screen")
        if screen.report_message:
            help_ = screen.report_message + "\n" + help_
        self.query_one("#over-help", Static).update(help_)
