"""How fast the TUI is: cold start, and key press to repaint.

    python benchmarks/tui.py [--runs 7] [--keys 40]

Cold start: a fresh interpreter runs the app headless until its first screen is up, then exits;
a bare Textual hello-world app is measured the same way in the same run, alternating, and the
medians compared (target: at most 1.3x).

Key press to repaint: in a solo game at 80x24 on the decision screen, each key (down/up through
the hand, space to select, c to commit a play) is timed from the press until the app has
processed it and the screen has been composited again (target: median at most 50 ms).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import time

HELLO = """
import sys, time
from textual.app import App
from textual.widgets import Static
class Hello(App):
    def compose(self):
        yield Static("Hello, world")
async def first_screen(pilot):
    print(time.time() - float(sys.argv[1]))
    pilot.app.exit()
Hello().run(headless=True, size=(80, 24), auto_pilot=first_screen)
"""

CHOKEPOINT = """
import sys, time
from game.tui import make_app
app = make_app(store=False)
async def first_screen(pilot):
    print(time.time() - float(sys.argv[1]))
    pilot.app.exit()
app.run(headless=True, size=(80, 24), auto_pilot=first_screen)
"""


def cold(code: str) -> float:
    """Seconds from launching a fresh interpreter to the app's first screen being ready (the
    child prints it, so shutdown is not counted)."""
    out = subprocess.run([sys.executable, "-c", code, repr(time.time())], check=True,
                         capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def cold_start(runs: int) -> tuple[float, float]:
    cold(HELLO), cold(CHOKEPOINT)  # warm the file cache for both
    hello, ours = [], []
    for _ in range(runs):
        hello.append(cold(HELLO))
        ours.append(cold(CHOKEPOINT))
    return statistics.median(hello), statistics.median(ours)


async def key_latency(keys: int) -> dict[str, list[float]]:
    from textual import events

    from game.core.state import Phase
    from game.tui import make_app

    app = make_app(store=False, scenario=None, seed=1, mode="solo", team="KOR")
    out: dict[str, list[float]] = {"move": [], "select": [], "commit": []}
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        from game.content import load_scenario
        from game.tui.game import new_game

        handle, _ = new_game(load_scenario(), 1, "solo", "KOR", {})
        app.start_game(handle)
        await pilot.pause()
        screen = app.screen

        painted = asyncio.Event()
        real_display = app._display

        def display(screen_, renderable):  # every screen update passes here, headless or not
            real_display(screen_, renderable)
            if renderable is not None:
                painted.set()

        app._display = display

        async def timed(kind: str, key: str) -> None:
            await pilot.pause()  # start from an idle app
            painted.clear()
            t0 = time.perf_counter()
            app.post_message(events.Key(key, " " if key == "space" else None))
            await asyncio.wait_for(painted.wait(), 5)
            out[kind].append(time.perf_counter() - t0)

        while not handle.over and len(out["move"]) < keys:
            while handle.state.phase is not Phase.DECISIONS:
                await pilot.press("n")
                await pilot.pause()
                if handle.over:
                    break
            if handle.over:
                break
            for _ in range(3):
                await timed("move", "down")
            for _ in range(3):
                await timed("move", "up")
            await timed("select", "space")
            await timed("commit", "c")
            await pilot.press("n")
            await pilot.pause()
        assert screen is app.screen
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--keys", type=int, default=42)
    args = ap.parse_args()
    hello, ours = cold_start(args.runs)
    print(f"cold start to first screen: hello-world {hello * 1000:.0f} ms, chokepoint "
          f"{ours * 1000:.0f} ms, ratio {ours / hello:.2f}x (target <= 1.30x)")
    lat = asyncio.run(key_latency(args.keys))
    every = [x for v in lat.values() for x in v]
    for kind, xs in lat.items():
        print(f"key to repaint, {kind:<6}: median {statistics.median(xs) * 1000:5.1f} ms, "
              f"max {max(xs) * 1000:5.1f} ms over {len(xs)} presses")
    print(f"key to repaint, all   : median {statistics.median(every) * 1000:5.1f} ms (target <= 50 ms)")


if __name__ == "__main__":
    main()
