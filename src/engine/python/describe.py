"""How the tracer describes one object of a picture, without running its code.

`describe(walk, obj, pos)` returns the object's description (its entry in a
step's `heap`; fields in src/trace/schema.ts) and adds what it references to
the walk. The kind of description is chosen by a table keyed by the id of the
object's exact type; a type not in the table (a subclass of a built-in
container, a class, a C type, an instance of the reader's class) is placed by
its MRO, read by identity. The walk of a container uses its base class's C
methods, and an instance's attributes are read through C descriptors: nothing
the reader defined is called (safe.py says why).
"""

from collections import deque as _deque
from gc import is_tracked as _is_tracked
from itertools import islice as _islice
from sys import getrefcount as _getrefcount
from sys import getsizeof as _getsizeof
from sys import maxsize as _maxsize
from types import (
    BuiltinFunctionType,
    CellType,
    CoroutineType,
    FunctionType,
    GeneratorType,
    GetSetDescriptorType,
    MappingProxyType,
    MemberDescriptorType,
    MethodDescriptorType,
    MethodType,
    ModuleType,
    WrapperDescriptorType,
)

# Put here by the engine's private loader (runner.ts), never imported.
safe = globals()["ipm_safe"]
registry = globals()["ipm_registry"]
__builtins__ = safe.BUILTINS

_type = type

_type_name = safe.type_name

# What this CPython can tell (the engine runs 3.12 to 3.15): 3.14 has both tests in sys.
# Before it, a 32-bit build's own test for immortality is "the count is the immortal
# constant", which None holds; nothing tells an interned str without interning it,
# so a trace without that test says so (tracer.py: `unreported`).
try:
    from sys import _is_interned
except ImportError:
    _is_interned = None
try:
    from sys import _is_immortal
except ImportError:
    _is_immortal = None
if _is_immortal is None and _maxsize < 2**32:
    _IMMORTAL_COUNT = _getrefcount(None)

    def _is_immortal(obj):
        return _getrefcount(obj) == _IMMORTAL_COUNT


UNREPORTED = tuple(name for name, test in (("immortal", _is_immortal), ("interned", _is_interned)) if test is None)


def _small_int_max():
    """The largest int CPython caches (256 until 3.15 widened the cache to 1024)."""
    n = 256
    while n < 4096 and int(str(n + 1)) is int(str(n + 1)):
        n += 1
    return n


_SMALL_INT_MAX = _small_int_max()
_type_qualname = safe.type_qualname
_type_mro = safe.type_mro
_type_dict = safe.type_dict
_type_flags = safe.type_flags
_weakref_offset = safe.weakref_offset
_HEAPTYPE = safe.HEAPTYPE
_mro_lookup = safe.mro_lookup
_has_base = safe.has_base
_dict_items = safe.dict_items
_dict_len = safe.dict_len
_SEQUENCE_METHODS = safe.SEQUENCE_METHODS
_object_dict = object.__getattribute__
_cell_contents = CellType.__dict__["cell_contents"].__get__
_method_self = MethodType.__dict__["__self__"].__get__
_method_func = MethodType.__dict__["__func__"].__get__
_fn_closure = FunctionType.__dict__["__closure__"].__get__
_fn_code = FunctionType.__dict__["__code__"].__get__
_fn_qualname = FunctionType.__dict__["__qualname__"].__get__
_gen_code = GeneratorType.__dict__["gi_code"].__get__
_gen_frame = GeneratorType.__dict__["gi_frame"].__get__
_gen_running = GeneratorType.__dict__["gi_running"].__get__
_gen_suspended = GeneratorType.__dict__["gi_suspended"].__get__
_proxy_items = MappingProxyType.items
_int_bit_length = int.bit_length
_int_repr = int.__repr__
_float_repr = float.__repr__
_complex_repr = complex.__repr__
_str_repr = str.__repr__
_bytes_repr = bytes.__repr__
_str_len = str.__len__
_bytes_len = bytes.__len__
_list_copy = list.copy

#: Immutable scalars by id of their type: described once per trace (see Record.description).
_SCALARS = {
    id(int): "int",
    id(float): "float",
    id(complex): "complex",
    id(bool): "bool",
    id(str): "str",
    id(bytes): "bytes",
    id(_type(None)): "none",
}
_FINGERPRINT_ITEMS = registry.FINGERPRINT_ITEMS


def describe(walk, obj, pos):
    """The description of `obj`, the object at `pos` in the walk."""
    cls = _type(obj)
    t = id(cls)
    short = _SHORT.get(t)
    if short is not None:
        desc = short(walk, obj, pos)
        if desc is not None:
            return desc
    kind = _SCALARS.get(t)
    if kind is not None:
        record = walk.records[pos]
        cached = record.description
        if cached is None:
            cached = record.description = _describe_scalar(obj, cls, kind, walk.limits.max_repr)
        return dict(cached)
    # _header, with what it reads of the type found once: for a C type, once per trace (its name,
    # its __sizeof__ and its MRO cannot change); for a class, once per picture (Walk.types).
    known = _C_TYPES.get(t)
    if known is None:
        known = walk.types.get(t)
        if known is None:
            known = walk.types[t] = _type_facts(cls)
        name, sized, describer = known
    else:
        name, sized = known
        describer = _BY_TYPE.get(t)
        if describer is None:
            describer = _by_base(cls)
    desc = {"id": id(obj), "type": name}
    if sized:
        desc["size"] = _getsizeof(obj)
    if _is_immortal is not None and _is_immortal(obj):
        desc["immortal"] = True
    if _is_tracked(obj):
        desc["tracked"] = True
    describer(walk, obj, cls, desc, pos)
    if describer is _describe_builtin:
        # A builtin function's, a cell's or a range's description has nothing that can change
        # (its type is C's, its size fixed, its contents not shown): made once, like a scalar's.
        walk.records[pos].description = desc
        return dict(desc)
    return desc


def _short_header(obj, name, n):
    """The description's start, as describe() makes it, for an exact list, tuple or dict."""
    desc = {"id": id(obj), "type": name, "size": _getsizeof(obj)}
    if _is_immortal is not None and _is_immortal(obj):
        desc["immortal"] = True
    if _is_tracked(obj):
        desc["tracked"] = True
    desc["kind"] = name
    desc["length"] = n
    return desc


def _short_sequence(walk, obj, pos):
    """A short exact list or tuple (the commonest containers) described in one go: what
    describe() and describe_sequence would make of it, without their dispatch. None if long."""
    n = len(obj)  # an exact list's or tuple's own length: no code of the reader's runs
    if n > _FIRST_ITEMS or n > walk.limits.max_items:
        return None
    is_tuple = _type(obj) is tuple
    desc = _short_header(obj, "tuple" if is_tuple else "list", n)
    head = obj if is_tuple else _list_copy(obj)
    desc["items"] = list(map(walk.ref, head))
    first = head if n <= _FINGERPRINT_ITEMS else head[:_FINGERPRINT_ITEMS]
    walk.records[pos].fingerprint = (n, tuple(map(id, first)))
    return desc


def _short_dict(walk, obj, pos):
    """The same for a short exact dict: what describe() and _describe_dict would make of it."""
    n = len(obj)
    if n > _FIRST_ITEMS or n > walk.limits.max_items:
        return None
    desc = _short_header(obj, "dict", n)
    ref = walk.ref
    head = list(_dict_items(obj))
    desc["entries"] = [[ref(k), ref(v)] for k, v in head]
    first = head if n <= _FINGERPRINT_ITEMS else head[:_FINGERPRINT_ITEMS]
    walk.records[pos].fingerprint = (n, tuple([id(k) for k, _ in first]))
    return desc


def _short_function(walk, obj, pos):
    """A function without a closure: its description shows its type, size and qualified name
    only, of which just the name can change (`f.__qualname__ = ...`). So the one made when it
    was first met is shared from step to step (Record.closed; the walk's finish copies it with
    the counts) while the name is the very same object. None for a closure (its cells are read
    at every step)."""
    if _fn_closure(obj) is not None:
        return None
    desc = walk.records[pos].closed
    if desc is None or desc["name"] is not _fn_qualname(obj):
        return _closed_anew(walk, obj, FunctionType, _describe_function, pos)
    walk.compact.append(pos)
    return desc


def _short_class(walk, obj, pos):
    """The same for a class whose metaclass is `type`: of its description, its qualified name
    and its size can change (type.__sizeof__ counts the attribute keys its instances share).
    Shared while the name is the same object and the size the same."""
    desc = walk.records[pos].closed
    if desc is None or desc["name"] is not _type_qualname(obj) or desc["size"] != _getsizeof(obj):
        return _closed_anew(walk, obj, type, _describe_class, pos)
    walk.compact.append(pos)
    return desc


def _closed_anew(walk, obj, cls, describer, pos):
    """A closed object's description as describe() makes it, kept as its Record.closed."""
    desc = walk.records[pos].closed = _header(obj, cls)
    if _is_tracked(obj):
        desc["tracked"] = True
    describer(walk, obj, cls, desc, pos)
    return desc


#: id(exact type) -> its describer for a short one (None when it is not short).
_SHORT = {
    id(list): _short_sequence,
    id(tuple): _short_sequence,
    id(dict): _short_dict,
    id(FunctionType): _short_function,
    id(type): _short_class,
}


def _by_base(cls):
    """The describer of a type not in the table, from its MRO (read by identity: no
    isinstance, which could consult a `__class__` property or a metaclass). A C type's
    is put in the table: it lives as long as the interpreter, and its MRO never changes."""
    describer = _by_mro(cls)
    if not _type_flags(cls) & _HEAPTYPE:
        _BY_TYPE[id(cls)] = describer
    return describer


def _by_mro(cls):
    for base in _type_mro(cls)[1:]:
        # A subclass of a built-in container: its storage is walked with the base's methods.
        describer = _CONTAINERS.get(id(base))
        if describer is not None:
            return describer
    if _has_base(cls, type):
        return _describe_class
    if not _type_flags(cls) & _HEAPTYPE:
        return _describe_opaque
    return _describe_instance


# ---- the describers: (walk, obj, its type, its description so far, its position) ----


#: Items a container longer than max_items shows from its end (the diagram draws the true tail).
TAIL_ITEMS = 2
#: Items keyed at once (before the tail); the rest of a container wait until every object
#: reached is described (Walk.run), so the per-picture object cap cuts middles, not drawn ends.
_FIRST_ITEMS = 8


def _item_refs(walk, head, tail):
    """The keys of a sequence's `head` and `tail`: the first few and the tail now, the rest of
    the head appended once the walk has reached everything else (Walk.run)."""
    ref = walk.ref
    keys = [ref(item) for item in head[:_FIRST_ITEMS]]
    tail_keys = [ref(item) for item in tail]
    if len(head) > _FIRST_ITEMS:
        rest = head[_FIRST_ITEMS:]

        def key_the_rest():
            keys.extend([ref(item) for item in rest])

        walk.deferred.append(key_the_rest)
    return keys, tail_keys


def _entry_refs(walk, head, tail):
    """The same for a dict's (key, value) pairs."""
    ref = walk.ref
    keys = [[ref(k), ref(v)] for k, v in head[:_FIRST_ITEMS]]
    tail_keys = [[ref(k), ref(v)] for k, v in tail]
    if len(head) > _FIRST_ITEMS:
        rest = head[_FIRST_ITEMS:]

        def key_the_rest():
            keys.extend([[ref(k), ref(v)] for k, v in rest])

        walk.deferred.append(key_the_rest)
    return keys, tail_keys


def _sequence_describer(kind, base):
    """The describer of a list, tuple, set or frozenset (and of their subclasses)."""
    iterate, length = _SEQUENCE_METHODS[id(base)]
    weakrefs = _weakref_offset(base)
    # Lists and tuples index their end directly; a set is iterated to it (at C speed, keeping two).
    get_slice = base.__getitem__ if base is list or base is tuple else None
    # The items of a short one at C speed: a list's copied by the base's own method, a tuple's
    # are the tuple itself (a subclass's are iterated with the base's method: see below).
    items_of = _list_copy if base is list else None

    def describe_sequence(walk, obj, cls, desc, pos):
        limit = walk.limits.max_items
        desc["kind"] = kind
        desc["length"] = n = length(obj)
        if n <= _FIRST_ITEMS:
            # Short: every item keyed at once, in order (nothing to put off).
            if items_of is not None:
                head = items_of(obj)
            elif cls is tuple:
                head = obj
            else:
                head = list(iterate(obj))
            desc["items"] = list(map(walk.ref, head))
            if base is cls and n <= limit:
                # The common case of _container_end, inline: a short list, tuple or set.
                if not weakrefs:
                    first = head if n <= _FINGERPRINT_ITEMS else head[:_FINGERPRINT_ITEMS]
                    walk.records[pos].fingerprint = (n, tuple(map(id, first)))
                return
        else:
            if n <= limit:
                head = list(iterate(obj))
                tail = ()
            else:
                keep = min(TAIL_ITEMS, limit)
                it = iterate(obj)
                head = list(_islice(it, limit - keep))
                tail = get_slice(obj, slice(n - keep, n)) if get_slice is not None else _deque(it, keep)
            desc["items"], tail_keys = _item_refs(walk, head, tail)
            if tail_keys:
                desc["tail"] = tail_keys
        _container_end(walk, obj, cls, base, desc, pos, n, head, False)

    return describe_sequence


def _describe_dict(walk, obj, cls, desc, pos):
    limit = walk.limits.max_items
    desc["kind"] = "dict"
    desc["length"] = n = _dict_len(obj)
    pairs = _dict_items(obj)
    if n <= _FIRST_ITEMS:
        head = list(pairs)
        ref = walk.ref
        desc["entries"] = [[ref(k), ref(v)] for k, v in head]
    else:
        if n <= limit:
            head = list(pairs)
            tail = []
        else:
            keep = min(TAIL_ITEMS, limit)
            head = list(_islice(pairs, limit - keep))
            tail = list(_islice(reversed(pairs), keep))
            tail.reverse()
        desc["entries"], tail_entries = _entry_refs(walk, head, tail)
        if tail_entries:
            desc["tailEntries"] = tail_entries
    _container_end(walk, obj, cls, dict, desc, pos, n, head, True)


def _container_end(walk, obj, cls, base, desc, pos, n, head, pairs):
    """What every container's description ends with, after its items (`head`: the first ones
    walked, as (key, value) pairs when `pairs`)."""
    if n > walk.limits.max_items:
        desc["more"] = n - walk.limits.max_items
    if not _weakref_offset(cls):
        # Same as registry.fingerprint(), from the items just walked.
        first = head[:_FINGERPRINT_ITEMS]
        walk.records[pos].fingerprint = (n, tuple([id(k) for k, _ in first] if pairs else map(id, first)))
    if base is not cls:
        desc["subclass"] = True
        _attributes(walk, obj, cls, desc)


def _describe_function(walk, obj, cls, desc, pos):
    desc["kind"] = "function"
    desc["name"] = _fn_qualname(obj)
    closure = _fn_closure(obj)
    if closure:
        free = _fn_code(obj).co_freevars
        cells = []
        for name, cell in zip(free, closure, strict=False):
            try:
                value = _cell_contents(cell)
            except ValueError:  # an empty cell: the variable is not bound yet
                continue
            cells.append([name, walk.ref(value)])
        desc["closure"] = cells
    walk.compact.append(pos)


def _describe_module(walk, obj, cls, desc, pos):
    desc["kind"] = "module"
    name = _object_dict(obj, "__dict__").get("__name__")
    desc["name"] = name if _type(name) is str else "?"
    walk.compact.append(pos)


def _describe_generator(walk, obj, cls, desc, pos):
    desc["kind"] = "generator" if cls is GeneratorType else "coroutine"
    desc["name"] = _gen_code(obj).co_qualname
    if _gen_running(obj):
        desc["state"] = "running"
    elif _gen_suspended(obj):
        desc["state"] = "suspended"
    elif _gen_frame(obj) is not None:
        desc["state"] = "created"
    else:
        desc["state"] = "closed"
    walk.compact.append(pos)


def _describe_class(walk, obj, cls, desc, pos):
    desc["kind"] = "class"
    desc["name"] = _type_qualname(obj)
    walk.compact.append(pos)


def _describe_method(walk, obj, cls, desc, pos):
    # A bound method holds its object and its function: drawn as two
    # attributes, so `listeners.append(self.on_click)` keeps `self` in the picture.
    ref = walk.ref
    desc["kind"] = "instance"
    desc["class"] = "method"
    desc["attrs"] = [["__self__", ref(_method_self(obj))], ["__func__", ref(_method_func(obj))]]


def _describe_builtin(walk, obj, cls, desc, pos):
    desc["kind"] = "builtin"
    walk.compact.append(pos)


def _describe_opaque(walk, obj, cls, desc, pos):
    # A C type the walk does not open.
    desc["kind"] = "other"
    walk.compact.append(pos)


def _describe_instance(walk, obj, cls, desc, pos):
    desc["kind"] = "instance"
    _attributes(walk, obj, cls, desc)


#: id(built-in container) -> its describer, which also serves its subclasses (see _by_base).
_CONTAINERS = {
    id(list): _sequence_describer("list", list),
    id(tuple): _sequence_describer("tuple", tuple),
    id(set): _sequence_describer("set", set),
    id(frozenset): _sequence_describer("frozenset", frozenset),
    id(dict): _describe_dict,
}
#: id(exact type) -> its describer. Scalars are described in describe() itself (cached).
_BY_TYPE = {
    **_CONTAINERS,
    id(FunctionType): _describe_function,
    id(ModuleType): _describe_module,
    id(GeneratorType): _describe_generator,
    id(CoroutineType): _describe_generator,
    id(MethodType): _describe_method,
    id(BuiltinFunctionType): _describe_builtin,
    id(CellType): _describe_builtin,
    id(range): _describe_builtin,
    id(type): _describe_class,
}


# ---- parts of descriptions -------------------------------------------------------

#: id(C type) -> (its name, True when its __sizeof__ is CPython's own): C types never change.
_C_TYPES = {}


def _sized(cls):
    """Whether sys.getsizeof may be read: True when __sizeof__ is CPython's own, False when the
    reader overrode it. A C type's answer (with its name) is kept in _C_TYPES."""
    kind = _type(_mro_lookup(cls, "__sizeof__"))
    sized = kind is MethodDescriptorType or kind is WrapperDescriptorType
    if not _type_flags(cls) & _HEAPTYPE:
        _C_TYPES[id(cls)] = (_type_name(cls), sized)
    return sized


def _type_facts(cls):
    """What describe() reads of a type not met before: its name, whether its size may be read,
    and its describer."""
    sized = _sized(cls)
    describer = _BY_TYPE.get(id(cls))
    return _type_name(cls), sized, describer if describer is not None else _by_base(cls)


def _header(obj, cls):
    """What every object's description starts with: identity, type, size, immortality."""
    known = _C_TYPES.get(id(cls))
    desc = {"id": id(obj), "type": _type_name(cls) if known is None else known[0]}
    if known[1] if known is not None else _sized(cls):
        desc["size"] = _getsizeof(obj)
    if _is_immortal is not None and _is_immortal(obj):
        desc["immortal"] = True
    return desc


def _attributes(walk, obj, cls, desc):
    """An instance's attributes: its __dict__ (through CPython's own descriptor) and its slots."""
    ref = walk.ref
    attrs = []
    # Where its attributes are read, found once per picture for each class (Walk.layouts).
    layout = walk.layouts.get(id(cls))
    if layout is None:
        layout = walk.layouts[id(cls)] = _layout(cls)
    descriptor, slots = layout
    if _type(descriptor) is GetSetDescriptorType:
        d = descriptor.__get__(obj, cls)
        if _type(d) is dict:
            for name, value in _dict_items(d):
                if _type(name) is str:
                    attrs.append([name, ref(value)])
    elif descriptor is not None:
        # The reader's own `__dict__` (a property...): reading it would run their code.
        desc["hiddenAttributes"] = True
    for klass, name, member in slots:
        try:
            value = member.__get__(obj, klass)
        except AttributeError:  # a slot never set
            continue
        attrs.append([name, ref(value)])
    desc["attrs"] = attrs
    desc["class"] = _type_qualname(cls)


def _layout(cls):
    """Where an instance of `cls` keeps its attributes: the `__dict__` its MRO defines, and its
    slots, (class, name, member descriptor) in MRO order."""
    slots = []
    for klass in _type_mro(cls):
        members = _C_MEMBERS.get(id(klass))
        if members is None:
            members = _members(klass)
        slots.extend([(klass, name, member) for name, member in members])
    return _mro_lookup(cls, "__dict__"), slots


#: id(C type) -> its slots (_members): a C type's dict never changes, and `object`, in every
#: class's MRO, has two dozen entries and no slot.
_C_MEMBERS = {}


def _members(klass):
    """The slots a class defines: (name, member descriptor) in its dict's order."""
    members = [
        (name, member)
        for name, member in _proxy_items(_type_dict(klass))
        if _type(member) is MemberDescriptorType and _type(name) is str
    ]
    if not _type_flags(klass) & _HEAPTYPE:
        _C_MEMBERS[id(klass)] = members
    return members


def _describe_scalar(obj, cls, kind, max_repr):
    desc = _header(obj, cls)
    desc["kind"] = kind
    desc["repr"] = _scalar_repr(obj, cls, max_repr)
    if cls is int and -5 <= obj <= _SMALL_INT_MAX:
        desc["smallInt"] = True
    if cls is bytes:
        desc["length"] = _bytes_len(obj)
    if cls is str:
        desc["length"] = _str_len(obj)
        if _is_interned is not None and _is_interned(obj):
            desc["interned"] = True
    return desc


def _scalar_repr(obj, cls, limit):
    if cls is bool:
        return "True" if obj else "False"
    if cls is int:
        if _int_bit_length(obj) > 128:
            # Converting a huge int to decimal is quadratic (and limited by int_max_str_digits).
            return f"<int of {_int_bit_length(obj)} bits>"
        return _int_repr(obj)
    if cls is float:
        return _float_repr(obj)
    if cls is complex:
        return _complex_repr(obj)
    if cls is str:
        return _abbreviated_repr(obj, _str_repr, _str_len(obj), limit)
    if cls is bytes:
        return _abbreviated_repr(obj, _bytes_repr, _bytes_len(obj), limit)
    return "None"


def _abbreviated_repr(obj, repr_of, n, limit):
    """The repr of a str or bytes, or when longer than `limit` its true start and end around
    "…" ('abcdefgh…xyz'): the diagram never shows an end the value does not have. Only the
    two ends are converted (a huge value costs little), then quoted as the whole repr is."""
    if n <= limit:
        text = repr_of(obj)
        if len(text) <= limit:
            return text
    head_n = max(limit * 2 // 3, 1)
    head = repr_of(obj[:head_n])
    tail = repr_of(obj[n - max(limit - head_n - 4, 1) :])
    prefix = "b" if head[0] == "b" else ""
    # repr quotes with " only when the value holds ' and no " (Objects/unicodeobject.c, unicode_repr).
    single, double = (b"'", b'"') if prefix else ("'", '"')
    quote = '"' if single in obj and double not in obj else "'"
    return f"{prefix}{quote}{_body(head, prefix, quote)}…{_body(tail, prefix, quote)}{quote}"


def _body(text, prefix, quote):
    """The inside of a part's repr, as it reads between the whole value's quotes. A part quoted
    otherwise holds no quote that needs escaping, except a ' when the whole is quoted with '."""
    body = text[len(prefix) + 1 : -1]
    if text[len(prefix)] == '"' and quote == "'":
        body = body.replace("'", "\\'")
    return body
