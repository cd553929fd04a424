/**
 * Web Storage that never throws. localStorage may be missing, disabled (some
 * privacy settings throw on merely reading `window.localStorage`), full, or
 * refuse one call and not the next; every script of the page that keeps
 * something there goes through these, so a storage problem costs a
 * remembered thing, never a broken page. (The inline theme script in
 * BaseLayout.astro runs before any module and guards itself.)
 */

/** The part of Web Storage the page uses (localStorage in the browser, a Map in tests). */
export type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** No storage to use: the browser has none, or refused it. */
type Missing = null | undefined;

/** `localStorage`, or undefined where there is none or merely touching it throws. */
export function safeLocalStorage(): Storage | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}

/** What reading a key found: its value (null when nothing is stored), or that it could not be read. */
export type Read = { ok: true; value: string | null } | { ok: false };

/** Reads `key`, telling "nothing stored" from "could not read" (for a caller that must not overwrite what it could not see). */
export function readItem(storage: Pick<StorageLike, 'getItem'> | Missing, key: string): Read {
  if (!storage) return { ok: false };
  try {
    return { ok: true, value: storage.getItem(key) };
  } catch {
    return { ok: false };
  }
}

/** The value stored under `key`; null when there is none or it cannot be read. */
export function getItem(storage: Pick<StorageLike, 'getItem'> | Missing, key: string): string | null {
  const read = readItem(storage, key);
  return read.ok ? read.value : null;
}

/** How a write went: `saved`; `full` (over the quota: something smaller may fit); `failed` (no storage, or it refused). */
export type Written = 'saved' | 'full' | 'failed';

/** Stores `value` under `key`. */
export function setItem(storage: Pick<StorageLike, 'setItem'> | Missing, key: string, value: string): Written {
  if (!storage) return 'failed';
  try {
    storage.setItem(key, value);
    return 'saved';
  } catch (error) {
    return isQuotaError(error) ? 'full' : 'failed';
  }
}

/** Forgets `key`; false when the storage would not. */
export function removeItem(storage: Pick<StorageLike, 'removeItem'> | Missing, key: string): boolean {
  if (!storage) return false;
  try {
    storage.removeItem(key);
    return true;
  } catch {
    return false;
  }
}

/** The browsers' ways of saying the storage is full (Firefox's older name included). */
function isQuotaError(error: unknown): boolean {
  return error instanceof DOMException
    ? error.name === 'QuotaExceededError' || error.name === 'NS_ERROR_DOM_QUOTA_REACHED'
    : error instanceof Error && /quota/i.test(error.message);
}
