"""The facilitator's fixes (issue 11, item 6), each driven as a facilitator would drive it."""

from __future__ import annotations

import time
from pathlib import Path

from click.testing import CliRunner

from game.cli import main
from game.core.flow import Advance, Commit
from game.core.state import Phase
from game.store import open_store
from game.tui import make_app
from game.tui.game import new_game
from game.tui.screens import views
from game.tui.screens.controls import undone_text
from game.tui.screens.dialogs import InjectDialog, OverrideDialog, needs_target, written_shock
from game.tui.screens.play import GameScreen
from game.tui.widgets.timer import Clock, RoundTimer, clock_text

from ..default_world import TEAMS
from .conftest import asynctest, press_until, settle


def notices(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def to_decisions(pilot, screen) -> None:
    await press_until(pilot, screen, Phase.DECISIONS)


def saved_game(db: Path, phase: Phase = Phase.DECISIONS, seed: int = 3):
    """A saved workshop game moved on to `phase` of round 1; returns its id."""
    from game.content import load_scenario

    store = open_store(db)
    h, warning = new_game(load_scenario(), seed, "workshop", store=store)
    assert warning is None
    while h.state.phase is not phase:
        if h.state.phase is Phase.DECISIONS:
            for t in TEAMS:
                h.commit(t, ())
        h.advance()
    store.close()
    return h.game_id


@asynctest
async def test_withdraw_takes_back_one_commit_and_keeps_the_teams_after_it():
    app = make_app(store=False, scenario="semiconductor_chokepoint", seed=2)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = app.screen
        await to_decisions(pilot, screen)
        for _ in range(3):  # KOR, JPN and USA commit (a pass each), each after a hand-over
            await pilot.press("enter", "c")
            await pilot.pause()
        st = screen.handle.state
        assert [t for t in TEAMS if st.teams[t].commit is not None] == ["KOR", "JPN", "USA"]
        await pilot.press("left_square_bracket", "left_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert screen.team == "KOR"
        await pilot.press("w")
        await pilot.pause()
        st = screen.handle.state
        assert st.teams["KOR"].commit is None
        assert st.teams["JPN"].commit == () and st.teams["USA"].commit == ()  # kept
        assert screen.handle.session.actions()[-1] == {"type": "withdraw", "team": "KOR"}
        assert any("Korea's commit is withdrawn" in n for n in notices(app))


@asynctest
async def test_an_override_stays_in_its_range_and_is_confirmed_before_it_is_made():
    app = make_app(store=False, scenario="semiconductor_chokepoint", seed=2)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = app.screen
        h = screen.handle
        h.advance()
        h.advance()
        for t in TEAMS:
            h.commit(t, ())
        h.advance()
        screen.refresh_view()
        await pilot.pause()
        before = dict(h.state.indicators["KOR"])
        await pilot.press("o")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, OverrideDialog)
        dialog.query_one("#ov-team").value = "KOR"
        await pilot.pause()
        dialog.query_one("#ov-value").value = "150"
        dialog.query_one("#ov-reason").value = "the room insists"
        await pilot.pause()
        dialog.submit()
        await pilot.pause()
        assert "out of range" in str(dialog.query_one("#ov-error").content)
        assert app.screen is dialog and dialog.pending is None
        dialog.query_one("#ov-value").value = "80"
        await pilot.pause()
        dialog.submit()  # first press: asks
        await pilot.pause()
        assert app.screen is dialog and "from" in str(dialog.query_one("#ov-error").content)
        assert h.state.indicators["KOR"] == before  # nothing changed yet
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and h.state.indicators["KOR"] == before
        await pilot.press("o")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#ov-team").value = "KOR"
        await pilot.pause()
        dialog.query_one("#ov-value").value = "80"
        dialog.query_one("#ov-reason").value = "the room insists"
        await pilot.pause()
        dialog.submit()
        await pilot.pause()
        dialog.submit()  # confirmed
        await pilot.pause()
        assert app.screen is screen and h.state.indicators["KOR"]["resilience"] == 80.0


@asynctest
async def test_an_injected_retaliation_asks_whom_it_answers():
    app = make_app(store=False, scenario="semiconductor_chokepoint", seed=2)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("i")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, InjectDialog)
        deck = dialog.query_one("#inject-deck")
        ids = [deck.get_option_at_index(i).id for i in range(deck.option_count)]
        sid = next(s for s in ids if needs_target(screen.handle.scenario.shocks[s]))
        deck.highlighted = ids.index(sid)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog  # not injected at nobody
        assert "Aimed at" in str(dialog.query_one("#inject-error").content)
        dialog.query_one("#inject-target").value = "CHN"
        deck.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        st = screen.handle.state
        hit = st.shocks[1][-1]
        assert hit.origin == "injected"
        shock = st.custom_shocks[hit.shock_id]
        actors = {a for e in shock.effects for f in ("actors", "exporters", "importers", "away_from",
                                                      "towards", "counterparts") for a in getattr(e, f)}
        assert "CHN" in actors and "target" not in actors
        title = screen.handle.scenario.shocks[sid].title
        assert any(title in n and sid not in n for n in notices(app))  # a title, not an id


@asynctest
async def test_resume_continues_in_the_terminal_where_the_game_was_left(tmp_path):
    db = tmp_path / "w.db"
    gid = saved_game(db)
    app = make_app(resume=gid, db=str(db))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, GameScreen) and screen.handle.game_id == gid
        assert screen.handle.state.phase is Phase.DECISIONS
        assert gid not in str(screen.query_one("#status").content)  # no ids on screen
    app = make_app(resume="nosuchgame", db=str(db))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert "Could not open game nosuchgame" in str(app.screen.query_one("#problems").content)


def test_finishing_a_workshop_game_with_bots_asks_first(tmp_path):
    db = tmp_path / "w.db"
    gid = saved_game(db)
    runner = CliRunner()
    r = runner.invoke(main, ["finish", gid, "--db", str(db)], input="n\n")
    assert r.exit_code == 1 and "Finish it now?" in r.output
    with open_store(db) as store:
        assert store.game(gid)["status"] == "unfinished" and store.game(gid)["round"] == 1
    r = runner.invoke(main, ["finish", gid, "--db", str(db), "--json"], input="y\n")
    assert r.exit_code == 0, r.output
    with open_store(db) as store:
        assert store.game(gid)["status"] == "finished"
    r = runner.invoke(main, ["finish", "nope", "--db", str(db)])
    assert r.exit_code == 2 and "nope" in r.output and "Traceback" not in r.output


@asynctest
async def test_the_round_timer_survives_a_crash_restarts_each_round_and_stays_at_zero(tmp_path):
    db = tmp_path / "w.db"
    gid = saved_game(db, Phase.BRIEFING)
    app = make_app(resume=gid, db=str(db))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("end", "backspace", "backspace", "5", "enter")
        await pilot.pause()
        clock = app.screen.handle.clock()
        assert clock.minutes == 5 and clock.round == 1 and 290 < clock.remaining() <= 300
    # the app is gone (as after a crash): a new one on the save shows the same clock
    app = make_app(resume=gid, db=str(db))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = app.screen
        again = screen.query_one(RoundTimer).clock
        assert again == clock and "⏱ 0" in str(screen.query_one(RoundTimer).content)
        h = screen.handle
        h.set_clock(Clock(5, 1, deadline=time.time() - 1))  # time ran out
        screen.refresh_view()
        screen.query_one(RoundTimer).tick()
        await pilot.pause()
        assert "TIME 00:00" in str(screen.query_one(RoundTimer).content)
        await pilot.pause(1.2)
        assert "TIME 00:00" in str(screen.query_one(RoundTimer).content)  # stays visible
        await press_until(pilot, screen, Phase.DECISIONS)
        for _ in TEAMS:
            await pilot.press("enter", "c")
            await pilot.pause()
        await press_until(pilot, screen, Phase.DEBRIEF)
        await pilot.press("n")  # round 2: the timer starts afresh
        await pilot.pause()
        fresh = h.clock()
        assert fresh.round == 2 and 290 < fresh.remaining() <= 300
    assert clock_text(Clock(5, 1, deadline=0.0)) .count("TIME") == 1


def test_an_undo_is_told_in_words():
    from game.content import load_scenario

    h, _ = new_game(load_scenario(), 2, "workshop")
    h.advance()
    h.advance()
    for t in TEAMS:
        h.commit(t, ())
    h.advance()
    undone = h.undo()
    assert isinstance(undone, Advance)
    assert undone_text(h.scenario, h.state, undone) == "the advance to the debrief"
    undone = h.undo()
    assert isinstance(undone, Commit) and undone_text(h.scenario, h.state, undone) == "ASEAN's commit"


@asynctest
async def test_the_report_is_written_in_any_phase_to_the_reports_folder_with_the_saves_date(
        tmp_path, monkeypatch):
    db = tmp_path / "w.db"
    gid = saved_game(db, Phase.BRIEFING)
    folder = tmp_path / "my reports"
    app = make_app(resume=gid, db=str(db), reports=str(folder))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert app.screen.handle.state.phase is Phase.BRIEFING
        await pilot.press("r")
        await pilot.pause()
        await app.workers.wait_for_complete()  # written in a worker thread
        await pilot.pause()
        assert "Report written" in app.screen.report_message
    written = sorted(folder.glob("*.md"))
    assert len(written) == 1 and not list(Path.cwd().glob("*.md"))
    tui_md = written[0].read_text()
    r = CliRunner().invoke(main, ["report", gid, "--db", str(db)])
    assert r.exit_code == 0, r.output
    with open_store(db) as store:
        created = store.game(gid)["created"]
    day = created[:10]
    assert day in r.output and day in tui_md
    line = next(x for x in r.output.splitlines() if day in x)
    assert line in tui_md  # the same date of play, worded the same


@asynctest
async def test_a_refusal_is_cleared_by_a_valid_commit():
    app = make_app(store=False, scenario="semiconductor_chokepoint", seed=2)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = app.screen
        await to_decisions(pilot, screen)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("n")  # not everyone has committed: refused in place
        await pilot.pause()
        assert "Refused" in str(screen.query_one("#refusal").content)
        await pilot.press("c")
        await pilot.pause()
        assert str(screen.query_one("#refusal").content) == ""


def test_a_one_round_shock_is_not_in_force_the_round_after():
    from game.content import load_scenario

    h, _ = new_game(load_scenario(), 2, "workshop")
    shock = written_shock(h.scenario, h.state, "Port strike in Busan", "capacity",
                          "semiconductors", "*", "KOR", "0.3", "1")
    h.inject(shock=shock)
    h.advance()
    h.advance()
    for t in TEAMS:
        h.commit(t, ())
    h.advance()
    assert any(s["title"] == "Port strike in Busan" for s in h.state.history[-1].shocks)
    h.advance()
    assert (h.state.round, h.state.phase) == (2, Phase.BRIEFING)
    from game.core.view import PROJECTOR_ROLE

    text = views.briefing_text(h, h.view(PROJECTOR_ROLE))
    in_force = next((x for x in text.splitlines() if x.startswith("[b]In force")), "")
    assert "Port strike in Busan" not in in_force


def test_a_cards_risk_and_requirements_are_named_by_title_not_id():
    from game.content import load_scenario
    from game.tui.text import card_text

    scn = load_scenario()
    card = next(c for c in scn.cards.values() if c.retaliation and c.retaliation.shock in scn.shocks)
    text = card_text(card, team=card.team, scn=scn)
    assert scn.shocks[card.retaliation.shock].title in text
    assert card.retaliation.shock not in text
