"""Judgements drawn from a played game: each team's strengths and areas for improvement (the
HSEEP improvement plan), the waterfall of its score, and the questions for the debrief.

Every judgement names a card, a shock or a dependency (a stage and the suppliers a team buys it
from): routine credits (income, rounding) are arithmetic, never a finding, never "what worked",
never advice. A card's effect is its counterfactual (the game replayed without it), not a sum
of attributed steps. Plain data in, plain data out, like the model they feed.
"""

from __future__ import annotations

from ..core import sums
from ..core.scoring import SHORTFALL
from ..wording import cause_title, is_routine, possessive
from . import charts
from .causes import ROUTINE_STEP, card_title, r4, shock_title
from .lessons import recommendation_for_card, recommendation_for_shock


def waterfall_steps(scn, state, items, keep: int = 7) -> list[dict]:
    """The largest non-routine causes of a team's score over the game, then the rest, then
    routine bookkeeping as one step, so the bars add up to the change."""
    moving = [(c, v) for c, v, _ in items if not is_routine(c)]
    routine = sums.total(v for c, v, _ in items if is_routine(c))
    steps = [{"label": cause_title(scn, state, c), "delta": r4(v)} for c, v in moving[:keep]]
    rest = sums.total(v for _, v in moving[keep:])
    if abs(r4(rest)) > 0:
        steps.append({"label": f"{len(moving) - keep} smaller causes", "delta": r4(rest)})
    if abs(r4(routine)) > 0:
        steps.append({"label": ROUTINE_STEP, "delta": r4(routine)})
    return steps


# ---------------------------------------------------------------- root causes ----------
def dependency(scn, rec, team: str, sector: str) -> dict | None:
    """Where a team's supply of `sector` broke in round `rec`: the gating stage with the
    largest unmet share, and the suppliers at that stage that failed to deliver (live network
    data in the round record, weighted by the team's sourcing)."""
    world = scn.world
    net = rec.network.get(sector) or {}
    best = None
    for stage in world.sectors[sector].gating_names:
        cell = net.get(stage, {}).get(team)
        if cell and cell["unmet"] > 0.005 and (best is None or cell["unmet"] > best[1]):
            best = (stage, cell["unmet"])
    if best is None:
        return None
    stage, unmet = best
    split = scn.sourcing.get(sector, {}).get(stage, {}).get(team, {})
    failing = sorted(((sup, share, net.get(stage, {}).get(sup, {}).get("undelivered", 0.0))
                      for sup, share in split.items() if sup != team and share >= 0.05),
                     key=lambda x: (-x[1], x[0]))[:3]
    return {"sector": sector, "sector_title": world.sector_title(sector), "stage": stage,
            "stage_title": world.stage_title(sector, stage),
            "unmet": r4(unmet),
            "suppliers": [{"actor": s, "name": world.actor_name(s), "share": r4(sh),
                           "undelivered": r4(u)} for s, sh, u in failing]}


def dependency_text(dep: dict) -> str:
    stage = f"{dep['stage_title'].lower()} of {dep['sector_title'].lower()}"
    if dep["suppliers"]:
        who = ", ".join(f"{round(s['share'] * 100)}% from {s['name']}"
                        + (f", which delivered {round((1 - s['undelivered']) * 100)}% of its "
                           "orders" if s["undelivered"] > 0.005 else "")
                        for s in dep["suppliers"])
        return f"{stage}: {who}"
    return f"{stage}, made at home"


def supply_causes(scn, state, rec, team: str, sector: str, limit: int = 2):
    """The non-routine causes that lowered a team's supply of `sector` in round `rec`."""
    lst = rec.causes.get(team, {}).get(f"supply.{sector}", ())
    total: dict = {}
    for c, v in lst:
        if not is_routine(c):
            total[c] = total.get(c, 0.0) + v
    neg = sorted(((c, v) for c, v in total.items() if v < -0.05), key=lambda cv: (cv[1], cv[0].id))
    return neg[:limit]


# ---------------------------------------------------------------- assessment -----------
def assess(scn, state, team, start_ind, final_ind, order, items, decisions):
    """Strengths and areas for improvement, each with the evidence from the game's data.
    `items` are the team's score credits over the game (cause, total, rounds); `decisions`
    carry each play's counterfactual score effect."""
    world = scn.world
    history = state.history
    strengths: list[dict] = []
    improvements: list[dict] = []
    if not history:
        return strengths, improvements
    rank = order.index(team) + 1
    r0, r1 = start_ind[team]["resilience"], final_ind[team]["resilience"]
    name = world.actor_name(team)

    if rank == 1:
        strengths.append({"text": f"Finished first, with a score of {final_ind[team]['score']:.1f}.",
                          "evidence": "Final ranking"})
    paid = sorted((d for d in decisions if d["outcome"] == "played" and d["score_effect"] > 0.05),
                  key=lambda d: (-d["score_effect"], d["round"]))
    for d in paid[:2]:
        strengths.append({"text": f"{d['card']} (round {d['round']}) paid off: "
                                  f"{charts.signed(d['score_effect'])} points of score by the end, "
                                  "against the same game without it.",
                          "evidence": "Counterfactual replay"})
    low = {s: [rec.round for rec in history if rec.indicators[team].get(f"supply.{s}", 100.0)
               < SHORTFALL * 100] for s in scn.sectors}
    for s in scn.sectors:
        if not low[s]:
            strengths.append({"text": f"Met at least {round(SHORTFALL * 100)}% of its "
                                      f"{world.sector_title(s).lower()} demand in every round.",
                              "evidence": f"Supply of {world.sector_title(s).lower()}"})
    if r1 >= r0 + 0.05:
        strengths.append({"text": f"Ended more resilient than it started ({r0:.1f} to {r1:.1f}).",
                          "evidence": "Resilience, start and end"})
    joint_ok = [(rec.round, cid) for rec in history for cid in rec.plays.get(team, [])
                if scn.cards.get(cid) and scn.cards[cid].joint]
    if joint_ok:
        rnd, cid = joint_ok[0]
        strengths.append({"text": f"Built a coalition: {card_title(scn, cid)} went through in "
                                  f"round {rnd}.", "evidence": f"Round {rnd} decisions"})
    warned = sorted({rec.round for rec in history for s in rec.shocks if team in s.get("warned", [])})
    if warned:
        strengths.append({"text": "Had early warning of shocks in round"
                                  f"{'s' if len(warned) > 1 else ''} {rounds_text(warned)}.",
                          "evidence": "Early-warning link"})

    # ---- areas for improvement: observation, root cause, recommendation ----
    for s in scn.sectors:
        if not low[s]:
            continue
        worst = min((rec for rec in history if rec.round in low[s]),
                    key=lambda rec: (rec.indicators[team].get(f"supply.{s}", 100.0), rec.round))
        dep = dependency(scn, worst, team, s)
        causes = supply_causes(scn, state, worst, team, s)
        if dep is None and not causes:
            continue  # a shortfall nothing in the game explains is not a finding
        lead = causes[0][0] if causes else None
        root = []
        if dep is not None:
            root.append(f"dependency on {dependency_text(dep)}")
        if causes:
            root.append("hit by " + "; ".join(
                f"{cause_title(scn, state, c)} (round {c.round}, {charts.signed(v)} points of "
                "supply)" for c, v in causes))
        rec_ = (recommendation_for_shock(scn, state, lead.id, team) if lead is not None
                and lead.origin in ("shock", "retaliation", "inject")
                else recommendation_for_card(scn, lead.id, team) if lead is not None
                and lead.origin == "card" else None)
        improvements.append({
            "area": f"Continuity of {world.sector_title(s).lower()} supply",
            "issue": f"{world.sector_title(s)} supply fell below {round(SHORTFALL * 100)}% of demand "
                     f"in round{'s' if len(low[s]) > 1 else ''} {rounds_text(low[s])} (lowest "
                     f"{worst.indicators[team].get(f'supply.{s}', 0.0):.0f}% in round "
                     f"{worst.round}).",
            "root_cause": _sentence("; ".join(root)),
            "action": rec_["text"] if rec_ else "",
            "source": rec_["source"] if rec_ else "",
            "addressee": rec_["addressee"] if rec_ else "",
            "element": "Planning",
            "evidence": f"Supply of {world.sector_title(s).lower()}, round {worst.round}",
            "cause": _ref(lead),
        })

    refused: dict[str, dict] = {}
    for rec in history:
        for x in rec.refused.get(team, []):
            card = scn.cards.get(x["card"])
            committed = {t for t in world.teams if any(y["card"] == x["card"] for y in rec.refused.get(t, []))}
            item = refused.setdefault(x["card"], {"rounds": [], "who": []})
            item["rounds"].append(rec.round)
            for p in (card.partners if card else ()):
                if p not in committed and p not in item["who"]:
                    item["who"].append(p)
    for cid, v in refused.items():
        rec_ = recommendation_for_card(scn, cid, team)
        who = ", ".join(world.actor_name(w) for w in sorted(v["who"], key=lambda w: _team_order(world, w)))
        improvements.append({
            "area": "Coalition building",
            "issue": f"{card_title(scn, cid)} was refused in round"
                     f"{'s' if len(v['rounds']) > 1 else ''} {rounds_text(v['rounds'])}.",
            "root_cause": f"Joint card: {who or 'a partner'} did not commit it in the same round.",
            "action": rec_["text"] if rec_ else "",
            "source": rec_["source"] if rec_ else "",
            "addressee": rec_["addressee"] if rec_ else "Alliance working group",
            "element": "Organization",
            "evidence": "Decisions by round",
            "cause": {"origin": "card", "id": cid},
        })
    for rec in history:
        for o in rec.chance:
            if o["team"] != team or not o["hit"]:
                continue
            rec_ = recommendation_for_shock(scn, state, o["shock"], team)
            improvements.append({
                "area": "Escalation risk",
                "issue": f"{card_title(scn, o['card'])} provoked {world.actor_name(o['by'])} "
                         f"({shock_title(scn, state, o['shock'])}) in round {rec.round}.",
                "root_cause": f"Retaliation risk of {round(o['chance'] * 100)}% taken on "
                              f"{card_title(scn, o['card'])}; the roll came up.",
                "action": rec_["text"] if rec_ else "",
                "source": rec_["source"] if rec_ else "",
                "addressee": rec_["addressee"] if rec_ else "",
                "element": "Planning",
                "evidence": f"Retaliation roll, round {rec.round}",
                "cause": {"origin": "retaliation", "id": o["shock"]},
            })
    hits = [(c, v, rs) for c, v, rs in items
            if c.origin in ("shock", "retaliation", "inject") and v < -0.05]
    if hits and not any(i["cause"] and i["cause"]["id"] == hits[0][0].id for i in improvements):
        c, v, rs = hits[0]
        rec_ = recommendation_for_shock(scn, state, c.id, team)
        improvements.append({
            "area": "Exposure to shocks",
            "issue": f"Most exposed to {cause_title(scn, state, c)} "
                     f"({charts.signed(v)} points of score over the game).",
            "root_cause": _shock_channel(scn, state, c.id, team),
            "action": rec_["text"] if rec_ else "",
            "source": rec_["source"] if rec_ else "",
            "addressee": rec_["addressee"] if rec_ else "",
            "element": "Planning",
            "evidence": "Score causes, all rounds",
            "cause": _ref(c),
        })
    for item in improvements:
        if not item["action"]:
            item["action"] = _fallback(item)
    del name
    return strengths, improvements


def _sentence(text: str) -> str:
    return (text[:1].upper() + text[1:] + ".") if text else ""


def _ref(cause) -> dict | None:
    return None if cause is None else {"origin": cause.origin, "id": cause.id}


def _shock_channel(scn, state, shock_id: str, team: str) -> str:
    """How a shock reached the teams, from the shock's own effects, in plain words."""
    from .lessons import find_shock

    shock = find_shock(scn, state, shock_id)
    if shock is None:
        return "The shock's effects are not recorded."
    return "It acted through " + "; ".join(effect_words(scn.world, e) for e in shock.effects[:2]) + "."


def _and(world, items) -> str:
    names = [world.actor_name(t) for t in items]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


KIND_WORDS = {"trade": "a cut in exports", "capacity": "a change in capacity",
              "sourcing": "buyers moving their orders", "stockpile": "a change in stocks",
              "demand": "a change in demand", "price": "a price rise", "relations": "strained relations",
              "budget": "a cost to budgets", "early_warning": "early warning"}


def effect_words(world, e) -> str:
    """One effect in plain words: "a cut in exports from China at the refining stage of
    batteries"."""
    sector = world.sector_title(e.sector).lower() if e.sector in world.sectors else "every sector"
    stage = f"the {world.stage_title(e.sector, e.stage).lower()} stage of {sector}" if e.stage \
        else sector
    who = e.exporters if e.kind == "trade" else e.actors
    names = _and(world, [a for a in who if a in world.actor_ids])
    prep = "from" if e.kind == "trade" else "for"
    return f"{KIND_WORDS.get(e.kind, e.kind)}{f' {prep} {names}' if names else ''} at {stage}" \
        if e.kind != "relations" else KIND_WORDS["relations"]



def _fallback(item: dict) -> str:
    """Where no card or shock in the game carries a lesson: a recommendation phrased on the
    dependency itself, never on the game's mechanics."""
    if item["area"] == "Coalition building":
        return ("Agree the joint measure's terms and each partner's commitment through the "
                "standing consultation channel before it is needed.")
    if item["area"] == "Escalation risk":
        return ("Assess the likely counter-measures before adopting the measure and prepare "
                "the response with partners.")
    return ("Map the suppliers behind this stage and test buffer stocks or a second source "
            "against this shock.")


def _team_order(world, code: str) -> int:
    return world.teams.index(code) if code in world.teams else len(world.teams)


def rounds_text(rs) -> str:
    rs = list(rs)
    if len(rs) == 1:
        return str(rs[0])
    return ", ".join(str(r) for r in rs[:-1]) + f" and {rs[-1]}"


def questions(world, rounds, turning_points, standings) -> list[dict]:
    """Debrief questions generated from what happened, most telling first."""
    qs: list[dict] = []
    for tp in turning_points:
        if not tp["causes"]:
            continue
        cause = tp["causes"][0]["label"]
        if tp["delta"] < 0:
            text = (f"In round {tp['round']}, {possessive(tp['team_name'])} score fell "
                    f"{abs(tp['delta']):.1f} points, mostly from \u201c{cause}\u201d. What signal "
                    f"was available beforehand, and what would the team do differently?")
        else:
            text = (f"In round {tp['round']}, {possessive(tp['team_name'])} score rose "
                    f"{tp['delta']:.1f} points, mostly from \u201c{cause}\u201d. Would that move "
                    f"work as well in a real crisis, and who would pay for it?")
        qs.append({"text": text, "about": f"Round {tp['round']}"})
    seen_cards: set[str] = set()
    for rd in rounds:
        for dcs in rd["decisions"]:
            for x in dcs["refused"]:
                if x["card"] in seen_cards or len(seen_cards) >= 2:  # two, not a litany
                    continue
                seen_cards.add(x["card"])
                qs.append({"text": f"{world.actor_name(dcs['team'])} put forward {x['card']} in round "
                                   f"{rd['round']} but it was refused ({x['reason']}). What stopped "
                                   f"the coalition forming, and what would have brought the "
                                   f"partners in?", "about": f"Round {rd['round']}"})
    hits = 0
    for rd in rounds:
        for o in rd["retaliation"]:
            if o["hit"] and hits < 2:
                hits += 1
                qs.append({"text": f"{o['by']} answered {o['team']}'s {o['card']} with "
                                   f"{o['shock']} in round {rd['round']}. Was the risk "
                                   f"understood when the card was played, and was it worth it?",
                           "about": f"Round {rd['round']}"})
    warned = [(rd["round"], s) for rd in rounds for s in rd["shocks"] if s["warned"]]
    if warned:
        rnd, s = warned[0]
        qs.append({"text": f"{', '.join(s['warned'])} had early warning of {s['title']} in "
                           f"round {rnd}. Did the warning change anyone's decision? What would a "
                           f"real early-warning link need to share?", "about": f"Round {rnd}"})
    if standings and rounds:
        top, last = standings[0], standings[-1]
        qs.append({"text": f"{top['name']} finished first and {last['name']} last. Which of their "
                           f"choices explain the gap, and which were luck of the draw?",
                   "about": "Final ranking"})
    qs.append({"text": "Which decisions helped a team now but may hurt it in later rounds (the "
                       "short-term versus long-term split)? Did any team give up resilience for "
                       "prosperity on purpose?", "about": "Whole game"})
    qs.append({"text": "Which real-world instrument was missing from the decks, and which card "
                       "would the team add before the next exercise?", "about": "Whole game"})
    return qs[:9]
