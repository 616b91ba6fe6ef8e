"""A facilitator's own report template: what it may read, and how much time, memory and
output it may use.

Jinja's `ImmutableSandboxedEnvironment` already keeps a template away from Python internals
and from mutating the data. It does not bound the cost: `{% for i in range(99999) %}` nested
twice never ends, `"x" * 99999` doubled with `~` a few times fills the memory, and
`"x"|center(999999999)` asks for a gigabyte in one call. So, for a user template only:

- **what it can read**: its own file and the bundled templates (to `{% extends %}` them),
  nothing else from its folder or anywhere on disk;
- **time**: `MAX_SECONDS` of wall time; checked on every call, attribute, item, operator,
  `range` step and output chunk, and by a timer signal that interrupts even a bare loop;
- **size**: `MAX_OUTPUT_CHARS` of output; a whole number argument above `MAX_REPEAT` to any
  call or filter, a repeated string or list longer than that, and a text longer than the
  output cap passed to a call or stored in a namespace are refused;
- **memory**: where the system can fork (not from a threaded program such as the TUI), the
  render runs in a child process with its address space capped to `MAX_MEMORY_BYTES` above
  what it starts with, so even a cost the checks above miss ends as a clean error.

Every refusal is a `SecurityError`, reported like any template error with its file and line.
"""

from __future__ import annotations

import contextlib
import functools
import os
import pickle
import re
import select
import signal
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader, FunctionLoader
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.utils import Namespace

MAX_SECONDS = 10.0
MAX_OUTPUT_CHARS = 5_000_000
MAX_REPEAT = 100_000
MAX_MEMORY_BYTES = 1 << 30
_WIDE_FORMAT = re.compile(r"\d{6,}|%[^a-zA-Z%]*\*|\{[^}]*\d{6,}")


def template_loader(path: Path, bundled: Path) -> ChoiceLoader:
    """The template's own file by its name, then the bundled templates: `{% include %}` of a
    sibling file (or of anything else on disk) finds nothing."""
    own = path.resolve()

    def load(name: str):
        if name != own.name:
            return None
        text = own.read_text(encoding="utf-8")
        mtime = own.stat().st_mtime_ns
        return text, str(own), lambda: own.exists() and own.stat().st_mtime_ns == mtime

    return ChoiceLoader([FunctionLoader(load), FileSystemLoader(str(bundled))])


class _Budget:
    """The deadline and output count of one render."""

    def __init__(self, seconds: float):
        self.deadline = time.monotonic() + seconds
        self.seconds = seconds

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise SecurityError(f"the template ran longer than {self.seconds:g} s")


def _check_size(value) -> None:
    if isinstance(value, bool):
        return
    if isinstance(value, int) and abs(value) > MAX_REPEAT:
        raise SecurityError(f"a number above {MAX_REPEAT:,} passed to a call or filter "
                            f"(it could ask for that many characters)")
    if isinstance(value, (str, list, tuple)) and len(value) > MAX_OUTPUT_CHARS:
        raise SecurityError(f"a value longer than {MAX_OUTPUT_CHARS:,} passed to a call")


class CappedSandbox(ImmutableSandboxedEnvironment):
    """The sandbox with a time and size budget (see the module docstring)."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, *args, budget_seconds: float = MAX_SECONDS, **kwargs):
        super().__init__(*args, **kwargs)
        self.budget = _Budget(budget_seconds)
        self.globals["range"] = self._range
        self.globals["namespace"] = _CappedNamespace
        self.filters = {name: _guard_filter(f, self) for name, f in self.filters.items()}

    def _range(self, *args):
        for a in args:
            _check_size(a)
        for i, x in enumerate(range(*args)):
            if i % 256 == 0:
                self.budget.tick()
            yield x

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's signature)
        __self.budget.tick()
        for a in (*args, *kwargs.values()):
            _check_size(a)
        fmt = getattr(__obj, "__self__", None)
        if isinstance(fmt, str) and getattr(__obj, "__name__", "") in ("format", "format_map") \
                and _WIDE_FORMAT.search(fmt):
            raise SecurityError("a format with a width above 99,999")
        out = super().call(__context, __obj, *args, **kwargs)
        if isinstance(out, (str, list, tuple)) and len(out) > MAX_OUTPUT_CHARS:
            raise SecurityError(f"a call returned more than {MAX_OUTPUT_CHARS:,} items")
        return out

    def getattr(self, obj, attribute):
        self.budget.tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj, argument):
        self.budget.tick()
        return super().getitem(obj, argument)

    def call_binop(self, context, operator, left, right):
        self.budget.tick()
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > 64:
            raise SecurityError("a power above 64")
        if operator == "*":
            seq, n = (left, right) if isinstance(left, (str, list, tuple)) else (right, left)
            if isinstance(seq, (str, list, tuple)) and isinstance(n, int) \
                    and len(seq) * n > MAX_REPEAT:
                raise SecurityError(f"a repetition longer than {MAX_REPEAT:,}")
        if operator == "%" and isinstance(left, str) and _WIDE_FORMAT.search(left):
            raise SecurityError("a format with a width above 99,999")
        out = super().call_binop(context, operator, left, right)
        if isinstance(out, (str, list, tuple)) and len(out) > MAX_OUTPUT_CHARS:
            raise SecurityError(f"a value longer than {MAX_OUTPUT_CHARS:,}")
        return out


class _CappedNamespace(Namespace):
    """`namespace()`, refusing a value too large to be output anyway (the one place a template
    can keep a string across loop iterations and double it)."""

    def __setitem__(self, name, value):
        if isinstance(value, (str, list, tuple)) and len(value) > MAX_OUTPUT_CHARS:
            raise SecurityError(f"a value longer than {MAX_OUTPUT_CHARS:,} in a namespace")
        super().__setitem__(name, value)


def _guard_filter(f: Callable, env: CappedSandbox) -> Callable:
    @functools.wraps(f)  # keeps Jinja's pass_context/pass_environment marks
    def guarded(*args, **kwargs):
        env.budget.tick()
        for a in (*args[1:], *kwargs.values()):
            _check_size(a)
        out = f(*args, **kwargs)
        if isinstance(out, str) and len(out) > MAX_OUTPUT_CHARS:
            raise SecurityError(f"a filter returned more than {MAX_OUTPUT_CHARS:,} characters")
        return out

    return guarded


def generate_capped(env: CappedSandbox, template, context: dict) -> str:
    """Render chunk by chunk, stopping at the output cap or the deadline."""
    out: list[str] = []
    size = 0
    with _alarm(env.budget):
        for chunk in template.generate(context):
            size += len(chunk)
            if size > MAX_OUTPUT_CHARS:
                raise SecurityError(f"the template's output is longer than "
                                    f"{MAX_OUTPUT_CHARS:,} characters")
            env.budget.tick()
            out.append(chunk)
    return "".join(out)


@contextlib.contextmanager
def _alarm(budget: _Budget) -> Iterator[None]:
    """A timer signal at the deadline, for a loop that makes no call the checks could see.
    Only in the main thread, and only if no one else uses SIGALRM."""
    usable = (threading.current_thread() is threading.main_thread()
              and hasattr(signal, "setitimer")
              and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, None))
    if not usable:
        yield
        return

    def ring(signum, frame):
        raise SecurityError(f"the template ran longer than {budget.seconds:g} s")

    old = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, max(0.01, budget.deadline - time.monotonic()))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


# ---------------------------------------------------------------- the child process -----
def can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1


def in_child(render: Callable[[], str], seconds: float = MAX_SECONDS):
    """`render()` in a forked child with capped memory; returns its text, or re-raises the
    exception it raised (pickled back). None if the child could not be started: the caller
    then renders in process (the in-process checks still hold)."""
    try:
        r, w = os.pipe()
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:  # the child: never returns
        code = 0
        try:
            os.close(r)
            _cap_memory()
            try:
                result = ("ok", render())
            except MemoryError:
                result = ("error", SecurityError(f"the template used more than "
                                                 f"{MAX_MEMORY_BYTES >> 20} MB of memory"))
            except BaseException as exc:  # noqa: BLE001 - sent back to the parent as it is
                result = ("error", _picklable(exc))
            data = pickle.dumps(result)
            with os.fdopen(w, "wb") as f:
                f.write(data)
        except BaseException:  # noqa: BLE001
            code = 1
        finally:
            os._exit(code)
    os.close(w)
    chunks: list[bytes] = []
    deadline = time.monotonic() + seconds + 5  # the child's own checks answer first
    try:
        while True:
            left = deadline - time.monotonic()
            ready = select.select([r], [], [], max(0.0, left))[0] if left > 0 else []
            if not ready:
                os.kill(pid, signal.SIGKILL)
                raise SecurityError(f"the template ran longer than {seconds:g} s")
            chunk = os.read(r, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(r)
        os.waitpid(pid, 0)
    if not chunks:
        raise SecurityError("the template's render process stopped without an answer "
                            f"(out of memory above {MAX_MEMORY_BYTES >> 20} MB?)")
    kind, value = pickle.loads(b"".join(chunks))  # noqa: S301 - our own child's bytes
    if kind == "error":
        raise value
    return value


def _cap_memory() -> None:
    try:
        import resource

        with open("/proc/self/statm") as f:
            pages = int(f.read().split()[0])
        now = pages * os.sysconf("SC_PAGE_SIZE")
        limit = now + MAX_MEMORY_BYTES
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, OSError, ValueError):
        pass  # no /proc or no rlimits: the in-process checks still hold


def _picklable(exc: BaseException) -> BaseException:
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:  # noqa: BLE001
        return SecurityError(f"{type(exc).__name__}: {exc}")
