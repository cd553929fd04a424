/**
 * The page-wide engine: one worker shared by every cell on the page, created
 * on first use, or a little earlier when the reader shows intent to run
 * (see prewarmOnIntent): a page that is only skimmed never downloads Python.
 * Its threads start, without Python, when the first island hydrates.
 * A returning reader whose browser already has the engine gets it started
 * with the page (see startIfReturning).
 */

import { getItem, safeLocalStorage, setItem } from '../../browser/storage.ts';
import { whenVisible } from '../../browser/when-visible.ts';
import { cacheUrls } from '../../sw/messages.ts';
import { PYODIDE_FILES, pyodideIndexURL } from '../assets.ts';
import { IDLE_START_DELAY_MS, IDLE_START_TIMEOUT_MS, KEEP_OFFLINE_DELAY_MS } from '../limits.ts';
import type { SnapshotInfo } from '../protocol.ts';
import { EngineClient, type StartReason } from './client.ts';

/**
 * Set by the build (src/build/integrations/pyodide-assets.ts): the engine's memory
 * snapshot in the Pyodide folder. Absent in `astro dev` and in tests.
 */
declare const __IPM_ENGINE_SNAPSHOT__: { file: string; bytes: number; pyodideVersion: string } | null | undefined;

let engine: EngineClient | null = null;

/**
 * Where this page's engine lives: the Pyodide folder, the build's snapshot,
 * and `files`, the key of the returning-reader mark (the snapshot's URL, or
 * the Pyodide folder without one), which changes whenever a deploy changes
 * the engine's files.
 */
function engineSetup(): { indexURL: string; snapshot: SnapshotInfo | undefined; files: string } {
  const indexURL = pyodideIndexURL(import.meta.env.BASE_URL, location.href);
  const built = typeof __IPM_ENGINE_SNAPSHOT__ === 'undefined' ? null : __IPM_ENGINE_SNAPSHOT__;
  const snapshot = built
    ? { url: new URL(built.file, indexURL).href, bytes: built.bytes, pyodideVersion: built.pyodideVersion }
    : undefined;
  return { indexURL, snapshot, files: snapshot?.url ?? indexURL };
}

export function getEngine(): EngineClient {
  if (!engine) {
    const { indexURL, snapshot, files } = engineSetup();
    const client = new EngineClient(
      () => new Worker(new URL('../worker/worker.ts', import.meta.url), { type: 'module', name: 'python-engine' }),
      indexURL,
      snapshot,
      () => new Worker(new URL('../snapshot/helper-worker.ts', import.meta.url), { type: 'module', name: 'python-engine-snapshot' }),
    );
    // The first time Python is ready on this page (the state comes back to ready after every run).
    const stop = client.state.subscribe((state) => {
      if (state !== 'ready') return;
      queueMicrotask(() => stop());
      writeEngineMark(files);
      keepOffline([...PYODIDE_FILES.map((name) => indexURL + name), ...(snapshot ? [snapshot.url] : [])]);
    });
    engine = client;
  }
  return engine;
}

/**
 * Asks the offline service worker (src/sw/sw.ts) to store the engine's files,
 * a few seconds after Python is ready: it does not store them while they load,
 * which would slow the boot, and now they come from the browser's HTTP cache.
 */
function keepOffline(urls: string[]): void {
  const controller = navigator.serviceWorker?.controller;
  if (!controller) return;
  setTimeout(() => controller.postMessage(cacheUrls(urls)), KEEP_OFFLINE_DELAY_MS);
}

/** Remembers that Python has run here with these files (so they are in the reader's cache). */
const ENGINE_MARK = 'ipm:engine-files';

// Without storage, returning readers start Python on intent, as first-time ones do.
const writeEngineMark = (files: string) => void setItem(safeLocalStorage(), ENGINE_MARK, files);
const engineMark = () => getItem(safeLocalStorage(), ENGINE_MARK);

/**
 * Starts the engine with the page for a reader who has run Python here before
 * with the same files: they come from the browser's cache (or the offline
 * cache), so this costs no download, and Python is ready by the time the
 * reader reaches a cell. First-time readers, readers after a deploy that
 * changed the engine, and readers saving data wait for intent instead. A page
 * opened in the background starts when it is first shown.
 */
export function startIfReturning(): void {
  if (typeof document === 'undefined' || savingData()) return;
  if (engineMark() !== engineSetup().files) return;
  whenVisible(() => prewarm('returning'));
}

/** Starts loading the engine now, if it is not loading yet; a failure shows on the next Run, which retries. */
export function prewarm(reason: StartReason): void {
  getEngine()
    .start(reason)
    .catch(() => undefined);
}

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
      prewarm('intent');
    };
    document.addEventListener('pointerover', onIntent, { capture: true, passive: true });
    document.addEventListener('focusin', onIntent, true);
  }
  if (!idleScheduled && !savingData()) {
    idleScheduled = true;
    // The engine's threads start now (no Python yet), so that the reader's first Run skips that step.
    getEngine().prepare();
    setTimeout(() => {
      if (typeof requestIdleCallback === 'function') requestIdleCallback(() => prewarm('idle'), { timeout: IDLE_START_TIMEOUT_MS });
      else prewarm('idle');
    }, IDLE_START_DELAY_MS);
  }
}

function savingData(): boolean {
  const connection = (navigator as Navigator & { connection?: { saveData?: boolean; effectiveType?: string } }).connection;
  return Boolean(connection?.saveData) || /(^|-)2g$|^3g$/.test(connection?.effectiveType ?? '');
}
