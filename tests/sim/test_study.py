"""Study files: read with errors by file and line, run as one job, written to tables that
sqlite-utils opens, and read back into the very summaries (and report) the run produced."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from game.cli import main
from game.content import ContentError
from game.sim import run_batch, summarize
from game.sim.study import load_study, read_results, run_study, write_results

from ..default_world import TEAMS

STUDY = """\
study: par_check
runs: 6
seed: 4
scenarios:
  - semiconductor_chokepoint
  - variant: chips_usa_par_45
    from: semiconductor_chokepoint
    set:
      teams.USA.par: 45
lineups:
  heuristic: heuristic
  random: random
"""


@pytest.fixture
def study_file(tmp_path) -> Path:
    f = tmp_path / "study.yaml"
    f.write_text(STUDY)
    return f


def test_cells_are_scenarios_times_lineups_on_the_same_seeds(study_file, scn):
    study = load_study(study_file)
    assert [(c.scenario, c.lineup) for c in study.cells] == [
        ("semiconductor_chokepoint", "heuristic"), ("semiconductor_chokepoint", "random"),
        ("chips_usa_par_45", "heuristic"), ("chips_usa_par_45", "random")]
    variant = study.cells[2].scn
    assert variant.teams["USA"].par == 45 != scn.teams["USA"].par
    assert variant.teams["KOR"].par == scn.teams["KOR"].par and variant.cards == scn.cards
    batches = run_study(study, jobs=1)
    assert batches[1].records == run_batch(scn, 6, 4, 1, "random").records
    # same seeds, random bots (they never look at a par): only the USA's par differs, so the
    # USA's score moves and what happened in the world does not
    base, var = batches[1].records[0]["final"], batches[3].records[0]["final"]
    for t in TEAMS:
        assert var[t]["resilience"] == base[t]["resilience"]
    assert var["USA"]["score"] != base["USA"]["score"]
    assert var["KOR"]["score"] == base["KOR"]["score"]


def test_tables_open_in_sqlite_utils_and_read_back_the_same_summaries(study_file, tmp_path):
    study = load_study(study_file)
    batches = run_study(study, jobs=1)
    db_path = tmp_path / "results.db"
    rows = write_results(db_path, study, batches)
    assert rows == 4 * 6 * len(TEAMS)
    out = subprocess.run([sys.executable, "-m", "sqlite_utils", "tables", str(db_path),
                          "--counts"], capture_output=True, text=True, check=True).stdout
    assert {"table": "study_games", "count": rows} in json.loads(out)
    row = next(Database(db_path)["study_games"].rows_where("team = 'USA'", limit=1))
    assert row["study"] == "par_check" and isinstance(json.loads(row["played"]), list)
    stored = read_results(db_path)
    assert [(s.scenario, s.lineup) for s in stored] == [(c.scenario, c.lineup) for c in study.cells]
    for s, c, b in zip(stored, study.cells, batches):
        assert summarize(s.scn, s.batch) == summarize(c.scn, b)
    write_results(db_path, study, batches)  # a rerun replaces its rows
    assert Database(db_path)["study_games"].count == rows


def test_cli_study_then_from_gives_the_same_json_and_a_report(study_file, tmp_path):
    runner = CliRunner()
    db = tmp_path / "out.db"
    ran = runner.invoke(main, ["simulate", "--study", str(study_file), "--db", str(db),
                               "--jobs", "1", "--json"])
    assert ran.exit_code == 0, ran.output
    back = runner.invoke(main, ["simulate", "--from", str(db), "--json"])
    assert back.exit_code == 0, back.output
    assert back.stdout == ran.stdout
    assert [c["lineup"] for c in json.loads(ran.stdout)["cells"]] == ["heuristic", "random"] * 2
    report = tmp_path / "study.md"
    r = runner.invoke(main, ["simulate", "--from", str(db), "--report", str(report)])
    assert r.exit_code == 0, r.output
    md = report.read_text()
    assert md.startswith("# Study par_check")
    assert "## chips_usa_par_45 x random: Semiconductor chokepoint" in md
    assert md.count("### Win rates by team") == 4


@pytest.mark.parametrize("text, where", [
    (STUDY.replace("runs: 6", "runs: none"), "study.yaml:2: runs:"),
    (STUDY.replace("heuristic: heuristic", "heuristic: KOR=genius"),
     "study.yaml:11: lineups.heuristic: unknown bot 'genius'"),
    (STUDY.replace("  - semiconductor_chokepoint\n", "  - no_such_scenario\n"),
     "study.yaml:5: scenarios[0]: unknown scenario 'no_such_scenario'"),
    (STUDY.replace("teams.USA.par", "teams.XYZ.par"),
     "study.yaml:9: scenarios[1].set.teams.XYZ.par: the scenario has no 'teams.XYZ'"),
    (STUDY.replace("teams.USA.par: 45", "teams.USA.par: lots"),
     "study.yaml:6: scenarios[1]: variant 'chips_usa_par_45': teams.USA.par:"),
    (STUDY.replace("study: par_check", "study: Par Check"), "study.yaml:1: study:"),
    (STUDY + "colour: blue\n", "study.yaml:13: colour: unknown key 'colour'"),
])
def test_bad_study_files_name_file_line_and_key(tmp_path, text, where):
    f = tmp_path / "study.yaml"
    f.write_text(text)
    with pytest.raises(ContentError) as err:
        load_study(f)
    assert any(where in str(p) for p in err.value.problems), [str(p) for p in err.value.problems]
    r = CliRunner().invoke(main, ["simulate", "--study", str(f), "--db", str(tmp_path / "x.db")])
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert not (tmp_path / "x.db").exists()


def test_cli_refuses_mixing_a_study_with_batch_options(study_file, tmp_path):
    runner = CliRunner()
    r = runner.invoke(main, ["simulate", "--study", str(study_file), "--runs", "5"])
    assert r.exit_code == 2 and "from the study file" in r.stderr
    r = runner.invoke(main, ["simulate", "--from", str(tmp_path / "none.db")])
    assert r.exit_code == 2 and "no such file" in r.stderr
    empty = tmp_path / "empty.db"
    Database(empty)["other"].insert({"x": 1})
    r = runner.invoke(main, ["simulate", "--from", str(empty)])
    assert r.exit_code == 2 and "no study results here" in r.stderr


@pytest.mark.slow
def test_a_study_on_the_cluster_gives_the_same_batches(study_file):
    pytest.importorskip("distributed", reason="dask is an optional extra: pip install -e '.[cluster]'")
    from game.sim.cluster import open_cluster

    study = load_study(study_file)
    local = run_study(study, jobs=1)
    with open_cluster("local:2") as client:
        remote = run_study(study, client=client)
    assert [b.records for b in remote] == [b.records for b in local]
