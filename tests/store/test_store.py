"""The store's API: games, the append-only log, undo, notes, conflicts, threads."""

from __future__ import annotations

import threading

import pytest

from game.core.flow import Chance
from game.headless import play_to_end
from game.session import Session
from game.store import StoreError, default_db_path, open_store


def test_new_game_is_recorded_and_every_action_is_on_disk_before_it_returns(store, scn, db_path, rows):
    game_id, s = store.new_game(scn, 3, teams={"KOR": "human"})
    meta = store.game(game_id)
    assert meta["scenario"] == scn.id and meta["seed"] == 3 and meta["mode"] == "headless"
    assert meta["teams"] == {"KOR": "human"} and meta["status"] == "unfinished"
    assert (meta["round"], meta["state_id"]) == (1, 0)
    s.advance()
    # another connection (another process would see the same) already has every action
    assert len(rows(db_path, "actions", game_id)) == len(s.log) > 0
    assert store.game(game_id)["phase"] == s.state.phase.value


def test_games_summary_follows_the_game(store, scn):
    game_id, s = store.new_game(scn, 5)
    play_to_end(s, stop_after_round=2)
    meta = store.game(game_id)
    assert (meta["round"], meta["phase"], meta["status"]) == (2, "debrief", "unfinished")
    play_to_end(s)
    meta = store.game(game_id)
    assert (meta["round"], meta["phase"], meta["status"]) == (scn.rounds, "over", "finished")
    assert [g["game_id"] for g in store.games()] == [game_id]
    assert set(store.games()[0]) >= {"game_id", "scenario", "seed", "mode", "teams", "status",
                                      "round", "created", "updated"}


def test_load_replays_to_the_same_state_and_goes_on_saving(store, scn, reference):
    game_id, s = store.new_game(scn, 11)
    play_to_end(s, stop_after_round=3)
    loaded = store.load(game_id)
    assert loaded.state.to_dict() == s.state.to_dict()
    assert loaded.actions() == s.actions()
    play_to_end(loaded)
    again = store.load(game_id)
    assert again.actions() == reference(11)[0]


def test_undo_is_recorded_not_deleted(store, scn, db_path, rows):
    game_id, s = store.new_game(scn, 2)
    play_to_end(s, stop_after_round=1)
    s.note("before the undo")
    s.advance()
    before = rows(db_path, "actions", game_id)
    s.undo()  # takes back the advance (and the note stays)
    s.undo()  # takes back the note
    after = rows(db_path, "actions", game_id)
    assert after[: len(before)] == before  # nothing rewritten or removed
    assert [r[3] for r in after[len(before):]] == ["undo", "undo"]
    assert store.notes(game_id) == []
    assert [n["text"] for n in store.notes(game_id, include_undone=True)] == ["before the undo"]
    meta = store.game(game_id)
    assert (meta["round"], meta["phase"], meta["state_id"]) == (1, "debrief", len(s.log))
    assert store.load(game_id).actions() == s.actions()


def test_undo_of_a_sealed_round_drops_its_snapshot_and_replays(store, scn):
    game_id, s = store.new_game(scn, 4)
    play_to_end(s, stop_after_round=2)
    s.advance()  # seals round 2: snapshot
    assert len(store.export_game(game_id)["snapshots"]) == 2
    s.undo()
    assert len(store.export_game(game_id)["snapshots"]) == 1
    s.advance()
    play_to_end(s)
    assert store.load(game_id).state.to_dict() == s.state.to_dict()


def test_notes_are_listed_with_round_author_and_kind(store, scn):
    game_id, s = store.new_game(scn, 1)
    s.note("timer started", author="facilitator", kind="timer")
    s.advance()
    s.note("KOR asks about stockpiles", author="KOR")
    got = [(n["round"], n["author"], n["kind"], n["text"]) for n in store.notes(game_id)]
    assert got == [(1, "facilitator", "timer", "timer started"),
                   (1, "KOR", "note", "KOR asks about stockpiles")]


def test_a_failed_write_leaves_the_game_unchanged(store, scn):
    game_id, s = store.new_game(scn, 1)
    s.advance()
    before = (s.state.to_dict(), len(s.log))
    store.delete_game(game_id)
    with pytest.raises(StoreError, match="no longer"):
        s.advance()
    assert (s.state.to_dict(), len(s.log)) == before


def test_two_copies_of_one_game_cannot_both_write(db_path, scn):
    a, b = open_store(db_path), open_store(db_path)
    game_id, s1 = a.new_game(scn, 1)
    s2 = b.load(game_id)
    s1.advance()
    with pytest.raises(StoreError, match="changed by another"):
        s2.advance()
    assert b.load(game_id).actions() == s1.actions()


def test_delete_removes_the_game_and_unknown_ids_are_store_errors(store, scn, db_path, rows):
    game_id, s = store.new_game(scn, 1)
    play_to_end(s, stop_after_round=1)
    store.delete_game(game_id)
    for table in ("games", "actions", "snapshots", "notes"):
        assert rows(db_path, table, game_id) == []
    for call in (store.game, store.load, store.notes, store.export_game, store.delete_game):
        with pytest.raises(StoreError, match="no game"):
            call(game_id)


def test_a_saved_session_can_be_driven_from_another_thread(store, scn):
    game_id, s = store.new_game(scn, 6)
    errors = []

    def worker():
        try:
            play_to_end(s, stop_after_round=1)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    t = threading.Thread(target=worker)
    t.start()
    t.join()
    assert not errors
    assert store.load(game_id).actions() == s.actions()


def test_chance_outcomes_are_in_the_log(store, scn):
    game_id, s = store.new_game(scn, 9)
    play_to_end(s, stop_after_round=1)
    types = [e["type"] for e in store.export_game(game_id)["actions"]]
    assert "chance" in types and any(isinstance(e.action, Chance) for e in s.log)


def test_where_saves_live(monkeypatch, tmp_path):
    monkeypatch.setenv("CHOKEPOINT_DB", str(tmp_path / "env.db"))
    assert default_db_path() == tmp_path / "env.db"
    st = open_store()
    assert st.path == tmp_path / "env.db" and st.path.exists()
    st.close()
    monkeypatch.delenv("CHOKEPOINT_DB")
    import platformdirs

    monkeypatch.setattr(platformdirs, "user_data_path", lambda *a, **k: tmp_path / "data")
    assert default_db_path() == tmp_path / "data" / "chokepoint.db"
    st = open_store()
    assert (tmp_path / "data" / "chokepoint.db").exists()
    st.close()


def test_wal_and_busy_timeout(store):
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_session_without_a_store_is_untouched(scn, reference):
    s = play_to_end(Session(scn, 11))
    assert s.on_append is None and s.actions() == reference(11)[0]
