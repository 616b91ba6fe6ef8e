"""The print kit: what the table needs on paper when the projector fails.

One briefing pack per team (situation, objective, score weights, starting indicators, and its
hand as cut-out cards: cost, effects in plain words, source) and the facilitator's run sheet
(phases and timings, the shock schedule, the shock deck, the injects at hand). Built from the
scenario alone, as plain data, and printed through the same HTML-to-PDF path as the brief.
"""

from __future__ import annotations

from ..core.citations import short_form
from ..core.rules import new_game
from ..wording import effects_in_scenario, goal_title
from .causes import CATEGORY_TITLES, r4

#: suggested minutes per phase of a round (the run sheet's timings)
PHASE_MINUTES = (("Briefing", 5), ("Shock", 5), ("Decisions", 15), ("Adjudication", 5),
                 ("Debrief", 10))


def _card(scn, cid: str, team: str) -> dict:
    world = scn.world
    c = scn.cards[cid]
    return {
        "id": cid, "title": c.title, "cost": r4(c.cost), "political_capital": r4(c.political_capital),
        "category": c.category.replace("_", " "),
        "effects": effects_in_scenario(c.effects, team, scn),
        "partners": [world.actor_name(p) for p in c.partners],
        "requires": [scn.cards[r].title if r in scn.cards else r for r in c.requires],
        "limit": c.limit,
        "retaliation": (f"{world.actor_name(c.retaliation.by)} may answer "
                        f"({round(c.retaliation.chance * 100)}% chance): "
                        f"{scn.shocks[c.retaliation.shock].title if c.retaliation.shock in scn.shocks else c.retaliation.shock}")
        if c.retaliation else "",
        "flavour": c.flavour, "source": short_form(c.source),
    }


def _shock(scn, sid: str) -> dict:
    s = scn.shocks[sid]
    return {"id": sid, "title": s.title, "category": CATEGORY_TITLES.get(s.category, s.category),
            "severity": r4(s.severity), "duration": s.duration, "flavour": s.flavour,
            "effects": effects_in_scenario(s.effects, None, scn), "source": short_form(s.source)}


def build_kit(scn) -> dict:
    """Everything the print kit shows, as plain data."""
    world = scn.world
    start = new_game(scn, 0).indicators
    teams = []
    for t in world.teams:
        setup = scn.teams[t]
        ind = start[t]
        teams.append({
            "code": t, "name": world.actor_name(t), "objective": setup.objective,
            "briefing": " ".join(setup.briefing.split()),
            "weight_resilience": round(setup.weight_resilience * 100),
            "weight_prosperity": round(setup.weight_prosperity * 100),
            "goals": [{"title": goal_title(scn, g), "weight": round(g.weight * 100)}
                      for g in setup.goals],
            "start": {"budget": r4(ind["budget"]), "income": r4(setup.income),
                      "political_capital": r4(ind["political_capital"]),
                      "political_income": r4(setup.political_income),
                      "resilience": r4(ind["resilience"]), "score": r4(ind["score"]),
                      "sectors": [{"title": world.sector_title(s),
                                   "supply": r4(ind.get(f"supply.{s}", 0.0)),
                                   "stock": r4(ind.get(f"stockpile_days.{s}", 0.0))}
                                  for s in scn.sectors]},
            "hand": [_card(scn, c, t) for c in setup.hand if c in scn.cards],
        })
    scheduled = [{"round": r, "shocks": [_shock(scn, s) for s in ids if s in scn.shocks]}
                 for r, ids in sorted(scn.schedule.items())]
    retaliation = sorted({c.retaliation.shock for c in scn.cards.values() if c.retaliation
                          and c.retaliation.shock in scn.shocks})
    return {
        "scenario": {"id": scn.id, "title": scn.title, "rounds": scn.rounds,
                     "round_months": round(scn.round_days / 30),
                     "paragraphs": [" ".join(p.split()) for p in scn.briefing.strip().split("\n\n")
                                    if p.strip()],
                     "max_plays": scn.max_plays_per_round, "draws": scn.draws_per_round,
                     "objectives": [{"title": o.title, "capability": o.capability}
                                    for o in scn.objectives]},
        "phases": [{"name": n, "minutes": m} for n, m in PHASE_MINUTES],
        "round_minutes": sum(m for _, m in PHASE_MINUTES),
        "scheduled": scheduled,
        "deck": [_shock(scn, s) for s in scn.shock_deck if s in scn.shocks],
        "injects": [_shock(scn, s) for s in retaliation],
        "teams": teams,
    }


def render_kit(scn, fmt: str = "pdf", paper: str = "a4") -> str | bytes:
    """The print kit as HTML (str) or PDF (bytes)."""
    from . import PAPERS, ReportError, _builtin_env, _render, html_to_pdf

    paper = paper.lower()
    if paper not in PAPERS:
        raise ReportError(f"unknown paper size {paper!r} (choose from {', '.join(PAPERS)})")
    context = dict(build_kit(scn), paper=paper, page_size=PAPERS[paper])
    html = _render(_builtin_env("html"), "print_kit.html.j2", context, "print_kit.html.j2")
    return html if fmt == "html" else html_to_pdf(html)
