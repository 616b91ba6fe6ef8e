"""The PEP 517 build backend: setuptools' own, plus the opt-in compiled build.

With CHOKEPOINT_COMPILE=1 set, a wheel build asks for mypy too (mypyc compiles the rules core:
setup.py), so `CHOKEPOINT_COMPILE=1 pip install .` works with build isolation. Without it this
is exactly `setuptools.build_meta`. Editable installs are always pure: compiling in place would
leave extension modules in the source tree that Python imports instead of the .py files being
edited, so the variable is dropped for them.
"""

from __future__ import annotations

import os
import sys

from setuptools import build_meta as _setuptools
from setuptools.build_meta import *  # noqa: F403 - every hook not redefined below

#: the mypy (and mypyc) the core's annotations are checked and compiled with
MYPY = "mypy==2.4.*"


def _compiling() -> bool:
    return os.environ.get("CHOKEPOINT_COMPILE") == "1"


def get_requires_for_build_wheel(config_settings=None):
    # setuptools runs setup.py to list its requirements, before mypy is installed: setup.py
    # leaves the extensions out while CHOKEPOINT_LISTING_REQUIRES is set
    os.environ["CHOKEPOINT_LISTING_REQUIRES"] = "1"
    try:
        reqs = _setuptools.get_requires_for_build_wheel(config_settings)
    finally:
        del os.environ["CHOKEPOINT_LISTING_REQUIRES"]
    return [*reqs, MYPY] if _compiling() else reqs


def _pure_editable() -> None:
    if _compiling():
        print("chokepoint: editable installs are pure; CHOKEPOINT_COMPILE=1 ignored "
              "(use a regular install for the compiled build)", file=sys.stderr)
        os.environ.pop("CHOKEPOINT_COMPILE", None)


def get_requires_for_build_editable(config_settings=None):
    _pure_editable()
    return _setuptools.get_requires_for_build_editable(config_settings)


def prepare_metadata_for_build_editable(metadata_directory, config_settings=None):
    _pure_editable()
    return _setuptools.prepare_metadata_for_build_editable(metadata_directory, config_settings)


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    _pure_editable()
    return _setuptools.build_editable(wheel_directory, config_settings, metadata_directory)
