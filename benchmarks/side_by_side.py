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
import os
import shutil
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


@contextlib.contextmanager
def compiled_copy(tree: Path = ROOT) -> Iterator[Path]:
    """A copy of `tree`'s working files (`game/`, the build files; this tree by default) with
    the rules core compiled in place by mypyc (setup.py, CHOKEPOINT_COMPILE=1), in a temporary
    folder removed on the way out; the content folders are linked, not copied. Needs mypy
    (mypyc) in this interpreter and a C compiler. Nothing is written into `tree`."""
    where = Path(tempfile.mkdtemp(prefix="chokepoint-compiled-"))
    try:
        shutil.copytree(tree / "game", where / "game",
                        ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.pyd"))
        for f in ("setup.py", "pyproject.toml", "MANIFEST.in", "README.md"):
            shutil.copy2(tree / f, where / f)
        shutil.copytree(tree / "build_backend", where / "build_backend")
        for d in ("decks", "scenarios", "sources", "worlds"):
            if (tree / d).is_dir():
                (where / d).symlink_to(tree / d)
        env = {**os.environ, "CHOKEPOINT_COMPILE": "1"}
        out = subprocess.run([sys.executable, "setup.py", "build_ext", "--inplace"], cwd=where,
                             env=env, capture_output=True, text=True)
        if out.returncode != 0:
            raise SystemExit(f"compiling the core failed:\n{out.stdout[-3000:]}{out.stderr[-3000:]}")
        yield where
    finally:
        shutil.rmtree(where, ignore_errors=True)


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


def add_engine_options(ap) -> None:
    """`--against REV` and `--compiled`, as every side-by-side benchmark takes them (the
    engines they add: `other_engines`)."""
    ap.add_argument("--against", default=None, metavar="REV",
                    help="also measure the engine at this git revision, side by side")
    ap.add_argument("--compiled", action="store_true",
                    help="also measure this tree compiled with mypyc (and REV compiled), "
                         "side by side")


def other_engines(stack: contextlib.ExitStack, against: str | None,
                  compiled: bool) -> list[tuple[str, Path]]:
    """(label, tree) of the engines to measure beside this tree: the one at git revision
    `against`, and this tree compiled; with both, the revision compiled too when it has the
    compiled build (so pure is compared with pure and compiled with compiled). Entered on
    `stack`, so they are removed with it."""
    others = []
    if against:
        rev_dir = stack.enter_context(worktree(against))
        others.append((against, rev_dir))
        if compiled and (rev_dir / "build_backend").is_dir():
            others.append((f"{against} comp", stack.enter_context(compiled_copy(rev_dir))))
    if compiled:
        others.append(("compiled", stack.enter_context(compiled_copy())))
    return others


def alternate(rev_dir: Path | None, label: str | None, turns: int, fn: Callable,
              *args) -> dict[str, list[dict]]:
    """{"this": [result per turn], label: [...]}: the two trees measured in turns."""
    others = [(label or "before", rev_dir)] if rev_dir is not None else []
    return alternate_many(others, turns, fn, *args)


def alternate_many(others: list[tuple[str, Path]], turns: int, fn: Callable,
                   *args) -> dict[str, list[dict]]:
    """{"this": [result per turn], label: [...] per other tree}: this tree and every other one
    measured in turns (this, then each other, `turns` times), so all see the same load."""
    out: dict[str, list[dict]] = {"this": [], **{name: [] for name, _ in others}}
    for _ in range(turns if others else 1):
        out["this"].append(in_child(ROOT, fn, *args))
        for name, where in others:
            out[name].append(in_child(where, fn, *args))
    return out
