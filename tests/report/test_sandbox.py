"""A facilitator's own template: sandboxed, plain data only, errors with file:line."""

from __future__ import annotations

import pytest

from game.report import ReportError, render_report


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_user_template_sees_plain_data_and_autoescapes(tmp_path, hostile_game):
    t = write(tmp_path, "mine.html.j2",
              "<h1>{{ scenario.title }}</h1>{% for n in notes %}<p>{{ n.text }}</p>{% endfor %}"
              "{% for s in standings %}{{ s.team }}={{ s.score|num }};{% endfor %}")
    out = render_report(hostile_game, "html", template=t)
    assert out.startswith("<h1>Semiconductor chokepoint</h1>")
    assert "&lt;script&gt;" in out and "<script>" not in out
    assert "KOR=" in out


def test_user_markdown_template_escapes_too(tmp_path, hostile_game):
    t = write(tmp_path, "mine.md.j2", "{% for n in notes %}- {{ n.text }}\n{% endfor %}")
    out = render_report(hostile_game, "md", template=t)
    assert "<script>" not in out and r"\{\{ 7\*7 \}\}" in out


@pytest.mark.parametrize("body", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ scenario.__class__ }}",
    "{{ teams.append(1) }}",
    "{{ game.update({'seed': 1}) }}",
    "{{ cycler.__init__.__globals__ }}",
])
def test_sandbox_refuses_escapes_and_mutation(tmp_path, game, body):
    t = write(tmp_path, "evil.html.j2", "ok\n" + body + "\n")
    with pytest.raises(ReportError) as err:
        render_report(game, "html", template=t)
    assert f"{t}:2" in str(err.value)


def test_user_template_cannot_include_files_outside(tmp_path, game):
    t = write(tmp_path, "inc.html.j2", '{% include "../../../etc/passwd" %}')
    with pytest.raises(ReportError, match="not found"):
        render_report(game, "html", template=t)


def test_syntax_error_names_file_and_line(tmp_path, game):
    t = write(tmp_path, "bad.html.j2", "line one\nline two\n{% for x in %}\n")
    with pytest.raises(ReportError) as err:
        render_report(game, "html", template=t)
    assert err.value.line == 3
    assert str(err.value).startswith(f"{t}:3: template syntax error")


def test_undefined_variable_is_an_error_with_its_line(tmp_path, game):
    t = write(tmp_path, "typo.md.j2", "# {{ scenario.title }}\n\n{{ senario.title }}\n")
    with pytest.raises(ReportError) as err:
        render_report(game, "md", template=t)
    assert err.value.line == 3 and "senario" in str(err.value)


def test_user_template_may_extend_the_builtin_one(tmp_path, game):
    t = write(tmp_path, "ours.html.j2",
              '{% extends "report.html.j2" %}{% block method %}<p id="ours">Our method</p>'
              "{% endblock %}")
    out = render_report(game, "html", template=t)
    assert '<p id="ours">Our method</p>' in out and "Bottom line" in out
    assert "<h2>9. How the numbers are made</h2>" not in out


def test_missing_template(tmp_path, game):
    with pytest.raises(ReportError, match="template not found"):
        render_report(game, "md", template=tmp_path / "nope.md.j2")
