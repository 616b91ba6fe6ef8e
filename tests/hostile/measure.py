"""Outcomes per category, without stopping at the first failure: the table of the issue.

    python -m tests.hostile.measure [EXAMPLES_PER_CATEGORY] [CATEGORY ...]

Runs the same properties as the tests, counting ok / refused / traceback / hang / wrong, and
prints the first failures of each kind.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from hypothesis import given, settings

from .harness import SETTINGS, TALLY


def _run(name: str, strategy, prop, n: int) -> None:
    @settings(max_examples=n, **SETTINGS)
    @given(x=strategy)
    def inner(x):
        try:
            TALLY.add(name, prop(x))
        except Exception as exc:  # a failure of the harness itself, counted as a traceback
            from .harness import Outcome

            TALLY.add(name, Outcome("traceback", f"harness: {type(exc).__name__}: {exc}"))

    inner()


def categories(tmp: Path) -> dict:
    from game.content import load_scenario

    from . import test_cli, test_content, test_imports, test_saves, test_templates
    from .saves import make_save

    scn = load_scenario(None)
    save = tmp / "pristine.db"
    pristine = (save, make_save(save, scn))
    counter = iter(range(10**9))

    def fresh() -> Path:
        d = tmp / f"x{next(counter)}"
        d.mkdir()
        return d

    return {
        "content": (test_content.documents(),
                    lambda doc: test_content.content_property(fresh(), doc)),
        "cli": (test_cli.argvs(), lambda argv: test_cli.cli_property(fresh(), argv)),
        "saves": (test_saves.corruptions(),
                  lambda c: test_saves.damaged_save_property(pristine, fresh(), c)),
        "imports": (test_imports.mutations(),
                    lambda m: test_imports.import_property(pristine, fresh(), m)),
        "templates": (test_templates.templates(),
                      lambda t: test_templates.template_property(fresh(), t)),
    }


def main(argv: list[str]) -> None:
    n = int(argv[0]) if argv else 200
    wanted = set(argv[1:])
    with tempfile.TemporaryDirectory() as d:
        for name, (strategy, prop) in categories(Path(d)).items():
            if wanted and name not in wanted:
                continue
            _run(name, strategy, prop, n)
            c = TALLY.counts.get(name, {})
            print(f"{name:<10} tried {c.get('tried', 0):>5}  ok {c.get('ok', 0):>5}  refused "
                  f"{c.get('refused', 0):>5}  traceback {c.get('traceback', 0)}  hang "
                  f"{c.get('hang', 0)}  wrong {c.get('wrong', 0)}", flush=True)
    seen = set()
    for cat, kind, detail in TALLY.failures:
        key = (cat, kind, detail[:60])
        if key not in seen:
            seen.add(key)
            print(f"  {cat} {kind}: {detail}")


if __name__ == "__main__":
    main(sys.argv[1:])
