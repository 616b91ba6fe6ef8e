"""Monte Carlo speed and lookahead decision time.

    python benchmarks/simulate.py [--runs 10000] [--jobs 2] [--bots random] [--decisions 16]

Reports games/s of a `chokepoint simulate` batch (as the CLI runs it, pool start included) and
the time a lookahead decision takes (mean and worst over the first rounds of a few games, every
other team heuristic). The issue's targets: 10,000 random games on 2 cores in 10 s; a lookahead
decision under 1 s. Figures read low when other processes share the machine.
"""

from __future__ import annotations

import argparse
import time
from statistics import mean

from game.bots import LookaheadBot, parse_bots
from game.content import load_scenario
from game.headless import play_to_end
from game.session import Session
from game.sim import run_batch


class _Timed(LookaheadBot):
    def __init__(self, log: list):
        super().__init__()
        self.log = log

    def choose(self, scn, state, team):
        out = super().choose(scn, state, team)
        self.log.append(self.last)
        return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10_000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--bots", default="random")
    ap.add_argument("--scenario", default=None)
    ap.add_argument("--decisions", type=int, default=16, help="lookahead decisions to time")
    args = ap.parse_args()
    scn = load_scenario(args.scenario)

    t0 = time.perf_counter()
    batch = run_batch(scn, args.runs, seed=0, jobs=args.jobs, bot_spec=args.bots)
    wall = time.perf_counter() - t0
    print(f"simulate {scn.id}: {args.runs} games, bots={args.bots}, jobs={batch.jobs}")
    print(f"  {wall:.2f} s wall, {args.runs / wall:.0f} games/s "
          f"({args.runs / wall / batch.jobs:.0f} per worker)")

    log: list[dict] = []
    seed = 0
    while len(log) < args.decisions:
        bots = parse_bots(None)
        bots["KOR"] = _Timed(log)
        play_to_end(Session(scn, seed, explain=False), bots)
        seed += 1
    secs = [x["seconds"] for x in log]
    shape = ", ".join(f"{x['candidates']}x{x['samples']}" for x in log[: scn.rounds])
    print(f"lookahead: {len(secs)} decisions, mean {mean(secs):.3f} s, worst {max(secs):.3f} s "
          f"(candidates x samples, first game: {shape})")


if __name__ == "__main__":
    main()
