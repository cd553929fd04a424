"""Runs one reader program in a fresh namespace and reports what happened.

Loaded once per engine into a private namespace (never importable by the
reader). `run(code, emit)` streams output through `emit(stream, text)` and
returns the result as a JSON string (parsing JSON in JS is much faster than
converting Python objects across the boundary).

Everything the runner needs is bound at load time, so a program that poisons
`sys.modules`, replaces builtins or swaps `sys.stdout` cannot break it; the
state a program can change is put back after every run.
"""

import builtins
import gc
import json
import linecache
import sys
import time
import traceback

#: The tracer module, injected by the loader (src/engine/runner.ts).
tracer_module = globals().get("tracer_module")

CELL = "<cell>"
#: Total characters of output kept per run; the rest is dropped with a notice.
MAX_OUTPUT = 1_000_000
#: The first writes of a run go to the page at once: a program that prints and
#: then hangs must show what it printed before the worker is terminated (Python
#: cannot flush a buffer from inside a C loop). Chattier programs are batched:
#: at most FLUSH_CHARS or FLUSH_SECONDS of output wait in the buffer.
UNBUFFERED_WRITES = 1_000
FLUSH_CHARS = 8_192
FLUSH_SECONDS = 0.05
#: Deep Python recursion overflows the browser's own stack (a fatal engine
#: crash) somewhere past ~3000 frames, so higher limits are capped.
MAX_RECURSION_LIMIT = 2_000

_real_setrecursionlimit = sys.setrecursionlimit


class NoConsoleError(OSError):
    """Raised by input(): the page has no console to type into."""


class _Output:
    """A text stream that forwards to the page in batches, with a total cap."""

    def __init__(self, name, sink):
        self.name = name
        self._sink = sink

    encoding = "utf-8"
    errors = "strict"

    def write(self, text):
        if type(text) is not str:
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self._sink.write(self.name, text)
        return len(text)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        self._sink.flush()

    def isatty(self):
        return False

    def writable(self):
        return True

    def readable(self):
        return False


class _Sink:
    """Buffers both streams in order and sends them to `emit` in chunks."""

    def __init__(self, emit):
        self._emit = emit
        self._parts = []  # [(stream, text)]
        self._buffered = 0
        self._last_flush = time.monotonic()
        self.total = 0
        self.dropped = 0
        self.writes = 0

    def write(self, stream, text):
        room = MAX_OUTPUT - self.total
        if room <= 0:
            self.dropped += len(text)
            return
        if len(text) > room:
            self.dropped += len(text) - room
            text = text[:room]
        self.total += len(text)
        if self._parts and self._parts[-1][0] == stream:
            self._parts[-1] = (stream, self._parts[-1][1] + text)
        else:
            self._parts.append((stream, text))
        self._buffered += len(text)
        self.writes += 1
        if (
            self.writes <= UNBUFFERED_WRITES
            or self._buffered >= FLUSH_CHARS
            or time.monotonic() - self._last_flush >= FLUSH_SECONDS
        ):
            self.flush()

    def flush(self):
        parts, self._parts, self._buffered = self._parts, [], 0
        self._last_flush = time.monotonic()
        for stream, text in parts:
            self._emit(stream, text)


class _NoInput:
    """sys.stdin stand-in: reading says clearly why it cannot work."""

    def _fail(self, *args, **kwargs):
        raise NoConsoleError(_NO_CONSOLE)

    read = readline = readlines = __iter__ = _fail

    def isatty(self):
        return False


_NO_CONSOLE = (
    "input() needs a console to type into, and this page has none. "
    "Put the value in your code instead, e.g. name = 'Ada'."
)


def _input(prompt=""):
    raise NoConsoleError(_NO_CONSOLE)


def _capped_setrecursionlimit(limit):
    if type(limit) is int and limit > MAX_RECURSION_LIMIT:
        sys.stderr.write(
            f"note: recursion limit capped at {MAX_RECURSION_LIMIT} (asked for {limit}): "
            "deeper recursion would overflow the browser's stack\n"
        )
        limit = MAX_RECURSION_LIMIT
    _real_setrecursionlimit(limit)


class _SavedState:
    """What a reader's program may change that must not leak into the next run."""

    def __init__(self):
        self.builtins = dict(builtins.__dict__)
        self.modules = dict(sys.modules)
        self.streams = (sys.stdin, sys.stdout, sys.stderr)
        self.recursion_limit = sys.getrecursionlimit()
        self.setrecursionlimit = sys.setrecursionlimit
        self.gc_enabled = gc.isenabled()
        self.gc_callbacks = list(gc.callbacks)

    def restore(self):
        sys.settrace(None)
        sys.setprofile(None)
        builtins.__dict__.clear()
        builtins.__dict__.update(self.builtins)
        for name in [n for n in sys.modules if n not in self.modules]:
            # Keep new stdlib imports (they are cached for speed); drop anything
            # the program planted that is not a real module.
            if type(sys.modules[name]).__name__ != "module":
                del sys.modules[name]
        sys.modules.update(self.modules)
        sys.stdin, sys.stdout, sys.stderr = self.streams
        sys.setrecursionlimit = self.setrecursionlimit
        _real_setrecursionlimit(self.recursion_limit)
        (gc.enable if self.gc_enabled else gc.disable)()
        gc.callbacks[:] = self.gc_callbacks


def _user_traceback(tb):
    """Drops the runner's own frames from the top of a traceback."""
    while tb is not None and tb.tb_frame.f_code.co_filename != CELL:
        tb = tb.tb_next
    return tb


def _deepest_user_line(tb):
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == CELL:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _describe_syntax_error(exc):
    return {
        "kind": "syntax",
        "type": type(exc).__name__,
        "message": str(exc.msg),
        "line": exc.lineno,
        "column": exc.offset,
        "endColumn": exc.end_offset,
        "traceback": "".join(traceback.format_exception_only(exc)),
    }


def _safe_str(exc):
    try:
        return str(exc)
    except BaseException:  # a reader's __str__ may itself fail
        return "<exception str() failed>"


def _describe_exception(exc):
    if isinstance(exc, SyntaxError) and exc.filename == CELL:
        return _describe_syntax_error(exc)
    tb = _user_traceback(exc.__traceback__)
    exc.__traceback__ = tb
    text = "".join(traceback.format_exception(exc))
    return {
        "kind": "input" if isinstance(exc, NoConsoleError) else "exception",
        "type": type(exc).__name__,
        "message": _safe_str(exc),
        "line": _deepest_user_line(tb),
        "traceback": text,
    }


def _exit_code(exc):
    code = exc.code
    if code is None or type(code) is int:
        return code
    return str(code)


def run(code, emit):
    """Runs `code` as a fresh __main__ module; returns a JSON result."""
    return json.dumps(_execute(code, emit, None))


def trace(code, emit, options_json):
    """Runs `code` under the memory tracer; returns the trace as JSON."""
    options = json.loads(options_json)
    limits = tracer_module.Limits(**options)
    tracer = tracer_module.Tracer(CELL, limits, emit)
    result = _execute(code, tracer.on_output, tracer)
    return tracer.trace_json(result)


def _execute(code, emit, tracer):
    sink = _Sink(emit)
    saved = _SavedState()
    # The source goes into linecache so tracebacks can quote the reader's lines.
    linecache.cache[CELL] = (len(code), None, code.splitlines(True), CELL)
    namespace = {"__name__": "__main__", "__builtins__": builtins, "__doc__": None}
    result = {"status": "ok"}
    started = time.perf_counter()
    try:
        sys.stdout = _Output("stdout", sink)
        sys.stderr = _Output("stderr", sink)
        sys.stdin = _NoInput()
        builtins.input = _input
        sys.setrecursionlimit = _capped_setrecursionlimit
        try:
            compiled = compile(code, CELL, "exec", dont_inherit=True)
        except SyntaxError as exc:
            result = {"status": "error", "error": _describe_syntax_error(exc)}
        except ValueError as exc:  # e.g. source containing null bytes
            result = {"status": "error", "error": {
                "kind": "syntax", "type": "ValueError", "message": str(exc), "line": None,
                "traceback": f"ValueError: {exc}\n"}}
        else:
            if tracer is not None:
                tracer.flush_output = sink.flush
                tracer.attach(compiled)
            try:
                exec(compiled, namespace)
            except SystemExit as exc:
                result = {"status": "exit", "exitCode": _exit_code(exc)}
            except KeyboardInterrupt:
                result = {"status": "interrupted"}
            except BaseException as exc:  # the reader's error is a result, not ours
                if tracer is not None and tracer.stopping is not None:
                    result = {"status": "limit", "limit": tracer.stopping}
                else:
                    result = {"status": "error", "error": _describe_exception(exc)}
            finally:
                if tracer is not None:
                    tracer.detach()
    finally:
        elapsed = time.perf_counter() - started
        saved.restore()
        sink.flush()
        namespace.clear()
        del namespace
        # The previous run's garbage goes now, so counts never creep between runs.
        gc.collect()
    result["durationMs"] = round(elapsed * 1000, 3)
    result["outputChars"] = sink.total
    result["droppedChars"] = sink.dropped
    return result
