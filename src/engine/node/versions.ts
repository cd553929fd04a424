/**
 * Another Python's engine in Node (src/engine/versions.ts): its Pyodide
 * package's own loader, with the same runner. One version per process: a
 * second Pyodide in a process that has one trips over the first one's
 * globals ("Lock file version doesn't match"), so callers that compare
 * start a process per version (scripts/trace.ts --python, versions.test.ts).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { installRunner } from '../python/runner.ts';
import { DEFAULT_VERSION, ENGINE_BUILDS, type PythonVersion } from '../versions.ts';
import { freshNodeEngine, pythonSourcesFromDisk, type StartedEngine } from './engine.ts';

const require = createRequire(import.meta.url);

/** The engine of `version` (the course's own for the default), real CPython of that version. */
export async function versionNodeEngine(version: PythonVersion): Promise<StartedEngine> {
  if (version === DEFAULT_VERSION) return freshNodeEngine();
  const dir = `${path.dirname(require.resolve(`${ENGINE_BUILDS[version].packageName}/package.json`))}/`;
  const module = (await import(pathToFileURL(`${dir}pyodide.mjs`).href)) as typeof import('pyodide');
  const pyodide = await module.loadPyodide({ indexURL: dir });
  return { pyodide, runner: installRunner(pyodide, pythonSourcesFromDisk()) };
}
