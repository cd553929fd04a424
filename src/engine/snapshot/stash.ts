/**
 * The engine as a Pyodide memory snapshot: the Python side of both ends.
 *
 * At build time (snapshot/build.ts, in Node) CPython boots, loads the runner
 * and tracer, runs a few warm-up programs so that everything they import is
 * imported, and the whole wasm memory is saved. In the browser the worker
 * hands that memory to `loadPyodide({ _loadSnapshot })` and Python is ready
 * without initialising or importing anything.
 *
 * This rests on Pyodide's private snapshot API (`_makeSnapshot`,
 * `makeMemorySnapshot`, `_loadSnapshot`): the `pyodide` version is pinned
 * exactly, and snapshot.test.ts makes and boots a snapshot, so an upgrade
 * that breaks it fails the tests instead of silently slowing readers down.
 *
 * Nothing JavaScript may be held by Python when the memory is saved (the
 * runner keeps the page's callbacks only during a call). The runner module
 * itself is private (never in sys.modules): it is parked under a hidden name
 * in `__main__` for the snapshot, taken back by JS right after the boot, and
 * the name deleted before any reader code runs.
 */
import type { PyodideAPI } from 'pyodide';
import type { PyProxy } from 'pyodide/ffi';
import { loadRunnerModule, type PythonSources, type Runner, relayedRunner, runnerFrom } from '../python/runner.ts';

/** Where the runner module waits in `__main__` between the snapshot and the boot. */
const STASH = '__ipm_engine_runner__';

/**
 * Programs run once before the snapshot so the first Run imports nothing: plain
 * output, an exception with a suggestion (imports the traceback machinery), a
 * syntax error, sys.exit, a traced program with a class, a cycle and the
 * collector, and an exercise check (below).
 */
export const WARM_UP_PROGRAMS = [
  'x = [1, 2]\nprint(x, len(x), sum(x), f"{x!r:>10}")',
  'valeu = 1\nprint(value)',
  'def f(:\n    pass',
  'import sys\nsys.exit(3)',
  'raise ValueError("warm-up")',
];
export const WARM_UP_TRACE = `
class Node:
    def __init__(self, value):
        self.value = value
        self.next = None

def pair():
    a = Node("a")
    b = Node(2.5)
    a.next = b
    b.next = a
    return a

head = pair()
items = [head, (1, "two"), {"k": [3]}, {4, 5}, b"six", None, True, 10**30]
del head
import gc
gc.collect()
print(items[1])
`;

/** An exercise check that passes and one that fails, on a program continuing from a setup cell. */
export const WARM_UP_CHECK = {
  setup: 'base = [1, 2]',
  code: 'total = sum(base) + 3\nalias = base',
  checker: `
def check_total(run):
    "total is 6"
    assert run.ns["total"] == 6, f"total is {run.ns['total']!r}"

def check_alias(run):
    "alias is a copy"
    assert run.ns["alias"] is not run.ns["base"], "alias is the same list"
`,
};

/** Loads the runner, warms it up and parks it for the snapshot. Call on a Pyodide loaded with `_makeSnapshot: true`. */
export function prepareSnapshot(pyodide: PyodideAPI, sources: PythonSources): void {
  const module = loadRunnerModule(pyodide, sources);
  const { runner, release } = relayedRunner(module);
  const ignore = () => undefined;
  for (const program of WARM_UP_PROGRAMS) runner.run(program, ignore);
  runner.trace(WARM_UP_TRACE, ignore, {}, ignore);
  runner.run(WARM_UP_CHECK.code, ignore, WARM_UP_CHECK.setup);
  runner.check(WARM_UP_CHECK.code, WARM_UP_CHECK.checker, ignore, {}, ignore, WARM_UP_CHECK.setup);
  release();
  pyodide.globals.set(STASH, module);
  module.destroy();
  pyodide.runPython('import gc; gc.collect()');
}

/**
 * The runner of a Pyodide booted from an engine snapshot; undefined when the
 * memory holds no runner (a snapshot not made by prepareSnapshot).
 */
export function runnerFromSnapshot(pyodide: PyodideAPI): Runner | undefined {
  const module = pyodide.globals.get(STASH) as PyProxy | undefined;
  if (!module) return undefined;
  pyodide.globals.delete(STASH);
  // Every boot restores the same memory: draw fresh random numbers per reader, as a normal boot
  // does, and drop the duplicate '' Pyodide puts in front of sys.path again on each boot.
  pyodide.runPython(`
import random as _r, sys as _s
_r.seed()
while _s.path.count("") > 1:
    _s.path.remove("")
del _r, _s
`);
  return runnerFrom(module);
}
