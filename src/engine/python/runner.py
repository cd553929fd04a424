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
import tracemalloc
import types
import weakref

# The engine's own code looks names up in a private copy of the builtins: a
# program that sets `builtins.len = None` changes its own world, not print's.
__builtins__ = dict(builtins.__dict__)

#: The tracer and checker modules, injected by the loader (src/engine/python/runner.ts).
tracer_module = globals().get("tracer_module")
checker_module = globals().get("checker_module")

CELL = "<cell>"
#: The earlier cells a notebook-style cell continues from (run first, untraced).
SETUP = "<earlier cells>"
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

# Bound at load time: a program may replace any of these attributes.
_real_setrecursionlimit = sys.setrecursionlimit
_getrecursionlimit = sys.getrecursionlimit
_settrace = sys.settrace
_setprofile = sys.setprofile
_get_int_max_str_digits = sys.get_int_max_str_digits
_set_int_max_str_digits = sys.set_int_max_str_digits
_monitoring = sys.monitoring
_real_register_callback = _monitoring.register_callback
_get_tool = _monitoring.get_tool
_clear_tool_id = _monitoring.clear_tool_id
_free_tool_id = _monitoring.free_tool_id
_gc_collect = gc.collect
_gc_isenabled = gc.isenabled
_gc_enable = gc.enable
_gc_disable = gc.disable
_gc_callbacks = gc.callbacks  # the list the collector calls, even if a program rebinds gc.callbacks
_gc_garbage = gc.garbage
_gc_get_debug = gc.get_debug
_gc_set_debug = gc.set_debug
_gc_get_threshold = gc.get_threshold
_gc_set_threshold = gc.set_threshold
_gc_get_freeze_count = gc.get_freeze_count
_gc_unfreeze = gc.unfreeze
_tracemalloc_is_tracing = tracemalloc.is_tracing
_tracemalloc_stop = tracemalloc.stop
_dumps = json.dumps
_loads = json.loads
_monotonic = time.monotonic
_perf_counter = time.perf_counter
_ModuleType = types.ModuleType
_ModuleSpec = type(sys.__spec__)
#: Modules the runner and tracer call into after a program ran: whatever the program
#: set on them (`json.dumps = None`, `sys.monitoring.use_tool_id = None`, ...) is undone
#: before the engine uses them again.
_ENGINE_MODULES = (builtins, sys, _monitoring, gc, json, linecache, time, traceback, types, weakref)
#: The engine's own code: a reader's sys.monitoring callbacks never see it.
_ENGINE_FILES = frozenset({"<ipm_runner>", "<ipm_tracer>"})
#: Where the stdlib and installed packages live: new imports from there stay cached.
_LIBRARY_PATHS = tuple(p + "/" for p in sys.path if p.startswith("/"))
#: The tracer of the traced run in progress: it keeps headroom above the reader's recursion limit.
_active_tracer = None


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
        self._last_flush = _monotonic()
        self.total = 0
        self.dropped = 0
        self.writes = 0
        self.stdout = []  # what the program printed to stdout, for exercise checkers
        self.muted = False  # set while an exercise's checks run: their prints are not the reader's

    def write(self, stream, text):
        if self.muted:
            return
        room = MAX_OUTPUT - self.total
        if room <= 0:
            self.dropped += len(text)
            return
        if len(text) > room:
            self.dropped += len(text) - room
            text = text[:room]
        self.total += len(text)
        if stream == "stdout":
            self.stdout.append(text)
        if self._parts and self._parts[-1][0] == stream:
            self._parts[-1] = (stream, self._parts[-1][1] + text)
        else:
            self._parts.append((stream, text))
        self._buffered += len(text)
        self.writes += 1
        if (
            self.writes <= UNBUFFERED_WRITES
            or self._buffered >= FLUSH_CHARS
            or _monotonic() - self._last_flush >= FLUSH_SECONDS
        ):
            self.flush()

    def flush(self):
        parts, self._parts, self._buffered = self._parts, [], 0
        self._last_flush = _monotonic()
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
    _real_setrecursionlimit(limit)  # CPython's own checks and errors
    if _active_tracer is not None:
        _active_tracer.set_recursion_limit(limit)


def _register_callback(tool_id, event, func):
    """sys.monitoring.register_callback for the reader's program: their callbacks
    see their program (and the library code it calls), never the engine's code
    that runs after it, where a callback that prints or raises would break the
    engine before their tool is freed."""
    if func is not None:
        reader_func = func

        def func(code, *args):
            if code.co_filename in _ENGINE_FILES:
                return None
            return reader_func(code, *args)

        _reader_callbacks[func] = reader_func
    previous = _real_register_callback(tool_id, event, func)
    return _reader_callbacks.get(previous, previous)


_reader_callbacks = {}  # the wrapper registered -> the reader's own callback


def _is_library_module(module):
    """A real module loaded from the stdlib or installed packages (not one the program wrote or made)."""
    if type(module) is not _ModuleType:
        return False
    namespace = module.__dict__
    file = namespace.get("__file__")
    if type(file) is str:
        return file.startswith(_LIBRARY_PATHS)
    spec = namespace.get("__spec__")
    return file is None and type(spec) is _ModuleSpec and spec.origin in ("built-in", "frozen")


class _SavedState:
    """What a reader's program may change that must not leak into the next run."""

    def __init__(self):
        self.module_dicts = [(m, dict(m.__dict__)) for m in _ENGINE_MODULES]
        self.modules = dict(sys.modules)
        self.paths = [(seq, list(seq)) for seq in (sys.path, sys.meta_path, sys.path_hooks)]
        self.tools = [_get_tool(i) for i in range(6)]
        self.recursion_limit = _getrecursionlimit()
        self.gc_enabled = _gc_isenabled()
        self.gc_callbacks = list(_gc_callbacks)
        # Settings a lesson on memory may well change (gc.set_debug(gc.DEBUG_SAVEALL),
        # tracemalloc.start(), ...) and that would otherwise skew every later run.
        self.gc_settings = (_gc_get_debug(), _gc_get_threshold(), _gc_get_freeze_count(), len(_gc_garbage))
        self.int_max_str_digits = _get_int_max_str_digits()
        self.tracemalloc = _tracemalloc_is_tracing()

    def disarm(self):
        """Frees the program's sys.monitoring tools and puts back the modules the
        engine uses. Runs first thing after the program (just after its trace and
        profile functions are removed), before more engine or library code runs."""
        for tool in range(6):
            if self.tools[tool] is None and _get_tool(tool) is not None:
                _clear_tool_id(tool)
                _free_tool_id(tool)
        _reader_callbacks.clear()
        for module, saved in self.module_dicts:
            namespace = module.__dict__
            # Copied, cleared and refilled: no key is hashed or compared (a program may
            # add keys with their own __hash__), and what the program left there is
            # freed only once the module is whole again (its __del__ may use it).
            left = dict(namespace)
            namespace.clear()
            namespace.update(saved)
            del left
        for seq, saved in self.paths:
            seq[:] = saved
        _gc_callbacks[:] = self.gc_callbacks
        debug, threshold, frozen, garbage = self.gc_settings
        _gc_set_debug(debug)
        _gc_set_threshold(*threshold)
        if not frozen and _gc_get_freeze_count():
            _gc_unfreeze()
        del _gc_garbage[garbage:]  # kept by DEBUG_SAVEALL: collected with the run's garbage
        _set_int_max_str_digits(self.int_max_str_digits)
        if not self.tracemalloc and _tracemalloc_is_tracing():
            _tracemalloc_stop()

    def restore(self):
        _setprofile(None)
        _settrace(None)
        self.disarm()
        for name in [n for n in sys.modules if n not in self.modules]:
            # Keep new stdlib imports (they are cached for speed); drop anything
            # the program planted or imported from its own files.
            if not _is_library_module(sys.modules[name]):
                del sys.modules[name]
        sys.modules.update(self.modules)
        _real_setrecursionlimit(self.recursion_limit)
        (_gc_enable if self.gc_enabled else _gc_disable)()


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


_exc_traceback = BaseException.__dict__["__traceback__"]
_type_name = type.__dict__["__name__"].__get__


def _describe_exception(exc):
    tb = _user_traceback(_exc_traceback.__get__(exc))
    _exc_traceback.__set__(exc, tb)
    try:
        if isinstance(exc, SyntaxError) and exc.filename == CELL:
            return _describe_syntax_error(exc)
        text = "".join(traceback.format_exception(exc))
        return {
            "kind": "input" if isinstance(exc, NoConsoleError) else "exception",
            "type": type(exc).__name__,
            "message": _safe_str(exc),
            "line": _deepest_user_line(tb),
            "traceback": text,
        }
    except BaseException:
        # Formatting runs the exception's own code (its class's metaclass, __str__,
        # __notes__...), which may fail: the stack alone, without touching the exception.
        name = _type_name(type(exc))
        return {
            "kind": "exception",
            "type": name,
            "message": "<exception could not be described>",
            "line": _deepest_user_line(tb),
            "traceback": "Traceback (most recent call last):\n" + "".join(traceback.format_tb(tb)) + name + "\n",
        }


def _exit_code(exc):
    code = exc.code
    if code is None or type(code) is int:
        return code
    return str(code)


def run(code, emit, setup=None):
    """Runs `code` as a fresh __main__ module; returns a JSON result.

    `setup`, if given, is code run first in the same namespace, silently (the
    earlier cells a notebook-style cell continues from)."""
    return _dumps(_execute(code, emit, None, setup))


def trace(code, emit, options_json, stream=None, setup=None):
    """Runs `code` under the memory tracer; returns the trace as JSON.

    `stream(fragment)`, if given, receives the steps as they are recorded (JSON
    objects joined by commas), so a page that must kill a runaway program
    still has the trace up to that point. `setup` runs first, untraced."""
    options = _loads(options_json)
    limits = tracer_module.Limits(**options)
    tracer = tracer_module.Tracer(CELL, limits, emit)
    tracer.stream = stream
    result = _execute(code, tracer.on_output, tracer, setup)
    text = tracer.trace_json(result)
    # The tracer is cyclic (bound methods of its own, held by itself and the sink):
    # collected now, it never counts in the next program's gc.collect().
    tracer = None
    _gc_collect()
    return text


def check(code, checker_source, emit, options_json, stream=None, setup=None):
    """Runs `code` under the tracer, then the exercise's checker against it.

    Returns JSON: {"verdict": {...}, "trace": <the trace>}. The checks run only
    when the program finished normally; otherwise the verdict is the run's own
    ending (an error, a limit...), which the page reports as such."""
    options = _loads(options_json)
    limits = tracer_module.Limits(**options)
    tracer = tracer_module.Tracer(CELL, limits, emit)
    tracer.stream = stream
    verdict = {"verdict": "not-run", "checks": []}

    def after(namespace, sink):
        sink.muted = True
        try:
            verdict.update(checker_module.run_checks(
                checker_source, namespace, "".join(sink.stdout), tracer, CELL, __builtins__))
        except KeyboardInterrupt:  # Stop pressed (or time up) while a check ran
            verdict.update({"verdict": "interrupted", "checks": []})
        finally:
            sink.muted = False

    result = _execute(code, tracer.on_output, tracer, setup, after)
    text = tracer.trace_json(result)
    tracer = None
    after = None
    _gc_collect()
    return '{"verdict":' + _dumps(verdict) + ',"trace":' + text + "}"


def _enter_run(streams):
    """What the program runs with (and its namespace's teardown after it)."""
    sys.stdin, sys.stdout, sys.stderr = streams
    builtins.input = _input
    sys.setrecursionlimit = _capped_setrecursionlimit
    _monitoring.register_callback = _register_callback


def _run_setup(setup, namespace):
    """Runs the earlier cells a cell continues from; None, or the error as a result."""
    try:
        exec(compile(setup, SETUP, "exec", dont_inherit=True), namespace)
    except BaseException as exc:  # noqa: BLE001 - any failure of theirs is a result
        message = _safe_str(exc)
        return {"status": "error", "error": {
            "kind": "exception", "type": type(exc).__name__,
            "message": f"an earlier cell this one continues from failed: {message}", "line": None,
            "traceback": f"An earlier cell on this page, which this cell continues from, raised "
                         f"{type(exc).__name__}: {message}\nRun that cell on its own to see where.\n"}}
    return None


def _execute(code, emit, tracer, setup=None, after=None):
    global _active_tracer
    sink = _Sink(emit)
    saved = _SavedState()
    streams = (_NoInput(), _Output("stdout", sink), _Output("stderr", sink))
    # The source goes into linecache so tracebacks can quote the reader's lines.
    linecache.cache[CELL] = (len(code), None, code.splitlines(True), CELL)
    namespace = {"__name__": "__main__", "__builtins__": builtins, "__doc__": None}
    if setup:
        linecache.cache[SETUP] = (len(setup), None, setup.splitlines(True), SETUP)
    result = {"status": "ok"}
    program_seconds = None
    started = _perf_counter()
    try:
        _enter_run(streams)
        try:
            compiled = compile(code, CELL, "exec", dont_inherit=True)
        except SyntaxError as exc:
            result = {"status": "error", "error": _describe_syntax_error(exc)}
        except ValueError as exc:  # e.g. source containing null bytes
            result = {"status": "error", "error": {
                "kind": "syntax", "type": "ValueError", "message": str(exc), "line": None,
                "traceback": f"ValueError: {exc}\n"}}
        else:
            if setup:
                sink.muted = True
                try:
                    failed = _run_setup(setup, namespace)
                finally:
                    sink.muted = False
                    saved.disarm()
                    _enter_run(streams)
                if failed is not None:
                    result = failed
                    compiled = None
        if result["status"] == "ok":
            if tracer is not None:
                tracer.flush_output = sink.flush
                tracer.attach(compiled)
                _active_tracer = tracer
                sys.getrecursionlimit = tracer.get_recursion_limit
            try:
                try:
                    exec(compiled, namespace)
                finally:
                    # First thing after the program: its trace and profile functions,
                    # sys.monitoring tools and the tracer stop, and the modules the
                    # engine uses are put back, before more engine or library code runs.
                    _setprofile(None)
                    _settrace(None)
                    if tracer is not None:
                        _active_tracer = None
                        tracer.detach()
                    saved.disarm()
                    _enter_run(streams)
            except SystemExit as exc:
                result = {"status": "exit", "exitCode": _exit_code(exc)}
            except KeyboardInterrupt:
                result = {"status": "interrupted"}
            except BaseException as exc:  # the reader's error is a result, not ours
                if tracer is not None and tracer.stopping is not None:
                    result = {"status": "limit", "limit": tracer.stopping}
                else:
                    result = {"status": "error", "error": _describe_exception(exc)}
            program_seconds = _perf_counter() - started
            if after is not None and result["status"] == "ok":
                after(namespace, sink)
    finally:
        elapsed = program_seconds if program_seconds is not None else _perf_counter() - started
        if tracer is not None and tracer.tool is not None:  # attach() itself failed
            _active_tracer = None
            tracer.detach()
        # The namespace is torn down as at interpreter exit, while output still
        # reaches the page (__del__ methods may print); the run's garbage goes now,
        # so counts never creep between runs.
        namespace.clear()
        del namespace
        _gc_collect()
        saved.restore()
        sink.flush()
    result["durationMs"] = round(elapsed * 1000, 3)
    result["outputChars"] = sink.total
    result["droppedChars"] = sink.dropped
    return result


# Garbage left by starting the engine goes now, not in the first program's gc.collect().
_gc_collect()
