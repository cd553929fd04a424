/**
 * Installs the Python runner and tracer (python/*.py) into a Pyodide instance
 * and gives them a typed face. Used by the worker in the browser and by Node
 * (tests, CLI, benchmarks), so all of them exercise exactly the same code.
 */
import type { PyodideAPI } from 'pyodide';
import type { PyProxy } from 'pyodide/ffi';
import type { RunResult, Stream, TraceLimits } from '../protocol.ts';
import { splitCheckOutput, type CheckOutput } from '../../trace/wire.ts';

export type { CheckOutput, TraceLimits };

/** The text of python/runner.py, tracer.py and checker.py (read by Vite in the browser, from disk in Node scripts). */
export interface PythonSources {
  runner: string;
  tracer: string;
  checker: string;
}

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

const LOADER = `
import types
def load(name, source, deps):
    module = types.ModuleType(name)
    module.__dict__.update(deps)
    exec(compile(source, f"<{name}>", "exec"), module.__dict__)
    return module
load
`;

export function installRunner(pyodide: PyodideAPI, sources: PythonSources): Runner {
  return runnerFrom(loadRunnerModule(pyodide, sources));
}

/** Loads runner.py (with tracer.py and checker.py) as a private module: never in sys.modules, so the reader's code cannot import it. */
export function loadRunnerModule(pyodide: PyodideAPI, sources: PythonSources): PyProxy {
  const load = pyodide.runPython(LOADER, { globals: pyodide.globals.get('dict')() });
  const toPy = (deps: Record<string, unknown>) => pyodide.toPy(deps);
  const tracer = load('ipm_tracer', sources.tracer, toPy({}));
  const checker = load('ipm_checker', sources.checker, toPy({}));
  return load('ipm_runner', sources.runner, toPy({ tracer_module: tracer, checker_module: checker }));
}

/** The typed face of a loaded runner module (also used after booting from a memory snapshot). */
export function runnerFrom(runner: PyProxy): Runner {
  const run = runner.run;
  const trace = runner.trace;
  const check = runner.check;
  // undefined (not null) becomes None in Python: optional arguments are passed as undefined.
  const orNone = (setup?: string) => (setup ? setup : undefined);
  return {
    run(code, emit, setup) {
      return JSON.parse(run(code, emit, orNone(setup))) as RunResult;
    },
    trace(code, emit, limits = {}, onSteps, setup) {
      return trace(code, emit, limitOptions(limits), onSteps, orNone(setup)) as string;
    },
    check(code, checkerSource, emit, limits = {}, onSteps, setup) {
      return splitCheckOutput(check(code, checkerSource, emit, limitOptions(limits), onSteps, orNone(setup)) as string);
    },
  };
}
