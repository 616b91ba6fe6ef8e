"""Every example of issue 15, reproduced as it was reported: each now gives a clean message
(or the right answer)."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.store import StoreError, open_store

from .harness import cli
from .saves import MARK, checkpoint, make_save, sql


@pytest.fixture(scope="module")
def pristine(tmp_path_factory, bundled_scenario):
    path = tmp_path_factory.mktemp("ex") / "save.db"
    return path, make_save(path, bundled_scenario)


@pytest.fixture
def save(pristine, tmp_path):
    path = tmp_path / "save.db"
    shutil.copyfile(pristine[0], path)
    return path, pristine[1]


def refused(o, *patterns):
    assert o.kind == "refused", (o.kind, o.detail, o.output[-500:])
    for p in patterns:
        assert re.search(p, o.detail), (p, o.detail)


# ---------------------------------------------------------------- damaged saves ---------
def test_a_payload_that_is_not_an_object_does_not_verify_at_its_action(save):
    path, gid = save
    sql(path, "UPDATE actions SET payload = '[]' WHERE seq = 1")
    refused(cli("games", "show", gid, "--db", path),
            rf"game {gid} does not verify at action 1: the payload is not a JSON object")


def test_bad_teams_in_one_row_do_not_break_the_listing(save, bundled_scenario):
    path, gid = save
    with open_store(path) as store:
        other, _ = store.new_game(bundled_scenario, 5)
    sql(path, "UPDATE games SET teams = '{bad' WHERE game_id = ?", [gid])
    listing = cli("games", "--db", path, "--json")
    assert listing.kind == "ok"
    assert {g["game_id"] for g in json.loads(listing.stdout)} == {gid, other}
    refused(cli("games", "show", gid, "--db", path), "teams are not a JSON object")
    assert cli("games", "show", other, "--db", path).kind == "ok"


def test_a_draw_naming_an_unknown_shock_is_a_clean_refusal(save):
    path, gid = save
    conn = sqlite3.connect(path)
    seq, payload = conn.execute("SELECT seq, payload FROM actions WHERE type = 'chance' "
                                "ORDER BY seq LIMIT 1").fetchone()
    conn.close()
    data = json.loads(payload)
    data["outcome"] = ["no_such_shock"]
    sql(path, "UPDATE actions SET payload = ? WHERE seq = ?", [json.dumps(data), seq])
    for cmd in (("games", "show", gid), ("report", gid), ("resume", gid, "--json"),
                ("finish", gid, "--yes"), ("games", "export", gid)):
        refused(cli(*cmd, "--db", path), rf"does not verify at action {seq}")


@pytest.mark.parametrize("change", [
    "UPDATE notes SET text = 'TAMPERED note' WHERE seq = (SELECT MIN(seq) FROM notes)",
    "INSERT INTO notes (game_id, seq, state_id, round, phase, author, kind, text, undone) "
    "SELECT game_id, 999, 3, 1, 'debrief', 'KOR', 'note', 'TAMPERED inserted', 0 FROM games",
    "UPDATE notes SET undone = 0 WHERE undone = 1",
    "DELETE FROM notes WHERE seq = (SELECT MAX(seq) FROM notes)",
])
def test_notes_edited_in_the_save_do_not_verify(save, change):
    path, gid = save
    sql(path, change)
    for cmd in (("games", "show", gid), ("report", gid)):
        o = cli(*cmd, "--db", path)
        refused(o, "does not verify")
        assert MARK not in o.output


def test_the_open_round_is_covered_by_the_hash_chain(save):
    """The last note is in a round no snapshot covers yet: editing its action row (and the
    notes row to match) is caught by the log's hash chain."""
    path, gid = save
    conn = sqlite3.connect(path)
    seq, payload = conn.execute("SELECT seq, payload FROM actions WHERE type = 'note' "
                                "ORDER BY seq DESC LIMIT 1").fetchone()
    conn.close()
    data = json.loads(payload)
    data["text"] = f"{MARK} rewritten"
    sql(path, "UPDATE actions SET payload = ? WHERE seq = ?", [json.dumps(data, sort_keys=True), seq])
    sql(path, "UPDATE notes SET text = ? WHERE seq = ?", [data["text"], seq])
    refused(cli("games", "show", gid, "--db", path), rf"at action {seq}: the log's hash chain")


def test_a_save_from_before_the_chain_is_migrated_and_verifies(save):
    path, gid = save
    conn = sqlite3.connect(path)
    conn.executescript("ALTER TABLE actions DROP COLUMN chain; DELETE FROM _sqlite_migrations "
                       "WHERE name = 'm002_log_chain'; PRAGMA user_version = 1;")
    conn.close()
    o = cli("games", "show", gid, "--db", path)
    assert o.kind == "ok", o.detail
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT COUNT(*) FROM actions WHERE chain IS NULL").fetchone()[0] == 0
    conn.close()


# ---------------------------------------------------------------- concurrency -----------
def _play_on(path: Path, gid: str, go) -> None:
    """In a child process: play the saved game to its end, action by action."""
    from game.bots import RandomBot
    from game.headless import play_to_end

    with open_store(path) as store:
        session = store.load(gid)
        os.write(go, b"x")
        for _ in range(600):  # a commit every few ms: many commits during each read
            session.note("a facilitator's note")
            time.sleep(0.004)
        play_to_end(session, {"KOR": RandomBot()})


def test_show_and_report_while_another_process_plays_never_say_does_not_verify(tmp_path,
                                                                               bundled_scenario):
    path = tmp_path / "live.db"
    with open_store(path) as store:
        gid, _ = store.new_game(bundled_scenario, 21)
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            os.close(r)
            _play_on(path, gid, w)
            code = 0
        finally:
            os._exit(code)
    os.close(w)
    os.read(r, 1)
    os.close(r)
    outcomes = []
    try:
        while True:
            for cmd in (("games", "show", gid, "--json"), ("report", gid)):
                outcomes.append(cli(*cmd, "--db", path))
            if os.waitpid(pid, os.WNOHANG) != (0, 0):
                break
    finally:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, 0)
    assert len(outcomes) >= 4
    assert all(o.kind == "ok" for o in outcomes), [o.detail for o in outcomes if o.kind != "ok"]
    assert cli("games", "show", gid, "--db", path).kind == "ok"


def test_two_resumes_of_one_game_say_changed_by_another_window(save):
    path, gid = save
    a, b = open_store(path), open_store(path)
    sa, sb = a.load(gid), b.load(gid)
    sa.advance()
    with pytest.raises(StoreError, match="changed by another window"):
        sb.advance()
    a.close()
    b.close()


# ---------------------------------------------------------------- content ---------------
def _scenario_text(**changes) -> str:
    from game.content.loader import content_root

    text = (content_root() / "scenarios" / "semiconductor_chokepoint.yaml").read_text()
    text = re.sub(r"^id: .*$", "id: hostile_example", text, count=1, flags=re.M)
    text = text.replace("default: true", "default: false")
    for old, new in changes.items():
        text = re.sub(old, new, text, count=1, flags=re.M)
    return text


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf", ".NaN"])
def test_nan_and_infinity_are_refused_with_file_and_line(tmp_path, value):
    f = tmp_path / "nan.yaml"
    f.write_text(_scenario_text(**{r"resilience: 0\.\d+": f"resilience: {value}"}))
    o = cli("validate", f)
    refused(o, r"nan\.yaml:\d+: teams\.\w+\.weights\.resilience: expected a finite number")
    refused(cli("run", f, "--json"), "expected a finite number")


def test_rounds_beyond_the_limit_are_refused(tmp_path):
    f = tmp_path / "long.yaml"
    f.write_text(_scenario_text(**{r"^rounds: \d+": "rounds: 100000"}))
    refused(cli("validate", f), r"long\.yaml:\d+: rounds: expected an integer between 1 and 30")


def test_a_blank_mandatory_text_is_refused(tmp_path):
    f = tmp_path / "blank.yaml"
    f.write_text(_scenario_text(**{r"^title: .*$": 'title: "   "'}))
    refused(cli("validate", f), r"blank\.yaml:\d+: title: expected some text, got a blank")


def test_duplicate_keys_are_refused(tmp_path):
    f = tmp_path / "dup.yaml"
    f.write_text(_scenario_text() + "rounds: 3\n")
    refused(cli("validate", f), r"dup\.yaml:\d+: duplicate key 'rounds' \(first on line \d+\)")


@pytest.mark.parametrize("text, message", [
    ("a: &a [*a]\n", "a cycle"),
    ("x: " + "[" * 1000 + "]" * 1000 + "\n", "nest"),
    ("x: " + "[" * 30 + "]" * 30 + "\n", "nested more than 24 levels"),
    ('a: &a ["l","l","l","l","l","l","l","l","l"]\n'
     + "".join(f"{c}: &{c} [{','.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi")),
     "more than 100,000 values once its aliases are expanded"),
])
@pytest.mark.parametrize("command", ["validate", "run"])
def test_yaml_bombs_are_refused_fast(tmp_path, text, message, command):
    f = tmp_path / "bomb.yaml"
    f.write_text(text)
    t0 = time.perf_counter()
    refused(cli(command, f), message)
    assert time.perf_counter() - t0 < 5


def test_a_file_larger_than_the_limit_is_refused_unread(tmp_path):
    f = tmp_path / "big.yaml"
    f.write_text("# " + "x" * 1_100_000 + "\n")
    refused(cli("validate", f), "larger than 1,000,000 bytes")


def test_validate_with_no_content_found_is_an_error(tmp_path):
    from game.cli.validate import validate

    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "nothing.yaml").write_text("# no deck, no scenario\n", encoding="utf-8")
    from click.testing import CliRunner

    import game.cli.validate as v

    lib = type("Lib", (), {"problems": [], "decks": {}, "scenarios": {}})()
    orig = v.load_library
    v.load_library = lambda paths: lib
    try:
        r = CliRunner().invoke(validate, [str(empty)])
    finally:
        v.load_library = orig
    assert r.exit_code == 2 and "no decks or scenarios found" in r.output, r.output
    assert str(empty) in r.output  # the folder as given, not the files found in it


# ---------------------------------------------------------------- command line ----------
def test_a_seed_too_large_to_save_is_a_clean_error(tmp_path):
    refused(cli("run", "--seed", str(2**63), "--db", tmp_path / "s.db"),
            "cannot be saved: a saved game's seed is a whole number between")


def test_a_db_path_through_a_file_is_a_clean_error(tmp_path):
    (tmp_path / "somefile").write_text("x")
    refused(cli("run", "--db", tmp_path / "somefile" / "x.db"), "is a file, not a folder")


def test_a_fifo_as_db_is_refused_without_hanging(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    refused(cli("games", "--db", fifo), "not a regular file")
    refused(cli("games", "import", fifo, "--db", tmp_path / "s.db"), "not a regular file")


def test_simulate_checks_its_report_path_before_the_batch(tmp_path, monkeypatch):
    import game.sim

    played = []
    monkeypatch.setattr(game.sim, "run_batch", lambda *a, **k: played.append(1))
    refused(cli("simulate", "--runs", "5", "-j", "1", "--report", "/nonexistent/x.md"),
            "the folder /nonexistent does not exist")
    assert not played


def test_writing_to_a_full_disk_is_a_clean_error(save):
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    path, gid = save
    refused(cli("games", "export", gid, "--db", path, "-o", "/dev/full"),
            "No space left on device")


def test_control_characters_in_notes_are_escaped_or_removed(save, bundled_scenario, tmp_path):
    path = tmp_path / "notes.db"
    with open_store(path) as store:
        gid, s = store.new_game(bundled_scenario, 3)
        s.note("bell\x07 escape\x1b[2J nul\x00 done")
    shown = cli("games", "show", gid, "--db", path)
    assert shown.kind == "ok"
    assert "\x1b" not in shown.output and "\x00" not in shown.output
    assert "escape\\x1b[2J" in shown.output
    for fmt in ("md", "html"):
        out = cli("report", gid, "--db", path, "--format", fmt)
        assert out.kind == "ok", out.detail
        assert "\x1b" not in out.stdout and "\x00" not in out.stdout and "\x07" not in out.stdout


def test_json_output_never_holds_nan():
    import click
    from click.testing import CliRunner

    from game.cli.common import echo_json

    @click.command()
    def cmd():
        echo_json({"score": float("nan")})

    r = CliRunner().invoke(cmd)
    assert r.exit_code == 2 and "NaN" not in r.stdout and "not finite" in r.stderr


def test_unexpected_errors_are_one_line_and_traceback_only_with_debug(monkeypatch):
    import game.cli.validate as v

    def boom(paths):
        raise KeyError("surprise")

    monkeypatch.setattr(v, "load_library", boom)
    o = cli("validate")
    assert o.kind == "traceback"  # labelled as a bug, in one line, exit 2
    assert "internal error: KeyError: 'surprise'" in o.detail and "Traceback" not in o.output
    from click.testing import CliRunner

    from game.cli import main

    r = CliRunner().invoke(main, ["--debug", "validate"])
    assert isinstance(r.exception, KeyError)


# ---------------------------------------------------------------- imports ---------------
@pytest.fixture
def export_doc(pristine):
    o = cli("games", "export", pristine[1], "--db", pristine[0])
    assert o.kind == "ok"
    return json.loads(o.stdout)


@pytest.mark.parametrize("where, value, message", [
    (("game", "game_id"), "../../x", "should be a short id"),
    (("game", "scenario"), "/etc/passwd", "a bundled scenario's id"),
    (("game", "scenario"), "scenarios/semiconductor_chokepoint.yaml", "a bundled scenario's id"),
    (("game", "seed"), 2**64, "out of range"),
    (("version",), 0, "version"),
    (("version",), -3, "version"),
    (("game", "mode"), "\x1b[2J", "short word|control character"),
    (("game", "teams"), {"KOR": "x" * 500}, "should be a short word"),
])
def test_import_validates_every_field(tmp_path, export_doc, where, value, message):
    doc = json.loads(json.dumps(export_doc))
    target = doc
    for k in where[:-1]:
        target = target[k]
    target[where[-1]] = value
    f = tmp_path / "doc.json"
    f.write_text(json.dumps(doc))
    new = tmp_path / "new.db"
    refused(cli("games", "import", f, "--db", new), message)
    assert not new.exists()  # a refused import creates nothing


@pytest.mark.parametrize("edit", ["text", "insert", "chain"])
def test_import_refuses_notes_that_the_log_does_not_say(tmp_path, export_doc, edit):
    doc = json.loads(json.dumps(export_doc))
    if edit == "text":
        doc["notes"][0]["text"] = f"{MARK} edited"
    elif edit == "insert":
        doc["notes"].append(dict(doc["notes"][0], seq=doc["notes"][-1]["seq"] + 1,
                                 text=f"{MARK} inserted"))
    else:  # the open round's note rewritten in the log and the notes alike
        note = doc["notes"][-1]
        note["text"] = f"{MARK} rewritten"
        doc["actions"][note["seq"]]["payload"]["text"] = note["text"]
    f = tmp_path / "doc.json"
    f.write_text(json.dumps(doc))
    o = cli("games", "import", f, "--db", tmp_path / "new.db")
    refused(o, "does not verify")


def test_a_refused_import_changes_nothing_in_an_existing_save(save, tmp_path, export_doc):
    path, gid = save
    checkpoint(path)
    before = path.read_bytes()
    doc = dict(export_doc, game=dict(export_doc["game"], game_id="fresh_id", round=99))
    f = tmp_path / "doc.json"
    f.write_text(json.dumps(doc))
    refused(cli("games", "import", f, "--db", path))
    checkpoint(path)
    assert path.read_bytes() == before


# ---------------------------------------------------------------- environment -----------
def _immutable(path: Path) -> bool:
    return subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode == 0


def test_a_read_only_save_is_read_and_reported_as_read_only(save):
    path, gid = save
    checkpoint(path)
    for extra in ("-wal", "-shm"):
        Path(f"{path}{extra}").unlink(missing_ok=True)
    if os.geteuid() != 0 or shutil.which("chattr") is None or not _immutable(path):
        pytest.skip("needs root and chattr to make a file read-only for root")
    try:
        assert cli("games", "--db", path).kind == "ok"
        assert cli("games", "show", gid, "--db", path).kind == "ok"
        assert cli("report", gid, "--db", path).kind == "ok"
        o = cli("finish", gid, "--yes", "--db", path)
        refused(o, "is read-only: the game cannot be saved there")
        assert "damaged" not in o.detail
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_simulate_plays_in_process_when_it_cannot_fork(monkeypatch, bundled_scenario, capsys):
    import multiprocessing.context

    from game.sim import run_batch

    def no_fork(self, *a, **k):
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(multiprocessing.context.BaseContext, "Pool", no_fork)
    batch = run_batch(bundled_scenario, 4, seed=1, jobs=2)
    assert len(batch.records) == 4 and batch.jobs == 1
    assert "cannot start 2 worker processes" in capsys.readouterr().err


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_simulate_stops_quietly_on_sigterm_and_ctrl_c(tmp_path, sig):
    proc = subprocess.Popen([sys.executable, "-m", "game", "simulate", "--runs", "200000",
                             "-j", "2", "--bots", "random"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True,
                            # a shell's background job ignores SIGINT, and so would Python
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    time.sleep(4)
    if sig == signal.SIGINT:
        os.killpg(proc.pid, sig)  # Ctrl-C reaches the whole process group
    else:
        proc.send_signal(sig)
    try:
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    text = err.decode()
    assert "Traceback" not in text, text[-2000:]
    assert proc.returncode in (130, 2, -sig), (proc.returncode, text[-500:])
    time.sleep(0.5)
    left = subprocess.run(["pgrep", "-g", str(proc.pid)], capture_output=True, text=True).stdout
    assert not left.strip(), f"workers left running: {left}"


def test_a_template_cannot_include_a_file_beside_it(tmp_path, save):
    path, gid = save
    (tmp_path / "secret.txt").write_text("SECRET")
    t = tmp_path / "mine.md.j2"
    t.write_text('{% include "secret.txt" %}')
    refused(cli("report", gid, "--db", path, "--template", t), "template not found: secret.txt")


@pytest.mark.parametrize("body, message", [
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
     "ran longer than"),
    ("{% for i in range(100000) %}{% for j in range(100) %}xxxxxxxxxx{% endfor %}{% endfor %}",
     "output is longer than"),
    ("{{ 'x'|center(999999999) }}", "a number above 100,000"),
])
def test_templates_are_capped_in_time_and_output(tmp_path, body, message):
    from game.report import ReportError, render_model

    from .test_templates import _model

    t = tmp_path / "mine.md.j2"
    t.write_text(body)
    t0 = time.perf_counter()
    with pytest.raises(ReportError, match=message) as err:
        render_model(_model(), "md", template=t)
    assert str(err.value).startswith(f"{t}")
    assert time.perf_counter() - t0 < 30  # the cap is 2 s here
