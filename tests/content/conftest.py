"""Fixtures for the content tests: the bundled library and scenarios, loaded once."""

from __future__ import annotations

import pytest

from game.content import load_library, load_scenario

from .helpers import SCENARIOS


@pytest.fixture(scope="session")
def library():
    lib = load_library()
    assert not lib.problems, "\n".join(map(str, lib.problems))
    return lib


@pytest.fixture(scope="session")
def scenarios():
    return {sid: load_scenario(sid) for sid in SCENARIOS}
