"""The terminal app's error boundary: an unexpected error ends the app with one line saying what
went wrong and how to go on, never a screenful of traceback; the traceback goes to a log file."""

from __future__ import annotations

import pytest

from game.tui import make_app

from .conftest import asynctest


@asynctest
async def test_an_unexpected_error_ends_with_one_line_and_a_log(tmp_path, monkeypatch, capfd):
    monkeypatch.delenv("CHOKEPOINT_DEBUG", raising=False)
    monkeypatch.setattr("platformdirs.user_log_path", lambda *a, **k: tmp_path)
    app = make_app(store=False, scenario="semiconductor_chokepoint", seed=2)
    with pytest.raises(RuntimeError, match="boom"):  # Pilot re-raises it for the test
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.pause()
            try:
                raise RuntimeError("boom\x1b[31m in a screen action")
            except RuntimeError as exc:
                app._handle_exception(exc)
            await pilot.pause()
    err = " ".join(capfd.readouterr().err.split())
    assert err.startswith("error: internal error in the terminal app: RuntimeError: boom")
    assert "Nothing confirmed is lost" in err and "Traceback" not in err
    assert "\x1b" not in err  # a control character in the message does not reach the terminal
    log = (tmp_path / "crash.log").read_text()
    assert "Traceback" in log and "boom" in log


def test_control_characters_in_content_text_never_reach_the_terminal():
    from game.tui.text import esc

    note = "port strike\x1b[2J\x07 in Busan\x00 [red]now[/red]\nnext line\tok"
    shown = esc(note)
    assert not any(ord(c) < 32 and c not in "\n\t" for c in shown)
    assert "\x1b" not in shown and "\x07" not in shown
    assert "\\[red]" in shown and "\n" in shown  # markup escaped, line breaks kept
