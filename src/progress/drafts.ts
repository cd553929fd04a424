/**
 * The reader's edits to a lesson's plain live cells, kept across reloads (exercises keep theirs in the
 * progress store). A draft is kept with the code the cell had when the reader edited it, and comes back
 * only while the lesson still has that code: a cell the author rewrote starts from its new code.
 * One localStorage key; the oldest drafts give way past a cap; nothing throws.
 *
 * A cell that moved (renumbered in its lesson, or into a lesson that took material from another: moves.ts)
 * finds its draft by its original code among the drafts of those lessons, and the draft moves to its new key.
 */
import { getItem, removeItem, type StorageLike, safeLocalStorage, setItem } from '../browser/storage.ts';
import { lessonOfCellKey } from './moves.ts';

export const DRAFTS_KEY = 'ipm-cell-drafts';
/** Drafts kept at most (the oldest edited go first). */
export const MAX_DRAFTS = 100;

interface Draft {
  /** The cell's code as the lesson gave it when this draft was made. */
  original: string;
  /** The reader's code. */
  code: string;
  /** When it was last edited (ms since the epoch), to drop the oldest first. */
  at: number;
}

type Drafts = Record<string, Draft>;

function readAll(storage: StorageLike | undefined): Drafts {
  const text = getItem(storage, DRAFTS_KEY);
  if (!text) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Drafts) : {};
  } catch {
    return {};
  }
}

const applies = (draft: Draft | undefined, original: string): draft is Draft =>
  !!draft && draft.original === original && typeof draft.code === 'string' && draft.code !== original;

function writeAll(storage: StorageLike | undefined, drafts: Drafts) {
  const kept = Object.entries(drafts)
    .sort((a, b) => (b[1].at ?? 0) - (a[1].at ?? 0))
    .slice(0, MAX_DRAFTS);
  if (kept.length === 0) removeItem(storage, DRAFTS_KEY);
  else setItem(storage, DRAFTS_KEY, JSON.stringify(Object.fromEntries(kept)));
}

/**
 * The reader's draft of the cell `cell` (e.g. "/lessons/introduction/#Python cell 3"), if it still applies to
 * `original`. Else a draft of the same original code saved under another cell of `lessons` (slugs: the page's
 * lesson and those it took material from), which moves to `cell`.
 */
export function loadDraft(
  cell: string,
  original: string,
  storage: StorageLike | undefined = safeLocalStorage(),
  lessons: readonly string[] = [],
): string | null {
  const drafts = readAll(storage);
  const own = drafts[cell];
  if (applies(own, original)) return own.code;
  const moved = Object.entries(drafts)
    .filter(([key, draft]) => key !== cell && lessons.includes(lessonOfCellKey(key) ?? '') && applies(draft, original))
    .sort((a, b) => (b[1].at ?? 0) - (a[1].at ?? 0))[0];
  if (!moved) return null;
  const [from, draft] = moved;
  delete drafts[from];
  drafts[cell] = draft;
  writeAll(storage, drafts);
  return draft.code;
}

/** Keeps `code` as the draft of `cell`, or forgets the draft when the code is the original again. */
export function saveDraft(
  cell: string,
  original: string,
  code: string,
  storage: StorageLike | undefined = safeLocalStorage(),
  now = Date.now(),
) {
  const drafts = readAll(storage);
  if (code === original) delete drafts[cell];
  else drafts[cell] = { original, code, at: now };
  writeAll(storage, drafts);
}

/** The lessons a lesson page's cells may have moved from: its own and its `formerly` (LessonLayout writes them). */
export function pageDraftLessons(): string[] {
  try {
    const parsed: unknown = JSON.parse(document.querySelector<HTMLElement>('[data-draft-lessons]')?.dataset.draftLessons ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((s): s is string => typeof s === 'string') : [];
  } catch {
    return [];
  }
}
