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
# The tracer's code looks names up in the engine's private copy of the builtins: a program
# that sets `builtins.len = None` or `builtins.str = None` cannot break the walk.
__builtins__ = safe.BUILTINS

TRACE_VERSION = 1

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
    """Raised into the reader's program to end it at a limit. A BaseException,
    and raised again at every later event, so `except BaseException` cannot
    keep a program alive past its budget."""


class Limits:
    """What a traced run may use before it is ended (TraceLimits in protocol.ts, passed by runner.ts)."""

    def __init__(self, max_steps=1000, max_objects=200, max_items=100, max_frames=24, max_seconds=4.0, max_repr=60):
        #: Lines run plus backward jumps (so a one-line `while True: pass` stops).
        self.max_steps = max_steps
        #: Objects described per picture; the others are counted as truncated.
        self.max_objects = max_objects
        #: Items listed per container; the rest are counted as `more`.
        self.max_items = max_items
        #: Frames shown: the module's and the newest ones.
        self.max_frames = max_frames
        #: Seconds of tracing: the tracer stops the program itself (the page kills the
        #: worker only for a loop in C, which raises no event).
        self.max_seconds = max_seconds
        #: Characters of a scalar's repr.
        self.max_repr = max_repr


def _stack_depth():
    """The recursion depth, as CPython's limit counts it, of the frame that triggered
    the calling callback. Counting f_back would miss the interpreter's hidden frames
    (e.g. the shim of a specialised class call, which counts toward the limit); CPython
    states the exact depth when refusing a limit below it."""
    try:
        _setrecursionlimit(1)
    except RecursionError as exc:
        text = exc.args[0]  # "cannot set the recursion limit to 1 at the recursion depth N: ..."
        at = text.find("depth ")
        if at >= 0:
            digits = text[at + 6 :].split(":")[0]
            if digits.isdigit():
                return int(digits) - 2  # this function and the callback
    return 0


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
        self.step_count = 0  # steps recorded + backward jumps (the budget)
        self.pending_output = []
        # Events since the last step; the weak references' callbacks hold this very list.
        self.pending_events = []
        self.events_seen = []  # every event recorded in a step, for exercise checkers
        #: Which object is which across steps (and which are unreachable), for the walk and the checker.
        self.registry = _Registry(self.pending_events)
        self.code_ids = set()
        self.codes = []  # strong refs: code objects must outlive the run for id checks
        self.const_refs = {}  # id -> references held by the reader's code objects
        self.cell_names = {}  # id(code) -> its cell and free variables' names
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
        for c in self.codes:
            _monitoring.set_local_events(tool, c, local)
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
        saved = {name: getattr(_monitoring, name) for name in self._GUARDED}
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
            self.cell_names[_id(c)] = frozenset(c.co_cellvars + c.co_freevars)
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

    def _budget(self):
        if self.stopping is not None:
            raise StepLimit(self.stopping)
        if self.step_count >= self.limits.max_steps:
            self._stop("steps")
        if _monotonic() - self.started > self.limits.max_seconds:
            self._stop("time")

    def _stop(self, kind):
        self.stopping = kind
        self._record("limit", _getframe(3), None)
        raise StepLimit(kind)

    def _on_line(self, code, line):
        if self.stopping is not None:
            raise StepLimit(self.stopping)
        self._budget()
        self.step_count += 1
        self._record("line", _getframe(1), line)

    def _on_jump(self, code, source, destination):
        # A loop iteration: counts toward the budget even on one line. `while True: pass`
        # is a single JUMP_BACKWARD to itself (destination == source).
        if destination <= source:
            self.step_count += 1
            self._budget()

    def _on_py_start(self, code, offset):
        # Past the reader's recursion limit, this frame could not have started
        # untraced: CPython would raise at the call. Raised here, the error leaves
        # the new frame at once (no handler covers its start) and reaches the call
        # site as it would untraced; _on_raise erases the frame from the traceback.
        if code is self.codes[0]:
            return  # the module's own start is the first line event
        if _stack_depth() > self.recursion_limit:
            exc = RecursionError("maximum recursion depth exceeded")
            self.injected = exc
            raise exc
        self._budget()
        self._record("call", _getframe(1), None)

    def _on_resume(self, code, offset):  # a generator or coroutine resumes
        if code is self.codes[0]:
            return
        self._budget()
        self._record("call", _getframe(1), None)

    def _on_return(self, code, offset, value):
        if self.stopping is not None:
            return
        if code is self.codes[0]:
            self._record("end", _getframe(1), None)
            return
        self.return_value = value
        del value
        self._record("return", _getframe(1), None)

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
        self.exception = exception
        del exception
        self._record("exception", _getframe(1), None)

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
        while frame is not None:
            if _id(frame.f_code) in self.code_ids:
                frames.append(frame)
            frame = frame.f_back
        frames.reverse()
        return frames

    def _record(self, event, frame, line):
        if self.internal_error is not None:
            return
        try:
            self._picture(event, frame, line)
        except Exception as exc:  # noqa: BLE001 - a tracer bug must never become the reader's error
            self.internal_error = f"{_type_name(_type(exc))}: {exc}"
            self.return_value = self.exception = None

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
        walk = _Walk(self.registry, self.limits, self.codes[0], self.const_refs, self.cell_names)
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
        objects = walk.finish(exception_key)
        # Deltas: only objects whose description changed since the previous step.
        heap = {}
        prev = self.prev_objects
        for key, desc in objects.items():
            if prev.get(key) != desc:
                heap[key] = desc
        removed = [key for key in prev if key not in objects]
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
            "python": sys.version.split()[0],
            "pointerSize": 4 if sys.maxsize < 2**32 else 8,
            "end": end,
            "stats": {
                "steps": _len(self.steps),
                "snapshotMs": round(self.picture_seconds * 1000, 3),
            },
        }
        text = _dumps(head, separators=(",", ":"))
        return text[:-1] + ',"steps":[' + ",".join(self.steps) + "]}"
