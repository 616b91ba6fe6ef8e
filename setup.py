"""Build glue that pyproject.toml cannot say: the bundled content ships inside the package.

Authors edit decks/, scenarios/, sources/ and worlds/ at the top of the repository, where the docs point
them. A wheel carries them as `game/_bundled/decks/*.yaml` and so on (package directories
mapped onto the top-level folders), so an installed `chokepoint` finds them through
importlib.resources from any folder (game/content/loader.py, `content_root`). An editable
install has no `game/_bundled` and reads the top-level folders directly.

Everything else about the project is in pyproject.toml.
"""

from pathlib import Path

from setuptools import find_namespace_packages, setup

HERE = Path(__file__).resolve().parent
BUNDLED = [d for d in ("decks", "scenarios", "sources", "worlds") if (HERE / d).is_dir()]

setup(
    packages=(find_namespace_packages(include=["game", "game.*"])
              + [f"game._bundled.{d}" for d in BUNDLED]),
    package_dir={f"game._bundled.{d}": d for d in BUNDLED},
)
