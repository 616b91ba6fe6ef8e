"""Pilot tests: a whole workshop round with every facilitator control, a whole solo game."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from rich.console import Console

from game.core.state import Phase
from game.tui import make_app
from game.tui.screens.dialogs import InjectDialog, OverrideDialog, PauseScreen, TextDialog
from game.tui.screens.play import GameScreen
from game.tui.screens.start import StartScreen

from ..default_world import TEAMS
from .conftest import asynctest, press_until, select_affordable, settle


@asynctest
async def test_workshop_round_with_facilitator_controls():
    app = make_app(store=False, seed=11)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        await pilot.press("n")  # new game screen
        await pilot.pause()
        await pilot.press("ctrl+s")  # start: workshop is the default mode
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, GameScreen) and screen.handle.mode == "workshop"
        assert screen.handle.state.phase is Phase.BRIEFING
        assert "briefing" in str(screen.query_one("#briefing-text").content)

        # a note and a timer in the briefing, both in the log
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        await pilot.press(*"open with KOR", "enter")
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("end", "backspace", "backspace", "5", "enter")
        await pilot.pause()
        assert "05:00" in str(screen.query_one("#timer").content) or "04:5" in str(screen.query_one("#timer").content)

        await press_until(pilot, screen, Phase.DECISIONS)
        # inject a shock from the deck
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, InjectDialog)
        await pilot.press("enter")
        await pilot.pause()
        injected = [h for h in screen.handle.state.shocks[1] if h.origin == "injected"]
        assert len(injected) == 1

        # every team commits in turn, each after a hand-over; an illegal third card is refused
        st = screen.handle.state
        for team in TEAMS:
            assert screen.team == team
            assert screen.covered() and "Pass to" in str(screen.query_one("#handover").content)
            assert not screen.query_one("#hand").display  # no hand on screen before the hand-over
            await pilot.press("enter")
            await pilot.pause()
            assert not screen.covered() and screen.query_one("#hand").display
            chosen = await select_affordable(pilot, screen, team)
            if len(chosen) == screen.handle.scenario.max_plays_per_round:
                spare = [i for i, c in enumerate(screen.handle.scenario.teams[team].hand) if c not in chosen]
                screen.query_one("#hand").highlighted = spare[0]
                await pilot.press("space")
                await pilot.pause()
                assert "Refused" in str(screen.query_one("#refusal").content)
                assert screen.selection == chosen  # nothing half-applied
                assert st.teams[team].commit is None
            await pilot.press("c")
            await pilot.pause()
            assert screen.handle.state.teams[team].commit == tuple(chosen)

        # undo the last decision, then commit again
        await pilot.press("u")
        await pilot.pause()
        assert screen.handle.state.teams["ASEAN"].commit is None
        assert screen.team == "ASEAN"
        await pilot.press("enter")  # ASEAN's hand was covered again: hand it over
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert all(screen.handle.state.teams[t].commit is not None for t in TEAMS)

        await pilot.press("n")  # adjudicate
        await pilot.pause()
        st = screen.handle.state
        assert st.phase is Phase.DEBRIEF and len(st.history) == 1
        board = screen.query_one("#scoreboard")
        assert board.row_count == 5
        causes = Console(width=100, file=io.StringIO(), record=True)
        causes.print(screen.query_one("#causes").content)
        assert "every indicator" in causes.export_text()

        # override with a reason
        team = board.team_at_cursor()
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, OverrideDialog)
        dialog = app.screen
        dialog.query_one("#ov-value").value = "42"
        dialog.query_one("#ov-reason").value = "the room agreed the fab was spared"
        await pilot.click("#ov-ok")
        await pilot.pause()
        assert app.screen is dialog and "from" in str(dialog.query_one("#ov-error").content)
        await pilot.pause(0.3)  # the button's press effect passes
        await pilot.press("enter")  # confirm (the button has the focus)
        await pilot.pause()
        assert app.screen is screen, (app.screen, str(dialog.query_one("#ov-error").content))
        assert board.team_at_cursor() == team  # the cursor follows its team
        assert screen.handle.state.indicators[team]["resilience"] == 42.0

        # pause and resume
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PauseScreen)
        await pilot.press("p")
        await pilot.pause()
        assert app.screen is screen

        # supply chain view and back
        await pilot.press("s")
        await pilot.pause()
        assert "Semiconductors" in str(screen.query_one("#network").content.renderables[2].title) \
            if hasattr(screen.query_one("#network").content, "renderables") else True
        await pilot.press("s")
        await pilot.pause()
        assert screen.current_view() == "debrief"

        await pilot.press("n")
        await pilot.pause()
        assert screen.handle.state.round == 2 and screen.handle.state.phase is Phase.BRIEFING

        types = [a["type"] for a in screen.handle.session.actions()]
        kinds = [n["kind"] for n in screen.handle.state.notes]
        assert {"inject", "override", "note", "commit"} <= set(types)
        assert {"note", "timer", "pause", "resume"} <= set(kinds)


@asynctest
async def test_whole_solo_game_to_the_ranking():
    app = make_app(store=False, scenario="semiconductor_chokepoint", seed=4, mode="solo", team="JPN")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, GameScreen)
        assert screen.handle.human == "JPN"
        rounds = screen.handle.scenario.rounds
        for rnd in range(rounds):
            await press_until(pilot, screen, Phase.DECISIONS)
            assert screen.team == "JPN"
            if rnd % 3 == 0:  # play cards now and then, pass otherwise (keeps the test quick)
                await select_affordable(pilot, screen, "JPN")
            await pilot.press("c")
            await pilot.pause()
            # the bots committed for everybody else
            assert not screen.handle.waiting()
            await pilot.press("n")
            await pilot.pause()
            assert screen.handle.state.phase in (Phase.DEBRIEF,)
        await pilot.press("n")
        await pilot.pause()
        assert screen.handle.over
        assert screen.current_view() == "over"
        assert screen.query_one("#ranking").row_count == 5
        await pilot.press("r")
        await pilot.pause()
        msg = str(screen.query_one("#over-help").content)
        assert "report" in msg.lower()
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)


@asynctest
async def test_a_scenario_that_fails_validation_shows_its_problems(tmp_path, monkeypatch):
    from game.content.loader import content_root

    root = content_root()
    shutil.copytree(root / "decks", tmp_path / "decks")
    shutil.copytree(root / "scenarios", tmp_path / "scenarios")
    shutil.copytree(root / "worlds", tmp_path / "worlds")
    scn = next((tmp_path / "scenarios").glob("*.yaml"))
    scn.write_text(scn.read_text().replace("rounds:", "rounds: nonsense\nrounds_was:", 1))
    monkeypatch.setenv("CHOKEPOINT_CONTENT", str(tmp_path))
    app = make_app(store=False, scenario=scn.stem)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StartScreen)
        text = str(app.screen.query_one("#problems").content)
        assert "problems" in text or "does not validate" in text
        assert Path(scn).name in text
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.query_one("#start").disabled


@asynctest
async def test_help_and_command_palette_list_the_actions():
    from game.tui.commands import ChokepointCommands

    app = make_app(store=False, scenario="semiconductor_chokepoint", seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        provider = ChokepointCommands(screen)
        titles = [t for t, _, _ in provider._commands()]
        for want in ("Continue", "Commit", "Inject", "Undo", "Override", "Pause", "Timer", "Note",
                     "Supply chain", "Scores", "Report", "Help", "Zoom", "Contrast"):
            assert want in titles
        await pilot.press("question_mark")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("z", "x")
        await pilot.pause()
        assert app.has_class("-zoom") and app.theme == "chokepoint-high-contrast"
        for b in type(screen).BINDINGS + type(app).BINDINGS:
            assert b.id, b
