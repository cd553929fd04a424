/**
 * Installs the engine's Python (python/*.py: the runner, the tracer in four
 * modules, the checker) into a Pyodide instance and gives it a typed face. Used
 * by the worker in the browser and by Node (tests, CLI, benchmarks, the build),
 * so all of them exercise exactly the same code.
 */
import type { PyodideAPI } from 'pyodide';
import type { PyCallable, PyProxy } from 'pyodide/ffi';
import { type CheckOutput, splitCheckOutput } from '../../trace/wire.ts';
import type { RunResult, Stream, TraceLimits } from '../protocol.ts';

export type { CheckOutput, TraceLimits };

/**
 * The engine's Python modules, in load order: each module sees the ones before it
 * (as `ipm_<name>` in its namespace) and its code is the file `<ipm_<name>>`
 * (runner.py's _ENGINE_FILES names those that run while a program does). The one
 * list of them: the loader below, sources.ts (Vite), the disk reader
 * (node/engine.ts) and the snapshot's name (snapshot/build.ts) all follow it.
 */
export const PYTHON_MODULES = ['safe', 'registry', 'describe', 'walk', 'tracer', 'checker', 'errors', 'runner'] as const;

type PythonModule = (typeof PYTHON_MODULES)[number];

/** The text of each module's `<name>.py` (read by Vite in the browser, from disk in Node). */
export type PythonSources = Record<PythonModule, string>;

export interface Runner {
  /** Runs a program in a fresh namespace; output is streamed through `emit`. */
  run(code: string, emit: (stream: Stream, text: string) => void, setup?: string): RunResult;
  /**
   * Runs a program under the memory tracer; returns the trace as JSON text (parse with parseTrace, trace/wire.ts).
   * `onSteps` receives the steps while they are recorded (JSON objects joined by commas).
   */
  trace(
    code: string,
    emit: (stream: Stream, text: string) => void,
    limits?: TraceLimits,
    onSteps?: (fragment: string) => void,
    setup?: string,
  ): string;
  /**
   * Traces the reader's code, then runs an exercise's checker (python/checker.py) against it.
   * Returns the checker's verdict and the trace of the run.
   */
  check(
    code: string,
    checker: string,
    emit: (stream: Stream, text: string) => void,
    limits?: TraceLimits,
    onSteps?: (fragment: string) => void,
    setup?: string,
  ): CheckOutput;
}

function limitOptions(limits: TraceLimits): string {
  const options = {
    max_steps: limits.maxSteps,
    max_objects: limits.maxObjects,
    max_items: limits.maxItems,
    max_frames: limits.maxFrames,
    max_seconds: limits.maxSeconds,
  };
  return JSON.stringify(Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)));
}

/** Loads [name, source] pairs in order, each module given the ones before it; returns the last. */
const LOADER = `
import types
def load(modules):
    loaded = {}
    for name, source in modules:
        module = types.ModuleType(name)
        module.__dict__.update(loaded)
        exec(compile(source, f"<{name}>", "exec"), module.__dict__)
        loaded[name] = module
    return module
load
`;

export function installRunner(pyodide: PyodideAPI, sources: PythonSources): Runner {
  return runnerFrom(loadRunnerModule(pyodide, sources));
}

/** Loads runner.py (with the modules before it) as a private module: none is ever in sys.modules, so the reader's code cannot import them. */
export function loadRunnerModule(pyodide: PyodideAPI, sources: PythonSources): PyProxy {
  const load = pyodide.runPython(LOADER, { globals: pyodide.globals.get('dict')() }) as PyCallable;
  const modules = pyodide.toPy(PYTHON_MODULES.map((name) => [`ipm_${name}`, sources[name]]));
  try {
    return load(modules) as PyProxy;
  } finally {
    modules.destroy();
    load.destroy();
  }
}

/** The typed face of a loaded runner module (also used after booting from a memory snapshot). */
export function runnerFrom(runner: PyProxy): Runner {
  return relayedRunner(runner).runner;
}

/**
 * runnerFrom's runner, and `release`, which frees the Python side of its callbacks' relays (see
 * below): a memory snapshot cannot hold a reference to a JS function (snapshot/stash.ts).
 */
export function relayedRunner(runner: PyProxy): { runner: Runner; release(): void } {
  const run = runner.run;
  const trace = runner.trace;
  const check = runner.check;
  // undefined (not null) becomes None in Python: optional arguments are passed as undefined.
  const orNone = (setup?: string) => (setup ? setup : undefined);
  // A run's callbacks reach Python through two relays made once (runner.py: relay), which call
  // whichever callbacks the current run gave: a JS function passed at every call would be
  // wrapped for Python at every call, ~10 µs of a small program's half-millisecond trace.
  const noOutput = () => undefined;
  let emitTo: (stream: Stream, text: string) => void = noOutput;
  let stepsTo: (fragment: string) => void = noOutput;
  const relay = runner.relay as PyCallable;
  const emitRelay = relay((stream: Stream, text: string) => emitTo(stream, text)) as PyProxy;
  const stepsRelay = relay((fragment: string) => stepsTo(fragment)) as PyProxy;
  /** Calls `call` with the relays pointing at this run's callbacks (none when it gives none for the steps). */
  const through = <T>(
    emit: (stream: Stream, text: string) => void,
    onSteps: ((fragment: string) => void) | undefined,
    call: (steps: PyProxy | undefined) => T,
  ): T => {
    emitTo = emit;
    stepsTo = onSteps ?? noOutput;
    try {
      return call(onSteps ? stepsRelay : undefined);
    } finally {
      emitTo = stepsTo = noOutput;
    }
  };
  const face: Runner = {
    run(code, emit, setup) {
      return through(emit, undefined, () => JSON.parse(run(code, emitRelay, orNone(setup))) as RunResult);
    },
    trace(code, emit, limits = {}, onSteps, setup) {
      return through(emit, onSteps, (steps) => trace(code, emitRelay, limitOptions(limits), steps, orNone(setup)) as string);
    },
    check(code, checkerSource, emit, limits = {}, onSteps, setup) {
      return through(emit, onSteps, (steps) =>
        splitCheckOutput(check(code, checkerSource, emitRelay, limitOptions(limits), steps, orNone(setup)) as string),
      );
    },
  };
  return {
    runner: face,
    release() {
      emitRelay.destroy();
      stepsRelay.destroy();
    },
  };
}
