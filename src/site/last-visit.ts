/**
 * "Continue where you left off": the last lesson a reader opened, kept in
 * localStorage. Storage may be missing (private mode, disabled), full, or hold
 * anything at all, so reading validates and writing never throws.
 */

export const LAST_LESSON_KEY = 'ipm:last-lesson';

interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** The slug of the last lesson visited, if it is one of `known`. */
export function readLastLesson(storage: StorageLike | undefined, known: readonly string[]): string | null {
  let raw: string | null;
  try {
    raw = storage?.getItem(LAST_LESSON_KEY) ?? null;
  } catch {
    return null;
  }
  if (!raw) return null;
  let slug: unknown;
  try {
    slug = (JSON.parse(raw) as { slug?: unknown } | null)?.slug;
  } catch {
    return null;
  }
  return typeof slug === 'string' && known.includes(slug) ? slug : null;
}

/** Remembers `slug`; false when the browser would not store it. */
export function writeLastLesson(storage: StorageLike | undefined, slug: string, now = Date.now()): boolean {
  try {
    if (!storage) return false;
    storage.setItem(LAST_LESSON_KEY, JSON.stringify({ slug, at: now }));
    return true;
  } catch {
    return false;
  }
}

/** `localStorage`, or undefined where merely touching it throws (some privacy settings). */
export function safeLocalStorage(): Storage | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}
