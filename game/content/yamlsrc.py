"""YAML in, with a line number for every key path, so errors can say `file:42: cards[3].cost`.

The data comes from YAML's safe loader, exactly as `yaml.safe_load` builds it (no tags, no
objects), but in one pass that also keeps the node tree, whose marks say where each value sits
in the file; and through libyaml's C build of the safe loader where it is installed, which is
ten times faster on the bundled decks than the pure-Python one.

A content file is untrusted input, so reading it is bounded (the limits below, stated in
docs/authoring.md): the size of the file; the nesting depth, measured on the parser's event
stream before any tree is built, so no recursion ever sees a deep file; duplicate keys, which
YAML would silently resolve to the last one; and aliases, resolved once: an alias to a node
already seen is never walked again, a cycle (`a: &a [*a]`) is refused, and the size the data
would have once every alias is expanded (a "billion laughs" file) is counted without expanding
anything.
"""

from __future__ import annotations

import difflib
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

#: limits on one content file (see docs/authoring.md, "Limits")
MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 24  # the bundled content nests 7 deep
MAX_NODES = 100_000  # values in the file once every alias is expanded


class _Refused(Exception):
    """A limit or rule broken while reading: (line, message)."""

    def __init__(self, line: int, message: str):
        self.line, self.message = line, message


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
        st = path.stat()
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(st.st_mode):
            raise ContentError([Problem(name, 0, "", "is not a regular file")])
        if st.st_size > MAX_FILE_BYTES:
            raise ContentError([Problem(name, 0, "", f"the file is larger than "
                                        f"{MAX_FILE_BYTES:,} bytes")])
        with path.open("rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            raise ContentError([Problem(name, 0, "", f"the file is larger than "
                                        f"{MAX_FILE_BYTES:,} bytes")])
        text = raw.decode("utf-8")
    except FileNotFoundError:
        raise ContentError([Problem(name, 0, "", "no such file")]) from None
    except IsADirectoryError:
        raise ContentError([Problem(name, 0, "", "is a directory, not a YAML file")]) from None
    except UnicodeDecodeError as exc:
        raise ContentError([Problem(name, 0, "", f"cannot be read: not UTF-8 text "
                                    f"(byte {exc.start})")]) from None
    except OSError as exc:
        raise ContentError([Problem(name, 0, "", f"cannot be read: "
                                    f"{exc.strerror or exc}")]) from None
    lines: dict[tuple, int] = {}
    try:
        node, data = _safe_load_with_nodes(text)
        if node is not None:
            _walk(node, (), lines, set())  # also refuses duplicate keys
    except _Refused as exc:
        raise ContentError([Problem(name, exc.line, "", exc.message)]) from None
    except (RecursionError, MemoryError):
        raise ContentError([Problem(name, 0, "", "too large or too deeply nested to read")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        what = getattr(exc, "problem", None) or str(exc)
        ctx = getattr(exc, "context", None)
        start = getattr(exc, "context_mark", None)
        if ctx and start is not None and start.line + 1 != line:
            # an unclosed bracket or quote is noticed where the file ends: say where it opened
            ctx = f"{ctx} that starts on line {start.line + 1}"
        msg = f"invalid YAML: {what}" + (f" ({ctx})" if ctx else "")
        raise ContentError([Problem(name, line, "", msg)]) from None
    if data is None:
        raise ContentError([Problem(name, 1, "", "the file is empty")])
    return Source(name, data, lines)


_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _SafeLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """The safe loader, with every string interned: ids, stage and sector names recur across
    files (a card names the actor and stage the world defines), and interned they are one
    object each, so the engine's dict lookups and comparisons by name (thousands a game)
    match by identity instead of comparing characters. The data is the same."""

    def construct_yaml_str(self, node):  # noqa: D102
        return sys.intern(super().construct_yaml_str(node))


_SafeLoader.add_constructor("tag:yaml.org,2002:str", _SafeLoader.construct_yaml_str)


def _safe_load_with_nodes(text: str):
    """What `yaml.safe_load` does (get_single_node, then construct_document), keeping the node,
    with the limits checked before anything is built that they protect."""
    aliases = _check_events(text)
    loader = _SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None and aliases:  # a plain tree was measured by the event scan
            _check_graph(node)
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return node, data


_OPEN = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _check_events(text: str) -> int:
    """Nesting depth and size from the parser's events: a flat stream, so this costs no
    recursion and builds nothing. Returns how many aliases the file has."""
    depth = nodes = aliases = 0
    for event in yaml.parse(text, Loader=_SafeLoader):
        cls = type(event)
        if cls is yaml.ScalarEvent:
            nodes += 1
        elif cls in _OPEN:
            depth += 1
            nodes += 1
            if depth > MAX_DEPTH:
                raise _Refused(event.start_mark.line + 1,
                               f"nested more than {MAX_DEPTH} levels deep")
        elif cls in _CLOSE:
            depth -= 1
        elif cls is yaml.AliasEvent:
            aliases += 1
        if nodes > MAX_NODES:
            raise _Refused(event.start_mark.line + 1, f"more than {MAX_NODES:,} values")
    return aliases


_MERGE = "tag:yaml.org,2002:merge"


def _check_graph(root) -> None:
    """One pass over the node graph, each node once (aliases are shared nodes): duplicate
    keys; cycles; depth and size as if every alias were expanded, computed bottom-up from each
    node's children so nothing is ever expanded."""
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        nid = id(node)
        children = _children(node)
        if done:
            on_path.discard(nid)
            size[nid] = min(1 + sum(size[id(c)] for c in children), MAX_NODES + 1)
            depth[nid] = 1 + max((depth[id(c)] for c in children), default=0)
            if size[nid] > MAX_NODES:
                raise _Refused(node.start_mark.line + 1, f"more than {MAX_NODES:,} values once "
                               f"its aliases are expanded")
            if depth[nid] > MAX_DEPTH + 1:
                raise _Refused(node.start_mark.line + 1, f"nested more than {MAX_DEPTH} levels "
                               f"deep once its aliases are expanded")
            continue
        if nid in size:
            continue
        on_path.add(nid)
        stack.append((node, True))
        for c in children:
            if id(c) in on_path:
                raise _Refused(c.start_mark.line + 1, "an alias refers to a node that contains "
                               "it (a cycle)")
            if id(c) not in size:
                stack.append((c, False))


def _children(node) -> list:
    if isinstance(node, yaml.MappingNode):
        return [x for kv in node.value for x in kv]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_keys(node) -> None:
    seen: dict[tuple, int] = {}
    for k, _ in node.value:
        if k.tag == _MERGE or not isinstance(k, yaml.ScalarNode):
            continue
        key = (k.tag, k.value)
        if key in seen:
            raise _Refused(k.start_mark.line + 1, f"duplicate key '{k.value[:60]}' (first on "
                           f"line {seen[key]}): YAML would silently keep only the last one")
        seen[key] = k.start_mark.line + 1


def _walk(node, path: tuple, lines: dict, seen: set) -> None:
    """Record the line of every key path. A node reached again through an alias is not walked
    again (its paths fall back to the alias's own line), so this is linear in the file."""
    lines[path] = node.start_mark.line + 1
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        _check_keys(node)
        for k, v in node.value:
            key = k.value
            try:  # integer keys (schedule rounds) are looked up as ints too
                ikey = int(key)
            except (TypeError, ValueError):
                ikey = None
            lines[path + (key,)] = k.start_mark.line + 1
            if ikey is None:
                _walk(v, path + (key,), lines, seen)
                continue
            lines[path + (ikey,)] = k.start_mark.line + 1
            sub: dict[tuple, int] = {}
            _walk(v, (), sub, seen)
            for p, line in sub.items():
                lines[path + (key,) + p] = lines[path + (ikey,) + p] = line
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            _walk(v, path + (i,), lines, seen)


def format_path(path: tuple) -> str:
    out = ""
    for p in path:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            out += ("." if out else "") + str(p)
    return out


def did_you_mean(name: str, known) -> str:
    """"; did you mean 'x'?" when one of `known` is a near spelling of `name` (a typed id is
    usually one slip away from the real one), else "": appended to an "unknown ..." message."""
    close = difflib.get_close_matches(str(name), [str(k) for k in known], n=1, cutoff=0.75)
    return f"; did you mean '{close[0]}'?" if close else ""
