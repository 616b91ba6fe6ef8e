"""The print kit: what the table needs on paper when the projector fails.

One briefing pack per team (situation, objective, score weights, starting indicators, and its
hand as cut-out cards: cost, effects in plain words, source) and the facilitator's run sheet
(phases and timings, the shock schedule, the shock deck, the injects at hand). Built from the
scenario alone, as plain data, and printed through the same HTML-to-PDF path as the brief.
"""

from __future__ import annotations

from ..core.citations import short_form
from ..core.rules import new_game
from .causes import CATEGORY_TITLES, r4

#: suggested minutes per phase of a round (the run sheet's timings)
PHASE_MINUTES = (("Briefing", 5), ("Shock", 5), ("Decisions", 15), ("Adjudication", 5),
                 ("Debrief", 10))


def _who(world, actors, team: str | None = None) -> str:
    out = []
    for a in actors:
        if a == "self":
            out.append((world.actor_name(team) if world.has_actor(team) else "you") if team else "you")
        elif a == "partners":
            out.append("the partners")
        elif a == "all":
            out.append("every actor")
        elif a == "target":
            out.append("the team it answers")
        else:
            out.append(world.actor_name(a))
    if len(out) <= 1:
        return "".join(out)
    return ", ".join(out[:-1]) + " and " + out[-1]


def _where(world, e) -> str:
    sector = world.sector_title(e.sector).lower() if e.sector in world.sectors else "every sector"
    if e.stage:
        return f"{world.stage_title(e.sector, e.stage).lower()} ({sector})"
    return sector


def _pct(x: float) -> str:
    return f"{round(abs(x) * 100)}%"


def effect_text(e, team: str | None, world) -> str:
    """One effect in plain words, with its timing: "Cuts exports of equipment (semiconductors)
    from you and EU / Netherlands to China by 40%, for 4 rounds" (names from `world`)."""
    k = e.kind
    if k == "capacity":
        size = (f"{'+' if e.change >= 0 else '−'}{_pct(e.change)}" if e.change else "")
        if e.units:
            size = (size + " and " if size else "") + f"{e.units:+g} units"
        text = f"Capacity of {_who(world, e.actors, team)} at {_where(world, e)}: {size}"
    elif k == "trade":
        text = (f"Cuts exports of {_where(world, e)} from {_who(world, e.exporters, team)} to "
                f"{_who(world, e.importers, team)} by {_pct(e.change)}")
    elif k == "sourcing":
        text = f"{_who(world, e.actors, team)} moves {_pct(e.change)} of purchases of {_where(world, e)}"
        if e.away_from:
            text += f" away from {_who(world, e.away_from, team)}"
        if e.towards:
            text += f" towards {_who(world, e.towards, team)}"
    elif k == "stockpile":
        text = (f"{'Adds' if e.units >= 0 else 'Releases'} {abs(e.units):g} days of stock of "
                f"{_where(world, e)} for {_who(world, e.actors, team)}")
    elif k == "demand":
        text = (f"Demand of {_who(world, e.actors, team)} for {_where(world, e)}: "
                f"{'+' if e.change >= 0 else '−'}{_pct(e.change)}")
    elif k == "price":
        text = f"Price of {_where(world, e)}: {'+' if e.change >= 0 else '−'}{_pct(e.change)}"
    elif k == "relations":
        text = (f"Relations of {_who(world, e.actors, team)} with {_who(world, e.counterparts, team)}: "
                f"{e.change:+g}")
    elif k == "budget":
        text = f"Budget of {_who(world, e.actors, team)}: {e.units:+g} a round"
    elif k == "early_warning":
        text = (f"Early warning for {_who(world, e.actors, team)}: next round's shocks seen now, their "
                f"effect on its own supply chain softened by {_pct(e.change)}")
    else:
        text = k.replace("_", " ")
    timing = []
    if e.lag:
        timing.append(f"lands after {e.lag} round{'s' if e.lag != 1 else ''}")
    if e.duration:
        timing.append(f"for {e.duration} round{'s' if e.duration != 1 else ''}")
    return text + (f", {', '.join(timing)}" if timing else "") + "."


def _card(scn, cid: str, team: str) -> dict:
    world = scn.world
    c = scn.cards[cid]
    return {
        "id": cid, "title": c.title, "cost": r4(c.cost), "political_capital": r4(c.political_capital),
        "category": c.category.replace("_", " "),
        "effects": [effect_text(e, team, world) for e in c.effects],
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
            "effects": [effect_text(e, None, scn.world) for e in s.effects], "source": short_form(s.source)}


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
