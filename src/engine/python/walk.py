"""One step's picture: the frames, then every object they reach, and its counts.

A `Walk` is made for each step the tracer records (tracer.py). It lists the
reader's frames and their variables, walks the objects breadth-first from
them (describe.py describes each one and adds what it references), finds the
objects still alive that no frame reaches (a cycle awaiting the collector),
and finally measures each object's reference count against the arrows drawn.

The walk holds the only strong references the tracer takes to the reader's
objects, and only for the step: they are dropped as soon as it is measured.
"""

from gc import get_objects as _get_objects
from gc import get_referents as _get_referents
from gc import is_tracked as _is_tracked
from itertools import compress as _compress
from itertools import repeat as _repeat
from operator import is_ as _is
from sys import exception as _handled_exception
from sys import getrefcount as _getrefcount
from types import ModuleType as _ModuleType

# The engine's modules this one uses, put here by its private loader (runner.ts), never imported.
safe = globals()["ipm_safe"]
__builtins__ = safe.BUILTINS
_registry = globals()["ipm_registry"]
_fingerprint = _registry.fingerprint
_UNCHECKED = _registry.UNCHECKED
_NOT_YOUNG = _registry.NOT_YOUNG
_VALUES = _registry.VALUES
_describe = globals()["ipm_describe"].describe

_type = type
_dict_items = safe.dict_items
_startswith = str.startswith
_endswith = str.endswith
_type_flags = safe.type_flags
_HEAPTYPE = safe.HEAPTYPE
#: Py_TPFLAGS_TYPE_SUBCLASS: the type of a class (type itself, or a metaclass).
_TYPE_SUBCLASS = 1 << 31
#: Types whose objects hold no references (gc.get_referents finds none).
_LEAVES = frozenset(id(t) for t in (int, float, complex, bool, str, bytes, _type(None)))
#: Types the collector never tracks (tuples: untracks lazily), so it cannot tell whether one is alive.
_UNTRACKABLE = _LEAVES | {id(tuple)}
#: Py_TPFLAGS_HAVE_GC: a type whose objects the collector can track.
_HAVE_GC = 1 << 14


def _collected(cls):
    """Whether objects of `cls` (a type, or None once it is gone) can be among the collector's."""
    return cls is not None and bool(_type_flags(cls) & _HAVE_GC)


_CO_GENERATOR = 0x20
_CO_OPTIMIZED = 0x1  # a function's frame (a class body's or module's is not)
#: Methods whose `self` CPython counts in ways no arrow shows (see _reasons).
_SELF_METHODS = ("__init__", "__del__")
#: Kinds of description whose items an iterator in flight may hold (see _reasons).
_ITERABLE_KINDS = ("list", "tuple", "dict", "set", "frozenset", "str", "bytes")


def code_facts(code):
    """What a frame's view needs of its code object, read once per trace (code objects do not
    change): the names of its cell and free variables, of its arguments, of `self` in an
    `__init__` or `__del__` (see _reasons), its qualified name, whether it makes a generator
    and whether it is a function's (a class body's is not)."""
    return (
        frozenset(code.co_cellvars + code.co_freevars),
        frozenset(code.co_varnames[: code.co_argcount + code.co_kwonlyargcount]),
        code.co_varnames[0] if code.co_name in _SELF_METHODS and code.co_argcount else None,
        code.co_qualname,
        bool(code.co_flags & _CO_GENERATOR),
        bool(code.co_flags & _CO_OPTIMIZED),
    )


class Walk:
    """The objects of one picture, in the order they were reached (their position)."""

    #: Objects visited at most when looking inside closed boxes (bounds the cost of a step).
    HELD_BUDGET = 5_000

    def __init__(self, registry, limits, module_code, const_refs, code_facts):
        #: The tracer's Registry: each object's key and what is known of it between steps.
        self.registry = registry
        self.limits = limits
        self._max_objects = limits.max_objects
        self._record_of = registry.record_of
        self._known = registry.by_id.get
        #: The reader's module code object: its frame shows globals, not locals.
        self._module_code = module_code
        #: id -> references the reader's code objects hold (constants and names).
        self._const_refs = const_refs
        #: id(code) -> code_facts(code), for each of the reader's code objects (read for functions and class bodies).
        self._code_facts = code_facts
        # Parallel lists by position: the objects (the only strong refs the tracer
        # holds, for this step only), their records and keys, and the arrows drawn to
        # them. Their descriptions follow, as `run` makes them, in the same order.
        self.objs = []
        self.records = []
        self.keys = []
        self.descs = []
        self.drawn = []
        self._at = {}  # id -> position (the walk holds each object, so ids are fixed for the step)
        self.truncated = 0
        self.hidden_frames = 0
        self.unreachable_from = None  # position where unreachable objects begin
        self.compact = []  # positions of objects shown compactly (referents not drawn)
        self.deferred = []  # work describers put off until every object reached is described (see run)
        #: Positions of objects without weak references met for the first time (see Record.young).
        self.unchecked = []
        #: describe.py's: by id, what it read of each class met (its name, size and describer)
        #: and where its instances keep their attributes (layouts). Good for this picture only:
        #: no code runs while it is drawn, but the reader may change a class between steps. They
        #: hold classes and descriptors, so they are dropped before the counts are measured.
        self.types = {}
        self.layouts = {}
        #: ids of the module's globals and builtins (not looked inside by _held_by_compact).
        self._namespaces = set()
        #: Keys of the newest frame's arguments, and of `self` in its `__init__` or `__del__`
        #: (by method name; see _reasons).
        self._arguments = set()
        self._self_keys = {}
        self.unlisted = {}  # key -> references from items left out past the object budget
        #: key -> references from 3.12's frame locals dicts: reading a function frame's
        #: f_locals there stores a dict of them on the frame (3.13 reads through a proxy, PEP 667).
        self._locals_dicts = {}

    def ref(self, obj):
        """The key of `obj` in this picture, adding it to the walk if new (None once the
        picture is full: the object is counted as truncated, and the registry never meets it)."""
        oid = id(obj)
        pos = self._at.get(oid)
        if pos is not None:
            self.drawn[pos] += 1
            return self.keys[pos]
        objs = self.objs
        pos = len(objs)
        if pos >= self._max_objects:
            self.truncated += 1
            return None
        # The object's record: Registry.record_of, whose common case (an object met before)
        # is tested here first, inline, on the walk's busiest path.
        cls = _type(obj)
        record = self._known(oid)
        if record is None or record.cls() is not cls:
            record = self._record_of(obj, oid)
        elif record.ref is not None:
            if record.ref() is not obj:
                record = self._record_of(obj, oid)
        elif id(cls) in _VALUES and record.fingerprint != hash(obj):
            record = self._record_of(obj, oid)
        key = record.key
        self._at[oid] = pos
        objs.append(obj)
        self.records.append(record)
        self.keys.append(key)
        self.drawn.append(1)
        if record.young == _UNCHECKED:
            if record.ref is None and id(cls) not in _UNTRACKABLE and _collected(cls):
                self.unchecked.append(pos)  # _check_young finds out, once
            else:
                # Never searched for among the collector's objects (a weak reference tells whether
                # it is alive, or nothing can tell): marked so, the test above is one comparison.
                record.young = _NOT_YOUNG
        return key

    def frames(self, frames):
        """The views of the frames shown (module first), their variables added to the walk."""
        limit = self.limits.max_frames
        shown = frames if len(frames) <= limit else [frames[0], *frames[-(limit - 1) :]]
        self.hidden_frames = len(frames) - len(shown)
        newest = shown[-1]
        views = []
        frame_key = self.registry.frame_key
        ref = self.ref
        facts_of = self._code_facts
        for frame in shown:
            key = frame_key(frame)
            code = frame.f_code
            variables = []
            if code is self._module_code:
                name = "<module>"
                generator = False
                self._namespaces = {id(frame.f_globals), id(frame.f_builtins)}
                for var, value in _dict_items(frame.f_globals):
                    if _type(var) is str and not (_startswith(var, "__") and _endswith(var, "__")):
                        variables.append([var, ref(value)])
            else:
                cells, arguments, self_name, name, generator, optimized = facts_of[id(code)]
                local_vars = frame.f_locals
                # 3.12 reads a function frame's locals into a dict it keeps (see _locals_dicts);
                # a class body's locals are its namespace, a real dict on every version.
                in_dict = optimized and _type(local_vars) is dict
                if frame is not newest and not in_dict:
                    # Most frames of a deep stack: their variables are arrows only (the bookkeeping
                    # of arguments, self and 3.12's locals dicts is the newest frame's, below).
                    for var, value in local_vars.items():
                        variables.append([var, ref(value), 1] if var in cells else [var, ref(value)])
                else:
                    for var, value in local_vars.items():
                        var_key = ref(value)
                        variables.append([var, var_key, 1] if var in cells else [var, var_key])
                        if in_dict and var_key is not None:
                            self._locals_dicts[var_key] = self._locals_dicts.get(var_key, 0) + 1
                        if frame is newest and var_key is not None:
                            if var in arguments:
                                self._arguments.add(var_key)
                            if var == self_name:
                                self._self_keys[code.co_name] = var_key
            view = {"key": key, "name": name, "line": frame.f_lineno, "vars": variables}
            if generator:
                view["generator"] = True
            views.append(view)
        return views

    def run(self):
        """Describes every object reached, breadth-first (describing one may reach more). A
        long container's middle items are put off (describe.py) until the rest is described,
        so the object cap spends itself on them last, not on the ends every diagram draws."""
        objs = self.objs
        descs = self.descs
        describe = descs.append
        records = self.records
        deferred = self.deferred
        while True:
            # The objects not described yet are those past the last description (describing
            # one may reach more, which join the end of the queue).
            pos = len(descs)
            while pos < len(objs):
                # An object described before whose description cannot change (Record.description):
                # that description itself, shared, which `finish` copies with the counts (or does
                # not need to). A builtin is drawn closed, as describe.py notes.
                cached = records[pos].description
                if cached is None:
                    describe(_describe(self, objs[pos], pos))
                else:
                    describe(cached)
                    if cached["kind"] == "builtin":
                        self.compact.append(pos)
                pos += 1
            if not deferred:
                return
            deferred.pop(0)()

    def add_unreachable(self):
        """Objects seen before that no frame reaches now but are still alive
        (typically a reference cycle waiting for the collector)."""
        registry = self.registry
        reached = set(self.keys)
        if reached.issuperset(registry.pictured) and reached.issuperset(registry.unreachable):
            return  # no object left the picture (most steps): the test below, at C speed
        candidates = {k for k in registry.pictured if k not in reached}
        candidates.update(k for k in registry.unreachable if k not in reached)
        if not candidates:
            return
        untraceable = {}  # id -> record, for objects without weak references
        alive = []  # (key, object) still alive, reached by no frame
        for key in candidates:
            record = registry.records.get(key)
            if record is None:
                continue
            if record.ref is not None:
                obj = record.ref()
                if obj is None:
                    registry.forget(key)
                else:
                    alive.append((key, obj))
                obj = None
            elif id(record.cls()) in _UNTRACKABLE:
                # We cannot tell freed from merely unused, so they just leave the picture.
                registry.forget(key)
            else:
                untraceable[record.oid] = record
        if alive and len(self.objs) >= self._max_objects:
            # The picture is full: none of them can be drawn, and the frames may well reach them
            # past the cap. Each is left out (counted, as a root would be) and keeps its record,
            # so it keeps its key if it comes back and its free is reported. (Searching what
            # closed boxes hold, below, would only decide which of them to forget.)
            self.truncated += len(alive)
            alive = None
        if alive:
            # Objects that closed boxes (a class's methods, a function's defaults...) still
            # hold are not garbage: they leave the picture rather than show as unreachable.
            held = self._held_by_compact({id(obj) for _, obj in alive})
            for key, obj in alive:
                if id(obj) in held:
                    registry.forget(key)
                else:
                    self._add_root(obj, key)
            alive = obj = None
        if untraceable:
            found = self._roots_among_tracked(untraceable)
            for record in untraceable.values():
                if record.key not in found:
                    registry.freed(record.key)
        self.run()

    def _held_by_compact(self, wanted):
        """The ids in `wanted` that objects drawn closed (classes, functions, generators...)
        reach through their own references. Not entered: modules, the module's globals (the
        frames' business) and builtins, and C types (object, int...): through them lies the
        whole interpreter, which holds nothing of the program's."""
        if not wanted or not self.compact:
            return set()
        namespaces = self._namespaces
        seen = set(namespaces)
        mark = seen.add
        stack = [self.objs[pos] for pos in self.compact if _type(self.objs[pos]) is not _ModuleType]
        push = stack.append
        pop = stack.pop
        # ids of the types met whose instances are entered (neither modules nor classes).
        plain = set()
        left = len(wanted - namespaces)
        budget = self.HELD_BUDGET
        # A search in the referents' order, depth first, each object entered once, until the
        # budget of objects is spent. Objects without referents (str, int...) are entered to no
        # effect: a run of them is stacked as its length and spent from the budget at once.
        while stack and budget > 0:
            obj = pop()
            if _type(obj) is int:
                budget -= obj
                continue
            budget -= 1
            run = 0
            for referent in _get_referents(obj):
                i = id(referent)
                if i in seen:
                    continue
                mark(i)
                if i in wanted:
                    left -= 1
                    if not left:
                        return wanted - namespaces
                cls = _type(referent)
                t = id(cls)
                if t in _LEAVES:
                    run += 1
                    continue
                if t not in plain:
                    if cls is _ModuleType:
                        continue
                    if _type_flags(cls) & _TYPE_SUBCLASS:
                        if not _type_flags(referent) & _HEAPTYPE:
                            continue
                    else:
                        plain.add(t)
                if run:
                    push(run)
                    run = 0
                push(referent)
            if run:
                push(run)
        return (wanted - namespaces) & seen

    def _roots_among_tracked(self, untraceable):
        """Containers without weak references: alive if the collector still tracks them.
        Looked for among the young objects only when each was found there (or untracked)
        and the young generation has not moved since (Record.young): the rest of the heap
        is the interpreter's."""
        found = set()
        # An object whose type the collector does not support (a range...) is never among its
        # objects: it is found nowhere, without a search.
        untraceable = {oid: record for oid, record in untraceable.items() if _collected(record.cls())}
        # The exception being handled (an exception takes no weak reference, and one leaves the
        # picture at every step of its handler): alive, so found without a search.
        handled = _handled_exception()
        record = untraceable.get(id(handled)) if handled is not None else None
        if record is not None and _type(handled) is record.cls() and _fingerprint(handled) == record.fingerprint:
            del untraceable[id(handled)]
            found.add(record.key)
            self._add_root(handled, record.key)
        handled = None
        if not untraceable:
            return found
        young = _get_objects(0)
        epoch = self.registry.young_epoch(young)
        for record in untraceable.values():
            if record.young != epoch:
                # The whole heap, tens of thousands of objects: first narrowed at C speed to those
                # of the candidates' types, compared by identity (a reader's class is never hashed).
                heap = _get_objects()
                types = []
                for candidate in untraceable.values():
                    cls = candidate.cls()
                    if not any(cls is t for t in types):
                        types.append(cls)
                young = [obj for t in types for obj in _compress(heap, map(_is, map(_type, heap), _repeat(t)))]
                heap = cls = None
                break
        # The objects at the candidates' addresses, picked at C speed: hundreds of young
        # objects (or those of the heap of the candidates' types) for a handful of candidates.
        for obj in _compress(young, map(untraceable.__contains__, map(id, young))):
            record = untraceable[id(obj)]
            if _type(obj) is record.cls() and _fingerprint(obj) == record.fingerprint:
                found.add(record.key)
                self._add_root(obj, record.key)
        obj = young = None
        return found

    def _check_young(self):
        """Notes which objects without weak references met for the first time are in the
        collector's young generation, or not tracked by it (Record.young): if such an
        object is ever tracked, it joins the young generation."""
        if not self.unchecked:
            return
        young = _get_objects(0)
        epoch = self.registry.young_epoch(young)
        # Which of the objects met are young, found at C speed (ints compared, nothing of the reader's).
        objs = self.objs
        young = set(filter({id(objs[pos]) for pos in self.unchecked}.__contains__, map(id, young)))
        for pos in self.unchecked:
            obj = objs[pos]
            self.records[pos].young = epoch if not _is_tracked(obj) or id(obj) in young else _NOT_YOUNG
        obj = young = None
        self.unchecked = []

    def _add_root(self, obj, key):
        if self.unreachable_from is None:
            self.unreachable_from = len(self.objs)
        if self.ref(obj) is not None:
            self.drawn[self._at[id(obj)]] -= 1  # a root, not an arrow
            self.registry.mark_unreachable(key)

    def finish(self, exception_key, previous):
        """Each object's description with its counts, by key. Call once the tracer
        dropped its own references to the value in flight and the exception. `previous`:
        the previous picture's descriptions by key."""
        self.types = self.layouts = None  # they hold objects the picture may count
        self._check_young()  # before _summarise, which may move positions
        if self.truncated:
            self._summarise()
        objs = self.objs
        args = self._arguments
        init_self = self._self_keys.get("__init__")
        # Inside __del__ run by the deallocator, CPython set the dying object's count back to 1
        # for the call (PyObject_CallFinalizerFromDealloc): a reference no arrow can show.
        finalizing = self._self_keys.get("__del__")
        # Measure: each object is held by `objs` exactly like the probe appended last.
        objs.append(object())
        counts = list(map(_getrefcount, objs))
        overhead = counts.pop()
        objs.pop()
        # Immortal objects (small ints, None...) reached only from garbage are not waiting
        # for the collector: it never frees them.
        unreachable_from = self.unreachable_from if self.unreachable_from is not None else len(objs)
        const_refs = self._const_refs.get
        # Compact objects' hidden references to drawn objects (their referents are not drawn),
        # counted when an object's count first needs its reasons (most pictures need none).
        compact_refs = None
        locals_dict_refs = self._locals_dicts.get
        unlisted_refs = self.unlisted.get
        before = previous.get
        descs = self.descs
        pos = 0
        for key, desc, drawn, count, obj, record in zip(
            self.keys, descs, self.drawn, counts, objs, self.records, strict=False
        ):
            if desc is record.description:
                # An immutable scalar's description, shared across steps (see run). With counts
                # that need no reason, the previous picture's copy of it may be the very same:
                # then it is reused, and the tracer's delta sees it unchanged at once.
                immortal = "immortal" in desc
                refcount = None if immortal else count - overhead
                if immortal or (refcount == drawn and pos < unreachable_from):
                    was = before(key)
                    if (
                        was is not None
                        and was["drawn"] == drawn
                        and was["refcount"] == refcount
                        and len(was) == len(desc) + 2
                    ):
                        descs[pos] = was
                        pos += 1
                        continue
                desc = descs[pos] = dict(desc)
            elif desc is record.closed:
                # A closed object's description, shared while it is the same (describe.py): copied.
                desc = descs[pos] = dict(desc)
            desc["drawn"] = drawn
            if "immortal" in desc:
                desc["refcount"] = None
            else:
                count -= overhead
                desc["refcount"] = count
                if count != drawn:
                    if compact_refs is None:
                        compact_refs = self._compact_referents().get
                    why = (
                        count - drawn,
                        desc.get("kind"),
                        const_refs(id(obj), 0),
                        compact_refs(key, 0),
                        locals_dict_refs(key, 0),
                        unlisted_refs(key, 0),
                        key in args,
                        key == init_self,
                        key == finalizing,
                        key == exception_key,
                    )
                    reasons = _KNOWN_REASONS.get(why)
                    if reasons is None:
                        if len(_KNOWN_REASONS) >= _KNOWN_REASONS_MAX:
                            _KNOWN_REASONS.clear()
                        reasons = _KNOWN_REASONS[why] = _reasons(*why)
                    desc["reasons"] = reasons
                if pos >= unreachable_from:
                    desc["unreachable"] = True
            pos += 1
        obj = None
        result = dict(zip(self.keys, self.descs, strict=False))
        self.registry.remember_picture(result.keys())  # (no set of its own: the view is one)
        self.objs = None
        return result

    def _summarise(self):
        """Past the object budget the picture keeps the objects the frames reach first:
        a container lists its items up to the first one left out and counts the rest in
        `more` (its length stays exact), and what only those items reached leaves the
        picture too, so no box is drawn that no arrow reaches."""
        descs = self.descs
        drawn = self.drawn
        index = {key: pos for pos, key in enumerate(self.keys)}
        unlisted = self.unlisted
        for desc in descs:
            for field in _LISTED:
                listed = desc.get(field)
                if listed is None:
                    continue
                pairs = field in _PAIRS
                cut = _first_gap(listed, pairs)
                if cut is not None:
                    # A tail is the container's true end or nothing: cut anywhere, it goes whole.
                    if field in _TAILS:
                        cut = 0
                    for ref in _refs_of(listed[cut:], pairs):
                        drawn[index[ref]] -= 1
                        unlisted[ref] = unlisted.get(ref, 0) + 1
                    if cut:
                        desc[field] = listed[:cut]
                    else:
                        del desc[field]
                    desc["more"] = desc.get("more", 0) + len(listed) - cut
        # Objects no arrow reaches any more (roots of unreachable objects excepted) leave,
        # and so, in turn, may what they alone reached.
        roots_from = self.unreachable_from if self.unreachable_from is not None else len(descs)
        gone = set()
        orphans = [pos for pos in range(roots_from) if drawn[pos] <= 0]
        while orphans:
            pos = orphans.pop()
            if pos in gone:
                continue
            gone.add(pos)
            for field in _REFERENCING:
                listed = descs[pos].get(field)
                if listed is None:
                    continue
                for ref in _refs_of(listed, field in _PAIRS, field in _NAMED):
                    at = index[ref]
                    drawn[at] -= 1
                    unlisted[ref] = unlisted.get(ref, 0) + 1
                    if drawn[at] <= 0 and at < roots_from:
                        orphans.append(at)
        if gone:
            self._drop(gone)

    def _drop(self, gone):
        """Removes the objects at positions `gone` from the picture."""
        keep = [pos for pos in range(len(self.objs)) if pos not in gone]
        moved = {old: new for new, old in enumerate(keep)}
        for name in ("objs", "records", "keys", "descs", "drawn"):
            column = getattr(self, name)
            setattr(self, name, [column[pos] for pos in keep])
        self._at = {id(obj): pos for pos, obj in enumerate(self.objs)}
        self.compact = [moved[pos] for pos in self.compact if pos in moved]
        if self.unreachable_from is not None:
            self.unreachable_from -= sum(1 for pos in gone if pos < self.unreachable_from)
        self.truncated += len(gone)

    def _compact_referents(self):
        """References that objects shown compactly hold to drawn objects (by key). The walk
        holds every drawn object, so a referent whose id is drawn is that very object."""
        hidden = {}
        if not self.compact:
            return hidden
        at = self._at
        keys = self.keys
        objs = self.objs
        # Every compact object's referents in one list (what they hold is counted, not who holds
        # it), filtered at C speed: a class or function holds many referents, few of them drawn.
        for i in filter(at.__contains__, map(id, _get_referents(*[objs[pos] for pos in self.compact]))):
            key = keys[at[i]]
            hidden[key] = hidden.get(key, 0) + 1
        return hidden


#: Fields of a description that list a container's items (past the object budget, cut short),
#: its first ones and (describe.py) its true last ones.
_LISTED = ("items", "entries", "tail", "tailEntries")
#: The last items of a long container: dropped whole rather than cut.
_TAILS = ("tail", "tailEntries")
#: Fields of a description that hold references: items, [key, value] entries, [name, ref] pairs.
_REFERENCING = ("items", "entries", "tail", "tailEntries", "attrs", "closure")
#: Fields listed as [key, value] pairs, and as [name, ref] pairs.
_PAIRS = ("entries", "tailEntries")
_NAMED = ("attrs", "closure")


def _first_gap(listed, pairs):
    """Where the first item left out of the picture (a None reference) is listed, or None."""
    for at, item in enumerate(listed):
        if (item[0] is None or item[1] is None) if pairs else item is None:
            return at
    return None


def _refs_of(listed, entries, named=False):
    """The references (keys) in a list of items, [key, value] entries or [name, ref] pairs."""
    refs = []
    for item in listed:
        if entries:
            refs.extend(ref for ref in item if ref is not None)
        elif named:
            if item[1] is not None:
                refs.append(item[1])
        elif item is not None:
            refs.append(item)
    return refs


#: _reasons' answers by their arguments: the same few differences recur at every step (a class
#: or function the module holds, drawn closed, is one hidden reference short at each of them).
#: The lists are shared between descriptions and steps, so nothing may change one once made.
_KNOWN_REASONS = {}
_KNOWN_REASONS_MAX = 4096


def _reasons(
    diff,
    desc_kind,
    const_refs,
    compact_refs,
    locals_dict_refs,
    unlisted_refs,
    is_arg,
    is_init_self,
    is_finalizing,
    is_exception,
):
    """Why CPython's count differs from the arrows drawn, as far as it can be known."""
    if diff < 0:
        return [{"kind": "borrowed", "count": diff}]
    reasons = []
    # Most objects have no reason but the last (a hidden reference...): the table is read
    # only for those that have one of its kinds, each taking what is left of the difference.
    if const_refs or compact_refs or locals_dict_refs or unlisted_refs or is_init_self or is_finalizing or is_exception:
        for kind, n in (
            ("constant", const_refs),
            ("compact", compact_refs),
            ("frame-locals", locals_dict_refs),
            ("unlisted", unlisted_refs),
            ("init-self", 1 if is_init_self else 0),
            ("resurrected", 1 if is_finalizing else 0),
            ("exception", 1 if is_exception else 0),
        ):
            take = n if n < diff else diff
            if take > 0:
                reasons.append({"kind": kind, "count": take})
                diff -= take
    if diff > 0:
        if is_arg:
            kind = "argument"
        elif desc_kind in _ITERABLE_KINDS:
            kind = "iterator"
        else:
            kind = "hidden"
        reasons.append({"kind": kind, "count": diff})
    return reasons
