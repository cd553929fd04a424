/**
 * Test helper: one Pyodide (real CPython 3.14) per test file, in Node, with
 * the same runner the browser worker installs.
 */
import { loadPyodide, type PyodideAPI } from 'pyodide';
import type { RunResult, Stream } from './protocol.ts';
import { pythonSources } from './python-sources.ts';
import { installRunner, type Runner } from './runner.ts';

export interface NodeEngine {
  pyodide: PyodideAPI;
  runner: Runner;
  /** Runs a program and collects its output per stream. */
  run(code: string): { result: RunResult; stdout: string; stderr: string; chunks: { stream: Stream; text: string }[] };
}

export async function startNodeEngine(): Promise<NodeEngine> {
  const pyodide = await loadPyodide();
  const runner = installRunner(pyodide, pythonSources);
  return {
    pyodide,
    runner,
    run(code) {
      const chunks: { stream: Stream; text: string }[] = [];
      const result = runner.run(code, (stream, text) => chunks.push({ stream, text }));
      const join = (s: Stream) => chunks.filter((c) => c.stream === s).map((c) => c.text).join('');
      return { result, stdout: join('stdout'), stderr: join('stderr'), chunks };
    },
  };
}
