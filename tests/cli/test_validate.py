"""`chokepoint validate`: exit 0 on the bundled content; exit 2 and `file:line: key: message`
on broken files; never a traceback."""

from __future__ import annotations

import textwrap

import pytest
from click.testing import CliRunner

from game.cli import main

GOOD_DECK = """\
deck: extra
team: KOR
cards:
  - id: kor_extra
    title: Extra card
    cost: 1
    flavour: A test card.
    source: {ref: kiet2021, at: "Table 2 (1)"}
    effects:
      - kind: stockpile
        sector: semiconductors
        days: 10
"""


def run(*args):
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in (result.output + str(result.exception or ""))
    return result


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


def test_bundled_content_is_valid():
    r = run("validate")
    assert r.exit_code == 0, r.output
    assert r.output.startswith("ok: bundled content")


def test_a_good_file_passes(tmp_path):
    r = run("validate", str(write(tmp_path, "extra.yaml", GOOD_DECK)))
    assert r.exit_code == 0, r.output


@pytest.mark.parametrize(
    "old,new,expected",
    [
        ("        days: 10", "        days: 10\n        lag: two",
         "extra.yaml:13: cards[0].effects[0].lag: expected an integer >= 0, got 'two'"),
        ("    cost: 1", "    cost: -1", "extra.yaml:6: cards[0].cost: expected a number >= 0, got -1"),
        ("    cost: 1", "    cost: 1\n    colour: red", "extra.yaml:7: cards[0].colour: unknown key 'colour'"),
        ('    source: {ref: kiet2021, at: "Table 2 (1)"}\n', "", "extra.yaml:4: cards[0].source: required key is missing"),
        ("ref: kiet2021", "ref: kiet2012",
         # the bibliography's path is absolute when the package is installed, not run from a checkout
         "extra.yaml:8: cards[0].source.ref: unknown source 'kiet2012'; works are listed in "
         "<...>sources/bibliography.yaml (keys: kiet2021"),
        ("        sector: semiconductors", "        sector: chips",
         "extra.yaml:11: cards[0].effects[0].sector: unknown sector 'chips'; expected one of semiconductors, batteries"),
        ("team: KOR", "team: KOREA",
         "extra.yaml:2: team: unknown team 'KOREA'; expected one of KOR, JPN, USA, CHN, ASEAN"),
        ("      - kind: stockpile", "      - kind: stockpyle",
         "extra.yaml:10: cards[0].effects[0].kind: unknown effect kind 'stockpyle'"),
    ],
)
def test_broken_deck_names_file_line_and_key(tmp_path, old, new, expected):
    assert old in GOOD_DECK
    p = write(tmp_path, "extra.yaml", GOOD_DECK.replace(old, new))
    r = run("validate", str(p))
    assert r.exit_code == 2
    lines = r.output.strip().splitlines()
    assert any(_matches(line, expected) for line in lines), r.output
    assert all(":" in line for line in lines)


def _matches(line: str, expected: str) -> bool:
    """`expected` is in `line`, where '<...>' in it stands for any text."""
    parts = expected.split("<...>")
    at = line.find(parts[0])
    for part in parts[1:]:
        if at < 0:
            return False
        at = line.find(part, at + len(parts[0]))
    return at >= 0


def test_stage_must_belong_to_the_sector(tmp_path):
    text = GOOD_DECK.replace("      - kind: stockpile\n        sector: semiconductors\n        days: 10",
                             "      - kind: capacity\n        sector: batteries\n        stage: fabrication\n        change: 0.1")
    r = run("validate", str(write(tmp_path, "extra.yaml", text)))
    assert r.exit_code == 2
    assert "extra.yaml:12: cards[0].effects[0].stage: stage 'fabrication' is not a stage of batteries" in r.output


def test_malformed_yaml_gives_file_and_line(tmp_path):
    p = write(tmp_path, "bad.yaml", "deck: x\ncards:\n  - id: [unclosed\n")
    r = run("validate", str(p))
    assert r.exit_code == 2
    assert "bad.yaml:4: invalid YAML" in r.output or "bad.yaml:3: invalid YAML" in r.output
    # the bracket is found unclosed where the file ends: the message names the line it opened on
    assert "that starts on line 3" in r.output


def test_a_folder_stands_for_its_yaml_files(tmp_path):
    write(tmp_path, "extra.yaml", GOOD_DECK)
    (tmp_path / "notes.txt").write_text("not content", encoding="utf-8")
    r = run("validate", str(tmp_path))
    assert r.exit_code == 0, r.output
    # the folder, as given, and its deck read beside the bundled eight
    assert r.output.startswith(f"ok: {tmp_path}: 9 decks (88 cards"), r.output
    write(tmp_path, "bad.yaml", "deck: x\ncards:\n  - id: [unclosed\n")
    r = run("validate", str(tmp_path))
    assert r.exit_code == 2 and "bad.yaml:" in r.output, r.output
    empty = tmp_path / "empty"
    empty.mkdir()
    r = run("validate", str(empty))
    assert r.exit_code == 2
    assert "empty: no YAML files (.yaml, .yml) in this folder" in r.output


def test_missing_file(tmp_path):
    r = run("validate", str(tmp_path / "nope.yaml"))
    assert r.exit_code == 2
    assert "nope.yaml: no such file" in r.output


def test_unknown_ids_in_a_scenario(tmp_path):
    from game.content.loader import bundled_files

    scn = next(p for p in bundled_files() if p.parent.name == "scenarios")
    text = scn.read_text(encoding="utf-8")
    text = text.replace("decks: [", "decks: [no_such_deck, ", 1)
    p = tmp_path / "broken_scenario.yaml"
    p.write_text(text, encoding="utf-8")
    r = run("validate", str(p))
    assert r.exit_code == 2
    assert "unknown deck 'no_such_deck'" in r.output
    line_no = next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith("decks:"))
    assert f"broken_scenario.yaml:{line_no}: decks[0]:" in r.output


def test_run_json_is_deterministic_and_covers_the_five_teams():
    import json

    a, b, c = run("run", "--seed", "7", "--json"), run("run", "--seed", "7", "--json"), run("run", "--seed", "8", "--json")
    assert a.exit_code == 0 and a.output == b.output and a.output != c.output
    data = json.loads(a.output)
    assert set(data) >= {"scenario", "seed", "rounds", "final"}
    assert sorted(data["final"]) == sorted(["KOR", "JPN", "USA", "CHN", "ASEAN"])
    assert sorted(f["rank"] for f in data["final"].values()) == [1, 2, 3, 4, 5]
    assert all(0 <= f["resilience"] <= 100 for f in data["final"].values())
    first = data["rounds"][0]
    assert set(first) >= {"shocks", "plays", "teams"}
    assert set(first["teams"]["KOR"]) == {"indicators", "deltas", "causes"}


def test_run_unknown_scenario_is_a_clear_error():
    r = run("run", "no_such_scenario")
    assert r.exit_code == 2
    assert "unknown scenario 'no_such_scenario'" in r.output


def test_schema_accepts_exactly_the_core_effect_kinds():
    import typing

    from game.content.schema import EffectModel
    from game.core.cards import EFFECT_KINDS

    union = typing.get_args(EffectModel)[0]
    kinds = {typing.get_args(m.model_fields["kind"].annotation)[0] for m in typing.get_args(union)}
    assert kinds == set(EFFECT_KINDS)
