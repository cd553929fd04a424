/**
 * The other Pythons' engines in the page, one worker each (a worker holds one
 * Pyodide), created when a reader first compares versions and shared by every
 * comparison on the page after that. The course's version is the page's own
 * engine (engine.ts). Nothing here runs, and nothing is downloaded, unless a
 * reader compares: lessons never import this module up front.
 *
 * An engine no pane holds any more (the reader left the comparison, or
 * unticked its version) lets its worker go once it is idle: three more
 * Pythons' memory is not kept for a reader who has moved on. Their files stay
 * in the browser's HTTP cache, so a later comparison only boots them again.
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
const holders = new Map<PythonVersion, number>();

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

/**
 * Marks `version`'s engine as shown (by a comparison's pane) until the
 * returned function is called; once nothing holds it, it is released as soon
 * as it is ready (now, or when its boot or run ends).
 */
export function holdEngine(version: PythonVersion): () => void {
  holders.set(version, (holders.get(version) ?? 0) + 1);
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    holders.set(version, holders.get(version)! - 1);
    const engine = engines.get(version);
    if (!engine || holders.get(version)! > 0) return;
    const stop = engine.state.subscribe((state) => {
      if (holders.get(version)! > 0) queueMicrotask(() => stop());
      else if (state === 'ready') {
        queueMicrotask(() => stop());
        engine.release();
      } else if (state === 'idle' || state === 'failed') queueMicrotask(() => stop());
    });
  };
}
