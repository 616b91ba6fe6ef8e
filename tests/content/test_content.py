"""The bundled content: counts, sources, flavour, scenarios, and a missing source as an error."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from game.content import load_library
from game.content.bibliography import citation_parts
from game.core.citations import Sources

from ..default_world import SECTORS, TEAMS
from .helpers import SCENARIOS

#: the five documents the game is built on (sources.md); the rest are dated public facts
DOCUMENTS = {"babbage2024", "kiet2021", "businesskorea2023", "asiahouse2021", "glosserman2022"}
#: how to recognise each document's working copy by its text (never by its file name)
OPENINGS = {
    "babbage2024": "BABBAGE FORUM IN ASIA", "kiet2021": "Investigative Report on the US Semiconductor",
    "businesskorea2023": "Core Tech Cooperation", "asiahouse2021": "US-Japan CORE Partnership",
    "glosserman2022": "High-tech Policy and its Potential",
}
TEAM_DECKS = {"KOR": "korea", "JPN": "japan", "USA": "usa", "CHN": "china", "ASEAN": "asean"}
YEAR = re.compile(r"\b(19|20)\d\d\b")


def _all_cards(library):
    return [(d, c) for d, (m, _) in library.decks.items() for c in m.cards]


def _all_shocks(library):
    return [s for m, _ in library.decks.values() for s in m.shocks]


def test_bundled_content_is_valid(library):
    assert library.problems == []


def test_one_deck_per_team_with_ten_distinct_cards(library):
    for team, deck_id in TEAM_DECKS.items():
        deck, _ = library.decks[deck_id]
        assert deck.team == team
        assert len(deck.cards) >= 10, deck_id
        assert len({c.id for c in deck.cards}) == len(deck.cards)
        assert len({c.title for c in deck.cards}) == len(deck.cards)
        # distinct in substance too: no two cards with the same effects
        effects = [tuple(e.model_dump_json() for e in c.effects) for c in deck.cards]
        assert len(set(effects)) == len(effects), deck_id


def test_shared_deck_has_the_joint_agreements(library):
    deck, _ = library.decks["shared"]
    assert deck.team is None
    assert len(deck.cards) >= 12
    by_id = {c.id: c for c in deck.cards}
    for cid in ("linked_early_warning", "chip4_alliance", "ipef_emergency_stockpile",
                "currency_swap", "trilateral_rnd_fund"):
        assert by_id[cid].partners, f"{cid} should be a joint card"
    assert set(by_id["linked_early_warning"].partners) == {"KOR", "USA", "JPN"}
    assert any(not c.partners for c in deck.cards), "some shared cards any team can play alone"


def test_thirty_shocks_across_the_four_sources_and_both_sectors(library):
    shocks = _all_shocks(library)
    assert len(shocks) >= 30
    cats = Counter(s.category for s in shocks)
    assert set(cats) == {"geopolitics", "technology", "domestic_economics", "domestic_policy"}
    assert min(cats.values()) >= 5, cats
    for sector in SECTORS:
        assert sum(any(getattr(e, "sector", None) == sector for e in s.effects) for s in shocks) >= 8, sector
    tags = Counter(t for s in shocks for t in s.tags)
    for tag in ("retaliation", "export_control", "fab_outage", "taiwan", "critical_minerals",
                "involution", "talent", "tariff", "shipping"):
        assert tags[tag] >= 1, tag


def test_retaliation_shocks_aim_at_their_target(library):
    for s in _all_shocks(library):
        if "retaliation" in s.tags:
            actors = [a for e in s.effects for f in ("actor", "exporters", "importers", "buyer",
                                                      "away_from", "with_")
                      for a in (getattr(e, f, None) or ())]
            assert "target" in actors, s.id
    provoked = {c.retaliation.shock for _, c in _all_cards(library) if c.retaliation}
    retaliation = {s.id for s in _all_shocks(library) if "retaliation" in s.tags}
    assert provoked <= retaliation
    assert retaliation <= provoked, "a retaliation shock no card provokes"


def test_every_card_and_shock_cites_works_in_the_bibliography(library):
    items = [c for _, c in _all_cards(library)] + _all_shocks(library)
    for x in items:
        assert x.flavour.strip(), x.id
        refs = [r for r, _, _ in citation_parts(x.source)]
        assert refs and all(r in library.bibliography.works for r in refs), (x.id, refs)
    # most content comes from the five documents themselves
    from_documents = sum(any(r in DOCUMENTS for r, _, _ in citation_parts(x.source)) for x in items)
    assert from_documents >= 0.75 * len(items)


def test_every_work_names_its_author_title_and_year(library):
    works = library.bibliography.works
    assert set(works) >= DOCUMENTS
    for key, w in works.items():
        assert w.author.strip() and w.title.strip() and w.short.strip(), key
        assert YEAR.search(str(w.date)) or key == "glosserman2022", f"{key}: no year in {w.date!r}"


def test_the_cards_carry_resolved_citations(scenarios):
    card = scenarios["semiconductor_chokepoint"].cards["usa_chips_act"]
    assert isinstance(card.source, Sources) and card.source.refs == ("kiet2021",)
    assert card.source.short_form.startswith("KIET 2021, Table 2 (2)")
    assert "Korea Institute for Industrial Economics and Trade" in card.source.full_form


def test_document_sections_cited_exist(library):
    """A citation of a document's Table N must name a table that document has."""
    root = Path(__file__).resolve().parents[3] / "shared" / "seeds"
    if not root.exists():  # the working copies live beside the repository, not in it
        return
    texts = {}
    for p in root.glob("*.txt"):
        text = p.read_text(encoding="utf-8")
        key = next((k for k, opening in OPENINGS.items() if opening in text[:2000]), None)
        if key:
            texts[key] = text
    assert set(texts) == DOCUMENTS
    items = [c for _, c in _all_cards(library)] + _all_shocks(library)
    for x in items:
        for ref, at, _ in citation_parts(x.source):
            for table in re.findall(r"Table (\d)", at):
                if ref in texts:
                    assert f"Table {table}" in texts[ref], f"{x.id}: {ref} has no Table {table}"


def test_scenarios(library, scenarios):
    assert set(library.scenarios) >= set(SCENARIOS)
    defaults = [sid for sid, (m, _) in library.scenarios.items() if m.default]
    assert defaults == ["semiconductor_chokepoint"]
    assert set(library.scenarios["battery_minerals"][0].sectors) >= {"batteries"}
    for sid in SCENARIOS:
        m, _ = library.scenarios[sid]
        scn = scenarios[sid]
        assert 6 <= m.rounds <= 10
        assert len(m.briefing) > 200 and len(m.assumptions) >= 4
        for t in TEAMS:
            assert len(m.teams[t].objective) > 40 and len(m.teams[t].briefing) > 100
            assert len(scn.teams[t].hand) >= 8, (sid, t)
        assert len(scn.shock_deck) >= 15, sid


def test_baselines_follow_the_seeds(scenarios):
    bat = scenarios["battery_minerals"]
    cells = bat.capacity["batteries"]["cells"]
    total = sum(cells.values())
    assert cells["CHN"] / total > 0.75  # seed 001, Table 3: China > 75% of cell capacity
    assert cells["USA"] / total < 0.10  # US < 10%
    demand = bat.demand["batteries"]
    assert abs(demand["USA"] / sum(demand.values()) - 0.12) < 0.005  # US 12% of demand
    # seed 002: ~40% of Korea's core chips are sold in China
    from game.core.network import fold_effects, propagate, propagate_all
    from game.core.rules import new_game

    chips = scenarios["semiconductor_chokepoint"]
    f = propagate(chips, fold_effects(chips.world, new_game(chips, 0).active), "semiconductors", {})
    load = {b: s.get("KOR", 0.0) * chips.demand["semiconductors"].get(b, 0.0)
            for b, s in f.shares["fabrication"].items()}
    assert 0.33 <= load["CHN"] / sum(load.values()) <= 0.45
    # at the start every buyer's orders are met without touching stockpiles
    for scn in scenarios.values():  # all sectors at once: one may need another's inputs
        flows = propagate_all(scn, fold_effects(scn.world, new_game(scn, 0).active), {})
        for sector, f in flows.items():
            assert min(f.supply_met.values()) > 0.98, (scn.id, sector)


def test_missing_source_is_a_validation_error(tmp_path):
    deck = tmp_path / "mine.yaml"
    deck.write_text(
        "deck: mine\n"
        "cards:\n"
        "  - id: my_card\n"
        "    title: A card\n"
        "    cost: 1\n"
        "    flavour: Some words.\n"
        "    effects:\n"
        "      - {kind: stockpile, days: 10}\n",
        encoding="utf-8",
    )
    lib = load_library([deck])
    msgs = [str(p) for p in lib.problems]
    assert any(m.endswith("mine.yaml:3: cards[0].source: required key is missing") for m in msgs), msgs


def test_a_misspelt_scenario_or_card_id_names_the_nearest_one():
    from game.content import load_scenario
    from game.content.yamlsrc import ContentError

    try:
        load_scenario("critical_mineral")
    except ContentError as e:
        assert "unknown scenario 'critical_mineral'; did you mean 'critical_minerals'?" in str(e)
    else:
        raise AssertionError("a misspelt scenario id loaded")
    from game.content.yamlsrc import did_you_mean
    assert did_you_mean("kor_stockpile_expansoin", ["kor_stockpile_expansion", "jpn_x"]) == \
        "; did you mean 'kor_stockpile_expansion'?"
    assert did_you_mean("zzz", ["kor_stockpile_expansion"]) == ""


def test_a_shock_effect_without_a_size_takes_the_shocks_severity(scenarios):
    scn = scenarios["semiconductor_chokepoint"]
    boycott = scn.shocks["chn_informal_boycott"]  # a trade cut written without `cut:`
    cut = next(e for e in boycott.effects if e.kind == "trade")
    assert cut.change == boycott.severity
    shift = next(e for e in scn.shocks["euv_workaround"].effects if e.kind == "sourcing")
    assert shift.change == 0.3  # written: the shock's severity does not override it


def test_default_hands_hold_only_cards_that_act_in_the_scenario(scenarios):
    chips, batteries = scenarios["semiconductor_chokepoint"], scenarios["battery_minerals"]
    assert "usa_buy_american_batteries" not in chips.teams["USA"].hand
    assert "usa_chips_act" not in batteries.teams["USA"].hand
    assert "usa_chips_act" in scenarios["alliance_stress_test"].teams["USA"].hand
    assert "emergency_procurement" in chips.teams["ASEAN"].hand  # acts in every sector


def test_names_from_yaml_are_one_object_each(tmp_path, scenarios):
    """Strings are interned as they are read: a name the world defines and a card repeats are
    the same object, so the engine's lookups by name match by identity (a speed property:
    docs/benchmarks.md). Checked on a file of our own and on the bundled content."""
    import sys

    from game.content.yamlsrc import read_yaml

    path = tmp_path / "names.yaml"
    path.write_text("a: [" + "KOR" + "x, KORx]\nKORx: 1\n")
    data = read_yaml(path).data
    first, second = data["a"]
    key = next(k for k in data if k != "a")
    assert first is second is key is sys.intern("KORx")
    scn = next(iter(scenarios.values()))
    for actor in scn.world.actor_ids:
        assert actor is sys.intern(actor)
