"""YAML in, with a line number for every key path, so errors can say `file:42: cards[3].cost`.

The data comes from YAML's safe loader, exactly as `yaml.safe_load` builds it (no tags, no
objects), but in one pass that also keeps the node tree, whose marks say where each value sits
in the file; and through libyaml's C build of the safe loader where it is installed, which is
ten times faster on the bundled decks than the pure-Python one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class ContentError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(slots=True)
class Source:
    file: str  # as shown to people (relative where possible)
    data: object
    lines: dict[tuple, int]

    def line(self, path: tuple) -> int:
        """The line of `path`, or of its nearest ancestor that exists in the file."""
        p = tuple(path)
        while p:
            if p in self.lines:
                return self.lines[p]
            p = p[:-1]
        return self.lines.get((), 1)


def display_name(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_yaml(path: Path) -> Source:
    name = display_name(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError([Problem(name, 0, "", "no such file")]) from None
    except IsADirectoryError:
        raise ContentError([Problem(name, 0, "", "is a directory, not a YAML file")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError([Problem(name, 0, "", f"cannot be read: {exc}")]) from None
    try:
        node, data = _safe_load_with_nodes(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        what = getattr(exc, "problem", None) or str(exc)
        ctx = getattr(exc, "context", None)
        msg = f"invalid YAML: {what}" + (f" ({ctx})" if ctx else "")
        raise ContentError([Problem(name, line, "", msg)]) from None
    lines: dict[tuple, int] = {}
    if node is not None:
        _walk(node, (), lines)
    if data is None:
        raise ContentError([Problem(name, 1, "", "the file is empty")])
    return Source(name, data, lines)


_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _safe_load_with_nodes(text: str):
    """What `yaml.safe_load` does (get_single_node, then construct_document), keeping the node."""
    loader = _SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return node, data


def _walk(node, path: tuple, lines: dict) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            key = k.value
            try:  # integer keys (schedule rounds) are looked up as ints too
                ikey = int(key)
            except (TypeError, ValueError):
                ikey = None
            lines[path + (key,)] = k.start_mark.line + 1
            _walk(v, path + (key,), lines)
            if ikey is not None:
                lines[path + (ikey,)] = k.start_mark.line + 1
                _walk(v, path + (ikey,), lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            _walk(v, path + (i,), lines)


def format_path(path: tuple) -> str:
    out = ""
    for p in path:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            out += ("." if out else "") + str(p)
    return out
