/**
 * The other Pythons' engines in the page, one worker each (a worker holds one
 * Pyodide), created when a reader first compares versions and shared by every
 * comparison on the page after that. The course's version is the page's own
 * engine (engine.ts). Nothing here runs, and nothing is downloaded, unless a
 * reader compares: lessons never import this module up front.
 *
 * Their files are not handed to the offline service worker: the course's
 * engine is (engine.ts), but storing three more Pythons (about 40 MB) for an
 * occasional comparison is not the reader's choice to make silently; the
 * browser's HTTP cache still keeps them for the next comparison.
 */
import { pyodideIndexURL } from '../assets.ts';
import { DEFAULT_VERSION, engineDir, type PythonVersion } from '../versions.ts';
import { EngineClient } from './client.ts';
import { getEngine } from './engine.ts';

const engines = new Map<PythonVersion, EngineClient>();

/** The engine of `version`: the page's own for the course's version, else one started for comparisons. */
export function engineOf(version: PythonVersion): EngineClient {
  if (version === DEFAULT_VERSION) return getEngine();
  let engine = engines.get(version);
  if (!engine) {
    engine = new EngineClient(
      () => new Worker(new URL('../worker/worker.ts', import.meta.url), { type: 'module', name: `python-engine-${version}` }),
      pyodideIndexURL(import.meta.env.BASE_URL, location.href, engineDir(version)),
      undefined,
      undefined,
      true,
    );
    engines.set(version, engine);
  }
  return engine;
}
