"""Fixtures of the hostile-input suite (the harness is in harness.py)."""

from __future__ import annotations

import pytest

from .harness import TALLY


@pytest.fixture(scope="session")
def bundled_scenario():
    from game.content import load_scenario

    return load_scenario(None)


@pytest.fixture(autouse=True)
def _away_from_the_checkout(monkeypatch, tmp_path):
    """Generated command lines run in a scratch folder: a relative path a command line names is
    created there, not in the checkout (an empty save named `--db` once appeared in the
    checkout after a slow run, and a later `git add -A` committed it)."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture(autouse=True)
def _short_template_budget(monkeypatch):
    """A template gets 2 s here instead of 10, so a generated slow template costs little."""
    import game.report
    import game.report.sandbox

    monkeypatch.setattr(game.report, "MAX_SECONDS", 2.0)
    monkeypatch.setattr(game.report.sandbox, "MAX_SECONDS", 2.0)


def pytest_terminal_summary(terminalreporter):
    if not TALLY.counts:
        return
    tr = terminalreporter
    tr.section("hostile inputs: outcomes per category")
    for cat, c in sorted(TALLY.counts.items()):
        tr.write_line(f"{cat:<16} tried {c['tried']:>5}  ok {c['ok']:>5}  refused "
                      f"{c['refused']:>5}  traceback {c['traceback']}  hang {c['hang']}  "
                      f"wrong {c['wrong']}")


_READ_CACHE: dict = {}


@pytest.fixture(autouse=True)
def _bundled_files_read_once(monkeypatch):
    """Every generated file is checked against the bundled content, which is read again each
    time; here each bundled file is parsed once per session (the files are not changed by
    these tests, and checking never mutates what it reads)."""
    import game.content.loader as loader
    from game.content.loader import content_root

    real = loader.read_yaml
    root = str(content_root().resolve())

    def cached(path):
        p = path.resolve()
        if not str(p).startswith(root):
            return real(path)
        key = (p, p.stat().st_mtime_ns)
        if key not in _READ_CACHE:
            _READ_CACHE[key] = real(path)
        return _READ_CACHE[key]

    monkeypatch.setattr(loader, "read_yaml", cached)
