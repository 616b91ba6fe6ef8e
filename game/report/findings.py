"""Judgements drawn from a played game: what worked and what hurt each team, its strengths and
areas for improvement (the HSEEP improvement plan), the waterfall of its score, and the
questions for the debrief. Plain data in, plain data out, like the model they feed.
"""

from __future__ import annotations

from ..core.scoring import SHORTFALL
from ..core.world import SECTORS, TEAMS
from . import charts
from .causes import _JOINT, _card_title, _shock_title, cause_kind, cause_label, r4


def _waterfall_steps(items: list[tuple[str, float]], keep: int = 7) -> list[dict]:
    top = items[:keep]
    rest = sum(v for _, v in items[keep:])
    steps = [{"label": cause_label(k), "delta": r4(v)} for k, v in top]
    if abs(r4(rest)) > 0:
        steps.append({"label": f"{len(items) - keep} smaller causes", "delta": r4(rest)})
    return steps


def _assess(scn, state, team, start_ind, final_ind, order, items) -> tuple[list[dict], list[dict]]:
    """Strengths and areas for improvement, each with the evidence from the game's data."""
    history = state.history
    strengths: list[dict] = []
    improvements: list[dict] = []
    rank = order.index(team) + 1
    r0, r1 = start_ind[team]["resilience"], final_ind[team]["resilience"]
    if not history:
        return strengths, improvements

    if rank == 1:
        strengths.append({"text": f"Finished first, with a score of {final_ind[team]['score']:.1f}.",
                          "evidence": "Final ranking"})
    own = [(k, v) for k, v in items if cause_kind(k, team) == "own card" and v > 0.05]
    for k, v in own[:2]:
        strengths.append({"text": f"{cause_label(k).split(': ', 1)[1]} paid off: "
                                  f"{charts.signed(v)} points of score over the game.",
                          "evidence": "Score causes, all rounds"})
    low = {s: [rec.round for rec in history if rec.indicators[team].get(f"supply.{s}", 100.0)
               < SHORTFALL * 100] for s in scn.sectors}
    for s in scn.sectors:
        if not low[s]:
            strengths.append({"text": f"Met at least {round(SHORTFALL * 100)}% of its "
                                      f"{SECTORS[s].title.lower()} demand in every round.",
                              "evidence": f"supply.{s}"})
    if r1 >= r0 + 0.05:
        strengths.append({"text": f"Ended more resilient than it started ({r0:.1f} to {r1:.1f}).",
                          "evidence": "Resilience, start and end"})
    joint_ok = [(rec.round, _card_title(scn, c)) for rec in history for c in rec.plays.get(team, [])
                if scn.cards.get(c) and scn.cards[c].partners]
    if joint_ok:
        rnd, title = joint_ok[0]
        strengths.append({"text": f"Built a coalition: {title} went through in round {rnd}.",
                          "evidence": f"Round {rnd} decisions"})
    warned = sorted({rec.round for rec in history for s in rec.shocks if team in s.get("warned", [])})
    if warned:
        strengths.append({"text": "Had early warning of shocks in round"
                                  f"{'s' if len(warned) > 1 else ''} {_rounds(warned)}.",
                          "evidence": "Early-warning link"})

    # areas for improvement -> the improvement plan (one line per team and area)
    refused: dict[str, dict] = {}
    for rec in history:
        for x in rec.refused.get(team, []):
            title = _card_title(scn, x["card"])
            item = refused.setdefault(title, {"rounds": [], "who": []})
            item["rounds"].append(rec.round)
            m = _JOINT.match(x["reason"])
            for w in (m.group("who").split(", ") if m else []):
                if w not in item["who"]:
                    item["who"].append(w)
    if refused:
        n = sum(len(v["rounds"]) for v in refused.values())
        parts = [
            f"{title} (round{'s' if len(v['rounds']) > 1 else ''} {_rounds(v['rounds'])}"
            + (f"; {', '.join(sorted(v['who'], key=_team_order))} did not commit)" if v["who"] else ")")
            for title, v in refused.items()
        ]
        improvements.append({
            "area": "Coalition building",
            "issue": f"Joint card{'s' if n > 1 else ''} refused {n} time{'s' if n > 1 else ''}: "
                     + "; ".join(parts) + ".",
            "action": "Agree joint cards with the partners before the decisions phase; "
                      "name who confirms each partner's commitment.",
            "element": "Organization",
            "evidence": "Decisions by round",
        })
    for s in scn.sectors:
        if low[s]:
            improvements.append({
                "area": "Continuity of supply",
                "issue": f"{SECTORS[s].title} supply fell below {round(SHORTFALL * 100)}% of "
                         f"demand in round{'s' if len(low[s]) > 1 else ''} {_rounds(low[s])}.",
                "action": "Pre-position stockpiles and qualify second sources before the "
                          "exposure shows, not after.",
                "element": "Planning",
                "evidence": f"supply.{s}",
            })
    provoked = [
        f"{_card_title(scn, o['card'])} provoked {o['by']} "
        f"({_shock_title(scn, state, o['shock'])}) in round {rec.round}"
        for rec in history for o in rec.chance if o["team"] == team and o["hit"]
    ]
    if provoked:
        improvements.append({
            "area": "Escalation risk",
            "issue": "; ".join(provoked) + ".",
            "action": "Weigh the retaliation risk in the decision; prepare the response "
                      "and the message to partners in advance.",
            "element": "Planning",
            "evidence": "Retaliation rolls",
        })
    shocks = [(k, v) for k, v in items if cause_kind(k, team) == "shock" and v < -0.05]
    if shocks:
        k, v = shocks[0]
        improvements.append({
            "area": "Exposure to shocks",
            "issue": f"Most exposed to {cause_label(k)[len('Shock: '):]} "
                     f"({charts.signed(v)} points of score).",
            "action": "Map which stage and supplier carried this shock; test a buffer or "
                      "diversification card against it in the next exercise.",
            "element": "Planning",
            "evidence": "Score causes, all rounds",
        })
    if r1 < r0 - 0.05:
        improvements.append({
            "area": "Resilience",
            "issue": f"Resilience fell from {r0:.1f} to {r1:.1f} over the game.",
            "action": "Review which indicator fell most (supply, buffer, diversity) and set a "
                      "floor the team defends each round.",
            "element": "Planning",
            "evidence": "Resilience, start and end",
        })
    passed = [rec.round for rec in history if not rec.plays.get(team) and not rec.refused.get(team)]
    if len(passed) >= max(2, len(history) // 2):
        improvements.append({
            "area": "Use of instruments",
            "issue": f"Played no card in round{'s' if len(passed) > 1 else ''} {_rounds(passed)}.",
            "action": "Prepare a short list of cards per scenario phase so the team can act "
                      "quickly when a window opens.",
            "element": "Training",
            "evidence": "Decisions by round",
        })
    return strengths, improvements


def _team_order(code: str) -> int:
    return TEAMS.index(code) if code in TEAMS else len(TEAMS)


def _rounds(rs: list[int]) -> str:
    rs = list(rs)
    if len(rs) == 1:
        return str(rs[0])
    return ", ".join(str(r) for r in rs[:-1]) + f" and {rs[-1]}"


def _questions(rounds, turning_points, standings, teams) -> list[dict]:
    """Debrief questions generated from what happened, most telling first."""
    qs: list[dict] = []
    for tp in turning_points:
        cause = tp["causes"][0]["label"] if tp["causes"] else "the events of the round"
        if tp["delta"] < 0:
            text = (f"In round {tp['round']}, {tp['team_name']}'s score fell "
                    f"{abs(tp['delta']):.1f} points, mostly from \u201c{cause}\u201d. What signal "
                    f"was available beforehand, and what would the team do differently?")
        else:
            text = (f"In round {tp['round']}, {tp['team_name']}'s score rose "
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
                qs.append({"text": f"{dcs['team']} put forward {x['card']} in round {rd['round']} "
                                   f"but it was refused ({x['reason']}). What stopped the "
                                   f"coalition forming, and what would have brought the "
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


