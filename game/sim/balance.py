"""The balance report: a batch's summary written for a scenario designer (Markdown).

It answers four questions: does any team win too often or too rarely (the band the design
asks for), which cards dominate (played nearly always, and games with them end far better),
which cards never matter (rarely played, or making no difference when they are), and what each
card is worth per budget point when the game is replayed without it (counterfactual value, with
the balance rule of card_values.py: at most three times the median card of its deck). Each
finding comes with the lever a designer would pull first.
"""

from __future__ import annotations

from ..core.scenario import Scenario
from .card_values import (
    DOMINANCE_LIMIT,
    MEDIAN_FLOOR,
    MIN_PLAYS,
    deck_medians,
    dominance_limit,
    sampled_card_values,
)
from .runner import run_seed

WIN_BAND = (0.08, 0.40)  # with heuristic bots everywhere, every team's win rate in this band
DOMINANT_PLAY_RATE = 0.6  # played in at least this share of games...
DOMINANT_EFFECT = 2.0  # ...and games with it score this many points more
IDLE_PLAY_RATE = 0.05  # played in fewer games than this: the bots never find it worth it
IDLE_EFFECT = 0.25  # |score and resilience change| below this: it makes no difference
HARMFUL_EFFECT = -1.0  # games with it score this much less: it hurts its player
MIN_GAMES = 10  # fewer games with (or without) a card than this: its effect is noise
#: counterfactual card values in the report: the batch's first REPORT_GAMES games are played
#: again and one play of each card in each of up to REPORT_PER_CARD of them is replayed
#: without it (~350 replays for a bundled scenario, 3-5 s on two cores). A pointer, like the
#: rest of the report; tests/sim/test_card_balance.py judges on larger samples
REPORT_GAMES = 40
REPORT_PER_CARD = 8


def band_verdict(rate: float, band: tuple[float, float] = WIN_BAND) -> str:
    lo, hi = band
    if rate > hi:
        return "too strong"
    if rate < lo:
        return "too weak"
    return "in band"


def classify_cards(summary: dict) -> dict[str, list[tuple[str, str, dict]]]:
    """(card, team, stats) triples sorted into dominant / idle / harmful."""
    out: dict[str, list] = {"dominant": [], "idle": [], "harmful": []}
    for cid, c in summary["cards"].items():
        for team, s in c["by_team"].items():
            eff = s["score_effect"]
            res = s["resilience_effect"]
            if s["play_rate"] >= DOMINANT_PLAY_RATE and eff is not None and eff >= DOMINANT_EFFECT:
                out["dominant"].append((cid, team, s))
            elif s["play_rate"] < IDLE_PLAY_RATE or (
                eff is not None and abs(eff) < IDLE_EFFECT and abs(res or 0.0) < IDLE_EFFECT
            ):
                out["idle"].append((cid, team, s))
            elif eff is not None and eff <= HARMFUL_EFFECT and s["played"] >= MIN_GAMES:
                out["harmful"].append((cid, team, s))
    for found in out.values():
        found.sort(key=lambda x: (-(x[2]["score_effect"] or 0.0), x[0], x[1]))
    return out


def _fmt(x, spec=".1f", none="-") -> str:
    return none if x is None else format(x, spec)


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def report_card_values(scn: Scenario, summary: dict, jobs: int | None = None) -> dict[str, dict]:
    """Counterfactual card values on a sample of the summary's own games (same seeds, bots)."""
    spec = ",".join(f"{t}={b}" for t, b in summary["bots"].items())
    seeds = [run_seed(summary["seed"], i) for i in range(min(summary["runs"], REPORT_GAMES))]
    return sampled_card_values(scn, seeds, spec, REPORT_PER_CARD, jobs)


def balance_markdown(scn: Scenario, summary: dict, values: dict[str, dict] | None = None) -> str:
    """The report. `values` (card_values.py's shape) are computed from the summary's games when
    not given."""
    if values is None:
        values = report_card_values(scn, summary)
    teams = summary["teams"]
    world = scn.world
    lines: list[str] = []
    add = lines.append
    bots = ", ".join(f"{t}={teams[t]['bot']}" for t in world.teams)
    add(f"# Balance report: {scn.title}")
    add("")
    add(f"Scenario `{scn.id}`, {summary['runs']} games (batch seed {summary['seed']}), "
        f"bots {bots}. {scn.rounds} rounds, up to {scn.max_plays_per_round} cards a round.")
    add("")
    lo, hi = WIN_BAND
    out_of_band = [t for t in world.teams if band_verdict(teams[t]["win_rate"]) != "in band"]
    if out_of_band:
        add(f"**Out of band** (every team should win {_pct(lo)}-{_pct(hi)} of games): "
            + ", ".join(f"{t} {_pct(teams[t]['win_rate'])} ({band_verdict(teams[t]['win_rate'])})"
                        for t in out_of_band) + ".")
    else:
        add(f"**All teams in band**: every team wins between {_pct(lo)} and {_pct(hi)} of games.")
    add("")
    add("## Win rates by team")
    add("")
    add("| Team | Bot | Wins | Verdict | Mean rank | Score mean (p10-p90) "
        "| Resilience mean (p10-p90) | Prosperity mean |")
    add("|---|---|---:|---|---:|---|---|---:|")
    for t in sorted(world.teams, key=lambda t: -teams[t]["win_rate"]):
        s = teams[t]
        ind = s["indicators"]
        add(f"| {t} ({world.actor_name(t)}) | {s['bot']} | {_pct(s['win_rate'])} "
            f"| {band_verdict(s['win_rate'])} | {s['mean_rank']:.2f} "
            f"| {ind['score']['mean']:.1f} ({ind['score']['p10']:.1f}-{ind['score']['p90']:.1f}) "
            f"| {ind['resilience']['mean']:.1f} ({ind['resilience']['p10']:.1f}-"
            f"{ind['resilience']['p90']:.1f}) | {ind['prosperity']['mean']:.1f} |")
    add("")
    add("A team wins a game when it ranks first on score (its objective's mix of resilience and "
        "prosperity). Close score distributions with lopsided win rates mean a small, steady edge: "
        "tune by a point or two, not by rewriting the team.")
    add("")

    groups = classify_cards(summary)
    add("## Cards that dominate")
    add("")
    if groups["dominant"]:
        add(f"Played in at least {_pct(DOMINANT_PLAY_RATE)} of games, and games with the card "
            f"score at least {DOMINANT_EFFECT:g} points more than games without it.")
        add("")
        for cid, team, s in groups["dominant"]:
            add(f"- **{summary['cards'][cid]['title']}** (`{cid}`, {team}): played in "
                f"{_pct(s['play_rate'])} of games, score {s['score_effect']:+.1f}, resilience "
                f"{_fmt(s['resilience_effect'], '+.1f')}. Try a higher cost, a longer lag or a "
                f"smaller effect.")
    else:
        add("None: no card is both nearly always played and far ahead.")
    add("")
    add("## Cards that never matter")
    add("")
    if groups["idle"]:
        add(f"Played in fewer than {_pct(IDLE_PLAY_RATE)} of games, or changing the final score "
            f"and resilience by less than {IDLE_EFFECT:g} points either way.")
        add("")
        for cid, team, s in groups["idle"]:
            why = ("almost never played" if s["play_rate"] < IDLE_PLAY_RATE
                   else "makes no measurable difference")
            effect = (f"score {_fmt(s['score_effect'], '+.2f')}" if s["played"] >= MIN_GAMES
                      else f"{s['played']} game(s): too few to measure an effect")
            add(f"- **{summary['cards'][cid]['title']}** (`{cid}`, {team}): {why} (played in "
                f"{_pct(s['play_rate'])}, {effect}). "
                + ("Make it cheaper, sooner or stronger, or drop it from the hand."
                   if s["play_rate"] < IDLE_PLAY_RATE
                   else "Give it a larger effect or a situation where it is the answer."))
    else:
        add("None.")
    add("")
    if groups["harmful"]:
        add("## Cards that hurt their player")
        add("")
        for cid, team, s in groups["harmful"]:
            add(f"- **{summary['cards'][cid]['title']}** (`{cid}`, {team}): games with it score "
                f"{s['score_effect']:+.1f}. Check its side effects and retaliation risk.")
        add("")
    lines += _value_section(scn, values)
    add("## Suggestions")
    add("")
    suggestions = _suggestions(summary, groups)
    for s in suggestions or ["Nothing stands out: keep the content as it is."]:
        add(f"- {s}")
    add("")
    par = summary.get("par")
    if par and out_of_band:
        add("## Handicaps (par)")
        add("")
        add("If each team's `par` in the scenario were set so that its mean score in this batch "
            "came to 50 (the suggested par below), the win rates would be:")
        add("")
        add("| Team | Mean score | Suggested par | Win rate then | Verdict |")
        add("|---|---:|---:|---:|---|")
        for t in world.teams:
            rate = par["win_rates"][t]
            add(f"| {t} | {par['scores'][t]:.1f} | {par['suggested_par'][t]:.1f} | {_pct(rate)} "
                f"| {band_verdict(rate)} |")
        add("")
        add("Teams' mean scores differ by more than a team's score varies from game to game, so "
            "ranking on raw score rewards the objective weights and starting position more than "
            "play. Handicapping by par (or narrowing the gaps between teams' means) is the "
            "lever that moves win rates; card tuning moves them only a little.")
        add("")
    add("## Every card")
    add("")
    add("| Card | Team | Cost | Played | Resilience with / without | Resilience effect "
        "| Score effect |")
    add("|---|---|---:|---:|---|---:|---:|")
    for cid, c in summary["cards"].items():
        for team, s in c["by_team"].items():
            add(f"| {c['title']} (`{cid}`) | {team} | {c['cost']:g} | {_pct(s['play_rate'])} "
                f"| {_fmt(s['resilience_played'])} / {_fmt(s['resilience_not'])} "
                f"| {_fmt(s['resilience_effect'], '+.2f')} | {_fmt(s['score_effect'], '+.2f')} |")
    add("")
    add("## How to read this")
    add("")
    add("Effects compare games in which the team played the card with games in which it did not. "
        "Bots play cards in some situations and not others, so an effect is a pointer, not a "
        "proof: confirm a suspicion with a batch where one team uses `lookahead`, or by "
        "changing the card and running the batch again with the same seed (the same seed "
        "replays the same shocks).")
    add("")
    return "\n".join(lines)


def over_limit(values: dict[str, dict], cards: dict) -> tuple[list[str], list[str]]:
    """Cards worth more per budget point than the balance rule allows, best first: those over
    it by more than two standard errors of their sample, and those over it within the noise
    (a small sample of a card whose value swings from game to game, such as early warning)."""
    meds = deck_medians(values)
    clear, near = [], []
    for cid, v in values.items():
        if v["per_point"] is None or v["plays"] < MIN_PLAYS:
            continue
        limit = dominance_limit(meds[v["deck"]])
        if v["per_point"] > limit:
            margin = 2 * (v.get("se") or 0.0) / cards[cid].cost
            (clear if v["per_point"] - margin > limit else near).append(cid)
    return (sorted(clear, key=lambda c: -values[c]["per_point"]),
            sorted(near, key=lambda c: -values[c]["per_point"]))


def _value_section(scn: Scenario, values: dict[str, dict]) -> list[str]:
    lines = ["## What each card is worth (counterfactual replay)", ""]
    add = lines.append
    plays = sum(v["plays"] for v in values.values())
    add(f"Each play below was replayed without it, everything else equal (the same shocks and "
        f"retaliation rolls), and the playing team's final score compared: {plays} plays, one "
        f"per card per game, at most {REPORT_PER_CARD} per card, from the batch's first "
        f"{REPORT_GAMES} games (`pytest -m slow tests/sim/test_card_balance.py` measures on "
        f"200). The value "
        f"is net of the card's price (the replay keeps the budget). The rule: no card is worth "
        f"more per budget point than {DOMINANCE_LIMIT:g} x the median card of its deck, or "
        f"{DOMINANCE_LIMIT:g} x {MEDIAN_FLOOR:g} where that median is below {MEDIAN_FLOOR:g} "
        f"(the deck's typical card barely repays its price). Cards with fewer than {MIN_PLAYS} "
        f"plays are not judged.")
    add("")
    meds = deck_medians(values)
    over, near = over_limit(values, scn.cards)

    def listing(cids):
        return ", ".join(f"`{c}` ({values[c]['per_point']:+.2f} a point, limit "
                         f"{dominance_limit(meds[values[c]['deck']]):.2f})" for c in cids)

    if over:
        add(f"**Over the limit**: {listing(over)}. Raise its cost, cut its effect, or make its "
            "deck's weaker cards worth playing.")
    else:
        add("**No card clearly over the limit.**")
    if near:
        add("")
        add(f"**Over the limit within the noise** (by less than two standard errors of the "
            f"sample): {listing(near)}. Measure on more games before changing it.")
    add("")
    add("| Card | Deck | Cost | Plays | Value (± s.e.) | Per point | Deck median | Limit | Verdict |")
    add("|---|---|---:|---:|---:|---:|---:|---:|---|")
    order = sorted(values, key=lambda c: (values[c]["deck"], -(values[c]["per_point"] or 0.0), c))
    for cid in order:
        v = values[cid]
        med = meds.get(v["deck"])
        judged = v["per_point"] is not None and v["plays"] >= MIN_PLAYS
        verdict = ("over the limit" if cid in over else "over, within the noise" if cid in near
                   else "ok") if judged else "too few plays"
        se = "" if v.get("se") is None else f" ± {v['se']:.2f}"
        add(f"| {scn.cards[cid].title} (`{cid}`) | {v['deck']} | {scn.cards[cid].cost:g} "
            f"| {v['plays']} | {v['value']:+.2f}{se} | {_fmt(v['per_point'], '+.2f')} "
            f"| {_fmt(med, '+.2f')} | {_fmt(None if med is None else dominance_limit(med), '.2f')} "
            f"| {verdict} |")
    add("")
    return lines


def _suggestions(summary: dict, groups: dict) -> list[str]:
    teams = summary["teams"]
    out = []
    for t in teams:
        rate = teams[t]["win_rate"]
        verdict = band_verdict(rate)
        if verdict == "in band":
            continue
        mine = [(cid, c["by_team"][t]) for cid, c in summary["cards"].items() if t in c["by_team"]]
        mine = [(cid, s) for cid, s in mine if s["score_effect"] is not None]
        if verdict == "too strong":
            best = max(mine, key=lambda x: x[1]["score_effect"], default=None)
            lever = (f"; its strongest card is `{best[0]}` (score {best[1]['score_effect']:+.1f} "
                     f"when played): raise its cost or lag first") if best else ""
            out.append(f"{t} wins {_pct(rate)}: trim its starting budget or income by 1-2{lever}.")
        else:
            idle = [cid for cid, team, _ in groups["idle"] if team == t]
            lever = (f"; its cards {', '.join(f'`{c}`' for c in idle)} barely matter: make them "
                     "cheaper or stronger") if idle else ""
            out.append(f"{t} wins {_pct(rate)}: add 1-2 budget or income, or soften the shocks "
                       f"that hit it hardest{lever}.")
    return out
