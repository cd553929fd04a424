/**
 * The page's one progress store (see store.ts), over localStorage, kept in step
 * with other tabs through the `storage` event, with the course's moved
 * activities (moves.ts) that the build wrote into every page.
 */
import type { ActivityMoves } from './moves.ts';
import { ProgressStore, STORE_KEY, type StorageLike } from './store.ts';

/** The element BaseLayout writes the build's moves into. */
export const MOVES_ELEMENT_ID = 'ipm-progress-moves';

/** The moves in the page; none when the page has none or they cannot be read (the store then reads keys as saved). */
function pageMoves(): ActivityMoves {
  try {
    const parsed: unknown = JSON.parse(document.getElementById(MOVES_ELEMENT_ID)?.textContent ?? '{}');
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as ActivityMoves) : {};
  } catch {
    return {};
  }
}

let store: ProgressStore | null = null;

/** localStorage, or null where the browser refuses it (some privacy modes throw on access). */
function localStorageOrNull(): StorageLike | null {
  try {
    const storage = window.localStorage;
    const probe = '__ipm_probe__';
    storage.setItem(probe, probe);
    storage.removeItem(probe);
    return storage;
  } catch (error) {
    // A full store still reads: the store reports it when a save fails.
    if (error instanceof DOMException && error.name === 'QuotaExceededError') return window.localStorage;
    return null;
  }
}

export function getProgress(): ProgressStore {
  if (store) return store;
  store = new ProgressStore(localStorageOrNull(), Date.now, pageMoves());
  window.addEventListener('storage', (event) => {
    if (event.key === STORE_KEY || event.key === null) store?.reload();
  });
  return store;
}
