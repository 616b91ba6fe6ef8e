"""Citations: every `source:` resolves to a work in sources/bibliography.yaml, an unknown key
is a `file:line: key.path: message` problem, and no working-copy file name reaches the product."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.content import load_library
from game.content.bibliography import citation_parts, load_bibliography
from game.content.schema import AssumptionModel
from game.core.citations import Citation, Sources, full_form, short_form

REPO = Path(__file__).resolve().parents[2]
#: the pattern of the working copies' file names (three digits, underscore, 16 hex digits)
WORKING_COPY = re.compile(r"[0-9]{3}_[0-9a-f]{16}")

DECK = """\
deck: mine
team: KOR
cards:
  - id: my_card
    title: A card
    cost: 1
    flavour: Some words.
    source: SOURCE
    effects:
      - {kind: stockpile, days: 10}
"""


def _problems(tmp_path, source: str) -> list[str]:
    deck = tmp_path / "mine.yaml"
    deck.write_text(DECK.replace("SOURCE", source), encoding="utf-8")
    return [str(p) for p in load_library([deck]).problems]


def test_every_source_in_the_bundled_content_resolves(library):
    works = library.bibliography.works
    cited = 0
    for model, _ in library.decks.values():
        for x in [*model.cards, *model.shocks]:
            for ref, _, _ in citation_parts(x.source):
                assert ref in works, f"{x.id}: {ref}"
                cited += 1
    for scn, _ in library.scenarios.values():
        for a in scn.assumptions:
            if isinstance(a, AssumptionModel):
                for ref, _, _ in citation_parts(a.source):
                    assert ref in works, f"{scn.id}: {ref}"
                    cited += 1
    assert cited > 150


@pytest.mark.parametrize("source,where", [
    ("{ref: kiet2012, at: \"Table 5\"}", "mine.yaml:8: cards[0].source.ref: unknown source 'kiet2012'"),
    ("nosuchwork", "mine.yaml:8: cards[0].source: unknown source 'nosuchwork'"),
    ("\n      - {ref: kiet2021}\n      - {ref: babbage2042}",
     "mine.yaml:10: cards[0].source[1].ref: unknown source 'babbage2042'"),
    ("\"seed 001, Table 2\"", "mine.yaml:8: cards[0].source: a source must cite a bibliography key"),
])
def test_an_unknown_work_is_a_file_line_problem(tmp_path, source, where):
    msgs = _problems(tmp_path, source)
    assert any(where in m for m in msgs), msgs
    assert all("sources/bibliography.yaml" in m for m in msgs), msgs


def test_a_typo_names_the_nearest_keys(tmp_path):
    (msg,) = _problems(tmp_path, "{ref: glosermann2022}")
    assert "(keys: glosserman2022" in msg


@pytest.mark.parametrize("source,message", [
    ("{ref: kiet2021, page: 4}", "mine.yaml:8: cards[0].source: unknown key 'page' in a citation"),
    ("{at: \"Table 5\"}", "mine.yaml:8: cards[0].source: a citation needs 'ref'"),
    ("[]", "mine.yaml:8: cards[0].source: expected a bibliography key"),
    ("42", "mine.yaml:8: cards[0].source: expected a bibliography key"),
])
def test_a_citation_of_the_wrong_shape_is_one_clear_problem(tmp_path, source, message):
    msgs = _problems(tmp_path, source)
    assert len(msgs) == 1 and message in msgs[0], msgs


def test_a_good_citation_passes(tmp_path):
    assert _problems(tmp_path, "{ref: kiet2021, at: \"Table 5 (2)\", note: \"incentives\"}") == []


def test_an_unknown_work_in_an_assumption_is_a_problem(tmp_path):
    text = (REPO / "scenarios" / "battery_minerals.yaml").read_text(encoding="utf-8")
    text = text.replace("id: battery_minerals", "id: mine_minerals").replace("{ref: iea2021minerals}", "{ref: iea1921}")
    p = tmp_path / "mine.yaml"
    p.write_text(text, encoding="utf-8")
    msgs = [str(x) for x in load_library([p]).problems]
    line = next(i for i, s in enumerate(text.splitlines(), 1) if "iea1921" in s)
    assert any(m.startswith(f"{p}:{line}: assumptions[") and "unknown source 'iea1921'" in m
               for m in msgs), msgs


def _bib(tmp_path, body: str):
    p = tmp_path / "bib.yaml"
    p.write_text(body, encoding="utf-8")
    return [str(x) for x in load_bibliography(p).problems]


WORK = '  - key: w2021\n    author: A\n    title: T\n    date: "2021"\n    short: W 2021\n'


def test_the_bibliography_is_checked_by_file_and_line(tmp_path):
    where = tmp_path / "bib.yaml"
    assert _bib(tmp_path, "works:\n" + WORK) == []
    assert _bib(tmp_path, "works:\n" + WORK + WORK) == [f"{where}:7: works[1].key: key 'w2021' is used twice"]
    assert _bib(tmp_path, "works:\n" + WORK.replace("    short: W 2021\n", "")) == [
        f"{where}:2: works[0].short: required key is missing"]
    assert _bib(tmp_path, "works:\n" + WORK + "    url: not a url\n") == [
        f"{where}:7: works[0].url: expected an http(s) URL"]
    assert _bib(tmp_path, "works:\n" + WORK + "    pages: 12\n") == [f"{where}:7: works[0].pages: unknown key"]


def test_a_broken_bibliography_is_listed_once_not_per_citation(tmp_path, monkeypatch):
    for folder in ("decks", "scenarios", "worlds"):
        (tmp_path / folder).symlink_to(REPO / folder)
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "bibliography.yaml").write_text("works: [\n", encoding="utf-8")
    monkeypatch.setenv("CHOKEPOINT_CONTENT", str(tmp_path))
    msgs = [str(p) for p in load_library().problems]
    assert len(msgs) == 1 and "bibliography.yaml" in msgs[0] and "invalid YAML" in msgs[0], msgs


def test_short_and_full_forms():
    kiet = Citation("kiet2021", "KIET 2021", "KIET, \u201cReport\u201d, 2021", at="table 5 (2)",
                    url="http://eng.kiet.re.kr")
    both = Sources((kiet, Citation("b", "B 2022", "Bee, \u201cPaper\u201d, 2022.")))
    assert short_form(both) == "KIET 2021, table 5 (2); B 2022"
    assert full_form(both) == ("KIET, \u201cReport\u201d, 2021. Table 5 (2). http://eng.kiet.re.kr "
                               "Bee, \u201cPaper\u201d, 2022.")
    assert short_form("written by the facilitator") == "written by the facilitator"
    assert str(both) == short_form(both) and not Sources()


def test_the_tui_shows_the_short_form(scenarios):
    from game.tui.text import card_text, shock_text

    scn = scenarios["semiconductor_chokepoint"]
    text = card_text(scn.cards["usa_chips_act"], team="USA")
    assert "Source: KIET 2021, Table 2 (2)" in text
    assert "Korea Institute for Industrial Economics and Trade" not in text
    assert "Source: TSMC 2024; Asia House 2021" in shock_text(scn.shocks["taiwan_earthquake"])


def test_the_report_lists_full_references(scenarios):
    from game.headless import play_to_end
    from game.report.model import _sources
    from game.session import Session

    session = play_to_end(Session(scenarios["semiconductor_chokepoint"], 5))
    sources = _sources(session.scenario, session.state)  # the Sources section of the report
    quake = next(s for s in sources if s["kind"] == "Shock" and "Earthquake" in s["title"])
    assert quake["source"].startswith("Taiwan Semiconductor Manufacturing Company (TSMC), [Statements")
    cards = [s for s in sources if s["kind"] == "Card"]
    assert cards and all("“" in s["source"] or "[" in s["source"] for s in cards), cards


def _product_files():
    for top in ("decks", "scenarios", "sources", "docs", "game"):
        yield from (p for p in (REPO / top).rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    yield REPO / "README.md"


def test_no_working_copy_file_name_in_the_product():
    found = []
    for p in _product_files():
        try:
            text = p.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        found += [f"{p.relative_to(REPO)}: {m}" for m in WORKING_COPY.findall(text)]
    assert not found, found


def test_the_check_would_see_a_working_copy_name():
    assert WORKING_COPY.search("seed 001_" + "2745550e1362a412" + ".txt, Table 2")
