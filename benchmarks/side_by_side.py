"""Measuring two engines in one run: this tree and the one at a git revision.

A measurement is a function whose source is sent to a fresh interpreter whose `game` package is
the one of the tree in question (this one, or a temporary worktree at the revision), so the two
engines never share a process, a cache or a warm-up. `alternate` runs the two in turns, several
times, so both see the same machine load; callers report the best of the turns (on a shared
machine the best is the least disturbed figure). CPU time (`time.process_time`) is what the
measurements read where they can: another process on the machine disturbs it far less than wall
time.
"""

from __future__ import annotations

import contextlib
import inspect
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@contextlib.contextmanager
def worktree(rev: str | None) -> Iterator[Path | None]:
    """A temporary checkout of `rev` (None: no checkout), removed on the way out."""
    if rev is None:
        yield None
        return
    where = Path(tempfile.mkdtemp(prefix="chokepoint-bench-"))
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-f", str(where), rev],
                   check=True, capture_output=True)
    try:
        yield where
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(where)],
                       capture_output=True)


def in_child(tree: Path, fn: Callable, *args) -> dict:
    """`fn(*args)` run in a fresh interpreter whose `game` package is the one in `tree`; `fn`
    must import what it needs inside its body and return something JSON can carry."""
    code = "\n".join([
        "import json, sys",
        f"sys.path.insert(0, {str(tree)!r})",
        inspect.getsource(fn),
        "import game",
        f"assert game.__file__.startswith({str(tree)!r}), game.__file__",
        f"print(json.dumps({fn.__name__}(*{tuple(args)!r})))",
    ])
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tree)
    if out.returncode != 0:
        raise SystemExit(f"measurement failed in {tree}:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def alternate(rev_dir: Path | None, label: str | None, turns: int, fn: Callable,
              *args) -> dict[str, list[dict]]:
    """{"this": [result per turn], label: [...]}: the two trees measured in turns."""
    out: dict[str, list[dict]] = {"this": []}
    if rev_dir is not None:
        out[label or "before"] = []
    for _ in range(turns if rev_dir is not None else 1):
        out["this"].append(in_child(ROOT, fn, *args))
        if rev_dir is not None:
            out[label or "before"].append(in_child(rev_dir, fn, *args))
    return out
