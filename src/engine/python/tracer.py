"""Records a reader's program line by line as snapshots of its memory.

The tracer listens to `sys.monitoring` events on the reader's code objects only
(their filename is CELL) and, at every step, walks what the program's frames
can reach. Each step is serialised to JSON at once (keeping Python dicts for
hundreds of steps grows quadratically in cost).

Rules that keep it honest and unbreakable:
- The walk never runs the reader's code: no isinstance/getattr/repr/len on
  their objects, and no hashing or comparing of their classes (a metaclass may
  define __hash__ and __eq__). It uses type(), identity checks, C-level
  descriptors found in the MRO's own dicts, and base-class methods.
- The tracer holds no strong reference to a reader's object (nor class) between
  steps, so every refcount the program sees is the same as untraced. Identity
  across steps comes from weak references where the type allows them, else
  (id, type); weakref.getweakrefs/getweakrefcount leave the tracer's out.
- What the program prints is what it prints untraced: the tracer keeps its own
  builtins, leaves no garbage, and gives RecursionError at the reader's limit.
- Counts are measured, not inferred: `sys.getrefcount` of each walked object,
  minus the tracer's own references, calibrated on a probe object held the
  same way.

Trace format: see src/trace/schema.ts (TRACE_VERSION must match).
"""

import builtins
import gc
import json
import sys
import time
import types
import weakref

# The tracer's code looks names up in a private copy of the builtins: a program
# that sets `builtins.len = None` or `builtins.str = None` cannot break the walk.
__builtins__ = dict(builtins.__dict__)

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
_getrefcount = sys.getrefcount
_getsizeof = sys.getsizeof
_is_immortal = getattr(sys, "_is_immortal", None)
_is_interned = getattr(sys, "_is_interned", None)
_get_objects = gc.get_objects
_get_referents = gc.get_referents
_is_tracked = gc.is_tracked
_gc_callbacks = gc.callbacks  # the list the collector calls, even if the reader rebinds gc.callbacks
_monotonic = time.monotonic
_perf = time.perf_counter
_weakref = weakref.ref
_ReferenceType = weakref.ReferenceType
_weakref_callback = _ReferenceType.__dict__["__callback__"].__get__
_getweakrefs = weakref.getweakrefs
_getframe = sys._getframe
_getrecursionlimit = sys.getrecursionlimit
_setrecursionlimit = sys.setrecursionlimit
_id = id
_type = type
_len = len

_FunctionType = types.FunctionType
_BuiltinFunctionType = types.BuiltinFunctionType
_ModuleType = types.ModuleType
_GeneratorType = types.GeneratorType
_CoroutineType = types.CoroutineType
_CellType = types.CellType
_CodeType = types.CodeType
_MethodType = types.MethodType
_GetSetDescriptorType = types.GetSetDescriptorType
_MemberDescriptorType = types.MemberDescriptorType
_MethodDescriptorType = types.MethodDescriptorType
_WrapperDescriptorType = types.WrapperDescriptorType

# Tables of built-in types are keyed by id: looking a reader's class up by value
# would hash it, and a metaclass may define __hash__ and __eq__.
_SCALARS = {_id(int): "int", _id(float): "float", _id(complex): "complex", _id(bool): "bool",
            _id(str): "str", _id(bytes): "bytes", _id(_type(None)): "none"}
_SEQUENCES = {_id(list): "list", _id(tuple): "tuple", _id(set): "set", _id(frozenset): "frozenset"}
_ITERABLE_TYPES = (list, tuple, dict, set, frozenset, str, bytes, range)

_type_dict = type.__dict__["__dict__"].__get__
_type_mro = type.__dict__["__mro__"].__get__
_type_name = type.__dict__["__name__"].__get__
_type_qualname = type.__dict__["__qualname__"].__get__
_type_flags = type.__dict__["__flags__"].__get__
_HEAPTYPE = 1 << 9
_weakrefoffset = type.__dict__["__weakrefoffset__"].__get__
_object_dict = object.__getattribute__
_cell_contents = _CellType.__dict__["cell_contents"].__get__
_method_self = _MethodType.__dict__["__self__"].__get__
_method_func = _MethodType.__dict__["__func__"].__get__
_fn_closure = _FunctionType.__dict__["__closure__"].__get__
_fn_code = _FunctionType.__dict__["__code__"].__get__
_fn_qualname = _FunctionType.__dict__["__qualname__"].__get__
_gen_code = _GeneratorType.__dict__["gi_code"].__get__
_gen_frame = _GeneratorType.__dict__["gi_frame"].__get__
_gen_running = _GeneratorType.__dict__["gi_running"].__get__
_gen_suspended = _GeneratorType.__dict__["gi_suspended"].__get__
_list_iter = list.__iter__
_tuple_iter = tuple.__iter__
_set_iter = set.__iter__
_frozenset_iter = frozenset.__iter__
_dict_items = dict.items
_proxy_items = types.MappingProxyType.items
_list_len = list.__len__
_tuple_len = tuple.__len__
_set_len = set.__len__
_frozenset_len = frozenset.__len__
_dict_len = dict.__len__
_int_bit_length = int.bit_length
_int_repr = int.__repr__
_float_repr = float.__repr__
_complex_repr = complex.__repr__
_str_repr = str.__repr__
_bytes_repr = bytes.__repr__
_str_len = str.__len__
_bytes_len = bytes.__len__


class StepLimit(BaseException):
    """Raised into the reader's program to end it at a limit. A BaseException,
    and raised again at every later event, so `except BaseException` cannot
    keep a program alive past its budget."""


class Limits:
    def __init__(self, max_steps=1000, max_objects=200, max_items=100, max_frames=24,
                 max_seconds=4.0, max_repr=60):
        self.max_steps = max_steps
        self.max_objects = max_objects
        self.max_items = max_items
        self.max_frames = max_frames
        self.max_seconds = max_seconds
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
            digits = text[at + 6:].split(":")[0]
            if digits.isdigit():
                return int(digits) - 2  # this function and the callback
    return 0


class _Freed:
    """The callback of the tracer's weak reference to an object: reports it freed."""

    __slots__ = ("events", "key", "name")

    def __init__(self, events, key, name):
        self.events = events
        self.key = key
        self.name = name

    def __call__(self, _ref):
        self.events.append({"kind": "freed", "key": self.key, "type": self.name})


def _reader_weakrefs(obj):
    """weakref.getweakrefs while tracing: without the tracer's own weak references."""
    return [r for r in _getweakrefs(obj)
            if _type(r) is not _ReferenceType or _type(_weakref_callback(r)) is not _Freed]


def _reader_weakrefcount(obj):
    """weakref.getweakrefcount while tracing: without the tracer's own weak references."""
    return _len(_reader_weakrefs(obj))


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


def _mro_lookup(cls, name):
    """The attribute `name` as defined in the class's MRO dicts, or None (runs no code)."""
    for klass in _type_mro(cls):
        d = _type_dict(klass)
        if name in d:  # keys of a class dict are str: no user __eq__ runs
            return d[name]
    return None


_C_SIZEOF = {}  # id(C type) -> True when its __sizeof__ is CPython's own (C types never change)


def _safe_size(obj, cls):
    """sys.getsizeof when __sizeof__ is CPython's own; None when the reader overrode it."""
    safe = _C_SIZEOF.get(_id(cls))
    if safe is None:
        kind = _type(_mro_lookup(cls, "__sizeof__"))
        safe = kind is _MethodDescriptorType or kind is _WrapperDescriptorType
        if not _type_flags(cls) & _HEAPTYPE:
            _C_SIZEOF[_id(cls)] = safe
    return _getsizeof(obj) if safe else None


def _header(obj, cls):
    """What every object's description starts with: identity, type, size, immortality."""
    desc = {"id": _id(obj), "type": _type_name(cls)}
    size = _safe_size(obj, cls)
    if size is not None:
        desc["size"] = size
    if _is_immortal is not None and _is_immortal(obj):
        desc["immortal"] = True
    return desc


def _clip(text, limit):
    return text if _len(text) <= limit else text[: limit - 1] + "…"


class Tracer:
    #: The first steps are streamed one by one: a program that then hangs in C
    #: (only killing the worker stops it) must not lose its last steps in a
    #: buffer. Later steps go in batches: at most this many, or this old.
    STREAM_UNBUFFERED = 256
    STREAM_STEPS = 64
    STREAM_SECONDS = 0.1

    def __init__(self, cell_filename, limits, emit):
        self.cell = cell_filename
        self.limits = limits
        self.emit = emit  # forwards output to the page while tracing
        self.stream = None  # receives recorded steps in batches (see runner.trace)
        self._streamed = 0
        self._streamed_at = 0.0
        self.steps = []  # JSON strings
        self.step_count = 0  # steps recorded + backward jumps (the budget)
        self.pending_output = []
        self.pending_events = []
        self.events_seen = []  # every event recorded in a step, for exercise checkers
        self.code_ids = set()
        self.codes = []  # strong refs: code objects must outlive the run for id checks
        self.const_refs = {}  # id -> references held by the reader's code objects
        self.known = {}  # id -> key of the object last seen at that address
        # key -> (id, weak reference to the type, weak reference to the object or None,
        # type name): a strong reference to the type would add to a class's refcount.
        self.entries = {}
        self.alive_keys = set()  # keys seen at the previous step
        self.unreachable = set()  # keys of objects alive but reached by no frame
        # key -> (length, ids of the first items) of containers without weak
        # references: a freed list's address is soon reused (often by the
        # tracer's own lists), so (id, type) alone cannot prove it is alive.
        self.fingerprints = {}
        self.scalar_descs = {}  # key -> description of an immutable scalar (counts added per step)
        self.internal_error = None
        self.prev_objects = {}  # key -> descriptor dict, for deltas
        self.next_key = 0
        self.frame_keys = {}  # id(frame) -> key
        self.next_frame = 0
        self.stopping = None  # the limit that ended the run, once hit
        self.tool = None
        self.started = 0.0
        self.snapshot_seconds = 0.0
        self.truncated_objects = 0
        self._gc_callback = self._on_gc
        # The object in flight at a return or raise event, held here (not in
        # callback arguments) so finish() can drop it before counting.
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
        # The tracer's weak references (its identity for objects) are not the reader's.
        self._saved_weakref = (weakref.getweakrefcount, weakref.getweakrefs)
        weakref.getweakrefcount, weakref.getweakrefs = _reader_weakrefcount, _reader_weakrefs
        self.set_recursion_limit(_getrecursionlimit())
        self.started = _monotonic()

    def set_recursion_limit(self, limit):
        """Sets the reader's recursion limit (the runner calls this when the program does)."""
        self.recursion_limit = limit
        _setrecursionlimit(limit + RECURSION_HEADROOM)

    def get_recursion_limit(self):
        """sys.getrecursionlimit while tracing: the reader's limit, not CPython's."""
        return self.recursion_limit

    _GUARDED = ("use_tool_id", "clear_tool_id", "free_tool_id", "register_callback",
                "set_events", "set_local_events")

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

    def _collect_codes(self, code):
        stack = [code]
        while stack:
            c = stack.pop()
            self.codes.append(c)
            self.code_ids.add(_id(c))
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
            self.pending_events.append({
                "kind": "gc",
                "generation": info.get("generation"),
                "collected": info.get("collected"),
                "uncollectable": info.get("uncollectable"),
            })

    def on_output(self, stream, text):
        out = self.pending_output
        if out and out[-1][0] == stream:
            out[-1][1] += text
        else:
            out.append([stream, text])
        self.emit(stream, text)

    # ---- snapshots ----------------------------------------------------------------

    def _user_frames(self, frame):
        frames = []
        while frame is not None:
            if _id(frame.f_code) in self.code_ids:
                frames.append(frame)
            frame = frame.f_back
        frames.reverse()
        return frames

    def key_of(self, obj):
        """The stable key of `obj`: the same object keeps its key across steps."""
        oid = _id(obj)
        cls = _type(obj)
        key = self.known.get(oid)
        if key is not None:
            entry = self.entries.get(key)
            if entry is not None and entry[1]() is cls and (entry[2] is None or entry[2]() is obj):
                return key
        key = f"o{self.next_key}"
        self.next_key += 1
        ref = None
        if _weakrefoffset(cls):
            ref = _weakref(obj, self._freed_callback(key, cls))
        self.known[oid] = key
        self.entries[key] = (oid, _weakref(cls), ref, _type_name(cls))
        return key

    def known_key(self, obj):
        """The key of `obj` if the tracer has met this very object, else None."""
        key = self.known.get(_id(obj))
        if key is None:
            return None
        entry = self.entries.get(key)
        if entry is None or entry[1]() is not _type(obj) or (entry[2] is not None and entry[2]() is not obj):
            return None
        return key

    def _freed_callback(self, key, cls):
        return _Freed(self.pending_events, key, _type_name(cls))

    def _record(self, event, frame, line):
        if self.internal_error is not None:
            return
        try:
            self._snapshot(event, frame, line)
        except Exception as exc:  # a tracer bug must never become the reader's error
            self.internal_error = f"{_type_name(_type(exc))}: {exc}"
            self.return_value = self.exception = None

    def _snapshot(self, event, frame, line):
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
        walk = _Walk(self)
        frame_views = walk.frames(frames)
        if event == "return":
            step["returnValue"] = walk.ref(self.return_value)
        if self.exception is not None:
            step["exception"] = {"type": _type_name(_type(self.exception)), "key": walk.ref(self.exception)}
        walk.run()
        walk.add_unreachable()
        objects = walk.finish(frames)
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
            self.stream(",".join(self.steps[self._streamed:]))
            self._streamed = _len(self.steps)
            self._streamed_at = started
        self.snapshot_seconds += _perf() - started

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
                "snapshotMs": round(self.snapshot_seconds * 1000, 3),
            },
        }
        text = _dumps(head, separators=(",", ":"))
        return text[:-1] + ',"steps":[' + ",".join(self.steps) + "]}"


class _Walk:
    """One snapshot: frames, then objects breadth-first from the variables."""

    def __init__(self, tracer):
        self.t = tracer
        self.limits = tracer.limits
        self.objs = []  # the objects, in key order (the only strong refs we hold)
        self.keys = []
        self.index = {}  # key -> position
        self.descs = []
        self.drawn = []
        self.queue_at = 0
        self.truncated = 0
        self.hidden_frames = 0
        self.unreachable_from = None  # position where unreachable objects begin
        self.compact = []  # positions of objects shown compactly (referents not drawn)

    def ref(self, obj):
        """The key of `obj` in this snapshot, adding it to the walk if new."""
        oid_key = self.t.key_of(obj)
        pos = self.index.get(oid_key)
        if pos is None:
            if _len(self.objs) >= self.limits.max_objects:
                self.truncated += 1
                return None
            pos = _len(self.objs)
            self.index[oid_key] = pos
            self.objs.append(obj)
            self.keys.append(oid_key)
            self.descs.append(None)
            self.drawn.append(0)
        self.drawn[pos] += 1
        return oid_key

    def frames(self, frames):
        limit = self.limits.max_frames
        shown = frames if _len(frames) <= limit else [frames[0]] + frames[-(limit - 1):]
        self.hidden_frames = _len(frames) - _len(shown)
        views = []
        for frame in shown:
            fid = _id(frame)
            key = self.t.frame_keys.get(fid)
            if key is None:
                key = f"f{self.t.next_frame}"
                self.t.next_frame += 1
                self.t.frame_keys[fid] = key
            code = frame.f_code
            is_module = code is self.t.codes[0]
            variables = []
            if is_module:
                for name, value in _dict_items(frame.f_globals):
                    if _type(name) is str and not (name[:2] == "__" and name[-2:] == "__"):
                        variables.append([name, self.ref(value)])
            else:
                cells = set(code.co_cellvars) | set(code.co_freevars)
                for name, value in frame.f_locals.items():
                    variables.append([name, self.ref(value)] + ([1] if name in cells else []))
            view = {
                "key": key,
                "name": "<module>" if is_module else code.co_qualname,
                "line": frame.f_lineno,
                "vars": variables,
            }
            if code.co_flags & 0x20:  # CO_GENERATOR
                view["generator"] = True
            views.append(view)
        return views

    def run(self):
        while self.queue_at < _len(self.objs):
            pos = self.queue_at
            self.queue_at += 1
            self.descs[pos] = self.describe(self.objs[pos], pos)

    def add_unreachable(self):
        """Objects seen before that no frame reaches now but are still alive
        (typically a reference cycle waiting for the collector)."""
        t = self.t
        reached = self.index
        candidates = {k for k in t.alive_keys if k not in reached}
        candidates.update(k for k in t.unreachable if k not in reached)
        if not candidates:
            return
        untraceable = {}  # id -> key, for objects without weak references
        alive = []  # (key, object) still alive, reached by no frame
        for key in candidates:
            entry = t.entries.get(key)
            if entry is None:
                continue
            if entry[2] is not None:
                obj = entry[2]()
                if obj is None:
                    self._forget(key)
                else:
                    alive.append((key, obj))
                obj = None
            elif _id(entry[1]()) in _SCALARS or entry[1]() is tuple:
                # Never GC-tracked (or untracked lazily): we cannot tell freed
                # from merely unused, so they just leave the picture.
                self._forget(key)
            else:
                untraceable[entry[0]] = key
        if alive:
            # Objects that closed boxes (a class's methods, a function's defaults...) still
            # hold are not garbage: they leave the picture rather than show as unreachable.
            held = self._held_by_compact({_id(obj) for _, obj in alive})
            for key, obj in alive:
                if _id(obj) in held:
                    self._forget(key)
                else:
                    self._add_root(obj, key)
            alive = obj = None
        if untraceable:
            found = self._roots_among_tracked(untraceable)
            for key in untraceable.values():
                if key not in found:
                    t.pending_events.append({"kind": "freed", "key": key, "type": t.entries[key][3]})
                    self._forget(key)
        self.run()

    #: Objects visited at most when looking inside closed boxes (bounds the cost of a step).
    HELD_BUDGET = 5_000

    def _held_by_compact(self, wanted):
        """The ids in `wanted` that objects drawn closed (classes, functions, generators...)
        reach through their own references. Modules are not entered: their globals are
        the frames' business."""
        found = set()
        if not wanted or not self.compact:
            return found
        seen = set()
        stack = [self.objs[pos] for pos in self.compact if _type(self.objs[pos]) is not _ModuleType]
        budget = self.HELD_BUDGET
        while stack and budget > 0:
            obj = stack.pop()
            budget -= 1
            for referent in _get_referents(obj):
                i = _id(referent)
                if i in seen:
                    continue
                seen.add(i)
                if i in wanted:
                    found.add(i)
                    if _len(found) == _len(wanted):
                        return found
                if _type(referent) is not _ModuleType:
                    stack.append(referent)
        return found

    def _root_if_alive(self, ref, key):
        obj = ref()
        if obj is None:
            return False
        self._add_root(obj, key)
        return True

    def _roots_among_tracked(self, untraceable):
        # Containers without weak references: alive if the collector still tracks them.
        found = set()
        entries = self.t.entries
        fingerprints = self.t.fingerprints
        for obj in _get_objects():
            key = untraceable.get(_id(obj))
            if key is not None and _type(obj) is entries[key][1]() and _fingerprint(obj) == fingerprints.get(key):
                found.add(key)
                self._add_root(obj, key)
        return found

    def _add_root(self, obj, key):
        if self.unreachable_from is None:
            self.unreachable_from = _len(self.objs)
        if self.ref(obj) is not None:
            self.drawn[self.index[key]] -= 1  # a root, not an arrow
            self.t.unreachable.add(key)

    def _forget(self, key):
        t = self.t
        t.unreachable.discard(key)
        t.fingerprints.pop(key, None)
        t.scalar_descs.pop(key, None)
        entry = t.entries.pop(key, None)
        if entry is not None and t.known.get(entry[0]) == key:
            del t.known[entry[0]]

    def finish(self, frames):
        t = self.t
        objs = self.objs
        # Compact objects' hidden references to drawn objects (their referents are not drawn).
        hidden_from_compact = self._compact_referents()
        args = self._argument_keys(frames[-1])
        init_self = self._init_self_key(frames[-1])
        exc_key = t.known_key(t.exception) if t.exception is not None else None
        del frames
        t.return_value = t.exception = None
        # Measure: each object is held by `objs` exactly like the probe appended last.
        objs.append(object())
        counts = list(map(_getrefcount, objs))
        overhead = counts.pop()
        objs.pop()
        result = {}
        unreachable_from = self.unreachable_from
        for pos, key in enumerate(self.keys):
            desc = self.descs[pos]
            drawn = self.drawn[pos]
            desc["drawn"] = drawn
            if desc.get("immortal"):
                desc["refcount"] = None
            else:
                count = counts[pos] - overhead
                desc["refcount"] = count
                if count != drawn:
                    desc["reasons"] = _reasons(
                        count - drawn, desc, t.const_refs.get(_id(objs[pos]), 0),
                        hidden_from_compact.get(key, 0), key in args, key == init_self, key == exc_key)
            # Immortal objects (small ints, None...) reached only from garbage are not waiting
            # for the collector: it never frees them.
            if unreachable_from is not None and pos >= unreachable_from and not desc.get("immortal"):
                desc["unreachable"] = True
            result[key] = desc
        t.alive_keys = set(self.keys)
        self.objs = None
        return result

    def _compact_referents(self):
        """References that objects shown compactly hold to drawn objects."""
        hidden = {}
        t = self.t
        for pos in self.compact:
            for referent in _get_referents(self.objs[pos]):
                key = t.known_key(referent)
                if key is not None and key in self.index:
                    hidden[key] = hidden.get(key, 0) + 1
        return hidden

    def _argument_keys(self, frame):
        code = frame.f_code
        if code is self.t.codes[0]:
            return set()
        n = code.co_argcount + code.co_kwonlyargcount
        names = code.co_varnames[:n]
        keys = set()
        for name, value in frame.f_locals.items():
            if name in names:
                key = self.t.known_key(value)
                if key is not None:
                    keys.add(key)
        return keys

    def _init_self_key(self, frame):
        code = frame.f_code
        if code.co_name != "__init__" or code.co_argcount == 0:
            return None
        return self.t.known_key(frame.f_locals.get(code.co_varnames[0]))

    # ---- describing one object ----------------------------------------------------

    def describe(self, obj, pos):
        cls = _type(obj)
        kind = _SCALARS.get(_id(cls))
        if kind is not None:
            # Scalars never change: describe each once per trace (a third of a
            # typical step's objects are ints and strings).
            key = self.keys[pos]
            cached = self.t.scalar_descs.get(key)
            if cached is None:
                cached = self.t.scalar_descs[key] = self._describe_scalar(obj, cls, kind)
            return dict(cached)
        limits = self.limits
        desc = _header(obj, cls)
        if _is_tracked(obj):
            desc["tracked"] = True
        kind = _SEQUENCES.get(_id(cls))
        base = cls
        if kind is None and cls is not dict:
            # Subclasses of the built-in containers: walk their storage with the base methods.
            for b in _type_mro(cls)[1:]:
                if _id(b) in _SEQUENCES or b is dict:
                    base = b
                    break
        if _id(base) in _SEQUENCES or base is dict:
            if base is dict:
                desc["kind"] = "dict"
                desc["length"] = n = _dict_len(obj)
                entries = []
                ids = []
                for i, (k, v) in enumerate(_dict_items(obj)):
                    if i >= limits.max_items:
                        break
                    if i < 8:
                        ids.append(_id(k))
                    entries.append([self.ref(k), self.ref(v)])
                desc["entries"] = entries
            else:
                desc["kind"] = _SEQUENCES[_id(base)]
                it, ln = _ITERS[_id(base)]
                desc["length"] = n = ln(obj)
                items = []
                ids = []
                for i, item in enumerate(it(obj)):
                    if i >= limits.max_items:
                        break
                    if i < 8:
                        ids.append(_id(item))
                    items.append(self.ref(item))
                desc["items"] = items
            if n > limits.max_items:
                desc["more"] = n - limits.max_items
            if not _weakrefoffset(cls):
                # Same shape as _fingerprint(), from the items just walked.
                self.t.fingerprints[self.keys[pos]] = (n, tuple(ids))
            if base is not cls:
                desc["subclass"] = True
                self._attributes(obj, cls, desc)
            return desc
        if cls is _FunctionType:
            desc["kind"] = "function"
            desc["name"] = _fn_qualname(obj)
            closure = _fn_closure(obj)
            if closure:
                free = _fn_code(obj).co_freevars
                cells = []
                for name, cell in zip(free, closure):
                    try:
                        value = _cell_contents(cell)
                    except ValueError:
                        continue
                    cells.append([name, self.ref(value)])
                desc["closure"] = cells
            self.compact.append(pos)
            return desc
        if cls is _ModuleType:
            desc["kind"] = "module"
            name = _object_dict(obj, "__dict__").get("__name__")
            desc["name"] = name if _type(name) is str else "?"
            self.compact.append(pos)
            return desc
        if cls is _GeneratorType or cls is _CoroutineType:
            desc["kind"] = "generator" if cls is _GeneratorType else "coroutine"
            desc["name"] = _gen_code(obj).co_qualname
            desc["state"] = ("running" if _gen_running(obj) else "suspended" if _gen_suspended(obj)
                             else "created" if _gen_frame(obj) is not None else "closed")
            self.compact.append(pos)
            return desc
        if _has_base(cls, type):  # a class (isinstance could consult a __class__ property)
            desc["kind"] = "class"
            desc["name"] = _type_qualname(obj)
            self.compact.append(pos)
            return desc
        if cls is _MethodType:
            # A bound method holds its object and its function: drawn as two
            # attributes, so `listeners.append(self.on_click)` keeps `self` in the picture.
            desc["kind"] = "instance"
            desc["class"] = "method"
            desc["attrs"] = [["__self__", self.ref(_method_self(obj))], ["__func__", self.ref(_method_func(obj))]]
            return desc
        if cls is _BuiltinFunctionType or cls is _CellType or cls is range:
            desc["kind"] = "builtin"
            self.compact.append(pos)
            return desc
        if not _type_flags(cls) & _HEAPTYPE:  # a C type the walk does not open
            desc["kind"] = "other"
            self.compact.append(pos)
            return desc
        desc["kind"] = "instance"
        self._attributes(obj, cls, desc)
        return desc

    def _describe_scalar(self, obj, cls, kind):
        desc = _header(obj, cls)
        desc["kind"] = kind
        desc["repr"] = _scalar_repr(obj, cls, self.limits.max_repr)
        if cls is int and -5 <= obj <= 256:
            desc["smallInt"] = True
        if cls is str:
            desc["length"] = _str_len(obj)
            if _is_interned is not None and _is_interned(obj):
                desc["interned"] = True
        return desc

    def _attributes(self, obj, cls, desc):
        attrs = []
        descriptor = _mro_lookup(cls, "__dict__")
        if _type(descriptor) is _GetSetDescriptorType:
            d = descriptor.__get__(obj, cls)
            if _type(d) is dict:
                for name, value in _dict_items(d):
                    if _type(name) is str:
                        attrs.append([name, self.ref(value)])
        elif descriptor is not None:
            desc["hiddenAttributes"] = True
        for klass in _type_mro(cls):
            for name, member in _proxy_items(_type_dict(klass)):
                if _type(member) is _MemberDescriptorType and _type(name) is str:
                    try:
                        value = member.__get__(obj, klass)
                    except AttributeError:
                        continue
                    attrs.append([name, self.ref(value)])
        desc["attrs"] = attrs
        desc["class"] = _type_qualname(cls)


_ITERS = {
    _id(list): (_list_iter, _list_len),
    _id(tuple): (_tuple_iter, _tuple_len),
    _id(set): (_set_iter, _set_len),
    _id(frozenset): (_frozenset_iter, _frozenset_len),
}


def _has_base(cls, base):
    """`base in cls.__mro__` by identity (`in` would compare with a metaclass's __eq__)."""
    for klass in _type_mro(cls):
        if klass is base:
            return True
    return False


def _fingerprint(obj):
    """Length and the ids of the first few items of a container (base methods only)."""
    cls = _type(obj)
    for base in _type_mro(cls):
        if base is dict:
            return (_dict_len(obj), tuple(_id(k) for i, k in zip(range(8), dict.__iter__(obj))))
        pair = _ITERS.get(_id(base))
        if pair is not None:
            return (pair[1](obj), tuple(_id(x) for i, x in zip(range(8), pair[0](obj))))
    return None


def _scalar_repr(obj, cls, limit):
    if cls is int or cls is bool:
        if cls is int and _int_bit_length(obj) > 128:
            return f"<int of {_int_bit_length(obj)} bits>"
        return _int_repr(obj)
    if cls is float:
        return _float_repr(obj)
    if cls is complex:
        return _complex_repr(obj)
    if cls is str:
        return _clip(_str_repr(obj[: limit + 2]), limit)
    if cls is bytes:
        return _clip(_bytes_repr(obj[: limit + 2]), limit)
    return "None"


def _reasons(diff, desc, const_refs, compact_refs, is_arg, is_init_self, is_exception):
    """Why CPython's count differs from the arrows drawn, as far as it can be known."""
    reasons = []
    if diff < 0:
        return [{"kind": "borrowed", "count": diff}]
    for kind, n in (("constant", const_refs), ("compact", compact_refs),
                    ("init-self", 1 if is_init_self else 0), ("exception", 1 if is_exception else 0)):
        take = min(n, diff)
        if take > 0:
            reasons.append({"kind": kind, "count": take})
            diff -= take
    if diff > 0:
        kind = ("argument" if is_arg else
                "iterator" if desc.get("kind") in ("list", "tuple", "dict", "set", "frozenset", "str", "bytes")
                else "hidden")
        reasons.append({"kind": kind, "count": diff})
    return reasons
