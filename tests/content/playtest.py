"""Playtest batch for docs/playtest.md (not a test module: run it by hand).

    python -m tests.content.playtest [GAMES] [--bots random|heuristic]

Plays GAMES seeded games of each bundled scenario headless (explain=False), every team driven
by the same bot, and prints Markdown: per team the win rate, mean final score, resilience and
prosperity; per card how often it was played and how its player's final score differs between
games with and without it; how often joint cards were refused and retaliation landed.
"""

from __future__ import annotations

import sys
import time
from collections import Counter, defaultdict
from statistics import mean, pstdev

from game.bots import make_bot
from game.content import load_scenario
from game.core.scoring import ranking
from game.headless import play_to_end
from game.session import Session

from ..default_world import TEAMS
from .helpers import SCENARIOS


def batch(sid: str, games: int, bot: str) -> dict:
    scn = load_scenario(sid)
    wins: Counter = Counter()
    finals = defaultdict(lambda: defaultdict(list))  # team -> indicator -> values
    played_in = defaultdict(lambda: defaultdict(set))  # card -> team -> seeds
    refused = Counter()
    retaliation = Counter()
    min_supply = []
    t0 = time.time()
    for seed in range(games):
        bots = {t: make_bot(bot) for t in TEAMS}
        s = play_to_end(Session(scn, seed, explain=False), bots)
        ind = s.state.indicators
        wins[ranking(ind)[0]] += 1
        for t in TEAMS:
            for k in ("score", "resilience", "prosperity"):
                finals[t][k].append(ind[t][k])
        lowest = 100.0
        for rec in s.state.history:
            for t, cards in rec.plays.items():
                for c in cards:
                    played_in[c][t].add(seed)
            for lst in rec.refused.values():
                refused.update(r["card"] for r in lst)
            for o in rec.chance:
                if o.get("hit"):
                    retaliation[o["shock"]] += 1
            for t in TEAMS:
                for k, v in rec.indicators[t].items():
                    if k.startswith("supply."):
                        lowest = min(lowest, v)
        min_supply.append(lowest)
    cards = {}
    for cid, card in scn.cards.items():
        for t in TEAMS:
            if cid not in scn.teams[t].hand:
                continue
            with_ = played_in[cid][t]
            scores = finals[t]["score"]
            a = [scores[i] for i in range(games) if i in with_]
            b = [scores[i] for i in range(games) if i not in with_]
            cards[(cid, t)] = {
                "rate": len(with_) / games,
                "effect": (mean(a) - mean(b)) if a and b else float("nan"),
                "joint": bool(card.partners),
            }
    return {
        "scenario": scn, "games": games, "seconds": time.time() - t0, "wins": wins,
        "finals": finals, "cards": cards, "refused": refused, "retaliation": retaliation,
        "min_supply": min_supply,
    }


def report(res: dict) -> str:
    scn, n = res["scenario"], res["games"]
    out = [f"### {scn.title} (`{scn.id}`), {n} games, {res['seconds']:.0f} s", ""]
    out += ["| team | wins | mean score (sd) | resilience | prosperity |", "|---|---|---|---|---|"]
    for t in TEAMS:
        f = res["finals"][t]
        out.append(f"| {t} | {100 * res['wins'][t] / n:.0f}% | {mean(f['score']):.1f} "
                   f"({pstdev(f['score']):.1f}) | {mean(f['resilience']):.1f} | "
                   f"{mean(f['prosperity']):.1f} |")
    ms = sorted(res["min_supply"])
    out += ["", (f"Worst supply any team met in a round: median {ms[n // 2]:.0f}%, "
                f"worst game {ms[0]:.0f}%.")]
    solo = {k: v for k, v in res["cards"].items() if not v["joint"]}
    eff = sorted(((v["effect"], k) for k, v in solo.items() if v["effect"] == v["effect"]),
                 reverse=True)
    out += ["", ("Largest score differences between games with and without a card "
                "(player's final score, solo cards):"), ""]
    out += ["| card | team | played in | with - without |", "|---|---|---|---|"]
    for e, (cid, t) in eff[:5] + eff[-3:]:
        out.append(f"| {cid} | {t} | {100 * solo[(cid, t)]['rate']:.0f}% | {e:+.2f} |")
    joint = {k: v for k, v in res["cards"].items() if v["joint"]}
    resolved = sum(v["rate"] for v in joint.values()) * n
    out += ["", (f"Joint cards: resolved {resolved:.0f} times in {n} games; refused "
                f"{sum(res['refused'].values())} times (a partner did not commit)."),
            f"Retaliation landed {sum(res['retaliation'].values())} times: "
            + ", ".join(f"{k} {v}" for k, v in res["retaliation"].most_common()) + "."]
    return "\n".join(out)


def main(argv: list[str]) -> None:
    games = int(argv[0]) if argv and argv[0].isdigit() else 500
    bot = argv[argv.index("--bots") + 1] if "--bots" in argv else "random"
    for sid in SCENARIOS:
        print(report(batch(sid, games, bot)))
        print()


if __name__ == "__main__":
    main(sys.argv[1:])
