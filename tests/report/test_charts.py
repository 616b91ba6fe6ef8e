"""Charts are valid SVG, and legible without colour."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from game.report import charts
from game.report.model import build_model

NS = "{http://www.w3.org/2000/svg}"


def all_svgs(model):
    yield model["charts"]["resilience"]
    yield model["charts"]["score"]
    for hm in model["charts"]["heat_maps"]:
        yield hm["svg"]
    for tm in model["teams"]:
        yield tm["waterfall_svg"]


def test_every_chart_parses_as_svg(hostile_game):
    model = build_model(hostile_game)
    n = 0
    for svg in all_svgs(model):
        root = ET.fromstring(svg)
        assert root.tag == f"{NS}svg" and root.get("viewBox")
        assert root.find(f"{NS}title").text
        n += 1
    assert n == 2 + len(model["charts"]["heat_maps"]) + 5


def test_trajectories_differ_by_dash_and_marker_and_are_labelled(game):
    root = ET.fromstring(build_model(game)["charts"]["resilience"])
    lines = [p for p in root.iter(f"{NS}path") if p.get("fill") == "none"
             and p.get("stroke-width") == "1.8"]
    assert len(lines) == 5
    dashes = {p.get("stroke-dasharray") for p in lines}
    assert len(dashes) == 5
    texts = {t.text for t in root.iter(f"{NS}text")}
    assert {"KOR", "JPN", "USA", "CHN", "ASEAN"} <= texts


def test_heat_map_prints_its_numbers(game):
    hm = build_model(game)["charts"]["heat_maps"][0]
    root = ET.fromstring(hm["svg"])
    texts = [t.text for t in root.iter(f"{NS}text")]
    cells = sum(len(v) for p in hm["panels"] for v in p["values"].values())
    assert cells
    assert sum(1 for t in texts if t and t.endswith("%")) >= cells
    fills = {r.get("fill") for r in root.iter(f"{NS}rect")}
    assert all(f == "#ffffff" or (f[1:3] == f[3:5] == f[5:7]) for f in fills)  # greys only


def test_waterfall_hatches_losses_with_a_unique_pattern_id():
    a = charts.waterfall(70, [{"label": "gain", "delta": 3}, {"label": "loss", "delta": -5}],
                         68, "t", uid="kor")
    b = charts.waterfall(70, [{"label": "<x>", "delta": -1}], 69, "t", uid="jpn")
    ra, rb = ET.fromstring(a), ET.fromstring(b)
    assert ra.find(f".//{NS}pattern").get("id") != rb.find(f".//{NS}pattern").get("id")
    assert any((r.get("fill") or "").startswith("url(#hatch-kor)") for r in ra.iter(f"{NS}rect"))
    assert "<x>" in {t.text for t in rb.iter(f"{NS}text")}  # escaped in the source, text here
