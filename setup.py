"""Build glue that pyproject.toml cannot say: the bundled content ships inside the package.

Authors edit decks/, scenarios/, sources/ and worlds/ at the top of the repository, where the docs point
them. A wheel carries them as `game/_bundled/decks/*.yaml` and so on (package directories
mapped onto the top-level folders), so an installed `chokepoint` finds them through
importlib.resources from any folder (game/content/loader.py, `content_root`). An editable
install has no `game/_bundled` and reads the top-level folders directly.

The compiled build (opt-in): with CHOKEPOINT_COMPILE=1 set, the rules core modules listed in
COMPILED are compiled to C extensions with mypyc (`CHOKEPOINT_COMPILE=1 pip install .`; the
in-tree backend, build_backend/chokepoint_build.py, adds mypy to the build requirements then).
The .py files ship beside the extensions, which Python imports first. Without the variable
nothing is compiled and no compiler or mypy is needed: that is the default, pure build.
Editable installs are always pure (the backend drops the variable for them), so an extension
never shadows a .py file being edited.

Everything else about the project is in pyproject.toml.
"""

import os
from pathlib import Path

from setuptools import find_namespace_packages, setup

HERE = Path(__file__).resolve().parent
BUNDLED = [d for d in ("decks", "scenarios", "sources", "worlds") if (HERE / d).is_dir()]

#: game/core modules compiled by the opt-in build. Not compiled: view.py (role and display
#: helpers, not on the engine's hot path). cards.py and causes.py are, since their frozen
#: classes (Effect, Shock, Cause) share themselves on `GameState.clone()` (__deepcopy__) instead
#: of being rebuilt, which a frozen native class refuses (FrozenInstanceError, caught by
#: tests/core/test_conformance.py). chance.py is, since its Draws is a plain class with
#: random.py's algorithms rather than a random.Random subclass (a native class cannot be one).
COMPILED = ("adjudication", "cards", "causes", "chance", "citations", "counterfactual", "flow",
            "goals", "network", "objectives", "rounding", "rules", "scenario", "scoring", "state",
            "sums", "world")
#: modules outside the core compiled too: the session drives every action of every game (its
#: log entries and act/settle/advance were ~5% of a compiled random game) and imports only the
#: core, so mypy checks nothing else for it
DRIVERS = ("session",)


def compiled_extensions() -> list:
    if os.environ.get("CHOKEPOINT_COMPILE") != "1" or os.environ.get("CHOKEPOINT_LISTING_REQUIRES"):
        return []  # pure; or the backend asking what the build needs (mypy is not there yet)
    from mypyc.build import mypycify

    exts = mypycify([f"game/core/{m}.py" for m in COMPILED] + [f"game/{m}.py" for m in DRIVERS],
                    opt_level="3")
    for ext in exts:
        # No fused multiply-add: GCC contracts a*b+c into one FMA instruction by default where
        # the target has one (aarch64, x86 with -march=native), which rounds once instead of
        # twice and breaks "same seed, same result on every machine" (and the pure build's).
        # -fwrapv: signed integer overflow wraps (two's complement) by definition, which
        # core/chance.py's SplitMix64 on `i64` relies on; C leaves it undefined without it.
        ext.extra_compile_args = [*ext.extra_compile_args, "-ffp-contract=off", "-fwrapv"]
    return exts


setup(
    packages=(find_namespace_packages(include=["game", "game.*"])
              + [f"game._bundled.{d}" for d in BUNDLED]),
    package_dir={f"game._bundled.{d}": d for d in BUNDLED},
    ext_modules=compiled_extensions(),
)
