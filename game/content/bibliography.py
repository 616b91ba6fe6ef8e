"""The bibliography: the works that cards, shocks and scenario assumptions cite, by key.

One file, `sources/bibliography.yaml`, lists every work once (author or publisher, title, date,
URL where public, and a short form for tight spaces). Content cites a work by its key plus a
place in it, so a reader of the printed brief can find the document and the table, and a typo
in a key is a `file:line: key.path: unknown source` error instead of a citation nobody can
follow.

A citation in a deck or scenario is any of:

    source: kiet2021                                   # the work alone
    source: {ref: kiet2021, at: "Table 5, row 2"}      # the work and where in it
    source:                                            # a card resting on two works
      - {ref: kiet2021, at: "Table 2 (7)", note: "work with allies to restrict equipment"}
      - {ref: glosserman2022}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..core.citations import Citation, Sources
from .yamlsrc import ContentError, Problem, Source, format_path, read_yaml

#: where the bibliography sits under the content root
BIBLIOGRAPHY = Path("sources") / "bibliography.yaml"

Key = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_]*$")]
Text = Annotated[str, Field(min_length=1)]


class WorkModel(BaseModel):
    """One entry of the bibliography."""

    model_config = ConfigDict(extra="forbid")

    key: Key
    author: Text  # the author, or the publisher where no person is named
    title: Text
    date: Annotated[str | int, Field()]  # "2021", "July 2024", "22 April 2021"
    short: Text  # how the TUI names it: "KIET 2021"
    url: Annotated[str, Field(pattern=r"^https?://\S+$")] | None = None
    publisher: Text | None = None  # where it appeared, when not the author (a newspaper)
    note: Text | None = None  # what the work is, for a reader who does not know it
    #: the title describes an official act or release rather than quoting its exact title
    described: bool = False

    def full(self) -> str:
        """The reference as the report prints it, without the URL (the citation puts that last,
        after the place): an exact title in quotes, a description of an act or release in
        square brackets (quote marks only around words in the source)."""
        title = f"[{self.title}]" if self.described else f"\u201c{self.title}\u201d"
        parts = [self.author, title]
        if self.publisher and self.publisher != self.author:
            parts.append(self.publisher)
        parts.append(str(self.date))
        out = ", ".join(parts)
        if self.note:
            out += f" ({self.note})"
        return out


class BibliographyModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    works: list[WorkModel] = Field(min_length=1)


@dataclass
class Bibliography:
    """The works by key, with where the bibliography was read from (for error messages)."""

    works: dict[str, WorkModel] = field(default_factory=dict)
    file: str = ""
    problems: list[Problem] = field(default_factory=list)
    #: key -> the line of its `key:` in the file, for problems found once files are merged
    key_lines: dict[str, int] = field(default_factory=dict)

    def cite(self, refs) -> Sources:
        """Core citation records for a validated `source` value (see `citation_parts`)."""
        out = []
        for ref, at, note in citation_parts(refs):
            w = self.works[ref]
            out.append(Citation(ref=ref, short=w.short, full=w.full(), at=at, note=note,
                                url=w.url or ""))
        return Sources(tuple(out))

    def check(self, src: Source, path: tuple, refs) -> list[Problem]:
        """A problem for each cited key that is not in the bibliography."""
        out = []
        items = refs if isinstance(refs, list) else [refs]
        for i, (ref, _at, _note) in enumerate(citation_parts(refs)):
            if ref in self.works:
                continue
            p = path + ((i,) if isinstance(refs, list) else ())
            if not isinstance(items[i], str):
                p += ("ref",)
            hint = "" if " " in ref else f" (keys: {_nearest(ref, self.works)})"
            what = "a source must cite a bibliography key" if " " in ref else f"unknown source '{ref}'"
            out.append(Problem(src.file, src.line(p), format_path(p),
                               f"{what}; works are listed in {self.file or BIBLIOGRAPHY}{hint}"))
        return out


def citation_parts(refs) -> list[tuple[str, str, str]]:
    """(key, place, note) for each work a `source` value cites; it may be a key, one mapping
    or a list of either (the schema has already checked the shape)."""
    items = refs if isinstance(refs, list) else [refs]
    out = []
    for it in items:
        if isinstance(it, str):
            out.append((it.strip(), "", ""))
        else:
            out.append((it.ref, (it.at or "").strip(), (it.note or "").strip()))
    return out


def _nearest(ref: str, works: dict) -> str:
    """A few keys that look like `ref`, so a typo's fix is on the error line."""
    import difflib

    close = difflib.get_close_matches(ref, list(works), n=3, cutoff=0.5)
    return ", ".join(close or sorted(works)[:5]) + ("" if close else ", ...")


def load_bibliography(path: Path) -> Bibliography:
    """The bibliography at `path`; problems (bad YAML, a missing field, a key used twice) are
    collected on it, like the decks', rather than raised."""
    bib = Bibliography()
    try:
        src = read_yaml(path)
    except ContentError as exc:
        bib.problems = exc.problems
        bib.file = exc.problems[0].file if exc.problems else str(path)
        return bib
    bib.file = src.file
    try:
        model = BibliographyModel.model_validate(src.data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"])
            msg = ("unknown key" if err["type"] == "extra_forbidden"
                   else "required key is missing" if err["type"] == "missing"
                   else "expected an http(s) URL" if loc[-1:] == ("url",)
                   else err["msg"][0].lower() + err["msg"][1:])
            bib.problems.append(Problem(src.file, src.line(loc), format_path(loc), msg))
        return bib
    for i, w in enumerate(model.works):
        if w.key in bib.works:
            bib.problems.append(Problem(src.file, src.line(("works", i, "key")), format_path(("works", i, "key")),
                                        f"key '{w.key}' is used twice"))
        bib.works[w.key] = w
        bib.key_lines.setdefault(w.key, src.line(("works", i, "key")))
    return bib


__all__ = ["BIBLIOGRAPHY", "Bibliography", "WorkModel", "citation_parts", "load_bibliography"]
