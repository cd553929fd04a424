/**
 * Installs the Python runner and tracer (python/*.py) into a Pyodide instance
 * and gives them a typed face. Used by the worker in the browser and by Node
 * (tests, CLI, benchmarks), so all of them exercise exactly the same code.
 */
import type { PyodideAPI } from 'pyodide';
import type { RunResult, Stream, TraceLimits } from './protocol.ts';

export type { TraceLimits };

/** The text of python/runner.py and python/tracer.py (read by Vite in the browser, from disk in Node scripts). */
export interface PythonSources {
  runner: string;
  tracer: string;
}

export interface Runner {
  /** Runs a program in a fresh namespace; output is streamed through `emit`. */
  run(code: string, emit: (stream: Stream, text: string) => void): RunResult;
  /**
   * Runs a program under the memory tracer; returns the trace as JSON text (parse with parseTrace).
   * `onSteps` receives the steps while they are recorded (JSON objects joined by commas).
   */
  trace(code: string, emit: (stream: Stream, text: string) => void, limits?: TraceLimits, onSteps?: (fragment: string) => void): string;
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
  // Private modules: never in sys.modules, so the reader's code cannot import them.
  const load = pyodide.runPython(LOADER, { globals: pyodide.globals.get('dict')() });
  const toPy = (deps: Record<string, unknown>) => pyodide.toPy(deps);
  const tracer = load('ipm_tracer', sources.tracer, toPy({}));
  const runner = load('ipm_runner', sources.runner, toPy({ tracer_module: tracer }));
  const run = runner.run;
  const trace = runner.trace;
  return {
    run(code, emit) {
      return JSON.parse(run(code, emit)) as RunResult;
    },
    trace(code, emit, limits = {}, onSteps) {
      const options = {
        max_steps: limits.maxSteps,
        max_objects: limits.maxObjects,
        max_items: limits.maxItems,
        max_frames: limits.maxFrames,
        max_seconds: limits.maxSeconds,
      };
      const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
      // undefined (not null) becomes None in Python.
      return trace(code, emit, JSON.stringify(defined), onSteps) as string;
    },
  };
}
