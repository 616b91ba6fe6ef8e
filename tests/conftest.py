"""Fixtures shared across the suite."""

from __future__ import annotations

import pytest

from game.content import load_scenario


@pytest.fixture(scope="session")
def scn():
    """The bundled default scenario: bots, batches and sessions are tested on real content.
    If the content does not load, these tests fail with the content's own error message."""
    return load_scenario()
