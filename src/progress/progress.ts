/**
 * The page's one progress store (see store.ts), over localStorage, kept in step
 * with other tabs through the `storage` event.
 */
import { ProgressStore, STORE_KEY, type StorageLike } from './store.ts';

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
  store = new ProgressStore(localStorageOrNull());
  window.addEventListener('storage', (event) => {
    if (event.key === STORE_KEY || event.key === null) store?.reload();
  });
  return store;
}
