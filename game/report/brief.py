"""The bottom line: the few findings an official should read first, each naming a card, a shock
or a dependency, each with a recommendation addressed to the kind of organisation that would
act on it, and each tested against other shock draws ("would it have held?").

Candidates come from the whole game, not one team: the costliest shock and how it reached the
teams, the deepest supply shortfall and the dependency behind it, the play that paid off most
(counterfactual), a coalition that did not form, a retaliation that came. Routine credits are
never a candidate.
"""

from __future__ import annotations

from ..core import sums
from ..wording import cause_title, possessive
from . import charts
from .causes import card_title, r4
from .findings import dependency, dependency_text, effect_words, rounds_text
from .lessons import (
    JOINT,
    addressee_for_card,
    addressee_for_shock,
    find_shock,
    recommendation_for_card,
    recommendation_for_shock,
)
from .robustness import check_finding

MAX_FINDINGS = 5
SHOCK_ORIGINS = ("shock", "retaliation", "inject")


def _names(world, teams) -> str:
    names = [world.actor_name(t) for t in teams]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _shock_findings(scn, state, totals) -> list[dict]:
    """The costliest shocks over the game, summed over the teams they hurt."""
    world = scn.world
    cost: dict[str, dict[str, float]] = {}
    first: dict[str, object] = {}
    for team, items in totals.items():
        for c, v, _ in items:
            if c.origin in SHOCK_ORIGINS and v < 0:
                cost.setdefault(c.id, {})[team] = cost.get(c.id, {}).get(team, 0.0) + v
                first.setdefault(c.id, c)
    ranked = sorted(cost.items(), key=lambda kv: (sums.total(kv[1].values()), kv[0]))
    out = []
    for n, (sid, by_team) in enumerate(ranked[:2]):
        total = sums.total(by_team.values())
        if total > -1.0:
            continue
        hit = sorted(by_team.items(), key=lambda kv: (kv[1], world.teams.index(kv[0])))
        worst_team = hit[0][0]
        channel = _channel(scn, state, sid, worst_team)
        rounds = sorted({rec.round for rec in state.history for s in rec.shocks if s["id"] == sid})
        shock = find_shock(scn, state, sid)
        title = cause_title(scn, state, first[sid])
        who = "; ".join(f"{world.actor_name(t)} {charts.signed(v)}" for t, v in hit[:3] if v < -0.05)
        rec = recommendation_for_shock(scn, state, sid, worst_team)
        out.append({
            "kind": "shock",
            "headline": f"{title} was the {'second ' if n else ''}costliest event of the game",
            "subject": title,
            "text": (f"{title} (round{'s' if len(rounds) > 1 else ''} {rounds_text(rounds)}) cost "
                     f"{who} points of score. {channel}"),
            "names": {"shock": sid},
            "recommendation": rec or {
                "text": "Map which suppliers and stages carry this risk, and test buffer stocks "
                        "and second sources against it before it recurs.",
                "addressee": addressee_for_shock(shock) if shock else "Government", "source": ""},
            "test": ("shock", worst_team, sid),
            "weight": -total,
        })
    return out


def _channel(scn, state, sid: str, team: str) -> str:
    """How the shock reached the team: the dependency (stage and suppliers) in the round its
    supply was shortest while the shock was credited, else the shock's own effects."""
    world = scn.world
    worst = None
    for rec in state.history:
        for sector in scn.sectors:
            if any(c.id == sid and v < 0 for c, v in
                   rec.causes.get(team, {}).get(f"supply.{sector}", ())):
                v = rec.indicators[team].get(f"supply.{sector}", 100.0)
                if v < 95.0 and (worst is None or v < worst[0]):
                    worst = (v, rec, sector)
    if worst is not None:
        dep = dependency(scn, worst[1], team, worst[2])
        if dep is not None:
            return (f"It reached {world.actor_name(team)} through its dependency on "
                    f"{dependency_text(dep)}; supply fell to {worst[0]:.0f}% of demand in round "
                    f"{worst[1].round}.")
    shock = find_shock(scn, state, sid)
    if shock is None:
        return ""
    parts = [effect_words(scn.world, e) for e in shock.effects[:2]]
    return "It acted through " + "; ".join(parts) + "."


def _shortfall_finding(scn, state) -> dict | None:
    world = scn.world
    worst = None
    for rec in state.history:
        for t in world.teams:
            for s in scn.sectors:
                v = rec.indicators[t].get(f"supply.{s}", 100.0)
                if v < 95.0 and (worst is None or v < worst[0]):
                    worst = (v, rec, t, s)
    if worst is None:
        return None
    v, rec, team, sector = worst
    dep = dependency(scn, rec, team, sector)
    if dep is None:
        return None
    causes = sorted(((c, x) for c, x in rec.causes.get(team, {}).get(f"supply.{sector}", ())
                     if c.origin != "routine" and x < 0), key=lambda cx: (cx[1], cx[0].id))
    lead = causes[0][0] if causes else None
    why = f", after {cause_title(scn, state, lead)}" if lead is not None else ""
    rec_ = None
    if lead is not None and lead.origin in SHOCK_ORIGINS:
        rec_ = recommendation_for_shock(scn, state, lead.id, team)
    elif lead is not None and lead.origin == "card":
        rec_ = recommendation_for_card(scn, lead.id, team)
    low = [r.round for r in state.history if r.indicators[team].get(f"supply.{sector}", 100) < 95]
    return {
        "kind": "dependency",
        "headline": f"{possessive(world.actor_name(team))} {world.sector_title(sector).lower()} supply rests on "
                    f"{dep['stage_title'].lower()}",
        "subject": f"{possessive(world.actor_name(team))} dependency on {dep['stage_title'].lower()} "
                   f"for {world.sector_title(sector).lower()}",
        "text": (f"{world.actor_name(team)} met only {v:.0f}% of its {world.sector_title(sector).lower()} "
                 f"demand in round {rec.round}{why}; supply was short in round"
                 f"{'s' if len(low) > 1 else ''} {rounds_text(low)}. The weak link is its "
                 f"dependency on {dependency_text(dep)}."),
        "names": {"dependency": f"{sector}.{dep['stage']}"},
        "recommendation": rec_ or {
            "text": f"Qualify second sources for {dep['stage_title'].lower()} and hold buffer "
                    "stock sized to the time a second source takes to ramp up.",
            "addressee": "Industry association and major buyers", "source": ""},
        "test": ("shortfall", team, sector),
        "weight": 100.0 - v,
    }


def _card_finding(scn, decisions) -> dict | None:
    world = scn.world
    best = None
    for team, ds in decisions.items():
        for d in ds:
            e = d.get("score_effect")
            if d["outcome"] == "played" and e is not None and e > 0.5 and (
                    best is None or e > best[0]):
                best = (e, team, d)
    if best is None:
        return None
    e, team, d = best
    card = scn.cards.get(d["card_id"])
    rec = recommendation_for_card(scn, d["card_id"], team)
    return {
        "kind": "card",
        "headline": f"{d['card']} paid off for {world.actor_name(team)}",
        "subject": f"{possessive(world.actor_name(team))} {d['card']}",
        "text": (f"{possessive(world.actor_name(team))} {d['card']} (round {d['round']}, cost {d['cost']:g}) "
                 f"added {charts.signed(e)} points to its score by the end, against the same "
                 "game replayed without it."),
        "names": {"card": d["card_id"]},
        "recommendation": rec or {
            "text": "Keep the measure in the standing toolkit and agree in advance what triggers it.",
            "addressee": addressee_for_card(card) if card else "Government", "source": ""},
        "test": ("card", team, d["card_id"], d["round"]),
        "weight": e,
    }


def _coalition_finding(scn, state) -> dict | None:
    """The joint card refused most often, with who committed it in which round."""
    world = scn.world
    refused: dict[str, dict[int, list[str]]] = {}
    for rec in state.history:
        for t in world.teams:
            for x in rec.refused.get(t, []):
                refused.setdefault(x["card"], {}).setdefault(rec.round, []).append(t)
    if not refused:
        return None
    cid, by_round = max(refused.items(), key=lambda kv: (len(kv[1]), kv[0]))
    title = card_title(scn, cid)
    rounds = sorted(by_round)
    went_through = any(cid in rec.plays.get(t, []) for rec in state.history for t in world.teams)
    detail = "; ".join(f"round {r}: {_names(world, sorted(by_round[r], key=world.teams.index))} alone"
                       for r in rounds)
    card = scn.cards.get(cid)
    rec = recommendation_for_card(scn, cid, by_round[rounds[0]][0])
    return {
        "kind": "coalition",
        "headline": f"{title}: the coalition did not form" + (" at first" if went_through else ""),
        "subject": f"the failure to agree {title}",
        "text": (f"{title} needs {_names(world, card.partners) if card else 'its partners'} to commit it "
                 f"in the same round; it was put forward in round{'s' if len(rounds) > 1 else ''} "
                 f"{rounds_text(rounds)}, never by all of them at once ({detail})"
                 + ("; it went through later." if went_through else ", so it was refused.")),
        "names": {"card": cid},
        "recommendation": rec or {
            "text": "Agree the joint measure's terms and each partner's commitment through a "
                    "standing consultation channel before it is needed.",
            "addressee": JOINT, "source": ""},
        "test": None,
        "robustness": {"text": "A decision, not chance: the same decisions refuse it in every "
                                      "replay"},
        "weight": 1.0,
    }


def _retaliation_finding(scn, state, totals) -> dict | None:
    world = scn.world
    for rec in state.history:
        for o in rec.chance:
            if not o["hit"]:
                continue
            cost = sums.total(v for c, v, _ in totals.get(o["team"], ())
                       if c.origin == "retaliation" and c.id == o["shock"])
            rec_ = recommendation_for_shock(scn, state, o["shock"], o["team"])
            return {
                "kind": "retaliation",
                "headline": f"{card_title(scn, o['card'])} drew retaliation",
                "subject": f"the retaliation {card_title(scn, o['card'])} provoked",
                "text": (f"{possessive(world.actor_name(o['team']))} {card_title(scn, o['card'])} (round "
                         f"{rec.round}) provoked retaliation from "
                         f"{world.actor_name(o['by'])}: "
                         f"{cause_title(scn, state, _cause('shock', o))}"
                         + (f", which cost it {charts.signed(cost)} points of score." if cost < -0.05
                            else ".")),
                "names": {"card": o["card"], "shock": o["shock"]},
                "recommendation": rec_ or {
                    "text": "Assess the likely counter-measures before adopting the measure and "
                            "agree with partners how a targeted member will be supported.",
                    "addressee": "Foreign and trade ministries", "source": ""},
                "test": None,
                "robustness": {"text": f"Chance: the risk was {round(o['chance'] * 100)}% "
                                       "when the card was played"},
                "weight": -cost,
            }
    return None


def _cause(origin, o):
    from ..core.causes import Cause

    return Cause(origin, o["shock"], o["by"], 0)


def key_findings(scn, state, totals, decisions, replays, seed, actions) -> list[dict]:
    """Up to MAX_FINDINGS findings, most telling first, each with its robustness verdict."""
    if not state.history:
        return []
    found: list[dict] = []
    shocks = _shock_findings(scn, state, totals)
    found += shocks[:1]
    for f in (_shortfall_finding(scn, state), _card_finding(scn, decisions),
              _coalition_finding(scn, state), _retaliation_finding(scn, state, totals)):
        if f is not None:
            found.append(f)
    found += shocks[1:]
    found = found[:MAX_FINDINGS]
    for i, f in enumerate(found, 1):
        f["number"] = i
        if f.get("test") and replays is not None and replays.n:
            f["robustness"] = check_finding(scn, seed, actions, replays, f) or {
                "text": "Not tested"}
        elif "robustness" not in f:
            f["robustness"] = {"text": "Not tested: no replays were run"}
        f["test"] = list(f["test"]) if f.get("test") else None
        f["weight"] = r4(f["weight"])
    return found


# ---------------------------------------------------------------- the brief's sentences -
def _share_words(share: float) -> str:
    return f"{round(share * 100)}%"


def bottom_line(model: dict) -> str:
    """The first paragraph an official reads: who came out ahead, whether that was the draw,
    and how the exercise objectives fared."""
    if not model["winner"]:
        return "No round has been played yet."
    w = model["winner"]
    n = model["game"]["rounds_played"]
    out = (f"After {n} round{'s' if n != 1 else ''}, {w['name']} finished first with a score of "
           f"{w['score']:.1f} ({charts.signed(w['score_change'])} on its start).")
    rb = model["robustness"]
    if rb["replays"]:
        order = [t["team"] for t in rb["teams"]]  # the world's team order
        firsts = sorted(rb["teams"], key=lambda t: (-t["first_share"], order.index(t["team"])))
        mine = next(t for t in rb["teams"] if t["team"] == w["team"])
        lead = firsts[0]
        if lead["team"] == w["team"]:
            out += (f" With the same decisions under {rb['replays']} other shock draws it would "
                    f"still have finished first in {_share_words(mine['first_share'])} of them.")
        else:
            out += (f" With the same decisions under {rb['replays']} other shock draws it "
                    f"finished first in only {_share_words(mine['first_share'])} of them, "
                    f"{lead['name']} in {_share_words(lead['first_share'])}: the ranking owes "
                    "much to this game's draw.")
    objs = model["objectives"]
    if objs:
        counts = {r: sum(1 for o in objs if o["rating"] == r) for r in "PSMU"}
        words = {"P": "performed without challenges", "S": "performed with some challenges",
                 "M": "performed with major challenges", "U": "unable to be performed"}
        parts = [f"{counts[r]} {words[r]}" for r in "PSMU" if counts[r]]
        out += (f" Of {len(objs)} exercise objective{'s' if len(objs) != 1 else ''}, "
                + ", ".join(parts) + ".")
    if model["findings"]:
        out += f" {len(model['findings'])} findings follow, most telling first."
    return out


def held_up(model: dict) -> str:
    rb = model["robustness"]
    if not rb["replays"]:
        return ("No replays were run for this brief, so it cannot say which outcomes were the "
                "luck of the draw (chokepoint report --replays N).")
    first = rb["first_seed"]
    return (f"The teams' actual decisions (every card committed, injected shock and override, "
            f"in order) were replayed under {rb['replays']} other shock draws (seeds {first} to "
            f"{first + rb['replays'] - 1}). The scheduled shocks hit in every replay; the drawn "
            "shocks and the retaliation rolls change, and a play the rules refuse in a replay is "
            f"dropped there. Findings about a shock or a card are checked in the first "
            f"{rb['card_checks']} replays, with causes recorded or against a replay without the "
            "card.")


def conclusion(model: dict) -> str:
    if not model["findings"]:
        return "No round was played, so there is nothing to conclude yet."
    f = model["findings"][0]
    held = [x for x in model["findings"] if x["robustness"].get("verdict") == "held"]
    plan = model["improvement_plan"]
    orgs = sorted({i["addressee"] for i in plan if i["addressee"]})
    out = f"Above all, the game turned on {f['subject']}."
    if held:
        out += (f" {len(held)} of the {len(model['findings'])} findings held under most other "
                "shock draws and can be taken as lessons of the scenario rather than of this "
                "game's luck.")
    if plan:
        out += (f" The improvement plan (Annex A) sets out {len(plan)} corrective "
                f"action{'s' if len(plan) != 1 else ''} for {len(orgs)} kind"
                f"{'s' if len(orgs) != 1 else ''} of organisation, to be owned and dated at the "
                "debrief.")
    return out
