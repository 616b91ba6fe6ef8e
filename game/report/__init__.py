"""After-action reports: Markdown, print-ready HTML and PDF from Jinja templates.

    from game.report import render_report, ReportError
    md = render_report(session, fmt="md")                     # str
    html = render_report(session, fmt="html", paper="letter")  # str, print CSS inside
    pdf = render_report(session, fmt="pdf", meta={...})        # bytes (needs the `pdf` extra)

The session is first turned into a plain-data model (`model.build_model`); the templates only
see that model. Built-in templates live in `templates/` and run in an ordinary Jinja
environment with `StrictUndefined`; a facilitator's own template (`template=Path`) runs in
Jinja's `ImmutableSandboxedEnvironment` with the same plain data, and may `{% extends %}` the
built-in templates to change only a block.

Escaping is never left to the template author: HTML templates autoescape, Markdown templates
pass every `{{ ... }}` through a finalizer that escapes Markdown and HTML, and the charts
XML-escape their labels. Text people typed is data, never template source.
"""

from __future__ import annotations

import re
import traceback
from pathlib import Path

from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    select_autoescape,
)
from jinja2.sandbox import SecurityError
from markupsafe import Markup

from ..wording import possessive
from .charts import signed
from .model import build_model
from .sandbox import (
    MAX_SECONDS,
    CappedSandbox,
    _Budget,
    _guard_filter,
    can_fork,
    generate_capped,
    in_child,
    template_loader,
)

TEMPLATES = Path(__file__).parent / "templates"
FORMATS = ("md", "html", "pdf")
PAPERS = {"a4": "A4", "letter": "letter"}
PDF_HINT = ("PDF output needs WeasyPrint, the project's optional `pdf` extra: "
            "pip install -e '.[pdf]' (on Debian it also needs the pango libraries: "
            "apt-get install libpango-1.0-0 libpangoft2-1.0-0, and fonts-noto-cjk for Korean, "
            "Japanese and Chinese text)")

#: template names whose output is HTML or XML, and is therefore autoescaped
_HTML_EXTS = ("html", "htm", "xml", "svg", "html.j2", "htm.j2", "xml.j2", "svg.j2",
              "html.jinja", "html.jinja2", "j2", "jinja", "jinja2")


class ReportError(Exception):
    """A report could not be made: a broken template (with its file and line), or a missing
    optional dependency. `str(err)` is the one-line message to show a person."""

    def __init__(self, message: str, template: str | None = None, line: int | None = None):
        self.message = message
        self.template = template
        self.line = line
        where = template or ""
        if template and line:
            where = f"{template}:{line}"
        super().__init__(f"{where}: {message}" if where else message)

    def __reduce__(self):  # a user template renders in a child process: keep file and line
        return (type(self), (self.message, self.template, self.line))


class PdfUnavailable(ReportError):
    """WeasyPrint (or the system libraries it needs) is not installed."""


# ---------------------------------------------------------------- escaping and filters --
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}<>|#~!])")
_ENTITY = re.compile(r"&(?=#?\w+;)")


def md_escape(value) -> str:
    """Text safe to drop anywhere in GitHub Markdown, including a table cell: markup
    characters are backslash-escaped, `<`/`>` become entities so no tag can survive, and line
    breaks become `<br>` (which GitHub renders, also inside tables)."""
    if isinstance(value, Markup):
        return str(value)
    s = "" if value is None else str(value)
    s = _ENTITY.sub("&amp;", s)
    s = _MD_SPECIAL.sub(lambda m: {"<": "&lt;", ">": "&gt;"}.get(m.group(1), "\\" + m.group(1)), s)
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    if "\n" in s:
        s = re.sub(r"[ \t]*\n[ \t]*", "<br>", s.strip("\n"))
    return s


def _md_finalize(value):
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return md_escape(value)


def num(x, digits: int = 1) -> str:
    try:
        v = round(float(x), digits)
    except (TypeError, ValueError):
        return str(x)
    if v == 0:
        v = 0.0
    s = f"{v:.{digits}f}"
    return s.replace("-", "\u2212")


def signed_filter(x, digits: int = 1) -> str:
    return signed(float(x), digits)


def pct(x, digits: int = 0) -> str:
    return f"{float(x) * 100:.{digits}f}%"


FILTERS = {"num": num, "signed": signed_filter, "pct": pct, "possessive": possessive}


def _configure(env: Environment) -> Environment:
    env.filters.update(FILTERS)
    env.trim_blocks = True
    env.lstrip_blocks = True
    env.keep_trailing_newline = True
    return env


def _kind_of(name: str) -> str:
    n = name.lower()
    if re.search(r"\.(md|markdown)(\.(j2|jinja2?))?$", n):
        return "md"
    if re.search(r"\.(txt|text)(\.(j2|jinja2?))?$", n):
        return "text"
    return "html"


_ENVS: dict[str, Environment] = {}


def _builtin_env(kind: str) -> Environment:
    env = _ENVS.get(kind)
    if env is None:
        if kind == "md":
            env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=False,
                              undefined=StrictUndefined, finalize=_md_finalize)
        else:
            env = Environment(
                loader=FileSystemLoader(str(TEMPLATES)),
                autoescape=select_autoescape(enabled_extensions=_HTML_EXTS, default=True),
                undefined=StrictUndefined,
            )
        _ENVS[kind] = _configure(env)
    return env


def _user_env(path: Path, kind: str) -> Environment:
    """A sandbox with capped time and output that reads only the template's own file and the
    bundled templates (see `sandbox.py`)."""
    loader = template_loader(path, TEMPLATES)
    if kind == "md":
        env = CappedSandbox(loader=loader, autoescape=False,
                            undefined=StrictUndefined, finalize=_md_finalize)
    elif kind == "text":
        env = CappedSandbox(loader=loader, autoescape=False, undefined=StrictUndefined)
    else:
        # anything that is not Markdown or plain text is treated as HTML: escaped by default
        env = CappedSandbox(loader=loader, autoescape=True, undefined=StrictUndefined)
    _configure(env)
    env.filters.update({k: _guard_filter(f, env) for k, f in FILTERS.items()})
    return env


# ---------------------------------------------------------------- rendering ------------
def _template_line(exc: BaseException, filename: str) -> tuple[str, int | None]:
    """The template file and line an error happened at: Jinja rewrites tracebacks so template
    frames carry the template's own file name and line number."""
    if isinstance(exc, TemplateSyntaxError):
        return exc.filename or exc.name or filename, exc.lineno
    best: tuple[str, int | None] = (filename, None)
    for fr in traceback.extract_tb(exc.__traceback__):
        fn = fr.filename or ""
        if fn.endswith((".j2", ".jinja", ".jinja2", ".html", ".md", ".txt", ".htm", ".xml")) \
                or fn == filename or fn.startswith("<template>"):
            best = (fn, fr.lineno)
    return best


def _render(env: Environment, name: str, context: dict, display: str) -> str:
    try:
        tpl = env.get_template(name)
        if isinstance(env, CappedSandbox):
            return generate_capped(env, tpl, context)
        return tpl.render(context)
    except TemplateNotFound as exc:
        raise ReportError(f"template not found: {exc.name}", display) from exc
    except TemplateSyntaxError as exc:
        file, line = _template_line(exc, display)
        raise ReportError(f"template syntax error: {exc.message}", file, line) from exc
    except TemplateError as exc:
        file, line = _template_line(exc, display)
        raise ReportError(f"{type(exc).__name__}: {exc}", file, line) from exc
    except (TypeError, ValueError, KeyError, AttributeError, IndexError, ZeroDivisionError,
            OverflowError, RecursionError) as exc:
        file, line = _template_line(exc, display)
        raise ReportError(f"{type(exc).__name__}: {exc}", file, line) from exc


def render_model(model: dict, fmt: str = "md", template: Path | str | None = None,
                 paper: str = "a4", tagged: bool = False) -> str | bytes:
    """Render an already built report model (see `model.build_model`)."""
    if fmt not in FORMATS:
        raise ReportError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    paper = paper.lower()
    if paper not in PAPERS:
        raise ReportError(f"unknown paper size {paper!r} (choose from {', '.join(PAPERS)})")
    context = dict(model, format=fmt, paper=paper, page_size=PAPERS[paper])
    if template is not None:
        path = Path(template)
        if not path.is_file():
            raise ReportError("template not found", str(path))
        env = _user_env(path.resolve(), _kind_of(path.name))

        def render() -> str:
            env.budget = _Budget(MAX_SECONDS)  # the clock starts with the render
            return _render(env, path.name, context, str(path))

        try:
            text = in_child(render) if can_fork() else None
            if text is None:
                text = render()
        except SecurityError as exc:  # the child was stopped from outside (time, memory)
            raise ReportError(str(exc), str(path)) from None
    else:
        name = "report.md.j2" if fmt == "md" else "report.html.j2"
        kind = "md" if fmt == "md" else "html"
        text = _render(_builtin_env(kind), name, context, name)
    # control characters typed into a note (ESC, NUL...) would reach a terminal that shows
    # the Markdown, or make the HTML invalid: no format has a use for them
    text = _CONTROL.sub("", text)
    if fmt != "pdf":
        return text
    return html_to_pdf(text, tagged=tagged)


def html_to_pdf(html: str, tagged: bool = False) -> bytes:
    """The PDF of `html`. `tagged` asks WeasyPrint for a tagged PDF (structure for screen
    readers), where the installed version supports it; it costs about a fifth more time."""
    try:
        from weasyprint import HTML  # optional extra: imported only when a PDF is asked for
    except ImportError as exc:
        raise PdfUnavailable(PDF_HINT) from exc
    except OSError as exc:  # the Python package is there but pango/cairo libraries are not
        raise PdfUnavailable(f"{PDF_HINT} ({exc})") from exc
    import logging

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    doc = HTML(string=html, base_url=str(TEMPLATES))
    if tagged:
        try:
            return doc.write_pdf(pdf_tags=True)
        except TypeError:  # WeasyPrint before pdf_tags: untagged rather than no PDF
            pass
    return doc.write_pdf()


def render_report(
    session,
    fmt: str = "md",
    meta: dict | None = None,
    notes: list[dict] | None = None,
    template: Path | None = None,
    *,
    paper: str = "a4",
    replays: int | None = None,
    tagged: bool = False,
) -> str | bytes:
    """The after-action report of a game: Markdown or HTML (str), or PDF (bytes).

    `meta` may carry game_id, mode, teams and created (from the save: the report never reads
    the clock). `notes` are extra facilitator notes (e.g. from the store), merged with the
    game's own. Raises ReportError for template problems (message names file:line) and
    PdfUnavailable when PDF is asked for without WeasyPrint. `replays`: how many other shock
    draws to replay the decisions under (default `robustness.REPLAYS`, 0 for none)."""
    model = build_model(session, meta=meta, notes=notes, replays=replays)
    return render_model(model, fmt, template, paper, tagged)


__all__ = [
    "FORMATS",
    "PAPERS",
    "PdfUnavailable",
    "ReportError",
    "build_model",
    "md_escape",
    "render_model",
    "render_report",
]
