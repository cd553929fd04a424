/**
 * The page-wide engine: one worker shared by every cell on the page, created
 * on first use, or a little earlier when the reader shows intent to run
 * (see prewarmOnIntent): a page that is only skimmed never downloads Python.
 */
import { pyodideIndexURL } from './assets.ts';
import { EngineClient } from './client.ts';
import type { SnapshotInfo } from './protocol.ts';

/**
 * Set by the build (src/integrations/pyodide-assets.ts): the engine's memory
 * snapshot in the Pyodide folder. Absent in `astro dev` and in tests.
 */
declare const __IPM_ENGINE_SNAPSHOT__: { file: string; bytes: number; pyodideVersion: string } | null | undefined;

let engine: EngineClient | null = null;

export function getEngine(): EngineClient {
  if (!engine) {
    const indexURL = pyodideIndexURL(import.meta.env.BASE_URL, location.href);
    const built = typeof __IPM_ENGINE_SNAPSHOT__ === 'undefined' ? null : __IPM_ENGINE_SNAPSHOT__;
    const snapshot: SnapshotInfo | undefined = built
      ? { url: new URL(built.file, indexURL).href, bytes: built.bytes, pyodideVersion: built.pyodideVersion }
      : undefined;
    engine = new EngineClient(
      () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'python-engine' }),
      indexURL,
      snapshot,
    );
  }
  return engine;
}

/** Starts loading the engine now, if it is not loading yet; a failure shows on the next Run, which retries. */
export function prewarm(): void {
  getEngine().start().catch(() => undefined);
}

/** How long the page must have been quiet after an island hydrated before the engine loads unasked. */
const IDLE_DELAY_MS = 2_000;
const watched = new Set<string>();
let idleScheduled = false;

/**
 * Starts the engine when the reader shows intent to run: the pointer over, or
 * focus in, an element matching `selector` (a cell), or the page idle a while
 * after hydration, unless the reader asked to save data or the connection is
 * slow. Islands call it when they hydrate; calling it again costs nothing.
 */
export function prewarmOnIntent(selector: string): void {
  if (typeof document === 'undefined') return;
  if (!watched.has(selector)) {
    watched.add(selector);
    const onIntent = (event: Event) => {
      if (!(event.target instanceof Element) || !event.target.closest(selector)) return;
      document.removeEventListener('pointerover', onIntent, true);
      document.removeEventListener('focusin', onIntent, true);
      prewarm();
    };
    document.addEventListener('pointerover', onIntent, { capture: true, passive: true });
    document.addEventListener('focusin', onIntent, true);
  }
  if (!idleScheduled && !savingData()) {
    idleScheduled = true;
    setTimeout(() => {
      if (typeof requestIdleCallback === 'function') requestIdleCallback(prewarm, { timeout: 5_000 });
      else prewarm();
    }, IDLE_DELAY_MS);
  }
}

function savingData(): boolean {
  const connection = (navigator as Navigator & { connection?: { saveData?: boolean; effectiveType?: string } }).connection;
  return Boolean(connection?.saveData) || /(^|-)2g$|^3g$/.test(connection?.effectiveType ?? '');
}
