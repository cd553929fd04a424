/**
 * The engine in Node, the one way to start it there: Pyodide plus the runner,
 * with the Python files read from disk. Build-time traces, the CLI and the
 * benchmarks share one engine per process (`nodeEngine`); a test file starts
 * its own (`freshNodeEngine`). Node only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPyodide, type PyodideAPI } from 'pyodide';
import { installRunner, PYTHON_MODULES, type PythonSources, type Runner } from '../python/runner.ts';

const require = createRequire(import.meta.url);

/** A started engine: the runner, and the Pyodide it runs in. */
export interface StartedEngine {
  pyodide: PyodideAPI;
  runner: Runner;
}

let shared: Promise<Runner> | null = null;

/** One engine per process, started on first use. */
export function nodeEngine(): Promise<Runner> {
  shared ??= freshNodeEngine().then(({ runner }) => runner);
  return shared;
}

/** An engine of its own (real CPython, nothing shared with other callers), e.g. one per test file. */
export async function freshNodeEngine(): Promise<StartedEngine> {
  const pyodide = await loadPyodide({ indexURL: pyodideDir() });
  return { pyodide, runner: installRunner(pyodide, pythonSourcesFromDisk()) };
}

/** The `pyodide` package folder, with a trailing slash (explicit, so this works even when bundled: Astro bundles its config and the plugins it imports). */
export function pyodideDir(): string {
  return `${path.dirname(require.resolve('pyodide/package.json'))}/`;
}

/** The engine's Python files (PYTHON_MODULES), read from disk. */
export function pythonSourcesFromDisk(): PythonSources {
  const beside = fileURLToPath(new URL('../python/', import.meta.url));
  const sourceDir = existsSync(path.join(beside, 'runner.py')) ? beside : path.join(process.cwd(), 'src/engine/python');
  const read = (name: string) => readFileSync(path.join(sourceDir, `${name}.py`), 'utf8');
  return Object.fromEntries(PYTHON_MODULES.map((name) => [name, read(name)])) as PythonSources;
}
