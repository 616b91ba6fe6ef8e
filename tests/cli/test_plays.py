"""`chokepoint run --plays FILE`: scripted plays, mistakes as file:line, refusals listed."""

from __future__ import annotations

import json

from click.testing import CliRunner

from game.cli import main


def _run(tmp_path, text, *args):
    f = tmp_path / "plays.yaml"
    f.write_text(text)
    return CliRunner().invoke(main, ["run", "semiconductor_chokepoint", "--plays", str(f), *args])


def test_named_teams_play_the_file_and_the_others_pass(tmp_path):
    res = _run(tmp_path, "1:\n  USA: [usa_october_export_rules]\n", "--json", "--seed", "2")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    plays = data["rounds"][0]["plays"]
    assert plays["USA"] == ["usa_october_export_rules"]
    assert all(plays[t] == [] for t in ("KOR", "JPN", "CHN", "ASEAN"))
    assert all(not any(r["plays"].values()) for r in data["rounds"][1:])
    assert data["plays_refused"] == []
    causes = data["rounds"][0]["teams"]["USA"]["causes"]["score"]
    assert {"origin", "id", "team", "round", "value"} <= set(causes[0])


def test_a_mistake_in_the_file_names_its_line(tmp_path):
    res = _run(tmp_path, "1:\n  USA: [usa_october_export_rules]\n  KOREA: [x]\n9:\n  JPN: [y]\n"
                         "2:\n  JPN: [no_such_card]\n")
    assert res.exit_code == 2
    assert "plays.yaml:3: unknown team 'KOREA'" in res.output
    assert "unknown round 9: Semiconductor chokepoint has rounds 1-8" in res.output
    assert "plays.yaml:7: unknown card 'no_such_card' in round 2 for JPN" in res.output
    assert "Traceback" not in res.output


def test_a_misspelt_card_id_gets_the_nearest_in_the_teams_hand(tmp_path):
    res = _run(tmp_path, "1:\n  USA: [usa_october_export_rulse]\n2:\n  USA: [qqq]\n")
    assert res.exit_code == 2
    assert ("plays.yaml:2: unknown card 'usa_october_export_rulse' in round 1 for USA; "
            "did you mean 'usa_october_export_rules'?") in res.output
    # nothing near: no guess
    assert "plays.yaml:4: unknown card 'qqq' in round 2 for USA\n" in res.output + "\n"


def test_a_play_the_rules_refuse_is_listed_with_its_reason(tmp_path):
    # the same card twice in two rounds: its limit is once a game
    res = _run(tmp_path, "1:\n  USA: [usa_october_export_rules]\n2:\n  USA: [usa_october_export_rules]\n",
               "--json")
    assert res.exit_code == 0, res.output
    refused = json.loads(res.output)["plays_refused"]
    assert refused == [{"round": 2, "team": "USA", "card": "usa_october_export_rules",
                        "reason": refused[0]["reason"]}]
    assert "already been played" in refused[0]["reason"]
