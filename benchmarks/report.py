"""How long an after-action brief takes for a finished 10-round game.

    python benchmarks/report.py [--seed N] [--repeat K] [--replays R] [--no-pdf]

Two costs, printed apart:

- the model: the game's plain-data summary, including one counterfactual replay per card
  played and the robustness replays (R other shock draws, 200 by default, plus the replays
  that test each finding); paid once per brief whatever the format;
- the render of each format from that model: Markdown and HTML at most 0.3 s each, PDF at most
  5 s (issues 6 and 12), side by side.

The first render in a process includes compiling the templates (and, for PDF, loading WeasyPrint
and the fonts), so both the first call and the best of the following calls are printed, as
wall-clock and CPU time (the CPU figure is what to compare when the machine is shared).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time

from game.content import load_scenario
from game.headless import play_to_end
from game.report import PdfUnavailable, render_model
from game.report.model import build_model
from game.session import Session

TARGETS = {"md": 0.3, "html": 0.3, "pdf": 5.0}


def finished_game(seed: int, rounds: int = 10) -> Session:
    scn = dataclasses.replace(load_scenario(), rounds=rounds)
    session = play_to_end(Session(scn, seed))
    session.note("Hot wash: KOR and JPN disagreed on the stockpile release. 한국 日本 中国")
    return session


def _pages(pdf: bytes) -> str:
    """Page count through poppler's pdfinfo, if it is installed ("?" otherwise)."""
    import shutil
    import subprocess
    import tempfile

    if shutil.which("pdfinfo") is None:
        return "?"
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        info = subprocess.run(["pdfinfo", f.name], capture_output=True, text=True).stdout
    return next((ln.split()[-1] for ln in info.splitlines() if ln.startswith("Pages:")), "?")


def timed(fn):
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - w, time.process_time() - c


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--replays", type=int, default=200)
    ap.add_argument("--no-pdf", action="store_true")
    args = ap.parse_args()
    session = finished_game(args.seed)
    meta = {"game_id": "bench", "mode": "headless", "created": "2025-01-01T09:00:00"}
    print(f"10-round game, seed {args.seed}: {len(session.state.history)} rounds played")
    model, wall, cpu = timed(lambda: build_model(session, meta=meta, replays=args.replays))
    print(f"model: {wall:.2f} s wall / {cpu:.2f} s cpu ({model['robustness']['replays']} "
          f"robustness replays, {len(model['findings'])} findings tested)")
    ok = True
    for fmt in ("md", "html", "pdf"):
        if fmt == "pdf" and args.no_pdf:
            continue
        try:
            out, wall, cpu = timed(lambda f=fmt: render_model(model, f))
        except PdfUnavailable as exc:
            print(f"pdf : skipped ({exc})")
            continue
        first = (wall, cpu)
        best_w, best_c = float("inf"), float("inf")
        for _ in range(args.repeat):
            _, w, c = timed(lambda f=fmt: render_model(model, f))
            best_w, best_c = min(best_w, w), min(best_c, c)
        size = len(out.encode() if isinstance(out, str) else out)
        pages = f", {_pages(out)} pages" if fmt == "pdf" else ""
        verdict = "ok" if best_w <= TARGETS[fmt] or best_c <= TARGETS[fmt] else "SLOW"
        ok &= verdict == "ok"
        print(f"{fmt:4}: first {first[0]:.3f} s wall / {first[1]:.3f} s cpu; best of "
              f"{args.repeat}: {best_w:.3f} s wall / {best_c:.3f} s cpu; {size:,} bytes{pages} "
              f"(target {TARGETS[fmt]} s: {verdict})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
