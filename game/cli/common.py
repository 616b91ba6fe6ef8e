"""What every command needs: loading a scenario with clear errors, exiting on them, and the
one error boundary every command runs inside.

The boundary (`Boundary`, the class of the `chokepoint` group) turns any exception a command
lets out into one line on stderr and exit status 2; a traceback only with `--debug` (or
CHOKEPOINT_DEBUG=1). Errors a person can cause (content, saves, reports, files) are worded by
the part that raised them; anything else is labelled an internal error, so a test (or a user)
can tell a bug from a refusal.
"""

from __future__ import annotations

import json
import os
import re
import sys

import click

from ..content import ContentError, load_scenario

#: C0 and C1 control characters but tab and newline, and the Unicode line separators: they
#: would move the cursor, recolour or clear a terminal if printed raw
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def safe_text(text, one_line: bool = False) -> str:
    """Text a person or a file supplied, made safe for the terminal: control characters are
    shown as escapes (ESC as \\x1b) instead of acting on the terminal."""
    s = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(text))
    return s.replace("\n", " ").replace("\t", " ") if one_line else s


def echo_json(data, **dumps) -> None:
    """JSON on stdout, always valid JSON: a number that is not finite is refused, never
    printed as a bare NaN or Infinity. `dumps`: json.dumps options (default: sorted keys)."""
    try:
        text = json.dumps(data, allow_nan=False, **({"sort_keys": True} | dumps))
    except ValueError:
        fail("the result holds a number that is not finite (NaN or infinity); nothing was "
             "printed")
    click.echo(text)


def exit_with_problems(problems) -> None:
    for p in problems:  # a problem may quote the file's own text: shown, never acted on
        click.echo(safe_text(p, one_line=True), err=True)
    sys.exit(2)


def scenario_or_exit(name: str | None):
    try:
        return load_scenario(name)
    except ContentError as exc:
        exit_with_problems(exc.problems)


def fail(message: str) -> None:
    """A clear one-line error and exit 2: for anything a person typed wrong."""
    click.echo(f"error: {safe_text(message, one_line=True)}", err=True)
    sys.exit(2)


def check_output_path(path, what: str = "output") -> None:
    """Refuse, before any work is done, an output file that cannot be written: its folder is
    missing or is a file, the path is a folder, or the folder is not writable. (A full disk
    can only show when writing; that is a clean error too, from the boundary.)"""
    import os
    from pathlib import Path

    if path is None:
        return
    p = Path(path)
    folder = p.parent if str(p.parent) else Path(".")
    if p.is_dir():
        fail(f"{p}: is a folder; give a file name for the {what}")
    if not folder.exists():
        fail(f"{p}: the folder {folder} does not exist")
    if not folder.is_dir():
        fail(f"{p}: {folder} is a file, not a folder")
    if not os.access(folder, os.W_OK) or (p.exists() and not os.access(p, os.W_OK)):
        fail(f"{p}: cannot write the {what} there (no permission)")
    if p.is_fifo():  # `-o >(gzip > x)` is a pipe with a reader; one without would block
        try:
            os.close(os.open(p, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            fail(f"{p}: a pipe that nothing reads from; the {what} would wait for ever")


def debug_wanted(ctx: click.Context | None) -> bool:
    if os.environ.get("CHOKEPOINT_DEBUG", "") not in ("", "0"):
        return True
    root = ctx.find_root() if ctx is not None else None
    return bool(root is not None and root.params.get("debug"))


def describe(exc: BaseException) -> tuple[str, bool]:
    """(the one-line message for `exc`, whether it is a bug rather than a refusal)."""
    from ..report import ReportError
    from ..store import StoreError

    if isinstance(exc, ContentError):
        return "\n".join(safe_text(p, one_line=True) for p in exc.problems), False
    if isinstance(exc, (StoreError, ReportError)):
        return safe_text(exc, one_line=True), False
    if isinstance(exc, OSError):
        where = exc.filename if exc.filename is not None else ""
        what = exc.strerror or type(exc).__name__
        return safe_text(f"{where}: {what}" if where else what, one_line=True), False
    if isinstance(exc, MemoryError):
        return "out of memory (the input is too large)", False
    if isinstance(exc, RecursionError):
        return "internal error: the input is nested too deeply to process", True
    text = safe_text(f"{type(exc).__name__}: {exc}", one_line=True)[:300]
    return (f"internal error: {text} (a bug in Chokepoint; run with --debug for the "
            f"traceback)"), True


class Boundary(click.Group):
    """The `chokepoint` group, with one error boundary around every command."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit,
                click.exceptions.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:  # the reader went away (`| head`): nothing more to say
            _quiet_stdout()
            sys.exit(2)
        except Exception as exc:
            if debug_wanted(ctx):
                raise
            if isinstance(exc, ContentError):  # file:line: key: problem, one line each
                exit_with_problems(safe_text(p, one_line=True) for p in exc.problems)
            message, _ = describe(exc)
            for line in message.splitlines() or [""]:
                click.echo(line if line.startswith(("error:", " ")) else f"error: {line}",
                           err=True)
            sys.exit(2)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def write_output(output, out: str | bytes, fmt: str) -> None:
    """Write a rendered document (text or PDF bytes) to `output`, or fail with one line, and
    say what was written on stderr (stdout may be piped)."""
    try:
        if isinstance(out, bytes):
            output.write_bytes(out)
        else:
            output.write_text(out, encoding="utf-8")
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")
    unit = "bytes" if isinstance(out, bytes) else "characters"
    click.echo(f"wrote {output} ({fmt}, {len(out):,} {unit})", err=True)
