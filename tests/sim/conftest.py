"""Bots are tested on the bundled default scenario: their strength is about real content."""

from __future__ import annotations

import pytest

from game.content import ContentError, load_scenario


@pytest.fixture(scope="session")
def scn():
    try:
        return load_scenario()
    except ContentError as exc:  # content has its own tests; say why, do not hide it
        pytest.skip(f"bundled content does not load: {exc.problems[:1]}")
