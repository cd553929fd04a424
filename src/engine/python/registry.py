"""The tracer's memory of which object is which, across the steps of a trace.

A trace names every object by a key ("o12") that stays the same from step to
step, yet the tracer may hold no strong reference to a reader's object between
steps (every refcount the program sees must be the same as untraced). So each
object it meets gets a `Record`: its address, weak references to it and to its
type, and what identifies it when it has no weak references. The `Registry`
owns every record and the sets that follow objects out of the picture; the walk
of a step (walk.py) and the checker only ask it.
"""

from weakref import ReferenceType as _ReferenceType
from weakref import getweakrefs as _getweakrefs
from weakref import ref as _weakref

# Put here by the engine's private loader (runner.ts), never imported.
safe = globals()["ipm_safe"]
__builtins__ = safe.BUILTINS

_type = type
_weakref_callback = _ReferenceType.__dict__["__callback__"].__get__
_type_name = safe.type_name
_type_mro = safe.type_mro
_weakref_offset = safe.weakref_offset
_SEQUENCE_METHODS = safe.SEQUENCE_METHODS
_dict_iter = safe.dict_iter
_dict_len = safe.dict_len

#: Items of a container whose ids make its fingerprint (see Record.fingerprint).
FINGERPRINT_ITEMS = 8
#: Record.young before the walk has looked for the object in the young generation.
UNCHECKED = -2
#: Record.young of a tracked object not found there (an older one), or of one never searched for
#: (it has weak references, or is of a type the collector cannot tell alive: Walk.ref).
NOT_YOUNG = -1
#: Immutable values (ids of their exact types) whose fingerprint is their hash: a new value
#: soon takes a freed one's address (between two steps drawn, or within one line), and must
#: not inherit its key and cached description. Their hash runs no reader code.
VALUES = frozenset(id(t) for t in (int, float, complex, str, bytes))
_hash = hash


class Record:
    """What the tracer remembers of one object it has met, without holding it."""

    __slots__ = (
        # The object's key in the trace ("o12"): the same object keeps it across steps.
        "key",
        # id() of the object when it was met: its address, reused once it is freed.
        "oid",
        # A weak reference to its type (a strong one would add to a class's refcount).
        "cls",
        # A weak reference to the object itself, or None when its type allows none
        # (ints, lists, dicts...): then the address, the type and `fingerprint` must do.
        "ref",
        # Its type's name, for the "freed" event and the checker once the type is gone.
        "type_name",
        # For an immutable value (int, str...), its hash (see VALUES). For a container
        # without weak references, (length, ids of its first items) as describe.py last
        # saw it: a freed list's address is soon reused (often by the tracer's own lists),
        # so address and type alone cannot prove it is the same list.
        "fingerprint",
        # For an immutable scalar (and an object whose description cannot change: a builtin
        # function, a cell, a range), its description, made once per trace by describe.py
        # (counts are added per step): a third of a typical step's objects are ints and strings.
        "description",
        # For a function without a closure or a class (drawn closed), its description, shared
        # from step to step while what it shows is provably the same (describe.py: _short_function,
        # _short_class).
        "closed",
        # For an object without weak references, the registry's young_epoch when the walk
        # found it in the collector's young generation or not tracked at all (NOT_YOUNG if
        # it was in an older one, UNCHECKED before it looked). While the epoch lasts, the
        # collector can only find it, alive, among the young objects (walk.py).
        "young",
    )

    def __init__(self, key, oid, cls, ref, type_name):
        self.key = key
        self.oid = oid
        self.cls = cls
        self.ref = ref
        self.type_name = type_name
        self.fingerprint = None
        self.description = None
        self.closed = None
        self.young = UNCHECKED


class Freed:
    """The callback of the tracer's weak reference to an object: reports it freed."""

    __slots__ = ("events", "key", "name")

    def __init__(self, events, key, name):
        self.events = events
        self.key = key
        self.name = name

    def __call__(self, _ref):
        self.events.append({"kind": "freed", "key": self.key, "type": self.name})


class Registry:
    """Every object the tracer has met, by key and by address.

    Holds no strong reference to a reader's object. A record lives until its
    object leaves the picture dead (or, for objects that cannot be told dead from
    unused, just leaves it): see walk.add_unreachable."""

    def __init__(self, events):
        #: The step's pending events: the weak references' callbacks append "freed" to it.
        self._events = events
        #: key -> Record of every object met and not forgotten. Read by the walk and the
        #: checker; only this class changes it.
        self.records = {}
        #: id -> the Record of the object last met at that address. Read by the walk (whose
        #: busiest path is record_of's first test, inline); only this class changes it.
        self.by_id = {}
        #: Keys of the objects in the previous step's picture.
        self.pictured = set()
        #: Keys of objects found alive yet reached by no frame (a cycle awaiting the collector).
        self.unreachable = set()
        self._next_key = 0
        #: id(frame) -> key ("f3") of the frames shown.
        self._frame_keys = {}
        self._next_frame = 0
        #: Counts the times the young generation was found moved (see young_epoch).
        self._young_epoch = 0
        #: An object of the registry's own, in the young generation until something moves it.
        self._young_marker = []

    def record_of(self, obj, oid):
        """The record of `obj` (whose id is `oid`), made on first meeting: the same object keeps
        its key across steps."""
        cls = _type(obj)
        record = self.by_id.get(oid)
        if record is not None and record.cls() is cls:
            # _is_same, inline: this is the walk's busiest path.
            ref = record.ref
            if ref is not None:
                if ref() is obj:
                    return record
            elif id(cls) not in VALUES or record.fingerprint == _hash(obj):
                return record
        key = f"o{self._next_key}"
        self._next_key += 1
        name = _type_name(cls)
        ref = None
        if _weakref_offset(cls):
            ref = _weakref(obj, Freed(self._events, key, name))
        record = Record(key, oid, _weakref(cls), ref, name)
        if id(cls) in VALUES:
            record.fingerprint = _hash(obj)
        self.by_id[oid] = record
        self.records[key] = record
        return record

    def young_epoch(self, young):
        """The current epoch of the young generation, given its objects (gc.get_objects(0)): a
        new one once the marker has left it. The collector moves the whole generation at once
        (a collection, or the one CPython starts after a deep recursion without counting it
        in gc.get_stats), so while the marker is there, so is every object found there
        in the same epoch."""
        # Searched by id at C speed (ints compare in C; the reader's objects are never
        # compared), oldest first: the marker, when there, is among the first.
        if id(self._young_marker) not in map(id, young):
            self._young_epoch += 1
            self._young_marker = []  # made now: young
        return self._young_epoch

    def known_key(self, obj):
        """The key of `obj` if the tracer has met this very object, else None."""
        record = self.by_id.get(id(obj))
        if record is None or not _is_same(record, obj, _type(obj)):
            return None
        return record.key

    def frame_key(self, frame):
        """The key of a frame shown ("f3"): the same frame keeps it across steps."""
        fid = id(frame)
        key = self._frame_keys.get(fid)
        if key is None:
            key = f"f{self._next_frame}"
            self._next_frame += 1
            self._frame_keys[fid] = key
        return key

    def frame_started(self, frame):
        """A new execution begins in `frame`: CPython often builds a call's frame object
        where the last finished one was freed, so its id() may be a shown frame's. The
        next time it is shown it gets a key of its own."""
        self._frame_keys.pop(id(frame), None)

    def mark_unreachable(self, key):
        """An object still alive that no frame reaches (the walk drew it as a root)."""
        self.unreachable.add(key)

    def remember_picture(self, keys):
        """The keys of the picture just made (the keys view of its objects by key): at the next
        step, those no frame reaches any more are looked for among the living (walk.add_unreachable)."""
        self.pictured = keys

    def forget(self, key):
        """Drops an object that left the picture: met again, it gets a new key."""
        self.unreachable.discard(key)
        record = self.records.pop(key, None)
        if record is not None and self.by_id.get(record.oid) is record:
            del self.by_id[record.oid]

    def freed(self, key):
        """Reports freed an object without weak references that the collector no longer tracks."""
        self._events.append({"kind": "freed", "key": key, "type": self.records[key].type_name})
        self.forget(key)


def _is_same(record, obj, cls):
    """Whether `record` (found at obj's address) is the record of `obj` itself."""
    if record.cls() is not cls:
        return False
    if record.ref is not None:
        return record.ref() is obj
    return id(cls) not in VALUES or record.fingerprint == _hash(obj)


def fingerprint(obj):
    """Length and the ids of the first few items of a container (base methods only)."""
    cls = _type(obj)
    for base in _type_mro(cls):
        if base is dict:
            return (
                _dict_len(obj),
                tuple(id(k) for i, k in zip(range(FINGERPRINT_ITEMS), _dict_iter(obj), strict=False)),
            )
        pair = _SEQUENCE_METHODS.get(id(base))
        if pair is not None:
            return (pair[1](obj), tuple(id(x) for i, x in zip(range(FINGERPRINT_ITEMS), pair[0](obj), strict=False)))
    return None


def reader_weakrefs(obj):
    """weakref.getweakrefs while tracing: without the tracer's own weak references."""
    return [r for r in _getweakrefs(obj) if _type(r) is not _ReferenceType or _type(_weakref_callback(r)) is not Freed]


def reader_weakrefcount(obj):
    """weakref.getweakrefcount while tracing: without the tracer's own weak references."""
    return len(reader_weakrefs(obj))
