"""Engine speed: whole games a second on one core with random play, causes on and off.

    python benchmarks/engine.py [--games 300] [--scenario ID] [--against REV | --compiled]
                                [--profile]

`--against REV` measures the engine at git revision REV side by side in the same run (a
temporary worktree, run in a child process, the two alternated in rounds so that both see the
same machine load: side_by_side.py). Figures are CPU time of this process (`time.process_time`), which another
process on the machine disturbs far less than wall time; the wall figure is printed too.
`--compiled` measures this tree compiled with mypyc (a temporary copy built with
CHOKEPOINT_COMPILE=1: side_by_side.compiled_copy; needs mypy and a C compiler) against this tree
as it is, the same way. Each line names the engine it measured (game.core.ENGINE).
`--profile` prints the top functions by own time (cProfile), causes off.

Games are played as the product plays many in a row: with its batch garbage collection
(game/sim/memory.py), which simulate's workers use with causes off and the brief's replays and
attribution use with causes on. Causes on is measured a second time with Python's default
collector, one game after another as `run` and the TUI would play them: with the defaults the
collector walks the live game state every 700 allocations and finds nothing to free (a game
makes no reference cycles: tests/sim/test_memory.py), 10-14% of a causes-on game's CPU time.
Each line gives the share of the time spent collecting (`gc`, timed with `gc.callbacks`).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import pstats

from side_by_side import add_engine_options, alternate_many, other_engines


def measure(scenario: str | None, games: int, explain: bool, collector: str = "batch") -> dict:
    """Games per second of the engine importable as `game` in this process; `collector`:
    "batch" (sim/memory.py's batch collection) or "default" (Python's)."""
    import contextlib
    import gc
    import time

    import game.core
    from game.content import load_scenario
    from game.headless import play_to_end
    from game.session import Session

    try:  # a batch's garbage collection, as simulate and the brief's replays play games
        from game.sim.memory import batch_collection
    except ImportError:  # an engine from before it
        batch_collection = contextlib.nullcontext
    scn = load_scenario(scenario)
    play_to_end(Session(scn, 0, explain=explain))  # warm caches and imports
    in_gc = [0.0, 0.0]  # seconds in the collector (wall, of one thread), collection started

    def timed(phase: str, info: dict) -> None:
        if phase == "start":
            in_gc[1] = time.perf_counter()
        else:
            in_gc[0] += time.perf_counter() - in_gc[1]

    gc.callbacks.append(timed)
    try:
        with batch_collection() if collector == "batch" else contextlib.nullcontext():
            c0, w0 = time.process_time(), time.perf_counter()
            for seed in range(games):
                play_to_end(Session(scn, seed, explain=explain))
            cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    finally:
        gc.callbacks.remove(timed)
    return {"games": games, "cpu_per_s": games / cpu, "wall_per_s": games / wall,
            "ms_per_game": 1000 * cpu / games, "gc_share": in_gc[0] / wall,
            "engine": getattr(game.core, "ENGINE", "pure Python")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--games", type=int, default=300)
    ap.add_argument("--scenario", default=None)
    add_engine_options(ap)
    ap.add_argument("--rounds", type=int, default=2,
                    help="alternations with --against or --compiled")
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    with contextlib.ExitStack() as stack:  # --against and --compiled: three engines in turns
        others = other_engines(stack, args.against, args.compiled)
        rev_dir = others[0][1] if others else None
        results: dict[str, dict[str, list[dict]]] = {}
        for mode, games, collector in (("off", args.games, "batch"),
                                       ("on", max(1, args.games // 5), "batch"),
                                       ("on, default gc", max(1, args.games // 5), "default")):
            turns = alternate_many(others, args.rounds, measure, args.scenario, games,
                                   mode != "off", collector)
            for name, runs in turns.items():
                results.setdefault(name, {})[mode] = runs
    print(f"scenario {args.scenario or 'default'}: random play, one core, games/s of CPU time "
          f"(wall in brackets); best of {args.rounds if rev_dir else 1}")
    for name, modes in results.items():
        for mode, runs in modes.items():
            best = max(runs, key=lambda r: r["cpu_per_s"])
            label = {"off": "causes off (simulate)", "on": "causes on (brief replays)",
                     "on, default gc": "causes on, Python's gc (run)"}[mode]
            print(f"  {name:>12}  {label:<29} {best['cpu_per_s']:8.1f}  "
                  f"({best['wall_per_s']:.1f})  {best['ms_per_game']:.2f} ms/game  "
                  f"gc {100 * best.get('gc_share', 0.0):4.1f}%  "
                  f"[{best.get('engine', '?')}]")
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
