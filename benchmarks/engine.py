"""Engine speed: whole games a second on one core with random play, attribution on and off.

    python benchmarks/engine.py [--games 300] [--scenario ID] [--profile]

Figures read low when other processes share the machine; compare runs made side by side.
`--profile` prints the top functions by own time (cProfile), attribution off.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time

from game.content import load_scenario
from game.headless import play_to_end
from game.session import Session


def games_per_second(scn, games: int, explain: bool) -> float:
    t0 = time.perf_counter()
    for seed in range(games):
        play_to_end(Session(scn, seed, explain=explain))
    return games / (time.perf_counter() - t0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--games", type=int, default=300)
    ap.add_argument("--scenario", default=None)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    scn = load_scenario(args.scenario)
    play_to_end(Session(scn, 0, explain=False))  # warm caches and imports
    off = games_per_second(scn, args.games, explain=False)
    on = games_per_second(scn, max(1, args.games // 5), explain=True)
    print(f"scenario {scn.id}: random play, one core")
    print(f"  attribution off (simulate): {off:8.1f} games/s  ({1000 / off:.2f} ms/game)")
    print(f"  attribution on  (run/TUI):  {on:8.1f} games/s  ({1000 / on:.2f} ms/game)")
    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        for seed in range(args.games):
            play_to_end(Session(scn, seed, explain=False))
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    main()
