/**
 * "Continue where you left off": the last lesson a reader opened, kept in
 * localStorage. Storage may be missing (private mode, disabled), full, or hold
 * anything at all, so reading validates and writing never throws (see
 * browser/storage.ts).
 */
import { getItem, type StorageLike, setItem } from '../browser/storage.ts';

// The pages reach the browser's storage through here (pages/index.astro reads the last lesson).
export { safeLocalStorage } from '../browser/storage.ts';

export const LAST_LESSON_KEY = 'ipm:last-lesson';

/** The slug of the last lesson visited, if it is one of `known`. */
export function readLastLesson(storage: Pick<StorageLike, 'getItem'> | undefined, known: readonly string[]): string | null {
  const raw = getItem(storage, LAST_LESSON_KEY);
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
export function writeLastLesson(storage: Pick<StorageLike, 'setItem'> | undefined, slug: string, now = Date.now()): boolean {
  return setItem(storage, LAST_LESSON_KEY, JSON.stringify({ slug, at: now })) === 'saved';
}

/**
 * Where "Continue" leads: the last lesson visited while it is unfinished, else the first unfinished
 * lesson after it (then before it); null when every lesson is finished or none was visited.
 */
export function continueTarget(lessons: readonly { slug: string; complete: boolean }[], last: string | null): string | null {
  const at = lessons.findIndex((l) => l.slug === last);
  if (at < 0) return null;
  if (!lessons[at]!.complete) return last;
  const next = [...lessons.slice(at + 1), ...lessons.slice(0, at)].find((l) => !l.complete);
  return next?.slug ?? null;
}
