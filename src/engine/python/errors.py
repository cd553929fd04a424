"""A run that failed, told to the reader: the `error` of a RunResult (protocol.ts).

A syntax error with its line and caret, an exception with a traceback trimmed
to the reader's own frames, or the earlier cells a cell continues from having
failed. These run after the program, once the modules the engine uses are put
back; still, describing an exception runs its own code (its `__str__`, its
class's metaclass, its `__notes__`), so each description falls back to one
that touches nothing of the reader's.
"""

import linecache as _linecache
import traceback as _traceback
from _ast import PyCF_ONLY_AST
from codeop import compile_command
from itertools import islice as _islice
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
_has_base = safe.has_base
_mro_lookup = safe.mro_lookup
_type_flags = safe.type_flags
_HEAPTYPE = safe.HEAPTYPE


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


_SHOW_CARETS = getattr(StackSummary, "_should_show_carets", None)


def _show_carets(start_offset, end_offset, all_lines, anchors):
    """StackSummary._should_show_carets (which reads nothing of its `self`), without its parse
    where the text already answers. CPython parses the lines only to find a `return f(...)`
    or `x = f(...)` whose call spans them exactly (then no carets). In ASCII text (its offsets
    mix bytes and characters) such a call ends with ")" at end_offset, with `=` or `return`
    before start_offset on the first line: without both, the parse cannot change the answer."""
    if all(line.isascii() for line in all_lines):
        first = all_lines[0][:start_offset]
        if all_lines[-1][end_offset - 1 : end_offset] != ")" or ("=" not in first and "return" not in first):
            if anchors:
                return True
            return bool(first.lstrip() or all_lines[-1][end_offset:].rstrip())
    return _SHOW_CARETS(None, start_offset, end_offset, all_lines, anchors)


def _rebound(function, namespace):
    """`function`'s own code, looking its globals up in `namespace`."""
    copy = _FunctionType(function.__code__, namespace, function.__name__, function.__defaults__, function.__closure__)
    copy.__kwdefaults__ = function.__kwdefaults__
    copy.__qualname__ = function.__qualname__
    return copy


def _fast_formatter():
    """format_exception's equivalent on CPython's own code, minus the parses it can skip; None
    where this CPython's traceback does not have the pieces it replaces."""
    if _CARET_ANCHORS is None or _SHOW_CARETS is None:
        return None
    namespace = dict(_traceback.__dict__)

    class Stack(StackSummary):
        format_frame_summary = _rebound(StackSummary.format_frame_summary, namespace)

        def _should_show_carets(self, start_offset, end_offset, all_lines, anchors):
            return _show_carets(start_offset, end_offset, all_lines, anchors)

    class Exception_(TracebackException):
        __init__ = _rebound(TracebackException.__init__, namespace)

    namespace["_extract_caret_anchors_from_line_segment"] = _caret_anchors
    namespace["StackSummary"] = Stack
    namespace["TracebackException"] = Exception_

    def formatted(exc):
        return list(Exception_(type(exc), exc, exc.__traceback__, compact=True).format())

    return formatted


_format_exception = _fast_formatter() or format_exception
#: Whether this CPython's traceback has the rules `_plain_traceback` follows (3.13+; 3.12 draws its carets otherwise).
_PLAIN = _format_exception is not format_exception


# ---- the common case, without CPython's general machinery -------------------------------
#
# A traceback whose frames are all the reader's one-line statements (the engine's sources
# are in linecache, ASCII, each instruction on one line) and whose exception chains nothing
# is most errors a reader meets. CPython's formatter still builds a FrameSummary per frame,
# re-reads linecache, dedents and indents through textwrap: ~100 µs for a one-frame error,
# as long as a small program's whole trace. `_plain_stack` writes the same frames directly,
# with CPython's own rules for the carets (the same anchors and show/hide test as above);
# the exception's own lines (its message, hints, notes) stay CPython's, from a
# TracebackException that extracts no frame. Anything else (a library's frame, a line that is
# not ASCII or spans lines, a chained exception, an exception group) is left to CPython's
# formatter; errors.test.ts compares both with `traceback.format_exception`.

#: Line breaks str.splitlines() knows and the compiler does not: linecache's lines and the
#: code's line numbers could disagree on them.
_ODD_BREAK = _regex(r"[\r\x0b\x0c\x1c-\x1e]")
_RECURSIVE_CUTOFF = getattr(_traceback, "_RECURSIVE_CUTOFF", 3)
_BASE_ATTRIBUTES = tuple(BaseException.__dict__[name] for name in ("__cause__", "__context__", "__suppress_context__"))
_cache = _linecache.cache


def _source_lines(filename):
    """The lines linecache holds for one of the engine's own sources (<cell>, the earlier cells),
    as the runner put them there; None for any other file (read from disk or a zip by linecache)."""
    entry = _cache.get(filename)
    if type(entry) is tuple and len(entry) == 4 and entry[1] is None and type(entry[2]) is list:
        return entry[2]
    return None


def _plain_frame(code, lineno, end_lineno, colno, end_colno, lines):
    """One frame as StackSummary.format_frame_summary writes it; None when this is not the
    simple case (see above)."""
    if lineno is None or (end_lineno is not None and end_lineno != lineno) or not 1 <= lineno <= len(lines):
        return None
    original = lines[lineno - 1]
    if type(original) is not str:
        return None
    original = original.rstrip()
    if not original or not original.isascii() or _ODD_BREAK.search(original) is not None:
        return None
    head = f'  File "{code.co_filename}", line {lineno}, in {code.co_name}\n'
    if colno is None or end_colno is None:
        return head + "    " + original.strip() + "\n"
    line = original.lstrip(" \t")  # textwrap.dedent of one line
    dedented = len(original) - len(line)
    # In ASCII a byte offset is a character offset, and a character one column wide.
    start = max(0, min(colno, len(original)) - dedented)
    end = max(0, min(end_colno, len(original)) - dedented)
    try:
        anchors = _caret_anchors(line[start:end])
    except Exception:  # noqa: BLE001 - as CPython's: no anchors
        anchors = None
    if not _show_carets(start, end, [line], anchors):
        return head + "    " + line + "\n"
    left = right = 0
    primary = secondary = "^"
    if anchors:
        if anchors.left_end_lineno != 0 or anchors.right_start_lineno != 0:
            return None
        left = anchors.left_end_offset + start
        right = anchors.right_start_offset + start
        primary, secondary = anchors.primary_char, anchors.secondary_char
    # Blank up to the instruction (the line itself starts with no blank: it is dedented, and
    # a blank other than space and tab is not ASCII or is an odd break).
    carets = [" "] * start
    for col in range(start, end):
        carets.append(secondary if anchors and left <= col < right else primary)
    carets = "".join(carets)
    if not carets.strip():
        return None  # (textwrap would blank the line: left to CPython)
    return head + "    " + line + "\n    " + carets + "\n"


def _plain_stack(tb):
    """The frames of a traceback as StackSummary.format writes them, repeated frames folded;
    None unless every frame is the simple case."""
    out = []
    last = None
    count = 0
    while tb is not None:
        frame = tb.tb_frame
        code = frame.f_code
        lines = _source_lines(code.co_filename)
        if lines is None:
            return None
        lasti = tb.tb_lasti
        if lasti < 0:
            lineno = end_lineno = colno = end_colno = None
        else:
            lineno, end_lineno, colno, end_colno = next(_islice(code.co_positions(), lasti // 2, None))
        if lineno is None:
            lineno = tb.tb_lineno
        text = _plain_frame(code, lineno, end_lineno, colno, end_colno, lines)
        if text is None:
            return None
        where = (code.co_filename, lineno, code.co_name)
        if where != last:
            if count > _RECURSIVE_CUTOFF:
                count -= _RECURSIVE_CUTOFF
                out.append(f"  [Previous line repeated {count} more time{'s' if count > 1 else ''}]\n")
            last = where
            count = 0
        count += 1
        if count <= _RECURSIVE_CUTOFF:
            out.append(text)
        tb = tb.tb_next
    if count > _RECURSIVE_CUTOFF:
        count -= _RECURSIVE_CUTOFF
        out.append(f"  [Previous line repeated {count} more time{'s' if count > 1 else ''}]\n")
    return out


def _plain_traceback(exc):
    """format_exception's text for the common case (see above), or None."""
    cls = type(exc)
    if _has_base(cls, BaseExceptionGroup):
        return None
    if _type_flags(cls) & _HEAPTYPE and any(_mro_lookup(cls, a.__name__) is not a for a in _BASE_ATTRIBUTES):
        return None  # the reader's class redefines what the chain is read from
    if exc.__cause__ is not None or (exc.__context__ is not None and not exc.__suppress_context__):
        return None
    tb = _exc_traceback.__get__(exc)
    frames = _plain_stack(tb) if tb is not None else []
    if frames is None:
        return None
    # The exception's own lines: CPython's, from a TracebackException that extracts no frame
    # (limit=0) but is given the traceback, which its "Did you mean" hints search.
    own = "".join(TracebackException(cls, exc, tb, limit=0, compact=True).format_exception_only())
    if not frames:
        return own
    return "Traceback (most recent call last):\n" + "".join(frames) + own


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
        text = _plain_traceback(exc) if _PLAIN else None
        if text is None:
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
