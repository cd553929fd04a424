/**
 * Where readers' saved work goes when lessons are split or merged. A lesson that took material from
 * others says so in its frontmatter (`formerly: ["old-slug"]`); from that alone the build derives:
 *
 * - activity moves: progress saved as `old-slug/id` belongs to `new-slug/id` when the exercise or
 *   question `id` now lives in the new lesson (and not, under the same id, in the old one);
 * - moved anchors: `/lessons/old-slug/#heading` goes to the lesson that now has that heading;
 * - vanished slugs: an old slug no lesson has any more redirects to the first lesson that took from it.
 *
 * Pure: the build computes the tables, the page applies them (store.ts, drafts.ts, LessonLayout).
 */
import { activityKey } from './activities.ts';

/** What the build knows of a lesson, for the tables. */
export interface LessonOrigin {
  slug: string;
  /** Old lesson slugs this lesson took material from (frontmatter `formerly`). */
  formerly: readonly string[];
  /** Its exercises' and questions' ids. */
  activities: readonly string[];
  /** Its headings' anchors. */
  anchors?: readonly string[];
}

/** Old progress key → new progress key. */
export type ActivityMoves = Record<string, string>;

/**
 * Every saved key that now belongs elsewhere. Lessons in course order: where two lessons took the same
 * id from one old lesson, it is an authoring error (the reader's work could go to either).
 */
export function activityMoves(lessons: readonly LessonOrigin[]): ActivityMoves {
  const bySlug = new Map(lessons.map((l) => [l.slug, l]));
  const moves: ActivityMoves = {};
  for (const lesson of lessons)
    for (const old of lesson.formerly) {
      const stayed = new Set(bySlug.get(old)?.activities ?? []);
      for (const id of lesson.activities) {
        if (stayed.has(id) || old === lesson.slug) continue;
        const from = activityKey(old, id);
        const to = activityKey(lesson.slug, id);
        if (moves[from] && moves[from] !== to)
          throw new Error(`"${id}" of the old lesson "${old}" is claimed by two lessons (${moves[from]} and ${to}): rename one`);
        moves[from] = to;
      }
    }
  return moves;
}

/**
 * For the page of lesson `slug` (which may be an old slug that vanished): its anchors that now live in
 * a lesson that took from it, anchor → that lesson's slug (the first in course order).
 */
export function movedAnchors(lessons: readonly LessonOrigin[], slug: string): Record<string, string> {
  const own = new Set(lessons.find((l) => l.slug === slug)?.anchors ?? []);
  const moved: Record<string, string> = {};
  for (const lesson of lessons) {
    if (lesson.slug === slug || !lesson.formerly.includes(slug)) continue;
    for (const anchor of lesson.anchors ?? []) if (!own.has(anchor) && !(anchor in moved)) moved[anchor] = lesson.slug;
  }
  return moved;
}

/** Old slugs no lesson has any more → the first lesson (in course order) that took from them. */
export function vanishedSlugs(lessons: readonly LessonOrigin[]): Record<string, string> {
  const current = new Set(lessons.map((l) => l.slug));
  const gone: Record<string, string> = {};
  for (const lesson of lessons) for (const old of lesson.formerly) if (!current.has(old) && !(old in gone)) gone[old] = lesson.slug;
  return gone;
}

/** A moved draft's key: the cell keys of a lesson page are `/…/lessons/<slug>/#<label>`. */
export function lessonOfCellKey(key: string): string | null {
  return /\/lessons\/([^/]+)\/#/.exec(key)?.[1] ?? null;
}
