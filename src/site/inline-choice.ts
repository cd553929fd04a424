/**
 * "values inline" is the reader's choice once they make it: the lesson's per-cell default holds only
 * until then, and a choice made in one diagram applies to every diagram (on this page at once, via an
 * event, and on every page after). Kept in localStorage through browser/storage.ts; nothing throws.
 */
import { getItem, type StorageLike, safeLocalStorage, setItem } from '../browser/storage.ts';

export const INLINE_KEY = 'ipm:values-inline';
/** Fired on window with the new choice (a boolean) as its detail. */
export const INLINE_EVENT = 'ipm:values-inline';

/** The reader's choice, or null if they have not made one. */
export function readInlineChoice(storage: Pick<StorageLike, 'getItem'> | undefined = safeLocalStorage()): boolean | null {
  const value = getItem(storage, INLINE_KEY);
  return value === 'on' ? true : value === 'off' ? false : null;
}

/** Keeps the reader's choice and tells every diagram on the page. */
export function writeInlineChoice(inline: boolean, storage: Pick<StorageLike, 'setItem'> | undefined = safeLocalStorage()): void {
  setItem(storage, INLINE_KEY, inline ? 'on' : 'off');
  if (typeof window !== 'undefined') window.dispatchEvent(new CustomEvent(INLINE_EVENT, { detail: inline }));
}
