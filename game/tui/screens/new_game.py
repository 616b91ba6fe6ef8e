"""A new game: scenario (with its briefing), mode, seed, and in solo the team and its rivals' bots."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from ..game import available_bots, new_game
from ..text import esc, reflow


def scenario_briefing(scn) -> str:
    head = (f"[b]{esc(scn.title)}[/b]  [dim]{scn.id} · {scn.rounds} rounds · "
            f"sectors: {', '.join(scn.sectors)}[/dim]")
    lines = [head, "", esc(reflow(scn.briefing)), ""]
    for t in scn.world.teams:
        setup = scn.teams[t]
        lines.append(f"[b]{esc(scn.world.actor_name(t))}[/b] ({t}): {esc(setup.objective)}")
    if scn.assumptions:
        lines += ["", "[b]Assumptions[/b]"] + [f" • {esc(a)}" for a in scn.assumptions]
    return "\n".join(lines)


class NewGameScreen(Screen):
    BINDINGS: ClassVar[list[Binding]] = [
        Binding("escape", "app.pop_screen", "Back", id="new.back"),
        Binding("ctrl+s", "start", "Start game", id="new.start"),
    ]

    def __init__(self) -> None:
        from ...content.worlds import default_world

        super().__init__()
        self.scenario = None
        self.scenario_problems: list = []
        #: the form's teams until a scenario is picked: the default world's (a scenario set
        #: in another world swaps the team list; its extra teams get the default bot)
        self.world = default_world()
        self.team_choices = self.world.teams

    def compose(self) -> ComposeResult:
        opts = self.app.options
        bots = sorted(available_bots())
        with Vertical(id="new-body"):
            with Horizontal(id="new-top"):
                yield OptionList(id="scenarios")
                with VerticalScroll(id="briefing-pane"):
                    yield Static("Loading scenarios...", id="scenario-briefing")
            with Horizontal(classes="form-row"):
                yield Label("Mode", classes="form-label")
                yield Select([("Workshop (hot-seat)", "workshop"), ("Solo (bots play the rest)", "solo")],
                             value=opts.get("mode") or "workshop", allow_blank=False, compact=True,
                             id="mode")
                yield Label("Seed", classes="form-label")
                yield Input(str(opts.get("seed") if opts.get("seed") is not None else 1),
                            type="integer", compact=True, id="seed")
            with Horizontal(classes="form-row", id="solo-row"):
                yield Label("Team", classes="form-label")
                teams = self.world.teams
                yield Select([(f"{t} {self.world.actor_name(t)}", t) for t in teams],
                             value=opts.get("team") if opts.get("team") in teams else teams[0],
                             allow_blank=False, compact=True, id="team")
            with Horizontal(classes="form-row", id="bots-row"):
                yield Label("Bots", classes="form-label")
                # Sensible rivals by default, as on the command line (`--bots`).
                default_bot = "heuristic" if "heuristic" in bots else bots[0]
                for t in self.world.teams:
                    yield Select([(f"{t}: {b}", b) for b in bots], value=default_bot,
                                 allow_blank=False, compact=True, id=f"bot-{t}", classes="bot")
            with Horizontal(classes="form-row"):
                yield Button("Start", variant="primary", id="start", compact=True)
                yield Static("[dim]Tab: next field · ctrl+s: start[/dim]", id="new-error")
        yield Footer()

    def on_mount(self) -> None:
        lib = self.app.load_library()
        ol = self.query_one("#scenarios", OptionList)
        for sid, (model, _src) in sorted(lib.scenarios.items()):
            ol.add_option(Option(esc(getattr(model, "title", sid)), id=sid))
        wanted = self.app.options.get("scenario") or next(
            (sid for sid, (m, _) in sorted(lib.scenarios.items()) if getattr(m, "default", False)), None)
        if ol.option_count:
            index = 0
            for i, opt in enumerate(ol.options):
                if opt.id == wanted:
                    index = i
            ol.highlighted = index
            self.pick(ol.options[index].id)
        else:
            self.show_problems(lib.problems or [])
        ol.focus()
        self.sync_mode()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.pick(event.option.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.pick(event.option.id)
        self.query_one("#mode", Select).focus()

    def pick(self, sid: str) -> None:
        from ...content import ContentError, load_scenario

        try:
            self.scenario = load_scenario(sid)
            self.scenario_problems = []
        except ContentError as exc:
            self.scenario = None
            self.show_problems(exc.problems)
            return
        self.query_one("#scenario-briefing", Static).update(scenario_briefing(self.scenario))
        world = self.scenario.world
        team = self.query_one("#team", Select)
        if world.teams != self.team_choices:
            keep = team.value if team.value in world.teams else world.teams[0]
            team.set_options([(f"{t} {world.actor_name(t)}", t) for t in world.teams])
            team.value = keep
            self.team_choices = world.teams
        self.query_one("#start", Button).disabled = False

    def show_problems(self, problems) -> None:
        self.scenario_problems = list(problems)
        text = "[b red]This scenario does not validate:[/]\n" + "\n".join(
            f"[red]{esc(str(p))}[/]" for p in problems) if problems else "[red]No scenarios found.[/]"
        self.query_one("#scenario-briefing", Static).update(text)
        self.query_one("#start", Button).disabled = True

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id in ("mode", "team"):
            self.sync_mode()

    def sync_mode(self) -> None:
        solo = self.query_one("#mode", Select).value == "solo"
        self.query_one("#solo-row").display = solo
        self.query_one("#bots-row").display = solo
        human = self.query_one("#team", Select).value
        for t in self.world.teams:
            self.query_one(f"#bot-{t}").display = t != human

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self.action_start()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_start()

    def action_start(self) -> None:
        if self.scenario is None:
            self.query_one("#new-error", Static).update("[red]Pick a scenario that validates first.[/]")
            return
        raw = self.query_one("#seed", Input).value.strip() or "0"
        try:
            seed = int(raw)
        except ValueError:
            self.query_one("#new-error", Static).update(f"[red]The seed must be a whole number, not {esc(raw)!r}.[/]")
            return
        mode = self.query_one("#mode", Select).value
        human = self.query_one("#team", Select).value if mode == "solo" else None
        bots = {t: self.query_one(f"#bot-{t}", Select).value for t in self.world.teams
                if t != human and t in self.scenario.teams} if mode == "solo" else {}
        store = self.app.store()
        handle, warning = new_game(self.scenario, seed, mode, human, bots, store)
        warning = warning or self.app.store_error
        self.app.pop_screen()
        self.app.start_game(handle, warning)
