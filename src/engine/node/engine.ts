/**
 * The engine in Node, for build-time traces, the CLI and benchmarks: Pyodide
 * plus the runner, with the Python files read from disk. Node only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPyodide } from 'pyodide';
import { installRunner, PYTHON_MODULES, type PythonSources, type Runner } from '../python/runner.ts';

const require = createRequire(import.meta.url);

let engine: Promise<Runner> | null = null;

/** One engine per process, started on first use. */
export function nodeEngine(): Promise<Runner> {
  engine ??= start();
  return engine;
}

async function start(): Promise<Runner> {
  const pyodide = await loadPyodide({ indexURL: pyodideDir() });
  return installRunner(pyodide, pythonSourcesFromDisk());
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
