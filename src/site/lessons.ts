/** Course navigation, as pure functions over lesson entries. */
import { activityKey, embeddedActivities } from '../progress/activities.ts';
import type { LessonOrigin } from '../progress/moves.ts';

export interface LessonLike {
  id: string;
  data: { order: number; title: string };
}

export function sortLessons<T extends LessonLike>(lessons: readonly T[]): T[] {
  return [...lessons].sort((a, b) => a.data.order - b.data.order || a.id.localeCompare(b.id));
}

/** The lessons before and after `id` in course order. */
export function neighbours<T extends LessonLike>(sorted: readonly T[], id: string): { prev?: T; next?: T } {
  const at = sorted.findIndex((lesson) => lesson.id === id);
  if (at === -1) return {};
  const prev = sorted[at - 1];
  const next = sorted[at + 1];
  return { ...(prev ? { prev } : {}), ...(next ? { next } : {}) };
}

export interface Heading {
  depth: number;
  slug: string;
  text: string;
}

/** The on-page table of contents: second- and third-level headings. */
export function tableOfContents(headings: readonly Heading[]): Heading[] {
  return headings.filter((h) => h.depth === 2 || h.depth === 3);
}

/** Joins the site's base path and a path inside the site. */
export function sitePath(base: string, path: string): string {
  return `${base.replace(/\/$/, '')}/${path.replace(/^\//, '')}`;
}

/** The progress keys of the exercises and questions a lesson embeds (from its MDX source), in page order. */
export function activityKeysOf(lesson: { id: string; body?: string | undefined }): string[] {
  return embeddedActivities(lesson.body ?? '').map((a) => activityKey(lesson.id, a.id));
}

/**
 * What the moves tables (progress/moves.ts) need of a lesson: its slug, `formerly`, activity ids and, when
 * known, its anchors (headings, and each exercise's and question's own heading).
 */
export function lessonOrigin(
  lesson: { id: string; body?: string | undefined; data: { formerly?: readonly string[] | undefined } },
  headings?: readonly Heading[],
): LessonOrigin {
  const activities = embeddedActivities(lesson.body ?? '');
  return {
    slug: lesson.id,
    formerly: lesson.data.formerly ?? [],
    activities: activities.map((a) => a.id),
    ...(headings
      ? { anchors: [...headings.map((h) => h.slug), ...activities.map((a) => `${a.kind === 'exercise' ? 'exercise' : 'predict'}-${a.id}`)] }
      : {}),
  };
}
