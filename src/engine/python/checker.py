"""Runs an exercise's checker against the reader's finished program.

Loaded once per engine as a private module (see src/engine/python/runner.ts). The runner
calls `run_checks` after the reader's code ran under the tracer, while their
namespace and objects are still alive. The checker is the author's Python: its
`check_*` functions run in order, each given a `Run` (the reader's namespace,
output and memory facts from the trace), until one fails.

A verdict says which checks passed, which one failed and why:
  pass       every check held
  fail       a check's assertion failed (its message is for the reader)
  error      the reader's code raised inside a check (e.g. a check called their
             function), reported with their line
  fault      the checker itself is broken (a bug in the exercise, not the reader's)
"""

import builtins
import sys
import traceback

# Private builtins, as in runner.py: a program that rebinds builtins.len cannot break a check.
__builtins__ = dict(builtins.__dict__)

# Put here by the engine's private loader (runner.ts), never imported.
safe = globals()["ipm_safe"]

_getrefcount = sys.getrefcount
_is_immortal = globals()["ipm_describe"]._is_immortal  # None where this CPython cannot tell
_format_exception_only = traceback.format_exception_only
_type = type
_len = len
_str = str
_callable = callable
_sorted = sorted
_deepest_line = safe.deepest_line
_safe_str = safe.safe_str

CHECKER_FILE = "<check>"


class Run:
    """What a check sees of the reader's run. See content/AUTHORING.md."""

    __slots__ = ("ns", "output", "freed", "collections", "unreachable", "steps", "_offset")

    def __init__(self, ns, output, freed, collections, unreachable, steps):
        self.ns = ns
        self.output = output
        self.freed = freed
        self.collections = collections
        self.unreachable = unreachable
        self.steps = steps
        self._offset = 0

    def refcount(self, obj):
        """CPython's reference count of `obj`, without the checker's own reference.

        Called as `run.refcount(run.ns["name"])` or with a local variable of the
        check, the check holds exactly one reference of its own (the temporary or
        the local); everything else the call adds is measured on a probe."""
        if _is_immortal is not None and _is_immortal(obj):
            return None
        return _getrefcount(obj) - self._offset

    def __repr__(self):
        return f"<Run: {len(self.ns)} names, {len(self.output)} characters of output>"


def _calibrate(run):
    # A probe held by one dict entry and passed the way a check passes it: what
    # getrefcount reports above 1 is the cost of the call itself.
    holder = {"probe": object()}
    run._offset = 0
    raw = run.refcount(holder["probe"])
    run._offset = raw - 1


def _memory_facts(tracer):
    """Frees, collector runs and unreachable objects, from the tracer's recorded steps."""
    freed, collections = [], []
    for event in tracer.events_seen:
        if event["kind"] == "freed":
            freed.append(event["type"])
        elif event["kind"] == "gc":
            collections.append({k: event.get(k) for k in ("generation", "collected", "uncollectable")})
    registry = tracer.registry
    unreachable = []
    for key in _sorted(registry.unreachable):
        record = registry.records.get(key)
        if record is not None:
            unreachable.append(record.type_name)
    return freed, collections, unreachable, tracer.steps_run


def _docline(func):
    doc = getattr(func, "__doc__", None)
    if _type(doc) is _str and doc.strip():
        return doc.strip().splitlines()[0]
    return func.__name__.removeprefix("check_").replace("_", " ")


def _message(exc):
    return _safe_str(exc, "<message could not be read>")


def run_checks(source, namespace, output, tracer, cell, builtins_dict):
    """Returns {"verdict", "checks": [{"name", "status", "message"?}], ...}."""
    checker_ns = {"__name__": "ipm_check", "__builtins__": builtins_dict}
    try:
        exec(compile(source, CHECKER_FILE, "exec", dont_inherit=True), checker_ns)
    except BaseException as exc:  # noqa: BLE001 - a checker that does not load is the exercise's fault
        message = "The checker did not load: " + "".join(_format_exception_only(exc)).strip()
        return {"verdict": "fault", "checks": [], "message": message}
    checks = [(name, f) for name, f in checker_ns.items() if name.startswith("check_") and _callable(f)]
    if not checks:
        return {"verdict": "fault", "checks": [], "message": "The checker defines no check_* function."}
    freed, collections, unreachable, steps = _memory_facts(tracer)
    run = Run(namespace, output, freed, collections, unreachable, steps)
    _calibrate(run)
    results = []
    verdict = "pass"
    message = None
    for _name, func in checks:
        title = _docline(func)
        if verdict != "pass":
            results.append({"name": title, "status": "skipped"})
            continue
        try:
            func(run)
        except KeyboardInterrupt:
            raise
        except AssertionError as exc:
            tb = exc.__traceback__
            reader_line = _deepest_line(tb, cell)
            text = _message(exc)
            if reader_line is not None:
                # An assert in the reader's own function, reached from a check.
                verdict = "error"
                message = f"Your code raised AssertionError on line {reader_line}" + (f": {text}" if text else "")
            else:
                verdict = "fail"
                message = text or f"Check failed: {title}"
            results.append({"name": title, "status": "failed", "message": message})
        except BaseException as exc:  # noqa: BLE001 - whatever a check raises is part of the verdict
            tb = exc.__traceback__
            reader_line = _deepest_line(tb, cell)
            kind = _type(exc).__name__
            if reader_line is not None:
                verdict = "error"
                message = f"Your code raised {kind} on line {reader_line}: {_message(exc)}"
            else:
                verdict = "fault"
                where = _deepest_line(tb, CHECKER_FILE)
                at = f" on its line {where}" if where else ""
                message = (
                    f"The checker itself failed ({kind}{at}: {_message(exc)}). "
                    "This is a bug in the exercise, not in your code."
                )
            results.append({"name": title, "status": "failed", "message": message})
        else:
            results.append({"name": title, "status": "passed"})
    verdict_dict = {"verdict": verdict, "checks": results}
    if message is not None:
        verdict_dict["message"] = message
    return verdict_dict
