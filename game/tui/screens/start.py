"""The first screen: new game, resume, decks, how to play, quit."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..widgets.keybar import KeyBar

WELCOME = """\
[b]Chokepoint[/b]: a wargame about supply-chain resilience in the Indo-Pacific.

Five teams (Korea, Japan, the United States, China and ASEAN) play policy cards, round by round, while shocks hit the chips supply chain. Each round: a briefing, the shocks, every team's decisions, then the adjudication and a debrief with the scoreboard.

[b]Workshop[/b]: a facilitator enters each team's plays in turn.
[b]Solo[/b]: you play one team; bots play the others.

Arrow keys and Enter choose; [b]?[/b] shows every key; [b]ctrl+p[/b] lists every command."""

HOW_TO_PLAY = """\
# How to play

1. **Start** a new game: pick a scenario (read its briefing), the mode and a seed.
2. Each round has five phases. Press **n** to move on.
   - **Briefing**: the situation, and intelligence for teams with early warning.
   - **Shocks**: what hits the supply chain this round, with its source.
   - **Decisions**: each team picks up to its limit of cards from its hand. Move with the
     arrow keys, **space** or **Enter** selects a card, **c** commits the selection
     (nothing selected = pass). A play the rules refuse is explained in place.
   - **Adjudication** and **debrief**: the scoreboard shows every indicator, what changed it
     this round and its trend. **s** shows the supply chain as a heat map.
3. After the last round: the final ranking; **r** writes the after-action report.

**Scores.** A team is scored on what it made of its own seat: resilience gained and
prosperity grown since the start, weighted by its objective. **50 is par**: what a
well-played team reaches in that seat by the end. Everyone starts below par and climbs;
the team furthest above par wins. Every change on the scoreboard lists its causes.

The facilitator can inject a shock (**i**), undo the last decision (**u**), override an
outcome with a reason (**o**, in the debrief), pause (**p**), run a round timer (**t**) and
take notes (**m**). Everything is recorded in the game's log.

**z** zooms for a projector; **x** switches to high contrast.
"""

MENU = (
    ("new", "New game"),
    ("resume", "Resume a saved game"),
    ("decks", "Browse the decks"),
    ("howto", "How to play"),
    ("quit", "Quit"),
)


class StartScreen(Screen):
    BINDINGS: ClassVar[list[Binding]] = [
        Binding("n", "new_game", "New game", id="start.new"),
        Binding("l", "resume", "Resume", id="start.resume"),
        Binding("d", "decks", "Decks", id="start.decks"),
        Binding("h", "how_to_play", "How to play", id="start.howto"),
        Binding("q", "app.quit", "Quit", id="start.quit"),
    ]

    def compose(self) -> ComposeResult:
        yield Static("[b]Chokepoint[/b] · supply-chain resilience wargame", id="title-bar")
        with Horizontal(id="start-body"):
            yield OptionList(*[Option(title, id=key) for key, title in MENU], id="menu")
            with VerticalScroll(id="start-pane"):
                yield Static("", id="problems")
                yield Static(WELCOME, id="welcome")
        yield KeyBar(id="keybar")

    def on_mount(self) -> None:
        self.query_one("#menu", OptionList).focus()
        self.query_one(KeyBar).show(self)
        # content is read off the event loop, after the first paint: the screen is up at once
        self.call_after_refresh(self.run_worker, self.app.load_library, thread=True,
                                exclusive=True, group="content", name="load-content")

    def on_screen_resume(self) -> None:
        self.query_one(KeyBar).show(self)

    def on_worker_state_changed(self, event) -> None:
        from textual.worker import WorkerState

        if event.worker.name == "load-content" and event.state is WorkerState.SUCCESS:
            self.check_content()

    def check_content(self) -> None:
        lib = self.app.load_library()
        box = self.query_one("#problems", Static)
        if lib.problems:
            lines = ["[b red]The content has problems; fix them and restart:[/]"]
            lines += [f"[red]{_esc(str(p))}[/]" for p in lib.problems[:40]]
            if len(lib.problems) > 40:
                lines.append(f"... and {len(lib.problems) - 40} more")
            box.update("\n".join(lines))
            box.add_class("has-problems")
        else:
            box.update("")
            box.remove_class("has-problems")
        self.autostart()

    def autostart(self) -> None:
        """`chokepoint play SCENARIO`: straight into the game (problems stay on this screen)."""
        opts = self.app.options
        if getattr(self.app, "_autostarted", False):
            return
        if opts.get("resume"):
            self.app._autostarted = True
            self.resume_saved(opts["resume"])
            return
        if not opts.get("scenario"):
            return
        self.app._autostarted = True
        from ...content import ContentError, load_scenario
        from ..game import new_game

        try:
            scn = load_scenario(opts["scenario"])
        except ContentError as exc:
            box = self.query_one("#problems", Static)
            box.update(f"[b red]Scenario {_esc(opts['scenario'])} does not validate:[/]\n"
                       + "\n".join(f"[red]{_esc(str(p))}[/]" for p in exc.problems))
            box.add_class("has-problems")
            return
        mode = opts.get("mode") or "workshop"
        handle, warning = new_game(scn, opts.get("seed") or 0, mode,
                                   opts.get("team") if mode == "solo" else None, None,
                                   self.app.store())
        self.app.start_game(handle, warning or self.app.store_error)

    def resume_saved(self, game_id: str) -> None:
        """`chokepoint resume ID` and `chokepoint join CODE`: straight into a saved game."""
        from ..game import resume_game

        box = self.query_one("#problems", Static)
        store = self.app.store()
        if store is None:
            box.update(f"[b red]{_esc(self.app.store_error or 'saves are off')}[/]")
            return
        try:
            handle = resume_game(store, store.game(game_id))
        except Exception as exc:  # noqa: BLE001 - a deleted game or a damaged save: say so
            box.update(f"[b red]Could not open game {_esc(game_id)}: {_esc(str(exc))}[/]")
            box.add_class("has-problems")
            return
        self.app.start_game(handle)

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        action = {"new": "new_game", "resume": "resume", "decks": "decks",
                  "howto": "how_to_play", "quit": "app.quit"}[event.option.id]
        await self.run_action(action)

    def action_new_game(self) -> None:
        from .new_game import NewGameScreen

        self.app.push_screen(NewGameScreen())

    def action_resume(self) -> None:
        from .browse import ResumeScreen

        self.app.push_screen(ResumeScreen())

    def action_decks(self) -> None:
        from .browse import DecksScreen

        self.app.push_screen(DecksScreen())

    def action_how_to_play(self) -> None:
        from .dialogs import HelpScreen

        self.app.push_screen(HelpScreen(HOW_TO_PLAY))


def _esc(text: str) -> str:
    return text.replace("[", r"\[")
