"""Monte Carlo speed and lookahead decision time, optionally side by side with another engine.

    python benchmarks/simulate.py [--runs 10000] [--jobs 2] [--bots random] [--decisions 24]
                                  [--against REV | --compiled] [--turns 2] [--skip-batch]
                                  [--skip-lookahead]

Reports the wall time of a `chokepoint simulate` batch (as the CLI runs it: `run_batch`, pool
start included; the target is wall time, 10,000 random games on 2 cores in 10 s), and the time
a lookahead decision takes for KOR, every other team heuristic, over the first decisions of
games 0, 1, ... (mean and worst, in CPU time of the process: the lookahead's safety deadline
reads the wall clock, so the samples it completed are printed too; target 0.1 s).

`--against REV` measures the engine at git revision REV too, in turns in the same run (see
side_by_side.py). `--compiled` measures this tree compiled with mypyc instead (a temporary
copy: side_by_side.compiled_copy). Figures read low when other processes share the machine.
"""

from __future__ import annotations

import argparse
import contextlib

from side_by_side import add_engine_options, alternate_many, other_engines


def batch(scenario, runs, jobs, bots) -> dict:
    """Wall time of one batch, as `chokepoint simulate` plays it."""
    import time

    from game.content import load_scenario
    from game.sim import run_batch

    scn = load_scenario(scenario)
    t0 = time.perf_counter()
    b = run_batch(scn, runs, seed=0, jobs=jobs, bot_spec=bots)
    wall = time.perf_counter() - t0
    return {"runs": runs, "jobs": b.jobs, "wall": wall, "per_s": runs / wall}


def lookahead(scenario, decisions) -> dict:
    """CPU time of the first `decisions` lookahead decisions (KOR; other teams heuristic)."""
    import time

    from game.bots import LookaheadBot, parse_bots
    from game.content import load_scenario
    from game.headless import play_to_end
    from game.session import Session

    class Timed(LookaheadBot):
        def __init__(self, log):
            super().__init__()
            self.log = log

        def choose(self, scn, state, team):
            c0 = time.process_time()
            out = super().choose(scn, state, team)
            self.log.append((time.process_time() - c0, self.last.get("samples", 0),
                             self.last.get("planned", self.last.get("samples", 0)), out))
            return out

    scn = load_scenario(scenario)
    log: list = []
    seed = 0
    while len(log) < decisions:
        bots = parse_bots(None)
        bots["KOR"] = Timed(log)
        play_to_end(Session(scn, seed, explain=False), bots)
        seed += 1
    log = log[:decisions]
    secs = [x[0] for x in log]
    return {"decisions": len(log), "mean": sum(secs) / len(secs), "worst": max(secs),
            "cut_short": sum(1 for x in log if x[1] < x[2]),
            "choices": [list(x[3]) for x in log]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10_000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--bots", default="random")
    ap.add_argument("--scenario", default=None)
    ap.add_argument("--decisions", type=int, default=24, help="lookahead decisions to time")
    add_engine_options(ap)
    ap.add_argument("--turns", type=int, default=2, help="turns each with --against/--compiled")
    ap.add_argument("--skip-batch", action="store_true")
    ap.add_argument("--skip-lookahead", action="store_true")
    args = ap.parse_args()
    with contextlib.ExitStack() as stack:  # --against and --compiled: three engines in turns
        others = other_engines(stack, args.against, args.compiled)
        rev_dir = others[0][1] if others else None
        if not args.skip_batch:
            res = alternate_many(others, args.turns, batch, args.scenario, args.runs,
                            args.jobs, args.bots)
            print(f"simulate {args.scenario or 'default'}: {args.runs} games, bots={args.bots}, "
                  f"jobs={args.jobs}; wall time, best of {len(res['this'])}")
            for name, runs in res.items():
                b = min(runs, key=lambda r: r["wall"])
                print(f"  {name:>12}  {b['wall']:7.2f} s  {b['per_s']:7.0f} games/s")
        if not args.skip_lookahead:
            res = alternate_many(others, args.turns, lookahead, args.scenario,
                            args.decisions)
            print(f"lookahead decision (KOR, others heuristic), {args.decisions} decisions; "
                  f"CPU s, best of {len(res['this'])}")
            for name, runs in res.items():
                b = min(runs, key=lambda r: r["mean"])
                print(f"  {name:>12}  mean {b['mean']:.3f} s  worst {b['worst']:.3f} s  "
                      f"(cut short by the deadline: {b['cut_short']})")
            if rev_dir is not None:
                same = sum(a == b for a, b in zip(res["this"][0]["choices"],
                                                  res[others[0][0]][0]["choices"], strict=False))
                print(f"  same choices in {same} of {args.decisions} decisions")


if __name__ == "__main__":
    main()
