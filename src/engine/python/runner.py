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

# The engine's modules this one uses, put here by its private loader (runner.ts), never imported.
_errors = globals()["ipm_errors"]
_tracer = globals()["ipm_tracer"]
_checker = globals()["ipm_checker"]

CELL = _errors.CELL
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
try:
    _clear_tool_id = _monitoring.clear_tool_id
except AttributeError:  # before 3.14: its events and callbacks taken back one by one
    _set_events = _monitoring.set_events
    _EVENTS = [v for n, v in vars(_monitoring.events).items() if n.isupper() and n != "NO_EVENTS"]

    def _clear_tool_id(tool):
        _set_events(tool, 0)
        for event in _EVENTS:
            _real_register_callback(tool, event, None)


_free_tool_id = _monitoring.free_tool_id
_gc_collect = gc.collect
_gc_get_objects = gc.get_objects
_gc_freeze = gc.freeze
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
_describe_syntax_error = _errors.describe_syntax_error
_describe_unreadable_source = _errors.describe_unreadable_source
_describe_exception = _errors.describe_exception
_describe_setup_failure = _errors.describe_setup_failure
_exit_code = _errors.exit_code
_Tracer = _tracer.Tracer
_Limits = _tracer.Limits
#: Modules the runner and tracer call into after a program ran: whatever the program
#: set on them (`json.dumps = None`, `sys.monitoring.use_tool_id = None`, ...) is undone
#: before the engine uses them again.
_ENGINE_MODULES = (builtins, sys, _monitoring, gc, json, linecache, time, traceback, types, weakref)
#: The engine's own code that runs while a program does (the runner and every module of
#: the tracer; the loader names each file `<ipm_NAME>`): a reader's sys.monitoring
#: callbacks never see it.
_ENGINE_FILES = frozenset(
    {"<ipm_runner>", "<ipm_tracer>", "<ipm_walk>", "<ipm_describe>", "<ipm_registry>", "<ipm_errors>", "<ipm_safe>"}
)
#: Where the stdlib and installed packages live: new imports from there stay cached.
_LIBRARY_PATHS = tuple(p + "/" for p in sys.path if p.startswith("/"))


class NoConsoleError(OSError):
    """Raised by input(): the page has no console to type into."""

    # Shown as plain `NoConsoleError`, not as a class of the engine's hidden module.
    __module__ = "builtins"


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

    def release(self):
        """Lets go of `emit` once the run is over (a traced run's emit is the tracer's)."""
        self._emit = None

    def flush(self):
        if not self._parts:  # the tracer asks at every step
            return
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


def _input(*prompt):
    """input() for the program: it writes its prompt as CPython's does (so the reader
    sees which question their program asked), then explains why no answer can come."""
    if len(prompt) > 1:
        raise TypeError(f"input expected at most 1 argument, got {len(prompt)}")
    if prompt:
        stdout = sys.stdout
        stdout.write(str(prompt[0]))
        stdout.flush()
    raise NoConsoleError(_NO_CONSOLE)


def _capped_setrecursionlimit(limit):
    """sys.setrecursionlimit for the program: deeper recursion would overflow the browser's stack."""
    _real_setrecursionlimit(_capped(limit))  # CPython's own checks and errors


def _capped(limit):
    if type(limit) is int and limit > MAX_RECURSION_LIMIT:
        sys.stderr.write(
            f"note: recursion limit capped at {MAX_RECURSION_LIMIT} (asked for {limit}): "
            "deeper recursion would overflow the browser's stack\n"
        )
        limit = MAX_RECURSION_LIMIT
    return limit


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


# The wrapper registered -> the reader's own callback; emptied as each program's tools are freed.
_reader_callbacks = {}


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


class Session:
    """One run of a reader's program, from a fresh namespace to everything put back.

    A context manager: entering saves what the program may change (and must not
    leak into the next run) and arms the run's stand-ins; leaving tears the
    namespace down and restores the rest. `execute()` runs the program inside it
    and returns the answer for the page. A traced run (TracedSession) and an
    exercise check (CheckedSession) are this run with the hooks below overridden.

    Two things a program can observe depend on this class's shape. It runs
    exactly two frames below the page's call (the public function, then
    `execute`), and a program can count frames. And the objects the engine
    makes before it (the session is also the saved state; the stand-ins are
    module functions, not bound methods) set the collector's young count at its
    start, which decides when its first automatic collection comes: the census
    in lesson 07 (memory profiling) states an output that depends on it."""

    def __init__(self, code, emit, setup=None):
        self.code = code
        #: The earlier cells a notebook-style cell continues from (run first, silently).
        self.setup = setup
        self.sink = _Sink(emit)
        self._streams = (_NoInput(), _Output("stdout", self.sink), _Output("stderr", self.sink))
        #: The program's globals: a fresh __main__ every run.
        self.namespace = {"__name__": "__main__", "__builtins__": builtins, "__doc__": None}
        self.result = {"status": "ok"}
        self._started = 0.0
        self._program_seconds = None  # how long the program ran (not the checks after it)
        self._elapsed = 0.0
        #: An object of the engine's in the collector's young generation from the program's start
        #: (see _young_start): while it is there, nothing has moved that generation (see _collect).
        self._young_marker = self

    # ---- hooks: what a traced or checked run does differently ----------------------

    def attach(self, compiled):
        """Just before the program runs (after the earlier cells)."""

    def detach(self):
        """First thing after the program, before the engine's modules are put back;
        again as the run ends (so also after an attach that failed): must be safe to repeat."""

    def raised(self, exc):
        """The program ended by raising `exc` (any exception, SystemExit and KeyboardInterrupt
        included), after detach: called before its result is made."""

    def failed(self, exc):
        """The result of a program that raised `exc` (neither SystemExit nor KeyboardInterrupt)."""
        return {"status": "error", "error": _describe_exception(exc, NoConsoleError)}

    def finished(self):
        """After a program that ended normally, while its namespace is still alive."""

    def answer(self, result):
        """What the page gets: JSON text."""
        return _dumps(result)

    # ---- the run ------------------------------------------------------------------

    def __enter__(self):
        self._save()
        # The source goes into linecache so tracebacks can quote the reader's lines.
        linecache.cache[CELL] = (len(self.code), None, self.code.splitlines(True), CELL)
        if self.setup:
            linecache.cache[SETUP] = (len(self.setup), None, self.setup.splitlines(True), SETUP)
        self._started = _perf_counter()
        self.arm()
        return self

    def execute(self):
        """Runs the earlier cells, then the program; returns the answer for the page."""
        with self:
            compiled = self._compile()
            if compiled is not None and self._run_setup():
                self.attach(compiled)
                self._young_start()
                try:
                    try:
                        exec(compiled, self.namespace)
                    finally:
                        # First thing after the program: its trace and profile functions
                        # stop (before any call they would see), then its sys.monitoring
                        # tools and the tracer, and the modules the engine uses are put
                        # back, before more engine or library code runs.
                        _setprofile(None)
                        _settrace(None)
                        self.detach()
                        self.disarm()
                except SystemExit as exc:
                    self.raised(exc)
                    self.result = {"status": "exit", "exitCode": _exit_code(exc)}
                except KeyboardInterrupt as exc:
                    self.raised(exc)
                    self.result = {"status": "interrupted"}
                except BaseException as exc:  # noqa: BLE001 - the reader's error is a result, not ours
                    self.raised(exc)
                    self.result = self.failed(exc)
                self._program_seconds = _perf_counter() - self._started
                if self.result["status"] == "ok":
                    self.finished()
        result = self.result
        result["durationMs"] = round(self._elapsed * 1000, 3)
        result["outputChars"] = self.sink.total
        result["droppedChars"] = self.sink.dropped
        return self.answer(result)

    def __exit__(self, exc_type, exc, tb):
        seconds = self._program_seconds
        self._elapsed = seconds if seconds is not None else _perf_counter() - self._started
        self.detach()
        # The namespace is torn down as at interpreter exit, while output still
        # reaches the page (__del__ methods may print); the run's garbage goes now,
        # so counts never creep between runs.
        self.namespace.clear()
        self.namespace = None
        self._collect()
        self._restore()
        self.sink.flush()

    def _young_start(self):
        """Moves what the engine made for this run (the session and its saved state, the compiled
        program, the tracer) out of the collector's young generation, just before the program
        starts: gc.freeze() then gc.unfreeze() move every object to the old generation at once,
        without a collection. So the program starts with a young generation of one object (the
        marker, made next), traced or not; the tracer's searches of that generation (walk.py)
        and the collection that ends the run meet the program's objects, not the engine's
        hundreds. Not after earlier cells (their classes, always in cycles, must stay where the
        collection at the end finds them), nor while objects are frozen."""
        if not self.setup and not _gc_get_freeze_count():
            _gc_freeze()
            _gc_unfreeze()
            self._young_marker = []

    def _collect(self):
        """Frees the cycles the run left and empties CPython's free lists, as a full
        collection does (a fresh interpreter has them empty; tracemalloc's figures depend
        on it). While the young marker (made just before the program: _young_start) is still in
        the young generation, nothing has moved that generation since: everything the run made
        is there, so collecting it alone frees all of the run's cycles; the free lists are then
        emptied by a full collection of a heap frozen for the moment, which scans nothing.
        Once anything moved the young generation (a collection, or the one CPython starts
        after a deep recursion without counting it in gc.get_stats), or objects were frozen,
        the whole heap is collected: the time that takes grows with the whole heap."""
        # The marker is among the first young objects: the search stops there, and compares ints only.
        young = _gc_get_objects(0)
        whole = self._unfrozen or self._gc_settings[2] or id(self._young_marker) not in map(id, young)
        young = None
        if whole:
            _gc_collect()
            return
        _gc_collect(0)
        if not self.empties_free_lists_last:
            _empty_free_lists()

    #: The free lists are emptied after the session's answer is made (traced runs: see
    #: `_emptied`): emptying them here too would be undone by the tear-down and the answer.
    empties_free_lists_last = False

    def arm(self):
        """Puts the run's stand-ins in place: its streams, input(), the capped recursion
        limit and the reader's sys.monitoring.register_callback."""
        sys.stdin, sys.stdout, sys.stderr = self._streams
        builtins.input = _input
        sys.setrecursionlimit = _capped_setrecursionlimit
        _monitoring.register_callback = _register_callback

    def disarm(self):
        """Takes back what the program set up (its sys.monitoring tools, its changes to
        the modules the engine uses), then arms again: code that runs later (the
        program's __del__ methods, the checks) still writes to this run's streams."""
        self._put_back()
        self.arm()

    def _compile(self):
        """The program's code object; None when it does not compile (the error is the result)."""
        try:
            return compile(self.code, CELL, "exec", dont_inherit=True)
        except SyntaxError as exc:
            self.result = {"status": "error", "error": _describe_syntax_error(exc)}
        except ValueError as exc:  # e.g. source containing null bytes
            self.result = {"status": "error", "error": _describe_unreadable_source(exc)}
        return None

    def _run_setup(self):
        """Runs the earlier cells the program continues from, silently, in its namespace;
        False when they fail (the error is the result)."""
        if not self.setup:
            return True
        self.sink.muted = True
        try:
            exec(compile(self.setup, SETUP, "exec", dont_inherit=True), self.namespace)
        except BaseException as exc:  # noqa: BLE001 - any failure of theirs is a result
            self.result = {"status": "error", "error": _describe_setup_failure(exc)}
        finally:
            self.sink.muted = False
            self.disarm()
        return self.result["status"] == "ok"

    # ---- what the program may change, saved and put back ----------------------------

    def _save(self):
        self._module_dicts = [(m, dict(m.__dict__)) for m in _ENGINE_MODULES]
        self._modules = dict(sys.modules)
        self._paths = [(seq, list(seq)) for seq in (sys.path, sys.meta_path, sys.path_hooks)]
        self._tools = [_get_tool(i) for i in range(6)]
        self._recursion_limit = _getrecursionlimit()
        self._gc_enabled = _gc_isenabled()
        self._gc_callbacks = list(_gc_callbacks)
        # Settings a lesson on memory may well change (gc.set_debug(gc.DEBUG_SAVEALL),
        # tracemalloc.start(), ...) and that would otherwise skew every later run.
        self._gc_settings = (_gc_get_debug(), _gc_get_threshold(), _gc_get_freeze_count(), len(_gc_garbage))
        self._unfrozen = False  # objects the program froze went back to the old generation
        self._int_max_str_digits = _get_int_max_str_digits()
        self._tracemalloc = _tracemalloc_is_tracing()

    def _put_back(self):
        """Frees the program's sys.monitoring tools and puts back the modules the
        engine uses. Runs first thing after the program (just after its trace and
        profile functions are removed), before more engine or library code runs."""
        for tool in range(6):
            if self._tools[tool] is None and _get_tool(tool) is not None:
                _clear_tool_id(tool)
                _free_tool_id(tool)
        _reader_callbacks.clear()
        for module, saved in self._module_dicts:
            namespace = module.__dict__
            # Copied, cleared and refilled: no key is hashed or compared (a program may
            # add keys with their own __hash__), and what the program left there is
            # freed only once the module is whole again (its __del__ may use it).
            left = dict(namespace)
            namespace.clear()
            namespace.update(saved)
            del left
        for seq, saved in self._paths:
            seq[:] = saved
        _gc_callbacks[:] = self._gc_callbacks
        debug, threshold, frozen, garbage = self._gc_settings
        _gc_set_debug(debug)
        _gc_set_threshold(*threshold)
        if not frozen and _gc_get_freeze_count():
            _gc_unfreeze()
            self._unfrozen = True
        del _gc_garbage[garbage:]  # kept by DEBUG_SAVEALL: collected with the run's garbage
        _set_int_max_str_digits(self._int_max_str_digits)
        if not self._tracemalloc and _tracemalloc_is_tracing():
            _tracemalloc_stop()

    def _restore(self):
        """Puts everything back as it was before the run (once its namespace is torn down)."""
        _setprofile(None)
        _settrace(None)
        self._put_back()
        for name in sys.modules.keys() - self._modules.keys():
            # Keep new stdlib imports (they are cached for speed); drop anything
            # the program planted or imported from its own files.
            if not _is_library_module(sys.modules[name]):
                del sys.modules[name]
        sys.modules.update(self._modules)
        _real_setrecursionlimit(self._recursion_limit)
        (_gc_enable if self._gc_enabled else _gc_disable)()


class TracedSession(Session):
    """A run under the memory tracer (tracer.py), which it owns: attached just before
    the program, detached first thing after it. Its answer is the trace."""

    empties_free_lists_last = True  # trace() and check() end with _emptied

    def __init__(self, code, emit, setup, options_json, stream):
        tracer = _Tracer(_Limits(**_options(options_json)), emit)
        tracer.stream = stream
        super().__init__(code, tracer.on_output, setup)
        self.tracer = tracer

    def attach(self, compiled):
        tracer = self.tracer
        tracer.flush_output = self.sink.flush
        tracer.attach(compiled)
        sys.getrecursionlimit = tracer.get_recursion_limit

        def setrecursionlimit(limit):
            limit = _capped(limit)
            _real_setrecursionlimit(limit)  # CPython's own checks and errors
            if tracer.tool is not None:  # not once detached (the program may have kept this function)
                tracer.set_recursion_limit(limit)  # the tracer keeps its headroom above the reader's limit

        # Named as the untraced one, so that what a program prints of it is the same traced or not.
        setrecursionlimit.__name__ = setrecursionlimit.__qualname__ = _capped_setrecursionlimit.__name__
        sys.setrecursionlimit = setrecursionlimit

    def detach(self):
        if self.tracer.tool is not None:
            self.tracer.detach()

    def raised(self, exc):
        self.tracer.finish(exc)  # the final state, when the step it ended at was not drawn

    def failed(self, exc):
        if self.tracer.stopping is not None:
            return {"status": "limit", "limit": self.tracer.stopping, "seconds": self.tracer.limits.max_seconds}
        return super().failed(exc)

    def answer(self, result):
        text = self.tracer.trace_json(result)
        # The last thing the session does: its cycles (the tracer's bound methods, held by
        # the tracer itself and by the sink) are cut, so it is freed as soon as it returns,
        # without a collection, and never counts in the next program's gc.collect().
        self.tracer.release()
        self.sink.release()
        return text


class CheckedSession(TracedSession):
    """A traced run, then an exercise's checks (checker.py) against the finished
    program. Its answer is the verdict and the trace."""

    def __init__(self, code, checker_source, emit, setup, options_json, stream):
        super().__init__(code, emit, setup, options_json, stream)
        self.checker_source = checker_source
        #: The checks run only when the program finished normally; otherwise the verdict
        #: is the run's own ending (an error, a limit...), which the page reports as such.
        self.verdict = {"verdict": "not-run", "checks": []}

    def finished(self):
        sink = self.sink
        sink.muted = True  # what the checks print is not the reader's output
        try:
            stdout = "".join(sink.stdout)
            self.verdict.update(
                _checker.run_checks(self.checker_source, self.namespace, stdout, self.tracer, CELL, __builtins__)
            )
        except KeyboardInterrupt:  # Stop pressed (or time up) while a check ran
            self.verdict.update({"verdict": "interrupted", "checks": []})
        finally:
            sink.muted = False

    def answer(self, result):
        trace_text = super().answer(result)
        return '{"verdict":' + _dumps(self.verdict) + ',"trace":' + trace_text + "}"


#: The page's trace options, parsed, by their JSON text: a page sends the same few texts.
_OPTIONS = {}


def _options(options_json):
    """The keyword arguments of Limits in `options_json` (shared: `Limits(**options)` only reads them)."""
    options = _OPTIONS.get(options_json)
    if options is None:
        if len(_OPTIONS) >= 64:
            _OPTIONS.clear()
        options = _OPTIONS[options_json] = _loads(options_json)
    return options


def relay(target):
    """A Python function that calls `target` (a JS function) with its arguments: runner.ts makes
    one per callback once, so no run has a JS function of its own converted for Python."""

    def relayed(*args):
        return target(*args)

    return relayed


def run(code, emit, setup=None):
    """Runs `code` as a fresh __main__ module; returns a JSON result.

    `setup`, if given, is code run first in the same namespace, silently (the
    earlier cells a notebook-style cell continues from)."""
    return Session(code, emit, setup).execute()


def trace(code, emit, options_json, stream=None, setup=None):
    """Runs `code` under the memory tracer; returns the trace as JSON.

    `stream(fragment)`, if given, receives the steps as they are recorded (JSON
    objects joined by commas), so a page that must kill a runaway program
    still has the trace up to that point. `setup` runs first, untraced."""
    return _emptied(TracedSession(code, emit, setup, options_json, stream).execute())


def check(code, checker_source, emit, options_json, stream=None, setup=None):
    """Runs `code` under the tracer, then the exercise's checker against it.

    Returns JSON: {"verdict": {...}, "trace": <the trace>}. The checks run only
    when the program finished normally; otherwise the verdict is the run's own
    ending (an error, a limit...), which the page reports as such."""
    return _emptied(CheckedSession(code, checker_source, emit, setup, options_json, stream).execute())


def _emptied(answer):
    """`answer`, once the traced session that made it is gone (it frees itself: see
    TracedSession.answer) and CPython's free lists emptied of what it freed, as a full
    collection leaves them; the heap is frozen for that moment, so nothing is scanned."""
    _empty_free_lists()
    return answer


def _empty_free_lists():
    """Empties CPython's free lists (only a full collection does), scanning nothing."""
    _gc_freeze()
    _gc_collect()
    _gc_unfreeze()


# Garbage left by starting the engine goes now, not in the first program's gc.collect().
_gc_collect()
