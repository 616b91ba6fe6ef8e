"""`chokepoint validate --play`: a calm game (no shocks, nobody plays) per scenario, with a
`file:line` warning where a team starts below full supply."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from game.cli import main

REPO = Path(__file__).resolve().parents[2]


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output + (result.stderr or "") + str(result.exception or "")
    return result


def test_every_bundled_scenario_is_played_calm():
    r = run("validate", "--play")
    assert r.exit_code == 0, r.stderr
    played = [line for line in r.output.splitlines() if line.startswith("calm game: ")]
    bundled = len(list((REPO / "scenarios").glob("*.yaml")))
    assert len(played) == bundled and all(": 8 rounds, " in line for line in played), r.output
    for line in r.stderr.splitlines():  # warnings, if any, name file, line and key
        assert line.startswith("scenarios/") and ": demand." in line and ": warning: " in line


def test_a_scenario_short_of_capacity_is_warned_with_file_and_line(tmp_path):
    text = (REPO / "scenarios" / "semiconductor_chokepoint.yaml").read_text(encoding="utf-8")
    fab = "    fabrication: {TWN: 30, KOR: 27, CHN: 27, JPN: 13, USA: 12, EU: 8, ASEAN: 6, ROW: 2}"
    assert fab in text
    text = text.replace("id: semiconductor_chokepoint", "id: short_fabs").replace("default: true\n", "")
    text = text.replace(fab, fab.replace("KOR: 27", "KOR: 5"))  # a typo: 5 for 25
    p = tmp_path / "short.yaml"
    p.write_text(text, encoding="utf-8")
    assert run("validate", p).exit_code == 0  # valid content: only playing it shows the gap
    r = run("validate", "--play", p)
    assert r.exit_code == 0, r.stderr
    kor = next(i for i, s in enumerate(text.splitlines(), 1)
               if s.startswith("  semiconductors: {CHN: 34"))
    warnings = r.stderr.splitlines()
    assert any(w.startswith(f"{p}:{kor}: demand.semiconductors.KOR: warning: KOR starts below full "
                            "semiconductors supply") and "fabrication" in w for w in warnings), warnings
    assert "calm game: short_fabs: 8 rounds," in r.output
    assert "calm game: semiconductor_chokepoint" not in r.output  # only the file asked about


def test_the_harbour_fixture_starts_at_full_supply():
    r = run("validate", "--play", REPO / "tests" / "content" / "fixtures" / "harbour" / "harbour.yaml")
    assert r.exit_code == 0 and "calm game: harbour_fixture: 8 rounds, no warnings" in r.output, r.stderr
