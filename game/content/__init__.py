"""YAML content (decks, scenarios) into validated core objects."""

from .loader import Library, load_library, load_scenario
from .yamlsrc import ContentError, Problem

__all__ = ["ContentError", "Library", "Problem", "load_library", "load_scenario"]
