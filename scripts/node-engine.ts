/** Starts the engine in Node for scripts (CLI, benchmarks): Pyodide plus the runner read from disk. */
import { readFileSync } from 'node:fs';
import { loadPyodide } from 'pyodide';
import { installRunner, type Runner } from '../src/engine/runner.ts';

const python = (name: string) => readFileSync(new URL(`../src/engine/python/${name}`, import.meta.url), 'utf8');

export async function startEngine(): Promise<Runner> {
  const pyodide = await loadPyodide();
  return installRunner(pyodide, { runner: python('runner.py'), tracer: python('tracer.py') });
}
