"""Engine cost in instructions a game: deterministic, where timings on a shared host are not.

    python benchmarks/instructions.py [--games 40] [--scenario ID] [--against REV]
                                      [--compiled] [--causes on|off|both]

On the reference machine the engine benchmark's games/s moved by 10-20% between runs of the
same engine (a virtual machine's neighbours), which hides a 5% change. Valgrind's cachegrind
counts the instructions a run executes, the same on every run (with PYTHONHASHSEED fixed):
each engine plays `games` and then 3 x `games` random games, with the Monte Carlo batch's
garbage-collector settings, and a game costs the difference divided by 2 x `games`, so
starting Python and loading the scenario are not counted. A compiled engine's count says how
much work its C does, not how fast a core runs it: read it beside engine.py's timings.

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


def instructions(tree: Path, scenario: str | None, games: int, explain: bool) -> int:
    """Instructions valgrind counts for a run of `games` games in a fresh interpreter."""
    code = PLAY.format(tree=str(tree), scenario=scenario, games=games, explain=explain)
    with tempfile.TemporaryDirectory(prefix="chokepoint-cg-") as tmp:
        out_file = Path(tmp) / "cg.out"
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        run = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no",
                              f"--cachegrind-out-file={out_file}", sys.executable, "-c", code],
                             cwd=tree, env=env, capture_output=True, text=True)
        if run.returncode != 0:
            raise SystemExit(f"the run failed in {tree}:\n{run.stderr[-2000:]}")
        for line in out_file.read_text().splitlines():
            if line.startswith("summary:"):
                return int(line.split()[1])
    raise SystemExit("cachegrind wrote no summary")


def per_game(tree: Path, scenario: str | None, games: int, explain: bool) -> float:
    few = instructions(tree, scenario, games, explain)
    many = instructions(tree, scenario, 3 * games, explain)
    return (many - few) / (2 * games)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--games", type=int, default=40)
    ap.add_argument("--scenario", default=None)
    add_engine_options(ap)
    ap.add_argument("--causes", choices=("off", "on", "both"), default="off")
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("instructions.py needs valgrind (apt-get install valgrind); engine.py times "
                 "the same games without it")
    modes = {"off": [False], "on": [True], "both": [False, True]}[args.causes]
    with contextlib.ExitStack() as stack:
        engines = [("this", ROOT), *other_engines(stack, args.against, args.compiled)]
        print(f"instructions a random game (cachegrind, PYTHONHASHSEED=0; "
              f"{3 * args.games} games less {args.games})")
        counts: dict[str, dict[bool, float]] = {}
        for label, tree in engines:
            counts[label] = {}
            for explain in modes:
                n = counts[label][explain] = per_game(tree, args.scenario, args.games, explain)
                print(f"  {label:>14}  causes {'on ' if explain else 'off'}  {n / 1e6:8.2f}M",
                      flush=True)
        # this tree against the revision, pure with pure and compiled with compiled
        pairs = [("this", args.against), ("compiled", f"{args.against} comp")]
        for new, old in pairs:
            if new in counts and old in counts:
                for explain in modes:
                    ratio = counts[new][explain] / counts[old][explain]
                    print(f"  {new} / {old}, causes {'on' if explain else 'off'}: "
                          f"{ratio:.3f} ({(ratio - 1) * 100:+.1f}%)")

if __name__ == "__main__":
    main()
