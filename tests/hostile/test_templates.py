"""A facilitator's own templates, generated from pieces a break-tester would try: a report or
a clean `file:line` error, within the time and output caps, never a traceback, never a file
outside the template's own and the bundled ones."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .harness import HANG_S, Hang, Outcome, check, fast, hang_guard, slow

PIECES = [
    "{{ scenario.title }}", "{% for s in standings %}{{ s.team }} {{ s.score|num }}{% endfor %}",
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "{% for i in range(100000) %}{% for j in range(1000) %}xxxxxxxxxx{% endfor %}{% endfor %}",
    "{{ 'x' * 100000 }}", "{{ 'x' * 10 ** 9 }}", "{{ 9 ** 9 ** 9 }}",
    "{% set s = 'x' * 99999 %}{% set s = s ~ s %}{% set s = s ~ s %}{% set s = s ~ s %}"
    "{% set s = s ~ s %}{% set s = s ~ s %}{% set s = s ~ s %}{% set s = s ~ s %}"
    "{% set s = s ~ s %}{% set s = s ~ s %}{% set s = s ~ s %}{% set s = s ~ s %}{{ s|length }}",
    "{% set ns = namespace(s='x' * 99999) %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}"
    "{% endfor %}", "{{ 'x'|center(999999999) }}", "{{ '%999999999s' % 'x' }}",
    "{{ '{:999999999}'.format('x') }}", "{{ 'x'.ljust(999999999) }}",
    "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}",
    "{% include 'secret.txt' %}", "{% include '../secret.txt' %}", "{% include '/etc/passwd' %}",
    "{% include 'report.css' %}", "{% extends 'report.md.j2' %}", "{% import 'secret.txt' as s %}",
    "{{ ''.__class__.__mro__ }}", "{{ cycler.__init__.__globals__ }}", "{{ lipsum.__globals__ }}",
    "{{ teams.append(1) }}", "{{ undefined_name }}", "{% for %}", "{{ 1 / 0 }}", "{{ [1][5] }}",
    "{{ range(10**6)|list|length }}", "{{ 'abc'|wordwrap(999999) }}", "\x00\x1b[2J",
    "{{ notes|map(attribute='text')|join(', ') }}", "{% raw %}{{{% endraw %}", "{#",
    "{{ (standings|first).score|num(9999999) }}", "{{ 'x'|indent(99999999) }}",
]
NAMES = ["mine.md.j2", "mine.html.j2", "mine.txt", "report.md.j2", "mine.svg.j2", "x"]


@st.composite
def templates(draw):
    body = "".join(draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=3)))
    body += draw(st.text(max_size=10))
    return draw(st.sampled_from(NAMES)), body


def template_property(tmp: Path, t, model: dict | None = None) -> Outcome:
    from game import report
    from game.report import ReportError, render_model

    name, body = t
    (tmp / "secret.txt").write_text("SECRET-CONTENT")
    path = tmp / name
    path.write_text(body, encoding="utf-8", errors="replace")
    if model is None:
        model = _model()
    t0 = time.monotonic()
    old = report.MAX_SECONDS
    report.MAX_SECONDS = min(old, 0.2)
    try:
        with hang_guard(HANG_S):
            out = render_model(model, "md" if name.endswith(".md.j2") else "html",
                               template=path)
    except ReportError as exc:
        msg = str(exc)
        if "\n" in msg.strip():
            return Outcome("wrong", f"a message on several lines: {msg[:200]!r}")
        return Outcome("refused", msg[:200])
    except Hang:
        return Outcome("hang", f"{t!r}")
    except Exception as exc:  # noqa: BLE001 - any other escape is the failure we look for
        return Outcome("traceback", f"{t!r}: {type(exc).__name__}: {exc}"[:400])
    finally:
        report.MAX_SECONDS = old
    took = time.monotonic() - t0
    if took > 10:
        return Outcome("hang", f"{t!r}: {took:.1f} s")
    if "SECRET-CONTENT" in out:
        return Outcome("wrong", f"{t!r}: read a file beside the template")
    if len(out) > 5_000_000:
        return Outcome("wrong", f"{t!r}: {len(out):,} characters of output")
    if "\x1b" in out or "\x00" in out:
        return Outcome("wrong", f"{t!r}: a control character in the output")
    return Outcome("ok")


_MODEL: dict = {}


def _model() -> dict:
    if not _MODEL:
        from game.content import load_scenario
        from game.headless import play_to_end
        from game.report import build_model
        from game.session import Session

        s = play_to_end(Session(load_scenario(None), 5))
        s.note("\x1b[2J escape \x00 nul")
        _MODEL.update(build_model(s))
    return _MODEL


@settings(fast, max_examples=25)  # each render forks a child: the costliest category
@given(t=templates())
def test_hostile_templates(tmp_path_factory, t):
    check("templates", template_property(tmp_path_factory.mktemp("t"), t))


@pytest.mark.slow
@slow
@given(t=templates())
def test_hostile_templates_many(tmp_path_factory, t):
    check("templates", template_property(tmp_path_factory.mktemp("t"), t))
