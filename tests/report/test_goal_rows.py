"""The report names each goal a team is scored on and what it added to the final score."""

from __future__ import annotations

import pytest

from game.core.goals import part
from game.report import render_model
from game.report.model import build_model


def test_each_goal_and_its_points_are_in_both_formats(game):
    model = build_model(game)
    usa = next(t for t in model["teams"] if t["code"] == "USA")
    scn = game.scenario
    goal = scn.teams["USA"].goals[0]
    final = game.state.indicators["USA"][goal.key]
    [row] = usa["goals"]
    assert row["title"] == "Keep China's access to equipment (semiconductors) low"
    assert row["points"] == pytest.approx(part(scn, goal, final) * goal.weight, abs=1e-4)
    sentence = (f"{row['title']}: 20%, at the end {round(row['part'])} of 100, "
                f"{row['points']:.1f} points of the score.")
    assert sentence in render_model(model, "md")
    assert sentence.replace("'", "&#39;") in render_model(model, "html")
    kor = next(t for t in model["teams"] if t["code"] == "KOR")
    assert kor["goals"] == []
