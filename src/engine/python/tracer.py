"""Records a reader's program line by line as pictures of its memory.

The tracer listens to `sys.monitoring` events on the reader's code objects only
and, at every step, walks what the program's frames can reach (walk.py; each
object is described by describe.py). Each step is serialised to JSON at once
(keeping Python dicts for hundreds of steps grows quadratically in cost).

Rules that keep it honest and unbreakable:
- The walk never runs the reader's code: no isinstance/getattr/repr/len on
  their objects, and no hashing or comparing of their classes (a metaclass may
  define __hash__ and __eq__). It uses type(), identity checks, C-level
  descriptors found in the MRO's own dicts, and base-class methods (safe.py).
- The tracer holds no strong reference to a reader's object (nor class) between
  steps, so every refcount the program sees is the same as untraced. Identity
  across steps comes from weak references where the type allows them, else
  (id, type, fingerprint) (registry.py); weakref.getweakrefs/getweakrefcount
  leave the tracer's out.
- What the program prints is what it prints untraced: the tracer keeps its own
  builtins, leaves no garbage, and gives RecursionError at the reader's limit.
- Counts are measured, not inferred: `sys.getrefcount` of each walked object,
  minus the tracer's own references, calibrated on a probe object held the
  same way.

Trace format: see src/trace/schema.ts (TRACE_VERSION must match).
"""

import gc
import json
import sys
import time
import types
import weakref

# The engine's modules this one uses, put here by its private loader (runner.ts), never imported.
safe = globals()["ipm_safe"]
registry = globals()["ipm_registry"]
_Walk = globals()["ipm_walk"].Walk
_code_facts = globals()["ipm_walk"].code_facts
#: What this CPython cannot report (describe.py finds out), named in every trace.
_UNREPORTED = list(globals()["ipm_describe"].UNREPORTED)
# The tracer's code looks names up in the engine's private copy of the builtins: a program
# that sets `builtins.len = None` or `builtins.str = None` cannot break the walk.
__builtins__ = safe.BUILTINS

TRACE_VERSION = 4
#: The Python version every trace names ("3.14.2").
_PYTHON = sys.version.split()[0]

#: Python frames kept for the tracer's own callbacks beyond the reader's recursion
#: limit. Callbacks run on the reader's stack, so without headroom a deep program
#: would hit RecursionError inside the tracer, sooner than it does untraced. While
#: tracing, CPython's limit is the reader's plus this, and the tracer raises the
#: RecursionError itself where the reader's own limit would (see _on_py_start).
RECURSION_HEADROOM = 50

_monitoring = sys.monitoring
_E = _monitoring.events
# Bound now: during a run the runner wraps register_callback for the reader's tools.
_register_callback = _monitoring.register_callback
_gc_callbacks = gc.callbacks  # the list the collector calls, even if the reader rebinds gc.callbacks
_gc_isenabled = gc.isenabled
_gc_enable = gc.enable
_gc_disable = gc.disable
_monotonic = time.monotonic
_perf = time.perf_counter
_getframe = sys._getframe
_getrecursionlimit = sys.getrecursionlimit
_setrecursionlimit = sys.setrecursionlimit
_id = id
_type = type
_len = len
_CodeType = types.CodeType
_type_name = safe.type_name
_Registry = registry.Registry


class StepLimit(BaseException):
    """Raised into the reader's program to end it at the time limit. A BaseException,
    and raised again at every later event, so `except BaseException` cannot
    keep a program alive past its time."""


class Limits:
    """What a traced run may record, and how long it may run (TraceLimits in protocol.ts,
    passed by runner.ts). Only time ends a program: the other budgets limit what is drawn."""

    def __init__(self, max_steps=1000, max_objects=200, max_items=100, max_frames=24, max_seconds=4.0, max_repr=60):
        #: Steps recorded one by one; past them the program runs on and a sample is drawn (Sampler).
        self.max_steps = max_steps
        #: Objects described per picture (those the frames reach first); the others are summarised.
        self.max_objects = max_objects
        #: Items listed per container; the rest are counted as `more`.
        self.max_items = max_items
        #: Frames shown: the module's and the newest ones.
        self.max_frames = max_frames
        #: Seconds of tracing, the one limit that ends a program: the tracer stops it itself
        #: (the page kills the worker only for a loop in C, which raises no event).
        self.max_seconds = max_seconds
        #: Characters of a scalar's repr.
        self.max_repr = max_repr


class Sampler:
    """Which steps are drawn once `max_steps` have been recorded one by one (or drawing
    them took its share of the time limit: Tracer.EVERY_STEP_SHARE).

    The program runs on; a step it takes is drawn when
    - it is a line's first run (the line after a long loop, a branch taken late),
    - it is the return of a frame drawn earlier (no call is left open in the pictures),
    - or it is due: one step in `stride`, the stride doubling every `per_stride` samples,
      so the pictures of a program of any length grow with the log of its length.
    Every other step is counted in the gap before the next step drawn (`skipped`), and
    the end (or the error, exit or time limit that ended it) is always drawn. Once drawing
    has taken its share of the time limit (Tracer.DRAWING_SHARE), only the end and the
    lines' first runs are."""

    __slots__ = ("due", "left", "per_stride", "stride")

    def __init__(self, per_stride):
        #: Steps until the next sample is due.
        self.due = 1
        #: Samples left before the stride doubles.
        self.left = per_stride
        self.per_stride = per_stride
        #: Steps between samples (alternately this and one more, so a loop whose body
        #: takes `stride` steps is not drawn on the same line every time).
        self.stride = 2

    def tick(self):
        """Counts a step; True when a sample is due."""
        self.due -= 1
        return self.due <= 0

    def drawn(self):
        """A step was drawn (due or not): the next sample is a stride away."""
        self.left -= 1
        if self.left <= 0:
            self.stride *= 2
            self.left = self.per_stride
        self.due = self.stride + (self.left & 1)


def _deeper_than(limit):
    """Whether the frame that triggered the calling callback is deeper than `limit`, as
    CPython's recursion limit counts depth. Counting f_back would miss the interpreter's
    hidden frames (e.g. the shim of a specialised class call, which counts toward the
    limit); CPython itself refuses a limit at or below the current depth, and this function
    and the callback are two frames above the reader's. So the limit is set to `limit + 3`,
    and put back at once when CPython accepts it (no exception made on the common path)."""
    current = _getrecursionlimit()
    try:
        _setrecursionlimit(limit + 3)
    except RecursionError:
        return True
    _setrecursionlimit(current)
    return False


#: CO_OPTIMIZED: set on every function-like scope (functions, lambdas, generator
#: expressions); a class body, like a module, runs unoptimized.
_CO_OPTIMIZED = 0x1


def _statement_scope(code):
    """Whether a code object (not the module's) runs as part of a statement rather than as a
    call the reader wrote: a class body, or the scope that holds a generic's type parameters
    (`class C[T]:`, `def f[T]():`), which exists only while the statement runs."""
    return not code.co_flags & _CO_OPTIMIZED or code.co_name.startswith("<generic parameters of ")


def _not_json(obj):
    raise TypeError(f"not JSON serialisable: {_type_name(_type(obj))}")


# json.dumps runs Python code that looks up builtins (isinstance, ...) a program may
# replace while it is traced; the C encoder underneath it does not.
_c_encoder = json.encoder.c_make_encoder
if _c_encoder is not None:
    _encode = _c_encoder(None, _not_json, json.encoder.c_encode_basestring_ascii, None, ":", ",", False, False, True)

    def _dumps(obj, separators=None):
        return "".join(_encode(obj, 0))
else:  # a CPython built without the _json accelerator
    _dumps = json.dumps


class Tracer:
    """The recorder of one traced run: attached to the reader's code before it
    runs, detached first thing after; makes a picture at every step."""

    #: The first steps are streamed one by one: a program that then hangs in C
    #: (only killing the worker stops it) must not lose its last steps in a
    #: buffer. Later steps go in batches: at most this many, or this old.
    STREAM_UNBUFFERED = 256
    STREAM_STEPS = 64
    STREAM_SECONDS = 0.1

    def __init__(self, limits, emit):
        self.limits = limits
        self.emit = emit  # forwards output to the page while tracing
        self.stream = None  # receives recorded steps in batches (see runner.trace)
        self._streamed = 0
        self._streamed_at = 0.0
        self.steps = []  # JSON strings
        #: Every step the program took (line, call, return, exception, end), drawn or not.
        self.steps_run = 0
        #: `steps_run` at the last step drawn: the steps between are the next step's gap.
        self.drawn_at = 0
        #: Decides which steps are drawn once `max_steps` were (None until then).
        self.sampler = None
        #: (code id, line) of every line drawn, so that a line's first run is always drawn.
        self.lines_drawn = set()
        #: Ids of the reader's frames drawn that have not returned: their return is drawn.
        self.open_frames = set()
        #: Events until the clock is read again (reading it at every event costs).
        self._clock_in = 0
        self.pending_output = []
        # Events since the last step; the weak references' callbacks hold this very list.
        self.pending_events = []
        self.events_seen = []  # every event recorded in a step, for exercise checkers
        #: Which object is which across steps (and which are unreachable), for the walk and the checker.
        self.registry = _Registry(self.pending_events)
        self.code_ids = set()
        #: Ids of the reader's code objects that run as part of one statement and take no
        #: steps of their own: class bodies and generics' parameter scopes (_statement_scope).
        self.statement_codes = set()
        self.codes = []  # strong refs: code objects must outlive the run for id checks
        self.const_refs = {}  # id -> references held by the reader's code objects
        self.code_facts = {}  # id(code) -> walk.code_facts(code)
        self.internal_error = None
        self.prev_objects = {}  # key -> descriptor dict, for deltas
        self.stopping = None  # the limit that ended the run, once hit
        self.tool = None
        self.started = 0.0
        self.picture_seconds = 0.0
        self._gc_callback = self._on_gc
        # The object in flight at a return or raise event, held here (not in
        # callback arguments) so they can be dropped before counting.
        self.return_value = None
        self.exception = None
        self.flush_output = None  # set by the runner: attribute buffered output to the right step
        self._saved_monitoring = None
        self._saved_weakref = None
        self.recursion_limit = None  # the reader's limit (CPython's is higher by RECURSION_HEADROOM)
        self.injected = None  # the RecursionError the tracer raised, until its raise event

    # ---- set-up -------------------------------------------------------------------

    def attach(self, code):
        self._collect_codes(code)
        tool = None
        for candidate in (4, 3, 2, 1, 0):
            if _monitoring.get_tool(candidate) is None:
                tool = candidate
                break
        if tool is None:
            raise RuntimeError("no free sys.monitoring tool id")
        _monitoring.use_tool_id(tool, "inside-python-memory")
        self.tool = tool
        register = _register_callback
        register(tool, _E.LINE, self._on_line)
        register(tool, _E.PY_START, self._on_py_start)
        register(tool, _E.PY_RESUME, self._on_resume)
        register(tool, _E.PY_RETURN, self._on_return)
        register(tool, _E.PY_YIELD, self._on_return)
        register(tool, _E.JUMP, self._on_jump)
        register(tool, _E.RAISE, self._on_raise)
        local = _E.LINE | _E.PY_START | _E.PY_RESUME | _E.PY_RETURN | _E.PY_YIELD | _E.JUMP
        quiet = _E.PY_START | _E.JUMP
        for c in self.codes:
            # A class body (and a generic's parameter scope) is part of its statement as the
            # reader thinks of it: it takes no steps. Its start is still watched for the
            # recursion limit, and its jumps for the clock.
            _monitoring.set_local_events(tool, c, quiet if _id(c) in self.statement_codes else local)
        # RAISE can only be enabled globally; the callback filters by filename.
        _monitoring.set_events(tool, _E.RAISE)
        _gc_callbacks.append(self._gc_callback)
        self._guard_monitoring()
        # The tracer's weak references (its identity for objects) are not the reader's. (The
        # stand-ins have no alias here: another reference would show in a program's counts.)
        self._saved_weakref = (weakref.getweakrefcount, weakref.getweakrefs)
        weakref.getweakrefcount, weakref.getweakrefs = registry.reader_weakrefcount, registry.reader_weakrefs
        self.set_recursion_limit(_getrecursionlimit())
        self.started = _monotonic()

    def set_recursion_limit(self, limit):
        """Sets the reader's recursion limit (the runner calls this when the program does)."""
        self.recursion_limit = limit
        _setrecursionlimit(limit + RECURSION_HEADROOM)

    def get_recursion_limit(self):
        """sys.getrecursionlimit while tracing: the reader's limit, not CPython's."""
        return self.recursion_limit

    _GUARDED = ("use_tool_id", "clear_tool_id", "free_tool_id", "register_callback", "set_events", "set_local_events")

    def _guard_monitoring(self):
        """The reader may use sys.monitoring too, but not take the tracer's tool id."""
        # (clear_tool_id is new in 3.14.)
        saved = {name: getattr(_monitoring, name) for name in self._GUARDED if hasattr(_monitoring, name)}
        tool = self.tool

        def guard(name, real):
            def guarded(tool_id, *args):
                if tool_id == tool:
                    raise ValueError(f"tool id {tool} is in use by the course's tracer")
                return real(tool_id, *args)

            guarded.__name__ = name
            return guarded

        for name, real in saved.items():
            setattr(_monitoring, name, guard(name, real))
        self._saved_monitoring = saved

    def detach(self):
        if self._saved_weakref is not None:
            weakref.getweakrefcount, weakref.getweakrefs = self._saved_weakref
            self._saved_weakref = None
        if self._saved_monitoring is not None:
            for name, real in self._saved_monitoring.items():
                setattr(_monitoring, name, real)
            self._saved_monitoring = None
        if self.tool is not None:
            try:
                _monitoring.set_events(self.tool, 0)
                for c in self.codes:
                    _monitoring.set_local_events(self.tool, c, 0)
                _monitoring.free_tool_id(self.tool)
            except ValueError:
                pass
            self.tool = None
        _gc_callbacks[:] = [cb for cb in _gc_callbacks if cb is not self._gc_callback]
        self.injected = None
        if self.recursion_limit is not None:
            try:
                _setrecursionlimit(self.recursion_limit)
            except RecursionError:  # the runner puts its own limit back anyway
                pass
            self.recursion_limit = None

    def release(self):
        """Drops the bound methods the tracer holds of itself, once its trace is made."""
        self._gc_callback = self.flush_output = None

    def _collect_codes(self, code):
        stack = [code]
        while stack:
            c = stack.pop()
            self.codes.append(c)
            self.code_ids.add(_id(c))
            if c is not code and _statement_scope(c):
                self.statement_codes.add(_id(c))
            self.code_facts[_id(c)] = _code_facts(c)
            for name in c.co_names + c.co_varnames + c.co_cellvars + c.co_freevars:
                self.const_refs[_id(name)] = self.const_refs.get(_id(name), 0) + 1
            pending = list(c.co_consts)
            while pending:
                const = pending.pop()
                if _type(const) is _CodeType:
                    stack.append(const)
                    continue
                self.const_refs[_id(const)] = self.const_refs.get(_id(const), 0) + 1
                if _type(const) in (tuple, frozenset):
                    pending.extend(const)

    # ---- monitoring callbacks -----------------------------------------------------

    CLOCK_EVERY = 32

    def _check_time(self):
        """Ends the program once it has run out of time (the one limit that does).
        Called by a monitoring callback, on behalf of the reader's frame above it."""
        if self.stopping is not None:
            raise StepLimit(self.stopping)
        self._clock_in -= 1
        if self._clock_in <= 0:
            self._clock_in = self.CLOCK_EVERY
            if _monotonic() - self.started > self.limits.max_seconds:
                self.stopping = "time"
                self.steps_run += 1
                self._record("limit", _getframe(2), None)
                raise StepLimit("time")

    #: Shares of the time limit the tracer may spend drawing: every step, then a sample.
    #: Past them it draws only the end and lines' first runs, so a program whose pictures
    #: are costly (a big heap) still has most of its time to run to its end.
    EVERY_STEP_SHARE = 0.25
    DRAWING_SHARE = 0.5

    def _drawn(self, code, line, frame):
        """Counts one step of the program; True when it is drawn (see Sampler)."""
        self.steps_run += 1
        sampler = self.sampler
        if sampler is None:
            if (
                _len(self.steps) < self.limits.max_steps
                and self.picture_seconds < self.limits.max_seconds * self.EVERY_STEP_SHARE
            ):
                return True
            sampler = self.sampler = Sampler(max(self.limits.max_steps // 10, 1))
        if line is not None and (_id(code), line) not in self.lines_drawn:
            return True  # at most once per line of the program, whatever the time
        if self.picture_seconds >= self.limits.max_seconds * self.DRAWING_SHARE:
            return False
        return sampler.tick() or (frame is not None and _id(frame) in self.open_frames)

    def _on_line(self, code, line):
        self._check_time()
        if self._drawn(code, line, None):
            self._record("line", _getframe(1), line)

    def _on_jump(self, code, source, destination):
        # A loop iteration: not a step, but the clock is read here too, since
        # `while True: pass` is a single JUMP_BACKWARD to itself (no line event).
        if destination <= source:
            self._check_time()

    def _on_py_start(self, code, offset):
        # Past the reader's recursion limit, this frame could not have started
        # untraced: CPython would raise at the call. Raised here, the error leaves
        # the new frame at once (no handler covers its start) and reaches the call
        # site as it would untraced; _on_raise erases the frame from the traceback.
        if code is self.codes[0]:
            return  # the module's own start is the first line event
        if _deeper_than(self.recursion_limit):
            exc = RecursionError("maximum recursion depth exceeded")
            self.injected = exc
            raise exc
        self._check_time()
        frame = _getframe(1)
        self.registry.frame_started(frame)
        if _id(code) in self.statement_codes:
            return
        if self._drawn(code, None, None):
            self._record("call", frame, None)

    def _on_resume(self, code, offset):  # a generator or coroutine resumes
        if code is self.codes[0]:
            return
        self._check_time()
        if self._drawn(code, None, None):
            self._record("call", _getframe(1), None)

    def _on_return(self, code, offset, value):
        if self.stopping is not None:
            return
        frame = _getframe(1)
        if code is self.codes[0]:
            self.steps_run += 1
            self._record("end", frame, None)  # always drawn: the program's final state
            return
        drawn = self._drawn(code, None, frame)
        self.open_frames.discard(_id(frame))
        if drawn:
            self.return_value = value
            del value
            self._record("return", frame, None)

    def _on_raise(self, code, offset, exception):
        if _id(code) not in self.code_ids:
            return
        if exception is self.injected:
            # Raised as a frame started that, untraced, would never have existed:
            # it leaves no trace, and the caller's raise event draws the step.
            self.injected = None
            exception.__traceback__ = None
            return
        if _type(exception) is StepLimit or self.stopping is not None:
            return
        if _id(code) in self.statement_codes:
            return  # drawn where it leaves the statement: in the frame that runs it
        if self._drawn(code, None, None):
            self.exception = exception
            del exception
            self._record("exception", _getframe(1), None)

    def finish(self, exc):
        """Draws the program's final state when it ended with `exc` (an error, an exit or
        an interrupt) at a step that was not drawn: the module frame, from the traceback,
        as the exception left it. Called once the tracer is detached."""
        if self.drawn_at == self.steps_run or self.stopping is not None or self.internal_error is not None:
            return
        tb = exc.__traceback__
        module = self.codes[0]
        while tb is not None and tb.tb_frame.f_code is not module:
            tb = tb.tb_next
        if tb is None:
            return
        self.exception = exc
        self._record("exception", tb.tb_frame, tb.tb_lineno)

    def _on_gc(self, phase, info):
        if phase == "stop":
            self.pending_events.append(
                {
                    "kind": "gc",
                    "generation": info.get("generation"),
                    "collected": info.get("collected"),
                    "uncollectable": info.get("uncollectable"),
                }
            )

    def on_output(self, stream, text):
        out = self.pending_output
        if out and out[-1][0] == stream:
            out[-1][1] += text
        else:
            out.append([stream, text])
        self.emit(stream, text)

    # ---- pictures -----------------------------------------------------------------

    def _user_frames(self, frame):
        frames = []
        code_ids = self.code_ids
        module = self.codes[0]
        while frame is not None:
            code = frame.f_code
            if _id(code) in code_ids:
                frames.append(frame)
                if code is module:
                    break  # below it only the engine's frames (each f_back read would make one)
            frame = frame.f_back
        frames.reverse()
        return frames

    def _record(self, event, frame, line):
        if self.internal_error is not None:
            return
        # A picture makes its own objects (the new descriptions while the previous step's are
        # still held, ...): they must not start a collection the program would not have had
        # untraced (it would show as the program's, and move the young generation the walk
        # and the runner rely on). What outlives the picture counts as before.
        collecting = _gc_isenabled()
        if collecting:
            _gc_disable()
        try:
            self._picture(event, frame, line)
        except Exception as exc:  # noqa: BLE001 - a tracer bug must never become the reader's error
            self.internal_error = f"{_type_name(_type(exc))}: {exc}"
            self.return_value = self.exception = None
        finally:
            if collecting:
                _gc_enable()

    def _picture(self, event, frame, line):
        started = _perf()
        if self.flush_output is not None:
            self.flush_output()
        frames = self._user_frames(frame)
        if not frames:
            return
        newest = frames[-1]
        if line is None:
            line = newest.f_lineno
        step = {"event": event, "line": line}
        gap = self.steps_run - self.drawn_at - 1
        if gap > 0:
            step["skipped"] = gap
        self.drawn_at = self.steps_run
        if event == "line":
            self.lines_drawn.add((_id(newest.f_code), line))
        if newest.f_code is not self.codes[0] and event != "return":
            self.open_frames.add(_id(newest))
        if self.sampler is not None:
            self.sampler.drawn()
        walk = _Walk(self.registry, self.limits, self.codes[0], self.const_refs, self.code_facts)
        frame_views = walk.frames(frames)
        if event == "return":
            step["returnValue"] = walk.ref(self.return_value)
        if self.exception is not None:
            step["exception"] = {"type": _type_name(_type(self.exception)), "key": walk.ref(self.exception)}
        walk.run()
        walk.add_unreachable()
        exception_key = self.registry.known_key(self.exception) if self.exception is not None else None
        # Counted next: the tracer's own references to what is in flight go first.
        self.return_value = self.exception = None
        prev = self.prev_objects
        objects = walk.finish(exception_key, prev)
        # Deltas: only objects whose description changed since the previous step (the walk
        # hands back the previous description itself when it knows it is the same).
        before = prev.get
        heap = {key: desc for key, desc in objects.items() if (was := before(key)) is not desc and was != desc}
        removed = [] if objects.keys() >= prev.keys() else [key for key in prev if key not in objects]
        self.prev_objects = objects
        step["frames"] = frame_views
        step["heap"] = heap
        if removed:
            step["removed"] = removed
        if walk.hidden_frames:
            step["hiddenFrames"] = walk.hidden_frames
        if walk.truncated:
            step["truncatedObjects"] = walk.truncated
        if self.pending_output:
            step["output"] = [{"stream": s, "text": t} for s, t in self.pending_output]
            self.pending_output = []
        if self.pending_events:
            # Copied then cleared in place: weakref callbacks hold this very list.
            step["events"] = list(self.pending_events)
            self.events_seen.extend(self.pending_events)
            self.pending_events.clear()
        self.steps.append(_dumps(step, separators=(",", ":")))
        if self.stream is not None and (
            _len(self.steps) - self._streamed >= self.STREAM_STEPS
            or started - self._streamed_at >= self.STREAM_SECONDS
            or _len(self.steps) <= self.STREAM_UNBUFFERED
        ):
            self.stream(",".join(self.steps[self._streamed :]))
            self._streamed = _len(self.steps)
            self._streamed_at = started
        self.picture_seconds += _perf() - started

    def trace_json(self, end):
        if self.pending_output:  # written after the last step (e.g. by __del__ at exit)
            end["output"] = [{"stream": s, "text": t} for s, t in self.pending_output]
        if self.internal_error is not None:
            end["tracerError"] = self.internal_error
        head = {
            "version": TRACE_VERSION,
            "python": _PYTHON,
            "pointerSize": 4 if sys.maxsize < 2**32 else 8,
            "end": end,
            "stats": {
                "steps": _len(self.steps),
                "stepsRun": self.steps_run,
                "snapshotMs": round(self.picture_seconds * 1000, 3),
            },
        }
        if _UNREPORTED:
            head["unreported"] = _UNREPORTED
        text = _dumps(head, separators=(",", ":"))
        return text[:-1] + ',"steps":[' + ",".join(self.steps) + "]}"
