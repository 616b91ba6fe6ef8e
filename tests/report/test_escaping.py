"""Everything a person typed prints as text: never markup, never template syntax."""

from __future__ import annotations

import html as htmllib

from game.report import md_escape, render_report

from .conftest import HOSTILE, HOSTILE_REASON, HOSTILE_TITLE, META


def test_html_escapes_notes_titles_reasons_and_team_names(hostile_game):
    out = render_report(hostile_game, "html", meta=META)
    for raw in ("<script>", "<b>Boom", "<img src=x", "<i>Alice", "<u>under"):
        assert raw not in out
    assert "&lt;script&gt;alert(" in out
    assert "&lt;b&gt;Boom&lt;/b&gt; {{ config }}" in out  # title printed, not evaluated
    assert "{{ 7*7 }}" in out and "{% raw %}" in out
    assert htmllib.escape(HOSTILE_REASON, quote=True).split(" judgement")[0] in out
    assert "&lt;i&gt;Alice&lt;/i&gt;" in out


def test_markdown_escapes_markup_and_table_pipes(hostile_game):
    out = render_report(hostile_game, "md", meta=META)
    for raw in ("<script>", "<b>Boom", "<img src=x", "<i>Alice", "[link](http://x)"):
        assert raw not in out
    assert "&lt;script&gt;" in out
    assert r"\{\{ 7\*7 \}\}" in out
    assert r"Bob \| Carol" in out  # a pipe cannot open a new table cell
    assert r"\*bold\*" in out


def test_extra_notes_from_the_store_are_escaped_and_merged(game):
    notes = [{"round": 3, "phase": "debrief", "author": "white cell", "kind": "note",
              "text": "<script>x</script>"}]
    out = render_report(game, "html", notes=notes)
    assert "&lt;script&gt;x&lt;/script&gt;" in out and "<script>x" not in out


def test_md_escape_keeps_plain_text_readable():
    assert md_escape("Korea's K-Chips Act (2023): 25% credit") == "Korea's K-Chips Act (2023): 25% credit"
    assert md_escape("a\nb") == "a<br>b"
    assert md_escape("<x>") == "&lt;x&gt;"
    assert md_escape("&lt;") == "&amp;lt;"
    assert "\n" not in md_escape(HOSTILE + "\n" + HOSTILE)


def test_charts_escape_custom_shock_titles(hostile_game):
    from game.report.model import build_model

    model = build_model(hostile_game, meta=META)
    svgs = [model["charts"]["resilience"], model["charts"]["score"]]
    svgs += [t["waterfall_svg"] for t in model["teams"]]
    assert not any("<b>Boom" in s for s in svgs)
    assert HOSTILE_TITLE in str(model)  # kept as plain text in the model
