"""Engine cost in instructions a game: deterministic, where timings on a shared host are not.

    python benchmarks/instructions.py [--games 40] [--scenario ID] [--against REV]
                                      [--compiled] [--causes on|off|both] [--memory]

On the reference machine the engine benchmark's games/s moved by 10-20% between runs of the
same engine (a virtual machine's neighbours), which hides a 5% change. Valgrind's cachegrind
counts the instructions a run executes, the same on every run (with PYTHONHASHSEED fixed):
each engine plays `games` and then 3 x `games` random games, with the Monte Carlo batch's
garbage-collector settings, and a game costs the difference divided by 2 x `games`, so
starting Python and loading the scenario are not counted. A compiled engine's count says how
much work its C does, not how fast a core runs it: read it beside engine.py's timings.

`--memory` adds cachegrind's simulated cache misses (first level and last level, instructions
and data) and mispredicted branches a game, also deterministic: a change that saves
instructions but misses the cache more can leave the time where it was (about 4x slower).

`--against REV` and `--compiled` choose the other engines as engine.py does (side_by_side.py).
Needs valgrind (`apt-get install valgrind`); about a minute a compiled engine at 40 games,
ten times that for the pure one with causes on.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from side_by_side import ROOT, add_engine_options, other_engines

PLAY = """
import sys
sys.path.insert(0, {tree!r})
from game.bots import parse_bots
from game.content import load_scenario
from game.sim.memory import batch_collection
from game.sim.runner import play_one, run_seed
import game
assert game.__file__.startswith({tree!r}), game.__file__
scn = load_scenario({scenario!r})
bots = parse_bots("random", teams=scn.world.teams)
with batch_collection():
    play_one(scn, 1, bots, explain={explain!r})  # tables and caches warm, as in a batch
    for i in range({games}):
        play_one(scn, run_seed(0, i), bots, explain={explain!r})
"""


#: what --memory prints, from cachegrind's events: first-level misses (instruction reads, data
#: reads and writes), last-level misses (the same), mispredicted branches (conditional, indirect)
MEMORY = {"L1 misses": ("I1mr", "D1mr", "D1mw"), "LL misses": ("ILmr", "DLmr", "DLmw"),
          "mispredicts": ("Bcm", "Bim")}


def counts(tree: Path, scenario: str | None, games: int, explain: bool,
           memory: bool = False) -> dict[str, int]:
    """Cachegrind's event totals (Ir: instructions) for a run of `games` games in a fresh
    interpreter; with `memory`, the cache and branch simulations' too."""
    code = PLAY.format(tree=str(tree), scenario=scenario, games=games, explain=explain)
    sims = ["--cache-sim=yes", "--branch-sim=yes"] if memory else ["--cache-sim=no"]
    with tempfile.TemporaryDirectory(prefix="chokepoint-cg-") as tmp:
        out_file = Path(tmp) / "cg.out"
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        run = subprocess.run(["valgrind", "--tool=cachegrind", *sims,
                              f"--cachegrind-out-file={out_file}", sys.executable, "-c", code],
                             cwd=tree, env=env, capture_output=True, text=True)
        if run.returncode != 0:
            raise SystemExit(f"the run failed in {tree}:\n{run.stderr[-2000:]}")
        events: list[str] = []
        for line in out_file.read_text().splitlines():
            if line.startswith("events:"):
                events = line.split()[1:]
            if line.startswith("summary:"):
                return dict(zip(events, map(int, line.split()[1:]), strict=True))
    raise SystemExit("cachegrind wrote no summary")


def per_game(tree: Path, scenario: str | None, games: int, explain: bool,
             memory: bool = False) -> dict[str, float]:
    """Each event a game: the difference between 3 x `games` games and `games`."""
    few = counts(tree, scenario, games, explain, memory)
    many = counts(tree, scenario, 3 * games, explain, memory)
    return {k: (many[k] - few[k]) / (2 * games) for k in few}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--games", type=int, default=40)
    ap.add_argument("--scenario", default=None)
    add_engine_options(ap)
    ap.add_argument("--causes", choices=("off", "on", "both"), default="off")
    ap.add_argument("--memory", action="store_true",
                    help="also simulated cache misses and mispredicted branches a game")
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("instructions.py needs valgrind (apt-get install valgrind); engine.py times "
                 "the same games without it")
    modes = {"off": [False], "on": [True], "both": [False, True]}[args.causes]
    with contextlib.ExitStack() as stack:
        engines = [("this", ROOT), *other_engines(stack, args.against, args.compiled)]
        print(f"instructions a random game (cachegrind, PYTHONHASHSEED=0; "
              f"{3 * args.games} games less {args.games})")
        got: dict[str, dict[bool, float]] = {}
        for label, tree in engines:
            got[label] = {}
            for explain in modes:
                game = per_game(tree, args.scenario, args.games, explain, args.memory)
                n = got[label][explain] = game["Ir"]
                extra = "".join(f"  {name} {sum(game[e] for e in events) / 1e3:7.1f}K"
                                for name, events in MEMORY.items()) if args.memory else ""
                print(f"  {label:>14}  causes {'on ' if explain else 'off'}  {n / 1e6:8.2f}M"
                      f"{extra}", flush=True)
        # this tree against the revision, pure with pure and compiled with compiled
        pairs = [("this", args.against), ("compiled", f"{args.against} comp")]
        for new, old in pairs:
            if new in got and old in got:
                for explain in modes:
                    ratio = got[new][explain] / got[old][explain]
                    print(f"  {new} / {old}, causes {'on' if explain else 'off'}: "
                          f"{ratio:.3f} ({(ratio - 1) * 100:+.1f}%)")

if __name__ == "__main__":
    main()
