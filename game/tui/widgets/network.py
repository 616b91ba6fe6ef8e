"""The supply chain as a heat map: sectors x stages x actors, capacity and shortfall.

A cell shows the actor's capacity at the stage (from the scenario) on a colour that goes from
green (everything delivered and received) to red (most of it short) using the last
adjudicated round's network summary; a ⚡ marks what this round's shocks hit.
"""

from __future__ import annotations

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from ...core.rules import shock_by_id
from ...core.state import Phase

SHORT_STAGE = {"materials": "Materials", "equipment": "Equipment", "design": "Design",
               "fabrication": "Fab", "atp": "ATP", "raw_materials": "Raw mat.",
               "recycling": "Recycling", "refining": "Refining", "cells": "Cells", "packs": "Packs"}


def heat_style(short: float, has_capacity: bool) -> str:
    if short <= 0.005:
        return "black on #5faf5f" if has_capacity else "dim"
    if short < 0.10:
        return "black on #d7d75f"
    if short < 0.30:
        return "black on #ffaf5f"
    return "bold white on #d75f5f"


def hits_of(scn, state) -> tuple[dict[tuple[str, str], set[str]], list[str], int]:
    """(sector, stage) -> actors hit, the shock titles, and the round they belong to."""
    if state.phase in (Phase.SHOCK, Phase.DECISIONS, Phase.ADJUDICATION) or not state.history:
        rnd = state.round
        ids = [h.shock_id for h in state.shocks.get(rnd, [])] if state.phase is not Phase.BRIEFING else []
    else:
        rnd = state.history[-1].round
        ids = [s["id"] for s in state.history[-1].shocks]
    out: dict[tuple[str, str], set[str]] = {}
    titles = []
    world = scn.world
    actors = world.actor_ids
    for sid in ids:
        try:
            shock = shock_by_id(scn, state, sid)
        except KeyError:
            continue
        titles.append(shock.title)
        for e in shock.effects:
            sectors = [e.sector] if e.sector else list(scn.sectors)
            who = set(e.actors) | set(e.exporters) | set(e.away_from)
            if "all" in who or not who:
                who = set(actors)
            for sector in sectors:
                if sector not in world.sectors:
                    continue
                stages = [e.stage] if e.stage else list(world.sectors[sector].stage_names)
                for stage in stages:
                    out.setdefault((sector, stage), set()).update(a for a in who if a in actors)
    return out, titles, rnd


def network_view(scn, state, compact: bool = False) -> Group:
    rec = state.history[-1] if state.history else None
    hits, titles, rnd = hits_of(scn, state)
    parts = []
    if rec:
        head = f"Round {rec.round} adjudicated: cell colour is the worst of undelivered orders and unmet needs."
    else:
        head = "No round adjudicated yet: capacity only (shortfall appears after the first debrief)."
    parts.append(Text(head, style="bold"))
    if titles:
        parts.append(Text(f"⚡ Round {rnd} shocks: {'; '.join(titles)}", style="yellow"))
    world = scn.world
    for sector in scn.sectors:
        table = Table(title=world.sectors[sector].title, box=box.SIMPLE_HEAD, pad_edge=False,
                      padding=(0, 0 if compact else 1), title_justify="left", expand=False)
        table.add_column("Stage", no_wrap=True)
        for a in world.actor_ids:
            table.add_column(a if a not in scn.teams else Text(a, style="bold"), justify="right",
                             no_wrap=True, min_width=6)
        net = rec.network.get(sector, {}) if rec else {}
        for stage in world.sectors[sector].stage_names:
            caps = scn.capacity.get(sector, {}).get(stage, {})
            row = [Text(SHORT_STAGE.get(stage, world.stage_title(sector, stage)))]
            for a in world.actor_ids:
                cap = caps.get(a, 0.0)
                cell = net.get(stage, {}).get(a, {})
                short = max(cell.get("undelivered", 0.0), cell.get("unmet", 0.0))
                label = f"{cap:.0f}" if cap else "·"
                if short > 0.005:
                    label = f"{label} {short:.0%}" if not compact else f"{short:.0%}"
                hit = a in hits.get((sector, stage), ())
                if hit:
                    label = "⚡" + label
                style = heat_style(short, cap > 0)
                if hit:
                    style += " underline"
                row.append(Text(label, style=style))
            table.add_row(*row)
        parts.append(table)
    parts.append(Text.assemble(
        ("Key: ", "bold"), ("  ok  ", heat_style(0, True)), " ", ("  <10%  ", heat_style(0.05, True)),
        " ", (" 10-30% ", heat_style(0.2, True)), " ", (" >30% short ", heat_style(0.5, True)),
        "  number = capacity units · % = shortfall · ⚡ = hit by a shock this round"))
    return Group(*parts)
