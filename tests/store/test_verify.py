"""Loading replays the log and checks every snapshot: tampering is reported, never accepted."""

from __future__ import annotations

import json
import sqlite3

import pytest

from game.headless import play_to_end
from game.store import StoreError


@pytest.fixture
def saved(store, scn, db_path):
    game_id, s = store.new_game(scn, 21)
    play_to_end(s, stop_after_round=4)
    s.advance()  # seal round 4
    return game_id


def _sql(db_path, sql, params=()):
    conn = sqlite3.connect(db_path)
    conn.execute(sql, params)
    conn.commit()
    conn.close()


def test_every_sealed_round_has_a_snapshot_with_the_hash_of_its_state(store, saved):
    import hashlib

    snaps = store.export_game(saved)["snapshots"]
    assert [x["round"] for x in snaps] == [1, 2, 3, 4]
    for x in snaps:
        text = json.dumps(x["state"], sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert hashlib.sha256(text.encode()).hexdigest() == x["hash"]
        assert x["state"]["round"] == x["round"] and x["state"]["phase"] == "debrief"


def test_a_tampered_snapshot_state_is_reported_with_its_round(store, saved, db_path):
    row = sqlite3.connect(db_path).execute(
        "SELECT state FROM snapshots WHERE game_id = ? AND round = 2", [saved]).fetchone()
    state = json.loads(row[0])
    state["teams"]["KOR"]["budget"] += 50
    _sql(db_path, "UPDATE snapshots SET state = ? WHERE game_id = ? AND round = 2",
         [json.dumps(state, sort_keys=True, separators=(",", ":")), saved])
    with pytest.raises(StoreError, match=r"round 2: the snapshot's state does not match"):
        store.load(saved)


def test_a_snapshot_rewritten_with_a_matching_hash_is_still_caught_by_replay(store, saved, db_path):
    import hashlib

    row = sqlite3.connect(db_path).execute(
        "SELECT state FROM snapshots WHERE game_id = ? AND round = 3", [saved]).fetchone()
    state = json.loads(row[0])
    state["indicators"]["JPN"]["score"] = 99.0
    text = json.dumps(state, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    _sql(db_path, "UPDATE snapshots SET state = ?, hash = ? WHERE game_id = ? AND round = 3",
         [text, hashlib.sha256(text.encode()).hexdigest(), saved])
    with pytest.raises(StoreError, match=r"round 3: replaying the action log does not reproduce"):
        store.load(saved)


def test_a_tampered_action_is_reported(store, saved, db_path):
    conn = sqlite3.connect(db_path)
    seq, payload = conn.execute(
        "SELECT seq, payload FROM actions WHERE game_id = ? AND type = 'chance' "
        "AND json_extract(payload, '$.kind') = 'draw' AND round = 2 ORDER BY seq LIMIT 1",
        [saved]).fetchone()
    conn.close()
    action = json.loads(payload)
    # a different draw for round 2: the log no longer replays (or replays differently)
    action["round"] = 7
    _sql(db_path, "UPDATE actions SET payload = ? WHERE game_id = ? AND seq = ?",
         [json.dumps(action), saved, seq])
    with pytest.raises(StoreError, match=r"does not verify at action \d+ \(round \d"):
        store.load(saved)


def test_a_changed_commit_is_reported_naming_the_round(store, saved, db_path):
    conn = sqlite3.connect(db_path)
    found = conn.execute(
        "SELECT seq, payload, round FROM actions WHERE game_id = ? AND type = 'commit' "
        "AND json_array_length(payload, '$.cards') > 0 ORDER BY seq LIMIT 1", [saved]).fetchone()
    conn.close()
    assert found, "the reference game commits at least one card"
    seq, payload, rnd = found
    action = json.loads(payload)
    action["cards"] = []  # the team passed instead
    _sql(db_path, "UPDATE actions SET payload = ? WHERE game_id = ? AND seq = ?",
         [json.dumps(action), saved, seq])
    with pytest.raises(StoreError, match=rf"round {rnd}: replaying the action log"):
        store.load(saved)


def test_a_removed_action_is_reported(store, saved, db_path):
    _sql(db_path, "DELETE FROM actions WHERE game_id = ? AND seq = 5", [saved])
    with pytest.raises(StoreError, match="state id"):
        store.load(saved)


def test_a_missing_snapshot_is_reported(store, saved, db_path):
    _sql(db_path, "DELETE FROM snapshots WHERE game_id = ? AND round = 3", [saved])
    with pytest.raises(StoreError, match="round 3: the snapshot is missing"):
        store.load(saved)


def test_a_type_column_that_disagrees_with_its_payload_is_reported(store, saved, db_path):
    _sql(db_path, "UPDATE actions SET type = 'note' WHERE game_id = ? AND seq = 0", [saved])
    with pytest.raises(StoreError, match="does not match its payload"):
        store.load(saved)


def test_the_cli_reports_a_mismatch_with_exit_2(saved, db_path):
    from click.testing import CliRunner

    from game.cli import main

    _sql(db_path, "DELETE FROM snapshots WHERE game_id = ? AND round = 1", [saved])
    for args in (["resume", saved, "--json"], ["finish", saved, "--yes"], ["resume", saved],
                 ["games", "show", saved]):
        r = CliRunner().invoke(main, args + ["--db", str(db_path)])
        assert r.exit_code == 2, r.output
        assert "round 1: the snapshot is missing" in r.output
        assert "Traceback" not in r.output


def test_the_fast_canonical_text_is_exactly_the_plain_one(scn):
    """Snapshots are checked with a cache of past rounds' text: it must give the same bytes."""
    from game.core.state import Phase
    from game.session import Session
    from game.store.replay import canonical_json

    s = Session(scn, 31)
    records: dict = {}
    checked = 0
    while not s.over:
        if s.state.phase is Phase.DEBRIEF:
            assert canonical_json(s.state, records) == canonical_json(s.state)
            checked += 1
        play_to_end(s, stop_after_round=s.state.round) if s.state.phase is not Phase.DEBRIEF \
            else s.advance()
    assert checked == scn.rounds


def test_a_round_state_straight_from_its_snapshot(store, saved, db_path):
    s = store.load(saved)
    third = store.snapshot(saved, 3)
    assert third.round == 3 and len(third.history) == 3
    assert third.history[-1].indicators == s.state.history[2].indicators
    with pytest.raises(StoreError, match="no snapshot for round 5"):
        store.snapshot(saved, 5)
    _sql(db_path, "UPDATE snapshots SET hash = 'x' WHERE game_id = ? AND round = 3", [saved])
    with pytest.raises(StoreError, match="round 3: the snapshot's state does not match"):
        store.snapshot(saved, 3)


def test_a_games_row_that_disagrees_with_the_log_is_reported(store, saved, db_path):
    _sql(db_path, "UPDATE games SET state_id = state_id + 1 WHERE game_id = ?", [saved])
    with pytest.raises(StoreError, match="the games row counts"):
        store.load(saved)
