"""The scoreboard's team detail words a team's goals and shows what each adds to its score."""

from __future__ import annotations

from game.content import load_scenario
from game.core.goals import part
from game.session import Session
from game.tui.widgets.scoreboard import team_detail

from ..core.rounds import play_round


def test_the_team_detail_shows_each_goal_and_its_points():
    scn = load_scenario("semiconductor_chokepoint")
    s = Session(scn, 3)
    play_round(s, {"USA": ["usa_october_export_rules"]})
    text = team_detail(s.state, "USA", scn)
    goal = scn.teams["USA"].goals[0]
    value = s.state.indicators["USA"][goal.key]
    points = part(scn, goal, value) * goal.weight
    assert "China's equipment access avg %" in text and "China's equipment access now %" in text
    assert "Keep China's access to equipment (semiconductors) low" in text
    assert f"= {points:.1f} points" in text
    # the export control is named as what moved it, and a fall in China's access reads as good
    # news for the United States
    row = next(line for line in text.splitlines() if "China's equipment access avg %" in line)
    assert "[green]" in row
    assert "October 2022 chip export rules" in text.split(row)[1].splitlines()[1]


def test_a_team_without_goals_shows_no_goal_section():
    scn = load_scenario("semiconductor_chokepoint")
    s = Session(scn, 3)
    play_round(s)
    assert "Goals in the score" not in team_detail(s.state, "KOR", scn)
