"""A run that failed, told to the reader: the `error` of a RunResult (protocol.ts).

A syntax error with its line and caret, an exception with a traceback trimmed
to the reader's own frames, or the earlier cells a cell continues from having
failed. These run after the program, once the modules the engine uses are put
back; still, describing an exception runs its own code (its `__str__`, its
class's metaclass, its `__notes__`), so each description falls back to one
that touches nothing of the reader's.
"""

import traceback as _traceback
from _ast import PyCF_ONLY_AST
from codeop import compile_command
from keyword import kwlist as _KEYWORDS
from re import compile as _regex
from sys import stdlib_module_names as _STDLIB
from textwrap import dedent
from traceback import StackSummary, TracebackException, format_exception, format_tb
from types import FunctionType as _FunctionType

try:  # the search behind CPython's own NameError hints, where this CPython has it in C
    from _suggestions import _generate_suggestions
except ImportError:
    _generate_suggestions = None

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


# ---- CPython's traceback, with two parses it can do without ---------------------------
#
# Since 3.13 each frame of a traceback costs two ast.parse calls (~12 µs each here), to
# decide where its carets go: one of the instruction's text, for the anchors of a binary
# operation, a subscript or a call, and one of its whole lines, only to find a `return f()`
# or `x = f()` whose call is the whole line (which gets no carets). The formatter below
# is CPython's own code (the same functions, given a namespace where two names differ)
# that skips a parse whose answer is already known from the text; it prints exactly what
# `traceback.format_exception` prints (errors.test.ts compares them). Where the functions
# it relies on are not there (3.12), CPython's own formatter is used.

#: A raise or an assert: a statement, which has no caret anchors (nor does a name: see below).
_STATEMENT = _regex(r"(?:raise|assert)(?!\w)")
_CARET_ANCHORS = getattr(_traceback, "_extract_caret_anchors_from_line_segment", None)


def _caret_anchors(segment):
    """CPython's anchors of an instruction's text, without parsing a name or a statement: a
    name parses to a name (or a constant, or nothing) and a statement not at all, so neither
    is a binary operation, a subscript or a call, the only texts that have anchors."""
    if segment.isidentifier() or _STATEMENT.match(segment) is not None:
        return None
    return _CARET_ANCHORS(segment)


def _rebound(function, namespace):
    """`function`'s own code, looking its globals up in `namespace`."""
    copy = _FunctionType(function.__code__, namespace, function.__name__, function.__defaults__, function.__closure__)
    copy.__kwdefaults__ = function.__kwdefaults__
    copy.__qualname__ = function.__qualname__
    return copy


def _fast_formatter():
    """format_exception's equivalent on CPython's own code, minus the parses it can skip; None
    where this CPython's traceback does not have the pieces it replaces."""
    show_carets = getattr(StackSummary, "_should_show_carets", None)
    if _CARET_ANCHORS is None or show_carets is None:
        return None
    namespace = dict(_traceback.__dict__)

    class Stack(StackSummary):
        format_frame_summary = _rebound(StackSummary.format_frame_summary, namespace)

        def _should_show_carets(self, start_offset, end_offset, all_lines, anchors):
            # CPython parses the lines only to find a `return f(...)` or `x = f(...)` whose call
            # spans them exactly (then no carets). In ASCII text (its offsets mix bytes and
            # characters) such a call ends with ")" at end_offset, with `=` or `return` before
            # start_offset on the first line: without both, the parse cannot change the answer.
            if all(line.isascii() for line in all_lines):
                first = all_lines[0][:start_offset]
                if all_lines[-1][end_offset - 1 : end_offset] != ")" or ("=" not in first and "return" not in first):
                    if anchors:
                        return True
                    return bool(first.lstrip() or all_lines[-1][end_offset:].rstrip())
            return show_carets(self, start_offset, end_offset, all_lines, anchors)

    class Exception_(TracebackException):
        __init__ = _rebound(TracebackException.__init__, namespace)

    namespace["_extract_caret_anchors_from_line_segment"] = _caret_anchors
    namespace["StackSummary"] = Stack
    namespace["TracebackException"] = Exception_

    def formatted(exc):
        return list(Exception_(type(exc), exc, exc.__traceback__, compact=True).format())

    return formatted


_format_exception = _fast_formatter() or format_exception


def _not_shipped(exc):
    """The note for a ModuleNotFoundError of a package outside the standard library, or None."""
    name = exc.name if type(exc) is ModuleNotFoundError else None
    if type(name) is not str or not name:
        return None
    top = name.partition(".")[0]
    return None if top in _STDLIB else _NOT_SHIPPED.format(name=top)


def describe_syntax_error(exc):
    """A program that does not compile: where, why, and the keyword it may have misspelt.

    Formatted as CPython's traceback module does, except for its search for a misspelt
    keyword (3.13+), which tries every name from the program's first line with difflib and
    compiles the program for each near miss: that search costs many times the rest of a
    small program's run. `_keyword_typo` gives the same hint from a cheaper search; the
    message, line and columns say what the traceback shows."""
    error = TracebackException(type(exc), exc, None, compact=True)
    where = exc.lineno, exc.offset, exc.end_offset  # (the formatter keeps its lines as text)
    if getattr(error, "_exc_metadata", None):  # a CPython whose traceback module searches (3.13+)
        error._exc_metadata = None
        try:
            typo = _keyword_typo(exc)
        except Exception:  # noqa: BLE001 - as CPython's: a search that fails only costs the hint
            typo = None
        if typo is not None:
            line, text, start, end, keyword = typo
            error.msg = f"invalid syntax. Did you mean '{keyword}'?"
            error.text = text
            error.lineno = error.end_lineno = line
            error.offset, error.end_offset = start + 1, end + 1
            where = line, start + 1, end + 1
    return {
        "kind": "syntax",
        "type": type(exc).__name__,
        "message": str(error.msg),
        "line": where[0],
        "column": where[1],
        "endColumn": where[2],
        "traceback": "".join(error.format_exception_only()),
    }


#: A name as the tokenizer reads one (not the tail of a number such as 1e5 or 0x1f).
_NAME = _regex(r"(?<!\w)[^\W\d]\w*")
_KEYWORD_SET = frozenset(_KEYWORDS)
#: As CPython's search: names tried, near misses per name, source searched.
_TYPO_NAMES = 10
_TYPO_MATCHES = 3
_TYPO_SOURCE = 1024


def _near_keywords(name):
    """Keywords `name` may be a misspelling of, most likely first: CPython's suggestion
    (one letter missing, extra or wrong) and two neighbouring letters swapped (`esle`)."""
    found = []
    if _generate_suggestions is not None:
        suggestion = _generate_suggestions(_KEYWORDS, name)
        if suggestion:
            found.append(suggestion)
    for i in range(len(name) - 1):
        swapped = name[:i] + name[i + 1] + name[i] + name[i + 2 :]
        if swapped in _KEYWORD_SET and swapped not in found:
            found.append(swapped)
    return found[:_TYPO_MATCHES]


def _keyword_typo(exc):
    """A misspelt keyword that explains an "invalid syntax" error, as CPython's traceback
    module looks for one (traceback.TracebackException._find_keyword_typos): a name that,
    replaced by a keyword it nearly spells, makes the source up to the error's line
    compile (or read as unfinished). Only the names of the error's lines up to the end of
    its caret are tried: the parser stopped there, so no later name can explain it.
    Returns (line, its text, start column, end column, keyword) or None."""
    msg = exc.msg
    if type(msg) is not str or (msg != "invalid syntax" and "Perhaps you forgot a comma" not in msg):
        return None
    metadata = exc._metadata
    source = metadata[2] if type(metadata) is tuple and len(metadata) == 3 else None
    first, last = exc.lineno, exc.end_lineno or exc.lineno
    if type(source) is not str or type(first) is not int or first < 1:
        return None
    lines = source.splitlines()
    start = metadata[0] - 1 if type(metadata[0]) is int and metadata[0] > 0 else 0
    if last > len(lines) or len("\n".join(lines[start:last])) > _TYPO_SOURCE:
        return None
    end_column = exc.end_offset - 1 if type(exc.end_offset) is int and exc.end_offset > 0 else None
    names = _TYPO_NAMES
    for number in range(first, last + 1):
        text = lines[number - 1]
        for match in _NAME.finditer(text):
            if number == last and end_column is not None and match.start() >= end_column:
                break
            name = match.group()
            if name in _KEYWORD_SET:
                continue
            names -= 1
            if names < 0:
                return None
            for keyword in _near_keywords(name):
                fixed = lines[start:last]
                fixed[number - 1 - start] = text[: match.start()] + keyword + text[match.end() :]
                try:
                    compile_command(dedent("\n".join(fixed)), symbol="exec", flags=PyCF_ONLY_AST)
                except SyntaxError:
                    continue
                return number, text + "\n", match.start(), match.end(), keyword
    return None


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
        text = "".join(_format_exception(exc))
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
