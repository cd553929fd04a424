/**
 * Installs the Python runner (python/runner.py) into a Pyodide instance and
 * gives it a typed face. Used by the worker in the browser and by the Node
 * tests, so both exercise exactly the same code.
 */
import type { PyodideAPI } from 'pyodide';
import type { RunResult, Stream } from './protocol.ts';
import runnerSource from './python/runner.py?raw';

export interface Runner {
  /** Runs a program in a fresh namespace; output is streamed through `emit`. */
  run(code: string, emit: (stream: Stream, text: string) => void): RunResult;
}

export function installRunner(pyodide: PyodideAPI): Runner {
  // A private namespace: the reader's code cannot import or reach the runner.
  const namespace = pyodide.globals.get('dict')();
  pyodide.runPython(runnerSource, { globals: namespace, filename: '<ipm-runner>' });
  const run = namespace.get('run');
  return {
    run(code, emit) {
      return JSON.parse(run(code, emit)) as RunResult;
    },
  };
}
