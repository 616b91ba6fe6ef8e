"""Seats on one save: join codes, several processes, races, a killed seat, what each role sees."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from game.cli import main
from game.content import load_scenario
from game.core.rules import IllegalAction, legal_plays
from game.core.state import Phase
from game.store import StoreError, open_store
from game.store.seats import HOLD_SECONDS, Seats, normalise
from game.tui.game import new_game, resume_game

from ..default_world import TEAMS

ROLES = ("facilitator", "projector", *TEAMS)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def workshop(tmp_path):
    """A saved workshop game with a code per role: (db path, game id, codes)."""
    db = tmp_path / "workshop.db"
    store = open_store(db)
    h, warning = new_game(load_scenario(), 4, "workshop", store=store)
    assert warning is None
    codes = Seats(store).issue(h.game_id, ROLES)
    store.close()
    return db, h.game_id, codes


def handle(db, game_id):
    store = open_store(db)
    return resume_game(store, store.game(game_id))


def test_codes_are_short_unguessable_and_stored_only_hashed(workshop):
    db, gid, codes = workshop
    assert len(set(codes.values())) == len(ROLES)
    assert all(len(c) == 8 and c.isalnum() and c.isupper() for c in codes.values())
    raw = db.read_bytes() + (Path(f"{db}-wal").read_bytes() if Path(f"{db}-wal").exists() else b"")
    assert not any(c.encode() in raw for c in codes.values())
    with open_store(db) as store:
        seats = Seats(store)
        assert seats.find(codes["KOR"].lower()[:4] + "-" + codes["KOR"][4:]) == (gid, "KOR")
        assert seats.find("AAAAAAAA") is None and seats.find("short") is None
        assert normalise(" k7qm-2xpa ") == "K7QM2XPA"


def test_a_held_seat_is_refused_and_free_again_when_its_holder_stops(workshop):
    db, gid, codes = workshop
    with open_store(db) as store:
        seats = Seats(store)
        first = seats.take(codes["JPN"], now=1000.0)
        with pytest.raises(StoreError, match="already taken"):
            seats.take(codes["JPN"], now=1000.0 + HOLD_SECONDS / 2)
        assert seats.check_in(first, now=1000.0 + HOLD_SECONDS / 2)
        again = seats.take(codes["JPN"], now=1000.0 + 2 * HOLD_SECONDS)  # the holder went quiet
        assert again.holder != first.holder and not seats.check_in(first, now=1000.0 + 2 * HOLD_SECONDS)
        with pytest.raises(StoreError, match="does not open any seat"):
            seats.take("WRONG-CODE")
        store.delete_game(gid)
        with pytest.raises(StoreError, match="deleted"):
            seats.take(codes["USA"])


def test_join_and_serve_refuse_bad_input_with_one_line_and_exit_2(workshop, tmp_path):
    db, gid, codes = workshop
    runner = CliRunner()
    r = runner.invoke(main, ["join", "ABCD-EFGH", "--db", str(db)])
    assert r.exit_code == 2 and "does not open any seat" in r.output and "Traceback" not in r.output
    with open_store(db) as store:
        Seats(store).take(codes["CHN"])
    r = runner.invoke(main, ["join", codes["CHN"], "--db", str(db)])
    assert r.exit_code == 2 and "already taken" in r.output
    r = runner.invoke(main, ["serve", "nosuchgame", "--db", str(db), "--codes-only"])
    assert r.exit_code == 2 and "nosuchgame" in r.output
    r = runner.invoke(main, ["serve", gid, "--db", str(db), "--codes-only"])
    assert r.exit_code == 0 and "Korea (KOR)" in r.output and gid in r.output


def test_serve_refuses_a_taken_port(workshop):
    import socket

    db, gid, _ = workshop
    pytest.importorskip("textual_serve")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        r = CliRunner().invoke(main, ["serve", gid, "--db", str(db), "--host", "127.0.0.1",
                                      "--port", str(port)])
    assert r.exit_code == 2 and "cannot listen" in r.output


def test_a_lost_race_is_refused_and_the_loser_reloads(workshop):
    db, gid, _ = workshop
    one, two = handle(db, gid), handle(db, gid)  # two facilitator windows on one game
    one.advance()
    with pytest.raises(IllegalAction, match="another seat acted first"):
        two.advance()  # meant "reveal the shocks", which the other window already did
    assert two.state.phase is Phase.SHOCK  # reloaded, not moved on twice
    assert [a["type"] for a in two.session.actions()].count("advance") == 1
    assert two.changed_elsewhere() is False  # nothing new since the reload


def test_a_teams_commit_that_lost_a_race_is_tried_again_on_the_fresh_game(workshop):
    db, gid, _ = workshop
    fac, kor_seat = handle(db, gid), handle(db, gid)
    fac.advance()
    fac.advance()  # decisions; the KOR seat has not looked yet
    assert kor_seat.state.phase is Phase.BRIEFING
    kor_seat.commit("KOR", ())  # one team's commit does not change another's: not refused
    assert kor_seat.state.phase is Phase.DECISIONS and kor_seat.state.teams["KOR"].commit == ()
    assert fac.changed_elsewhere() and fac.reload()  # noticed at the next poll
    assert fac.state.teams["KOR"].commit == ()
    assert not fac.changed_elsewhere()


SEAT = textwrap.dedent("""
    import json, sys, time
    from game.core.rules import IllegalAction, legal_plays
    from game.core.state import Phase
    from game.core.view import Role
    from game.store import open_store
    from game.store.seats import Seats
    from game.tui.game import resume_game

    db, code = sys.argv[1], sys.argv[2]
    store = open_store(db)
    seat = Seats(store).take(code)
    h = resume_game(store, store.game(seat.game_id))
    team = seat.role
    deadline = time.time() + 60
    while h.state.phase is not Phase.DECISIONS and time.time() < deadline:
        time.sleep(0.05)
        if h.changed_elsewhere():
            h.reload()
    card = legal_plays(h.scenario, h.state, team)[0]
    while True:
        try:
            h.commit(team, (card,))
            break
        except IllegalAction as exc:
            if "acted first" not in str(exc):
                raise
    print(json.dumps({"team": team, "card": card}), flush=True)
    # wait for the adjudication, then say what this seat saw before and after it
    v = h.view(Role.of(team, h.scenario.world.teams))
    before = {t: list(c) for t, c in v.commits.items()}
    while h.state.phase is not Phase.DEBRIEF and time.time() < deadline:
        time.sleep(0.05)
        if h.changed_elsewhere():
            h.reload()
    print(json.dumps({"before": before, "committed": list(v.committed),
                      "plays": h.state.history[-1].plays if h.state.history else None}), flush=True)
""")


@pytest.mark.slow
def test_five_seat_processes_commit_secretly_and_see_the_round_after_adjudication(workshop):
    db, gid, codes = workshop
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = {t: subprocess.Popen([sys.executable, "-c", SEAT, str(db), codes[t]], env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for t in TEAMS}
    fac = handle(db, gid)
    fac.advance()
    fac.advance()
    chosen = {}
    for t, p in procs.items():
        line = p.stdout.readline()
        assert line, p.stderr.read()
        chosen[t] = json.loads(line)["card"]
    deadline = time.time() + 30
    while fac.waiting() and time.time() < deadline:
        time.sleep(0.1)
        if fac.changed_elsewhere():
            fac.reload()
    assert not fac.waiting()
    assert {t: fac.state.teams[t].commit for t in TEAMS} == {t: (chosen[t],) for t in TEAMS}
    fac.advance()  # adjudicate
    for t, p in procs.items():
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0, err
        seen = json.loads(out.strip().splitlines()[-1])
        assert seen["before"] == {t: [chosen[t]]}  # only its own commit, before adjudication
        assert set(seen["plays"]) == set(TEAMS)  # everyone's plays after it


@pytest.mark.slow
def test_a_killed_seat_loses_no_confirmed_action_and_rejoins(workshop):
    db, gid, codes = workshop
    fac = handle(db, gid)
    fac.advance()
    fac.advance()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    p = subprocess.Popen([sys.executable, "-c", SEAT, str(db), codes["ASEAN"]], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    card = json.loads(p.stdout.readline())["card"]
    p.kill()  # kill -9 right after its commit was confirmed
    p.wait()
    again = handle(db, gid)
    assert again.state.teams["ASEAN"].commit == (card,)
    with open_store(db) as store:
        seats = Seats(store)
        with pytest.raises(StoreError, match="already taken"):
            seats.take(codes["ASEAN"])
        seat = seats.take(codes["ASEAN"], now=time.time() + HOLD_SECONDS + 1)
        assert seat.role == "ASEAN"


def test_each_role_sees_what_it_may_on_screen(workshop):
    """Pilot: the projector and a team's seat, on the save the facilitator drives."""
    from game.tui import make_app

    from ..tui.conftest import asynctest, settle

    db, gid, codes = workshop
    fac = handle(db, gid)
    fac.note("JPN seems ready to defect")
    fac.advance()
    fac.advance()
    kor_card = legal_plays(fac.scenario, fac.state, "KOR")[0]
    title = fac.scenario.cards[kor_card].title
    fac.commit("KOR", (kor_card,))

    @asynctest
    async def look(role: str, then_commits: str):
        with open_store(db) as store:
            seat = Seats(store).take(codes[role])
        app = make_app(db=str(db), seat=seat, role=role)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            screen = app.screen
            texts = [str(w.content) for w in screen.query("Static") if w.display]
            seen = "\n".join(texts)
            if role == "facilitator":  # the console: private, every control, the notes
                assert not screen.shared and screen.check_action("advance", ())
                assert [n["text"] for n in screen.public_view().notes] == ["JPN seems ready to defect"]
                assert screen.public_view().commits == {"KOR": (kor_card,), "JPN": (), "CHN": ()}
                return
            assert "JPN seems ready" not in seen
            from game.tui.commands import ChokepointCommands

            palette = [t for t, _, _ in ChokepointCommands(screen)._commands()]
            assert "Inject" not in palette and "Continue" not in palette and "Undo" not in palette
            if role == "projector":
                assert "Korea (KOR) has committed" in seen and title not in seen
                assert not screen.query_one("#hand").display
                assert not screen.check_action("commit", ()) and not screen.check_action("advance", ())
            else:
                assert screen.team == role and title not in seen  # KOR's card is KOR's
                assert screen.query_one("#hand").display
                assert not screen.check_action("advance", ()) and not screen.check_action("inject", ())
            # another seat commits; this one follows within a second
            fac.commit(then_commits, ())
            await pilot.pause(1.2)
            assert screen.handle.state.teams[then_commits].commit == ()
            assert f"✓{then_commits}" in str(screen.query_one("#team-bar").content)

    look("projector", "JPN")
    look("USA", "CHN")
    look("facilitator", "ASEAN")


def test_a_write_landing_while_a_seat_loads_is_a_race_it_retries_not_a_refusal(workshop):
    """Seen in a five-seat run: seat A reloaded, seat B committed while A's load was reading,
    and A's next commit was refused ("not saved, so not done: ... changed by another window")
    instead of tried again, because A took the save's position from after B's write while its
    copy was from before it. The position must be the one read before the load."""
    db, gid, _ = workshop
    fac, kor_seat, jpn_seat = handle(db, gid), handle(db, gid), handle(db, gid)
    fac.advance()
    fac.advance()  # decisions
    real_load = kor_seat.store.load

    def load_then_jpn_commits(*args, **kwargs):
        session = real_load(*args, **kwargs)
        jpn_seat.reload()
        jpn_seat.commit("JPN", ())  # lands after KOR's copy was read
        return session

    kor_seat.store.load = load_then_jpn_commits
    kor_seat.reload()
    kor_seat.store.load = real_load
    kor_seat.commit("KOR", ())  # tried again on the fresh game, not refused
    fresh = handle(db, gid)
    assert fresh.state.teams["KOR"].commit == () and fresh.state.teams["JPN"].commit == ()
