"""The report's sources list gives the full reference of the works the scenario's assumptions
cite, not only of the cards and shocks that came up in play."""

from __future__ import annotations

from game.content import load_scenario
from game.report.model import _sources
from game.session import Session


def test_assumptions_that_cite_works_are_in_the_sources_with_full_references():
    scn = load_scenario("semiconductor_chokepoint")
    assert scn.assumption_sources, "the default scenario's assumptions cite works"
    items = _sources(scn, Session(scn, 1).state)
    cited = [it for it in items if it["kind"] == "Assumption"]
    assert len(cited) == len(scn.assumption_sources)
    # a full reference: the title in quotes and the year, not the short form
    assert any("Strengthening the Global Semiconductor Supply Chain" in it["source"] for it in cited)


def test_a_teams_stock_policy_is_read_from_the_scenario(tmp_path):
    from pathlib import Path

    src = Path("scenarios/semiconductor_chokepoint.yaml").read_text()
    src = src.replace("    budget: 10\n    income: 4\n", "    budget: 10\n    income: 4\n"
                      "    stock_target_days: 90\n    refill_days: 15\n", 1)
    f = tmp_path / "policy.yaml"
    f.write_text(src)
    scn = load_scenario(str(f))
    assert (scn.teams["KOR"].stock_target_days, scn.teams["KOR"].refill_days) == (90.0, 15.0)
    assert scn.teams["JPN"].stock_target_days is None and scn.teams["JPN"].refill_days == 30.0
