"""How fast the store saves and loads: `python benchmarks/store.py [--games N] [--loads N]`.

- append + commit: the store's `on_append` hook for every action of N saved 10-round games
  (one `BEGIN IMMEDIATE ... COMMIT` each, with the round snapshot when a round is sealed).
  Target: median <= 2 ms. Also shown: the whole `Session.act` of a saved game, which adds the
  session's own state copy and the rules.
- load + verify: `Store.load` of a finished 10-round game (read the log, replay it, check every
  snapshot). Target: <= 100 ms. The bundled scenario has 8 rounds; the game here is that
  scenario with `rounds=10` (dataclasses.replace), handed to the store as its scenario.

Runs in a temporary directory; nothing else is touched.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.content import load_scenario
from game.headless import play_to_end
from game.store import open_store
from game.store import schema as store_schema


def ms(xs: list[float]) -> dict:
    xs = sorted(xs)
    return {"median_ms": round(statistics.median(xs) * 1000, 3),
            "p95_ms": round(xs[int(len(xs) * 0.95) - 1] * 1000, 3),
            "max_ms": round(xs[-1] * 1000, 3), "n": len(xs)}


def bench(games: int, loads: int, rounds: int, synchronous: str) -> dict:
    os.environ["CHOKEPOINT_DB_SYNC"] = synchronous
    scn = dataclasses.replace(load_scenario(), rounds=rounds)
    hook_times: list[float] = []
    act_times: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.db")
        game_ids = []
        for seed in range(games):
            game_id, s = store.new_game(scn, seed)
            game_ids.append(game_id)
            hook = s.on_append

            def timed(entry, hook=hook):
                t = time.perf_counter()
                hook(entry)
                hook_times.append(time.perf_counter() - t)

            s.on_append = timed
            act = s.act

            def timed_act(action, act=act):
                t = time.perf_counter()
                out = act(action)
                act_times.append(time.perf_counter() - t)
                return out

            s.act = timed_act
            play_to_end(s)
            assert s.over and len(s.state.history) == rounds
        store.close()

        load_times = []
        store = open_store(Path(tmp) / "bench.db")
        store.register_scenario(scn)
        for i in range(loads):
            game_id = game_ids[i % len(game_ids)]
            t = time.perf_counter()
            s = store.load(game_id)
            load_times.append(time.perf_counter() - t)
            assert s.over
        t = time.perf_counter()
        fresh = open_store(Path(tmp) / "bench.db")
        fresh.register_scenario(scn)
        fresh.load(game_ids[0])
        cold = time.perf_counter() - t
        actions = len(s.log)
        store.close()
        fresh.close()
    return {
        "synchronous": synchronous,
        "rounds": rounds,
        "actions_per_game": actions,
        "append_commit": ms(hook_times),
        "session_act_saved": ms(act_times),
        "load_verify": ms(load_times),
        "open_store_and_load_ms": round(cold * 1000, 3),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--games", type=int, default=5)
    ap.add_argument("--loads", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--synchronous", default=store_schema.SYNCHRONOUS,
                    choices=["FULL", "NORMAL"], help="PRAGMA synchronous to measure with")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    r = bench(a.games, a.loads, a.rounds, a.synchronous)
    if a.json:
        print(json.dumps(r, indent=1))
        return
    ac, lv = r["append_commit"], r["load_verify"]
    print(f"synchronous={r['synchronous']}, {r['rounds']}-round games, "
          f"{r['actions_per_game']} actions each")
    print(f"append + commit: median {ac['median_ms']:.3f} ms, p95 {ac['p95_ms']:.3f} ms, "
          f"max {ac['max_ms']:.3f} ms over {ac['n']} actions   (target: median <= 2 ms)")
    sa = r["session_act_saved"]
    print(f"  (Session.act of a saved game, rules and state copy included: median "
          f"{sa['median_ms']:.3f} ms)")
    print(f"load + verify:   median {lv['median_ms']:.3f} ms, p95 {lv['p95_ms']:.3f} ms over "
          f"{lv['n']} loads   (target: <= 100 ms)")
    print(f"  (a fresh open_store + load: {r['open_store_and_load_ms']:.1f} ms)")


if __name__ == "__main__":
    main()
