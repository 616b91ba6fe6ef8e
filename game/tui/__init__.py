"""The Textual app: workshop and solo play, facilitator controls, scoreboards.

`make_app` is the one factory used by `chokepoint play` and by the tests. Textual is imported
only when the app is built, so importing `game.tui` stays cheap.
"""

from __future__ import annotations


def make_app(**options):
    from .app import ChokepointApp

    return ChokepointApp(**options)


__all__ = ["make_app"]
