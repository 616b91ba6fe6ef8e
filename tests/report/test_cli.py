"""`chokepoint report`: formats, files, and clear errors with exit 2."""

from __future__ import annotations

import sys

import pytest
from click.testing import CliRunner

from game.cli import main


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_fresh_headless_game_as_markdown():
    r = run("report", "--seed", "4", "--format", "md")
    assert r.exit_code == 0, r.output
    assert r.output.startswith("# After-action brief: ")


def test_format_from_output_suffix(tmp_path):
    out = tmp_path / "r.html"
    r = run("report", "--seed", "4", "-o", str(out), "--paper", "letter")
    assert r.exit_code == 0, r.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "size: letter" in text


def test_nothing_to_report_is_exit_2():
    r = run("report")
    assert r.exit_code == 2 and "GAME_ID" in r.output


def test_broken_template_is_exit_2_with_file_and_line(tmp_path):
    t = tmp_path / "bad.html.j2"
    t.write_text("fine\n{{ nope.nothing }}\n", encoding="utf-8")
    r = run("report", "--seed", "1", "--format", "html", "--template", str(t))
    assert r.exit_code == 2
    assert f"{t}:2:" in r.output and "nope" in r.output


def test_pdf_without_weasyprint_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails
    r = run("report", "--seed", "1", "--format", "pdf", "-o", "x.pdf")
    assert r.exit_code == 2 and "pip install -e '.[pdf]'" in r.output


store = pytest.importorskip("game.store")


@pytest.fixture
def saved(tmp_path, scenario):
    from game.headless import play_to_end

    db = tmp_path / "saves.db"
    with store.open_store(db) as st:
        gid, session = st.new_game(scenario, seed=9, mode="hotseat", teams={"KOR": "Ann"})
        session.note("<script>hot wash</script>")
        play_to_end(session)
    return db, gid


def test_saved_game_report(saved, tmp_path):
    db, gid = saved
    out = tmp_path / "aar.md"
    r = run("report", gid, "--db", str(db), "-o", str(out))
    assert r.exit_code == 0, r.output
    text = out.read_text(encoding="utf-8")
    assert f"game {gid}" in text and "· hotseat" in text
    # merged (the save's notes and the game's are one note): quoted in its round, listed once
    assert "&lt;script&gt;hot wash" in text and text.count("hot wash") == 2
    annex = text[text.index("## Annex E"):]
    assert annex.count("hot wash") == 1


def test_unknown_game_id_is_exit_2(saved):
    db, _ = saved
    r = run("report", "no-such-game", "--db", str(db))
    assert r.exit_code == 2 and "no-such-game" in r.output


def test_missing_save_file_is_exit_2(tmp_path):
    r = run("report", "abc", "--db", str(tmp_path / "none.db"))
    assert r.exit_code == 2 and "no saved games" in r.output
    assert not (tmp_path / "none.db").exists()
