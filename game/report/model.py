"""The report model: a played game turned into plain data (dicts, lists, str, int, float).

Templates, including a facilitator's own sandboxed template, only ever see this model: no
engine objects, no methods to call. Everything the report says is derived here from the
session's scenario and state (the round records with their causes), so it can be tested without
rendering, and the same game always gives the same model.

Text a person typed (notes, custom shock titles, override reasons, team names in `meta`) is
kept as plain text; escaping is the templates' job (HTML autoescape, the Markdown finalizer,
XML escaping in the charts).
"""

from __future__ import annotations

import re

from ..core import sums
from ..core.citations import full_form
from ..core.counterfactual import Removal, counterfactual
from ..core.goals import part as goal_part
from ..core.rules import new_game
from ..core.scoring import SHORTFALL, WEIGHTS, ranking
from ..core.state import Phase
from ..wording import goal_title, is_routine
from . import charts, plan, robustness
from .brief import bottom_line, conclusion, held_up, key_findings
from .causes import (
    CATEGORY_TITLES,
    SHOCK_ORIGINS,
    card_title,
    describe,
    game_totals,
    r4,
    refusal,
    top_causes,
)
from .evaluation import evaluate
from .findings import assess, questions, waterfall_steps
from .glossary import acronyms
from .lessons import find_shock


# ---------------------------------------------------------------- helpers ---------------
def _fmt_created(value) -> str:
    if value is None or value == "":
        return ""
    s = str(value)
    m = re.match(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})", s)
    if m:
        return f"{m.group(1)} {m.group(2)}"
    return s


def _meta_teams(value) -> dict[str, str]:
    """`meta["teams"]` as team code -> who played it, whatever shape the save gave."""
    out: dict[str, str] = {}
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, dict):
                v = v.get("name") or v.get("players") or v.get("player") or v.get("mode") or ""
            if isinstance(v, (list, tuple)):
                v = ", ".join(str(x) for x in v)
            out[str(k)] = "" if v is None else str(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            if isinstance(v, dict):
                code = str(v.get("team") or v.get("code") or "")
                if code:
                    out[code] = str(v.get("name") or v.get("player") or v.get("mode") or "")
            else:
                out[str(v)] = ""
    return out


def _merge_notes(state_notes: list[dict], extra: list[dict] | None) -> list[dict]:
    seen = set()
    out = []
    for n in list(state_notes) + list(extra or []):
        item = {
            "round": n.get("round"),
            "phase": str(n.get("phase") or ""),
            "author": str(n.get("author") or "facilitator"),
            "kind": str(n.get("kind") or "note"),
            "text": str(n.get("text") or ""),
        }
        key = (item["round"], item["phase"], item["author"], item["kind"], item["text"])
        if key in seen:
            continue
        seen.add(key)
        out.append(item)
    out.sort(key=lambda n: n["round"] if isinstance(n["round"], int) else 10**6)  # stable
    return out


def _met_grid(world, network: dict, sector: str) -> dict[str, dict[str, float]]:
    """team -> stage title -> share of its needs met at that stage (0-1)."""
    grid: dict[str, dict[str, float]] = {}
    for stage in world.sectors[sector].stage_names:
        for team in world.teams:
            cell = network.get(sector, {}).get(stage, {}).get(team)
            if cell is None:
                continue
            grid.setdefault(team, {})[world.stage_title(sector, stage)] = r4(
                1.0 - max(0.0, min(1.0, cell["unmet"]))
            )
    return grid


# ---------------------------------------------------------------- the model -------------
def build_model(session, meta: dict | None = None, notes: list[dict] | None = None,
                replays: int | None = None) -> dict:
    """Everything the report shows, as plain data. `session` needs `.scenario`, `.seed` and
    `.state` (a `game.session.Session`, or anything shaped like one), and `.log` for the
    counterfactual and robustness replays. `replays` is how many other shock draws to replay
    the teams' decisions under (default `robustness.REPLAYS`; 0 for none)."""
    scn = session.scenario
    world = scn.world
    state = session.state
    seed = session.seed
    meta = dict(meta or {})
    history = state.history
    initial = new_game(scn, seed)
    start_ind = initial.indicators
    final_ind = state.indicators if history else start_ind
    order = ranking(final_ind, world.teams)
    players = _meta_teams(meta.get("teams"))

    # ---- rounds (the timeline) ----
    rounds = []
    for rec in history:
        shocks = []
        for s in rec.shocks:
            shock = find_shock(scn, state, s["id"])
            shocks.append({
                "id": s["id"],
                "title": s["title"],
                "flavour": shock.flavour if shock else "",
                "category": CATEGORY_TITLES.get(shock.category, shock.category) if shock else "",
                "origin": s["origin"],
                "origin_text": SHOCK_ORIGINS.get(s["origin"], s["origin"]),
                "note": s.get("note", ""),
                "severity": r4(s["severity"]),
                "duration": s["duration"],
                "warned": list(s.get("warned", [])),
                "custom": s["id"] in state.custom_shocks,
            })
        decisions = []
        for t in world.teams:
            decisions.append({
                "team": t,
                "played": [card_title(scn, c) for c in rec.plays.get(t, [])],
                "refused": [refusal(scn, rec, t, x["card"]) for x in rec.refused.get(t, [])],
            })
        retaliation = []
        for o in rec.chance:
            shock = find_shock(scn, state, o["shock"])
            retaliation.append({
                "team": o["team"],
                "card": card_title(scn, o["card"]),
                "by": o["by"],
                "shock": shock.title if shock else o["shock"],
                "chance": r4(o["chance"]),
                "roll": r4(o["roll"]),
                "hit": bool(o["hit"]),
                "lands": bool(o["hit"]) and rec.round < scn.rounds,
            })
        scores = []
        for t in world.teams:
            scores.append({
                "team": t,
                "score": r4(rec.indicators[t]["score"]),
                "delta": r4(rec.deltas[t].get("score", 0.0)),
                "resilience": r4(rec.indicators[t]["resilience"]),
                "causes": top_causes(scn, state, rec.causes.get(t, {}).get("score", []), t, 2,
                                     rec=rec),
            })
        overrides = [
            {"team": t, "indicator": k, "delta": r4(d), "reason": c.id}
            for t in world.teams for k, lst in rec.causes.get(t, {}).items() for c, d in lst
            if c.origin == "override" and k != "score" and abs(r4(d)) > 0  # score follows
        ]
        rounds.append({"round": rec.round, "shocks": shocks, "decisions": decisions,
                       "retaliation": retaliation, "scores": scores, "overrides": overrides})

    # ---- turning points: the largest score swings, one per round ----
    swings = []
    for rec in history:
        for t in world.teams:
            d = rec.deltas[t].get("score", 0.0)
            if abs(r4(d)) > 0:
                swings.append((-abs(round(d, 9)), rec.round, world.teams.index(t), t, d, rec))
    swings.sort(key=lambda x: x[:3])
    turning_points, used_rounds = [], set()
    for _, rnd, _, t, d, rec in swings:
        if rnd in used_rounds:
            continue
        used_rounds.add(rnd)
        causes = top_causes(scn, state, rec.causes.get(t, {}).get("score", []), t, rec=rec)
        # a cause named as the swing's reason moves it by at least the 0.1 the brief prints:
        # "(0.0)" beside a cause reads as a reason that did nothing
        main = [c for c in causes if (c["delta"] > 0) == (d > 0) and abs(c["delta"]) >= 0.05][:2]
        also = [
            {"team": u, "delta": r4(rec.deltas[u].get("score", 0.0))}
            for u in world.teams
            if u != t and abs(rec.deltas[u].get("score", 0.0)) >= abs(d) / 2
            and (rec.deltas[u].get("score", 0.0) > 0) == (d > 0)
        ]
        turning_points.append({"round": rnd, "team": t, "team_name": world.actor_name(t),
                               "delta": r4(d), "direction": "rose" if d > 0 else "fell",
                               "causes": main, "also": also})
        if len(turning_points) == 3:
            break
    turning_points.sort(key=lambda tp: tp["round"])

    # ---- teams ----
    actions = [e.action for e in getattr(session, "log", [])]
    totals = {t: game_totals(history, t) for t in world.teams}
    decisions = {t: _decisions(scn, state, seed, actions, t) for t in world.teams}
    teams = [_team_model(scn, state, t, totals[t], decisions[t], start_ind, final_ind, order,
                         players) for t in world.teams]
    n_replays = robustness.REPLAYS if replays is None else max(0, int(replays))
    reps = robustness.run(scn, seed, actions, n_replays if history else 0)
    findings = key_findings(scn, state, totals, decisions, reps, seed, actions)
    objectives = evaluate(scn, history, reps, start_ind)
    by_code = {tm["code"]: tm for tm in teams}
    standings = [
        {"rank": i + 1, "team": t, "name": world.actor_name(t), "player": players.get(t, ""),
         "score": r4(final_ind[t]["score"]),
         "score_change": r4(final_ind[t]["score"] - start_ind[t]["score"]),
         "resilience": r4(final_ind[t]["resilience"]),
         "resilience_change": r4(final_ind[t]["resilience"] - start_ind[t]["resilience"]),
         "prosperity": r4(final_ind[t]["prosperity"]),
         "budget": r4(final_ind[t]["budget"])}
        for i, t in enumerate(order)
    ]

    # ---- charts ----
    x_labels = ["Start"] + [str(rec.round) for rec in history]
    resilience_chart = charts.line_chart(
        [{"label": t, "values": [r4(start_ind[t]["resilience"])]
          + [r4(rec.indicators[t]["resilience"]) for rec in history]} for t in world.teams],
        x_labels, "Resilience of each team, round by round", "Resilience (0-100)")
    score_chart = charts.line_chart(
        [{"label": t, "values": [r4(start_ind[t]["score"])]
          + [r4(rec.indicators[t]["score"]) for rec in history]} for t in world.teams],
        x_labels, "Score of each team, round by round", "Score")
    heat_maps = [_heat_map(scn, history, sector) for sector in scn.sectors]

    notes_list = _merge_notes(state.notes, notes)
    for rd in rounds:  # the facilitator's notes quoted in the round they were taken in
        rd["notes"] = [n for n in notes_list if n["kind"] == "note" and n["round"] == rd["round"]]
    model = {
        "title": "After-action report and improvement plan",
        "scenario": {
            "id": scn.id,
            "title": scn.title,
            "briefing": scn.briefing.strip(),
            "paragraphs": [" ".join(p.split()) for p in scn.briefing.strip().split("\n\n") if p.strip()],
            "assumptions": list(scn.assumptions),
            "rounds": scn.rounds,
            "round_months": round(scn.round_days / 30),
            "sectors": [{"id": s, "title": world.sector_title(s)} for s in scn.sectors],
        },
        "game": {
            "game_id": str(meta.get("game_id") or ""),
            "seed": seed,
            "mode": str(meta.get("mode") or ""),
            "created": _fmt_created(meta.get("created")),
            "status": "finished" if state.phase is Phase.OVER else "unfinished",
            "rounds_played": len(history),
            "rounds": scn.rounds,
            "teams": [{"code": t, "name": world.actor_name(t), "player": players.get(t, "")}
                      for t in world.teams],
        },
        "standings": standings,
        "winner": standings[0] if history else None,
        "turning_points": turning_points,
        "rounds": rounds,
        "teams": teams,
        "notes": [n for n in notes_list if n["kind"] == "note"],
        "marks": [n for n in notes_list if n["kind"] not in ("note", *plan.KINDS)],
        "participants": plan.read_participants(notes_list, meta.get("participants")),
        "overrides": [dict(o, round=rd["round"]) for rd in rounds for o in rd["overrides"]],
        "questions": questions(world, rounds, turning_points, standings),
        "improvement_plan": _plan_rows(teams, findings, notes_list),
        "findings": findings,
        "objectives": objectives,
        "robustness": {
            "replays": reps.n,
            "card_checks": min(robustness.CARD_CHECKS, reps.n),
            "first_seed": reps.seeds[0] if reps.seeds and reps.n else None,
            "teams": [dict(d, name=world.actor_name(d["team"]))
                      for d in robustness.distribution(reps, state)],
        },
        "sources": _sources(scn, state),
        "limitations": list(limitations(world)),
        "method": {
            "weights": [{"part": k, "points": v} for k, v in WEIGHTS.items()],
            "shortfall_pct": round(SHORTFALL * 100),
            "target_days": r4(scn.stockpile_target_days),
        },
        "charts": {
            "resilience": resilience_chart,
            "score": score_chart,
            "heat_maps": heat_maps,
        },
    }
    model["bottom_line"] = bottom_line(model)
    model["held_up"] = held_up(model)
    model["conclusion"] = conclusion(model)
    model["acronyms"] = acronyms(
        model["findings"], model["improvement_plan"], model["objectives"], model["scenario"],
        model["rounds"], [{k: v for k, v in tm.items() if k != "waterfall_svg"} for tm in teams],
        model["sources"], model["notes"], limitations(world), ["HSEEP", "POC"])
    for tm in teams:
        tm["rank"] = order.index(tm["code"]) + 1
    del by_code
    return model


_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _count(n: int) -> str:
    return _WORDS[n] if n < len(_WORDS) else str(n)


def limitations(world) -> tuple[str, ...]:
    """What the model leaves out: printed in the method annex and pointed to from the bottom
    line. The first sentence counts the scenario's world (the default world: five teams and
    three other actors, two sectors with five stages each)."""
    sizes = {len(s.stages) for s in world.sectors.values()}
    n = len(world.sectors)
    stages = (f"{_count(sizes.pop())} stages" + (" each" if n > 1 else "")
              if len(sizes) == 1 else "their own stages")
    return (
        f"The model is a tabletop abstraction: {_count(len(world.teams))} teams and "
        f"{_count(len(world.non_players))} other actors, {_count(n)} sector{'s' if n != 1 else ''} "
        f"with {stages}, rounds of about six months. Firms, prices inside a round, exchange "
        "rates, currency and financial markets, shipping routes, and the domestic politics of "
        "each capital are not modelled; a shock or card stands for them.",
        *LIMITATIONS,
        *((LINKED,) if any(sec.upstream for sec in world.sectors.values()) else ()),
    )


#: the rest of what the model leaves out (see `limitations`)
LIMITATIONS = (
    "Magnitudes are calibrated to the signs and orders the sources give (for Korea, the KIET "
    "2021 ratings), not estimated from data: read the figures as the direction and rough size "
    "of an effect, not a forecast.",
    "Scores depend on the teams' decisions and on one draw of the shock deck; the replays under "
    "other draws show how much of the outcome was the draw. They keep the decisions fixed: a "
    "real team would have reacted to a different draw.",
    "A card's effect is measured by replaying the game without it, everything else equal; "
    "where two plays work together, each one's effect includes the interaction.",
    "A stockpile card buys its days once. After a drawdown a team buys stock back only "
    "towards its standing target (the days it started with), so a card that enlarges a "
    "reserve (Korea's to 100 days) is one purchase here, not a new standing policy.",
)
#: said only of a world where one sector's stage needs another's (world.sectors[...].upstream)
LINKED = ("Where a stage needs another sector's stage (gallium for chip materials), a shortfall "
          "of the input holds back the whole stage that needs it, in proportion: a small input "
          "that has substitutes or stocks inside firms stops less output than the model says.")


def _plan_rows(teams, findings, notes) -> list[dict]:
    """The improvement plan: one row per area for improvement, with who acts on it as the
    room entered it at the debrief (organisation, point of contact, start and due dates)."""
    entered = plan.read_plan(notes)
    rows = []
    for tm in teams:
        for item in tm["improvements"]:
            key = plan.plan_key(tm["code"], item)
            row = dict(item, team=tm["code"], key=key)
            row.update(entered.get(key) or dict.fromkeys(plan.PLAN_FIELDS, ""))
            rows.append(row)
    del findings
    return rows


def _goal_row(scn, goal, final: dict) -> dict:
    """A goal the team is scored on besides resilience and prosperity, and what it added to the
    final score (its 0-100 part x its weight; game/core/goals.py)."""
    p = goal_part(scn, goal, final.get(goal.key, 0.0))
    return {"title": goal_title(scn, goal), "weight": r4(goal.weight), "part": r4(p),
            "points": r4(p * goal.weight)}


def _team_model(scn, state, team, items, decisions, start_ind, final_ind, order, players) -> dict:
    world = scn.world
    setup = scn.teams[team]
    history = state.history
    sectors = list(scn.sectors)

    def row(label, ind):
        return {
            "round": label,
            "resilience": r4(ind["resilience"]),
            "score": r4(ind["score"]),
            "prosperity": r4(ind["prosperity"]),
            "budget": r4(ind["budget"]),
            "political_capital": r4(ind["political_capital"]),
            "supply": [r4(ind.get(f"supply.{s}", 0.0)) for s in sectors],
            "stockpile_days": [r4(ind.get(f"stockpile_days.{s}", 0.0)) for s in sectors],
        }

    trajectory = [row("Start", start_ind[team])] + [row(str(r.round), r.indicators[team])
                                                    for r in history]

    # what moved this team's score, over the whole game (cause, total, rounds)
    replayed = {(d["round"], d["card_id"]): d["score_effect"] for d in decisions
                if d["outcome"] == "played" and d["score_effect"] is not None}

    def credit(c, v, rs):
        d = describe(scn, state, c, v, team, rs)
        if c.origin == "card" and c.team == team and rs:  # own play: the replay's figure
            effects = [replayed[(r, c.id)] for r in rs if (r, c.id) in replayed]
            if effects:
                d["delta"], d["measure"] = r4(sums.total(effects)), "replay"
                return d
        d["measure"] = "credited"
        return d

    moving = [credit(c, v, rs) for c, v, rs in items if not is_routine(c)]
    # what worked: cards (the team's own, joint, or another team's) that raised the score;
    # a shock that happened to help is luck, not something that worked
    worked = sorted((d for d in moving if d["delta"] > 0.05 and d["origin"] == "card"),
                    key=lambda d: (-d["delta"], d["label"]))[:6]
    hurt = sorted((d for d in moving if d["delta"] < -0.05),
                  key=lambda d: (d["delta"], d["label"]))[:6]

    steps = waterfall_steps(scn, state, items)
    wf_svg = charts.waterfall(
        r4(start_ind[team]["score"]), steps, r4(final_ind[team]["score"]),
        f"{world.actor_name(team)}: what moved the score", uid=team.lower(),
        start_label="Score at the start", end_label="Score at the end")
    strengths, improvements = assess(scn, state, team, start_ind, final_ind, order, items,
                                     decisions)
    return {
        "code": team,
        "name": world.actor_name(team),
        "player": players.get(team, ""),
        "objective": setup.objective.strip(),
        "briefing": setup.briefing.strip(),
        "weight_resilience": r4(setup.weight_resilience),
        "weight_prosperity": r4(setup.weight_prosperity),
        "goals": [_goal_row(scn, g, final_ind[team]) for g in setup.goals],
        "hand": [card_title(scn, c) for c in setup.hand],
        "start": row("Start", start_ind[team]),
        "final": row("End", final_ind[team]),
        "sector_titles": [world.sector_title(s) for s in sectors],
        "trajectory": trajectory,
        "decisions": decisions,
        "passed_rounds": [rec.round for rec in history
                          if not rec.plays.get(team) and not rec.refused.get(team)],
        "worked": worked,
        "hurt": hurt,
        "waterfall": steps,
        "waterfall_svg": wf_svg,
        "strengths": strengths,
        "improvements": improvements,
        "rank": 0,
    }


def _sources(scn, state) -> list[dict]:
    """Every card and shock that was played or hit, with the source it cites."""
    world = scn.world
    out: dict[tuple[str, str], dict] = {}
    for rec in state.history:
        for s in rec.shocks:
            key = ("shock", s["id"])
            if key not in out:
                shock = find_shock(scn, state, s["id"])
                custom = s["id"] in state.custom_shocks
                out[key] = {"kind": "Shock", "title": s["title"],
                            "source": full_form(shock.source if shock else "") or (
                                "Written by the facilitator during play; no source given"
                                if custom else "No source recorded"),
                            "used": []}
            out[key]["used"].append(f"R{rec.round}")
        for t in world.teams:
            for cid in rec.plays.get(t, []):
                key = ("card", cid)
                if key not in out:
                    card = scn.cards.get(cid)
                    out[key] = {"kind": "Card", "title": card_title(scn, cid),
                                "source": full_form(card.source if card else "") or "No source recorded",
                                "used": []}
                out[key]["used"].append(f"R{rec.round} {t}")
    items = list(out.values())
    for it in items:
        it["used"] = ", ".join(it["used"])
    items.sort(key=lambda it: (it["kind"] != "Shock", it["title"].lower()))
    for text, sources in getattr(scn, "assumption_sources", ()):
        items.append({"kind": "Assumption", "title": text, "source": full_form(sources),
                      "used": "the scenario"})
    return items


def _decisions(scn, state, seed, actions, team) -> list[dict]:
    """A team's plays and refusals, each play with its effect on the team's own score by the
    end: the game replayed without that play, every recorded chance outcome kept
    (`core.counterfactual`). Without an action log (a bare state) the effect is unknown, not
    guessed."""
    out = []
    for rec in state.history:
        for cid in rec.plays.get(team, []):
            card = scn.cards.get(cid)
            effect = None
            if actions:
                cf = counterfactual(scn, seed, actions, Removal(team, cid, rec.round),
                                    actual=state)
                effect = r4(cf.effect(team, "score"))
            rt = next((o for o in rec.chance if o["team"] == team and o["card"] == cid), None)
            out.append({
                "round": rec.round, "card": card_title(scn, cid), "card_id": cid,
                "outcome": "played", "cost": r4(card.cost) if card else 0.0, "reason": "",
                "joint": bool(card and card.joint), "score_effect": effect,
                "retaliation": None if rt is None else (
                    f"{rt['by']} retaliated" if rt["hit"] else f"no retaliation from {rt['by']}"),
            })
        for x in rec.refused.get(team, []):
            ref = refusal(scn, rec, team, x["card"])
            out.append({"round": rec.round, "card": ref["card"], "card_id": x["card"],
                        "outcome": "refused", "cost": 0.0, "reason": ref["reason"],
                        "joint": True, "score_effect": None, "retaliation": None})
    return out


def _worst_round(world, history, sector: str):
    """The round whose live network left the teams shortest of `sector` (summed unmet share
    over teams and stages); the latest such round on a tie."""
    best, worst = None, -1.0
    for rec in history:
        net = rec.network.get(sector) or {}
        total = sums.total(cell["unmet"] for stage in net.values() for a, cell in stage.items()
                    if a in world.teams)
        if total >= worst:
            best, worst = rec, total
    return best


def _heat_map(scn, history, sector: str) -> dict:
    """Share of each team's needs met at each stage, from the live network recorded in the
    round records: the round that was worst for the sector and the last round (one panel when
    they are the same round)."""
    world = scn.world
    cols = [world.stage_title(sector, s) for s in world.sectors[sector].stage_names]
    recorded = [rec for rec in history if rec.network.get(sector)]
    panels = []
    if recorded:
        last = recorded[-1]
        worst = _worst_round(world, recorded, sector)
        if worst is not None and worst.round != last.round:
            panels.append({"title": f"Round {worst.round} (shortest)", "round": worst.round,
                           "values": _met_grid(world, worst.network, sector)})
        panels.append({"title": f"Round {last.round} (last)", "round": last.round,
                       "values": _met_grid(world, last.network, sector)})
    title = world.sector_title(sector)
    return {
        "sector": sector,
        "title": title,
        "panels": [{"title": p["title"], "round": p["round"], "values": p["values"]}
                   for p in panels],
        "stages": cols,
        "note": " ".join(
            f"{world.stage_title(sector, st.name)} does not stop supply when short: it tops up "
            f"{world.stage_title(sector, st.relieves[0]).lower()}."
            for st in world.sectors[sector].stages if not st.gating and st.relieves),
        "svg": charts.heat_map(panels, list(world.teams), cols,
                               f"{title}: share of each team's needs met, stage by stage")
        if panels else "",
    }


__all__ = ["build_model"]
