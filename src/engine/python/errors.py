"""A run that failed, told to the reader: the `error` of a RunResult (protocol.ts).

A syntax error with its line and caret, an exception with a traceback trimmed
to the reader's own frames, or the earlier cells a cell continues from having
failed. These run after the program, once the modules the engine uses are put
back; still, describing an exception runs its own code (its `__str__`, its
class's metaclass, its `__notes__`), so each description falls back to one
that touches nothing of the reader's.
"""

from sys import stdlib_module_names as _STDLIB
from traceback import format_exception, format_exception_only, format_tb

# Put here by the engine's private loader (runner.ts), never imported.
safe = globals()["ipm_safe"]
__builtins__ = safe.BUILTINS

#: The filename of the reader's code: how their frames are told from the engine's.
CELL = "<cell>"
#: The message of an exception whose own __str__ fails.
_NO_STR = "<exception str() failed>"

_exc_traceback = BaseException.__dict__["__traceback__"]
_type_name = safe.type_name
_safe_str = safe.safe_str
_deepest_line = safe.deepest_line


#: What a reader who imports a package the engine does not ship is told (kept in the message and the traceback).
_NOT_SHIPPED = (
    "This course's Python runs in your browser with the standard library only: third-party packages "
    "such as {name} are not installed. The standard library has what the lessons use (sys, gc, array, "
    "collections, tracemalloc, statistics...)."
)


def user_traceback(tb):
    """Drops the engine's own frames from a traceback: the runner's at the top, and any of the
    engine's stand-ins (input()...) the reader's code called at the bottom."""
    while tb is not None and tb.tb_frame.f_code.co_filename != CELL:
        tb = tb.tb_next
    last = tb
    while last is not None and last.tb_next is not None:
        if last.tb_next.tb_frame.f_code.co_filename.startswith("<ipm_"):
            last.tb_next = None
            break
        last = last.tb_next
    return tb


def _not_shipped(exc):
    """The note for a ModuleNotFoundError of a package outside the standard library, or None."""
    name = exc.name if type(exc) is ModuleNotFoundError else None
    if type(name) is not str or not name:
        return None
    top = name.partition(".")[0]
    return None if top in _STDLIB else _NOT_SHIPPED.format(name=top)


def describe_syntax_error(exc):
    return {
        "kind": "syntax",
        "type": type(exc).__name__,
        "message": str(exc.msg),
        "line": exc.lineno,
        "column": exc.offset,
        "endColumn": exc.end_offset,
        "traceback": "".join(format_exception_only(exc)),
    }


def describe_unreadable_source(exc):
    """A ValueError from compile(), e.g. source containing null bytes."""
    return {
        "kind": "syntax",
        "type": "ValueError",
        "message": str(exc),
        "line": None,
        "traceback": f"ValueError: {exc}\n",
    }


def describe_exception(exc, input_error):
    """An exception the program raised; `input_error` (the runner's NoConsoleError) is told apart."""
    tb = user_traceback(_exc_traceback.__get__(exc))
    _exc_traceback.__set__(exc, tb)
    try:
        if isinstance(exc, SyntaxError) and exc.filename == CELL:
            return describe_syntax_error(exc)
        text = "".join(format_exception(exc))
        message = _safe_str(exc, _NO_STR)
        note = _not_shipped(exc)
        if note:
            message = f"{message}. {note}"
            text += note + "\n"
        return {
            "kind": "input" if isinstance(exc, input_error) else "exception",
            "type": type(exc).__name__,
            "message": message,
            "line": _deepest_line(tb, CELL),
            "traceback": text,
        }
    except BaseException:  # noqa: BLE001 - see below
        # Formatting runs the exception's own code (its class's metaclass, __str__,
        # __notes__...), which may fail: the stack alone, without touching the exception.
        name = _type_name(type(exc))
        return {
            "kind": "exception",
            "type": name,
            "message": "<exception could not be described>",
            "line": _deepest_line(tb, CELL),
            "traceback": "Traceback (most recent call last):\n" + "".join(format_tb(tb)) + name + "\n",
        }


def describe_setup_failure(exc):
    """The earlier cells a cell continues from raised `exc`."""
    message = _safe_str(exc, _NO_STR)
    return {
        "kind": "exception",
        "type": type(exc).__name__,
        "message": f"an earlier cell this one continues from failed: {message}",
        "line": None,
        "traceback": f"An earlier cell on this page, which this cell continues from, raised "
        f"{type(exc).__name__}: {message}\nRun that cell on its own to see where.\n",
    }


def exit_code(exc):
    """A SystemExit's code as the page shows it: None, an int, or its text."""
    code = exc.code
    if code is None or type(code) is int:
        return code
    return str(code)
