"""What a card, a shock or a scenario assumption rests on: works in the bibliography, and where.

An official handed the printed brief wants to check a number, so a citation names a document a
reader can find (author or publisher, title, date) and the place in it ("Table 5, row 2"). The
content layer resolves each bibliography key when it loads the decks, so the core carries the
finished wording and never reads a file: the TUI shows the short form ("KIET 2021, Table 5"),
the report and `cards --json` the full one.
"""

from __future__ import annotations

from dataclasses import dataclass

from .values import rebuilt


@dataclass(frozen=True, slots=True)
class Citation:
    """One work cited, with the place in it and what the card takes from it."""

    ref: str  # the bibliography key, e.g. "kiet2021"
    short: str  # the work's short form, e.g. "KIET 2021"
    full: str  # the work's full reference: author or publisher, title, date
    at: str = ""  # where in the work: "Table 5, row 2", "section 3"
    note: str = ""  # what the work says that the card or shock rests on
    url: str = ""  # where the work is public, if it is

    @property
    def short_form(self) -> str:
        return f"{self.short}, {self.at}" if self.at else self.short

    @property
    def full_form(self) -> str:
        """The reference, the place, then the URL: "KIET, “Title”, 2021. Table 5. http://..."."""
        out = self.full.rstrip(".") + "."
        if self.at:
            out += f" {self.at[:1].upper()}{self.at[1:].rstrip('.')}."
        if self.url:
            out += f" {self.url}"  # no full stop after it: it would be read as part of the URL
        return out

    def __reduce__(self) -> tuple:
        return rebuilt(self)  # see values.py: pickled and copied by the constructor


@dataclass(frozen=True, slots=True)
class Sources:
    """The works a card or shock cites, in the order the author gave them."""

    citations: tuple[Citation, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.citations)

    def __iter__(self):
        return iter(self.citations)

    def __len__(self) -> int:
        return len(self.citations)

    @property
    def short_form(self) -> str:
        """One entry per work, its places joined: "Babbage Forum 2024, Table 3 and Box 1"."""
        return "; ".join(
            f"{first.short}, {_places(group)}" if _places(group) else first.short
            for first, group in self._by_work()
        )

    @property
    def full_form(self) -> str:
        """One full reference per work, then its places, then its URL."""
        out = []
        for first, group in self._by_work():
            places = _places(group)
            at = places[:1].upper() + places[1:] if places else ""
            out.append(Citation(first.ref, first.short, first.full, at=at, url=first.url).full_form)
        return " ".join(out)

    def _by_work(self) -> list[tuple[Citation, list[Citation]]]:
        groups: dict[str, list[Citation]] = {}
        for c in self.citations:
            groups.setdefault(c.ref, []).append(c)
        return [(g[0], g) for g in groups.values()]

    @property
    def refs(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.ref for c in self.citations))

    def __str__(self) -> str:
        return self.short_form

    def __reduce__(self) -> tuple:
        return rebuilt(self)  # see values.py: pickled and copied by the constructor


def _places(group: list[Citation]) -> str:
    places = list(dict.fromkeys(c.at for c in group if c.at))
    if len(places) <= 1:
        return "".join(places)
    return ", ".join(places[:-1]) + " and " + places[-1]


#: A card's or shock's `source`: cited works, or plain text where nobody cited anything (a shock
#: the facilitator writes during play keeps its source as text, and saved games store it so).
SourceField = Sources | str


def short_form(source: SourceField) -> str:
    """The source as the TUI shows it: short forms with their places, or the text as written."""
    return source.short_form if isinstance(source, Sources) else str(source or "")


def full_form(source: SourceField) -> str:
    """The source as the report shows it: full references with their places."""
    return source.full_form if isinstance(source, Sources) else str(source or "")
