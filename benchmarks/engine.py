"""Engine speed: whole games a second on one core with random play, causes on and off.

    python benchmarks/engine.py [--games 300] [--scenario ID] [--against REV] [--profile]

`--against REV` measures the engine at git revision REV side by side in the same run (a
temporary worktree, run in a child process, the two alternated in rounds so that both see the
same machine load). Figures are CPU time of this process (`time.process_time`), which another
process on the machine disturbs far less than wall time; the wall figure is printed too.
`--profile` prints the top functions by own time (cProfile), causes off.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def measure(scenario: str | None, games: int, explain: bool) -> dict:
    """Games per second of the engine importable as `game` in this process."""
    from game.content import load_scenario
    from game.headless import play_to_end
    from game.session import Session

    scn = load_scenario(scenario)
    play_to_end(Session(scn, 0, explain=explain))  # warm caches and imports
    c0, w0 = time.process_time(), time.perf_counter()
    for seed in range(games):
        play_to_end(Session(scn, seed, explain=explain))
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    return {"games": games, "cpu_per_s": games / cpu, "wall_per_s": games / wall,
            "ms_per_game": 1000 * cpu / games}


def _child(rev_dir: Path, scenario, games, explain) -> dict:
    """`measure` run in a fresh interpreter whose `game` package is the one in `rev_dir`."""
    import inspect

    code = "\n".join([
        "import json, sys, time",
        f"sys.path.insert(0, {str(rev_dir)!r})",
        inspect.getsource(measure),
        "import game",
        f"assert game.__file__.startswith({str(rev_dir)!r}), game.__file__",
        f"print(json.dumps(measure({scenario!r}, {games}, {explain})))",
    ])
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=rev_dir)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _worktree(rev: str) -> Path:
    where = Path(tempfile.mkdtemp(prefix="chokepoint-bench-"))
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-f", str(where), rev],
                   check=True, capture_output=True)
    return where


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--games", type=int, default=300)
    ap.add_argument("--scenario", default=None)
    ap.add_argument("--against", default=None, metavar="REV",
                    help="also measure the engine at this git revision, side by side")
    ap.add_argument("--rounds", type=int, default=2, help="alternations with --against")
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    rev_dir = _worktree(args.against) if args.against else None
    results: dict[str, dict[str, list[dict]]] = {"this": {"off": [], "on": []}}
    if rev_dir:
        results[args.against] = {"off": [], "on": []}
    try:
        for _ in range(args.rounds if rev_dir else 1):
            for mode, games in (("off", args.games), ("on", max(1, args.games // 5))):
                explain = mode == "on"
                results["this"][mode].append(_child(ROOT, args.scenario, games, explain))
                if rev_dir:
                    results[args.against][mode].append(_child(rev_dir, args.scenario, games, explain))
    finally:
        if rev_dir:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(rev_dir)],
                           capture_output=True)
    print(f"scenario {args.scenario or 'default'}: random play, one core, games/s of CPU time "
          f"(wall in brackets); best of {args.rounds if rev_dir else 1}")
    for name, modes in results.items():
        for mode, runs in modes.items():
            best = max(runs, key=lambda r: r["cpu_per_s"])
            label = "causes off (simulate)" if mode == "off" else "causes on (run/TUI)"
            print(f"  {name:>12}  {label:<22} {best['cpu_per_s']:8.1f}  "
                  f"({best['wall_per_s']:.1f})  {best['ms_per_game']:.2f} ms/game")
    if args.profile:
        from game.content import load_scenario
        from game.headless import play_to_end
        from game.session import Session

        scn = load_scenario(args.scenario)
        prof = cProfile.Profile()
        prof.enable()
        for seed in range(args.games):
            play_to_end(Session(scn, seed, explain=False))
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    main()
