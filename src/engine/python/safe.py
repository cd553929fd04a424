"""Helpers that look at a reader's objects without running any of their code.

The runner, the tracer and the checker all face hostile programs: a class may
define `__getattribute__`, `__eq__`, `__hash__` or `__str__` to misbehave, and a
metaclass can do the same for the class itself. These helpers are the one
place that knows how to read such objects safely: they are bound at load time
(a program may replace `type`, `str` or any attribute of a module), read types
through CPython's own C descriptors found on `type` itself, compare classes by
identity only, and never call a method the reader could have overridden.

Loaded first by the engine's private loader (src/engine/python/runner.ts);
the other modules bind what they use from here at their own load time. The
modules after this one import only the functions they use (`from gc import
...`), not the modules themselves, and call builtins by their own names (they
resolve in BUILTINS) rather than through aliases: every module-level reference
to a module or a builtin shows in its refcount, which a program can read and
the diagrams draw.
"""

import builtins

#: The engine's private copy of the builtins: the tracer's modules set their
#: `__builtins__` to it first thing, so a program that sets `builtins.len = None`
#: changes its own world, not theirs. One copy for all of them: each copy holds a
#: reference to every builtin, which a program can count (sys.getrefcount(len)).
BUILTINS = dict(builtins.__dict__)
__builtins__ = BUILTINS

# C descriptors of `type` itself: a metaclass's `__getattribute__` never sees them read.
type_name = type.__dict__["__name__"].__get__
type_qualname = type.__dict__["__qualname__"].__get__
type_mro = type.__dict__["__mro__"].__get__
type_dict = type.__dict__["__dict__"].__get__
type_flags = type.__dict__["__flags__"].__get__
#: Nonzero for a type that can hold weak references (the tracer's identity for it).
weakref_offset = type.__dict__["__weakrefoffset__"].__get__
#: Py_TPFLAGS_HEAPTYPE: a class made by a `class` statement (or type()), not a C type.
HEAPTYPE = 1 << 9

# The base-class methods that walk a built-in container's own storage, so a
# subclass's `__iter__` or `__len__` never runs. Keyed by id: looking a reader's
# class up by value would hash it, and a metaclass may define `__hash__`.
#: id(container type) -> (iterate its items, its length).
SEQUENCE_METHODS = {
    id(list): (list.__iter__, list.__len__),
    id(tuple): (tuple.__iter__, tuple.__len__),
    id(set): (set.__iter__, set.__len__),
    id(frozenset): (frozenset.__iter__, frozenset.__len__),
}
dict_iter = dict.__iter__
dict_items = dict.items
dict_len = dict.__len__


def mro_lookup(cls, name):
    """The attribute `name` as defined in the class's MRO dicts, or None (runs no code)."""
    for klass in type_mro(cls):
        d = type_dict(klass)
        if name in d:  # keys of a class dict are str: no user __eq__ runs
            return d[name]
    return None


def has_base(cls, base):
    """`base in cls.__mro__` by identity (`in` would compare with a metaclass's __eq__)."""
    for klass in type_mro(cls):
        if klass is base:
            return True
    return False


def deepest_line(tb, filename):
    """The line of the innermost frame of `filename` in a traceback (None if it has none)."""
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def safe_str(obj, fallback):
    """str(obj), or `fallback` when the reader's `__str__` fails (it runs their code)."""
    try:
        return str(obj)
    except BaseException:  # noqa: BLE001 - whatever their __str__ raises, the engine goes on
        return fallback
