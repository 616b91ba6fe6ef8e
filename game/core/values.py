"""Frozen value classes, copied and pickled by their constructor.

A compiled build (mypyc) turns the core's frozen dataclasses into native classes, and those
refuse the way `copy` and `pickle` rebuild an object by default (make an empty one, then set
its fields: FrozenInstanceError). Games cross processes (`simulate --jobs`, card values, a Dask
cluster) and states are cloned, so every frozen class rebuilds itself through its constructor
(`__reduce__`), which works the same compiled or not. Fields the constructor does not take
(`init=False`: caches, names derived in __post_init__) are worked out again, not copied.
"""

from __future__ import annotations

from dataclasses import fields


def rebuilt(obj: object) -> tuple:
    """`__reduce__` of a frozen dataclass: its class and the fields its constructor takes."""
    return (type(obj), tuple([getattr(obj, f.name) for f in fields(obj) if f.init]))  # type: ignore[arg-type]
