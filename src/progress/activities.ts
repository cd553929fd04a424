/**
 * The exercises and questions a lesson embeds, and the keys their progress is
 * saved under. Pure and browser-safe (the sidebar and home page use the keys).
 */

export type ActivityKind = 'exercise' | 'predict';

export interface Activity {
  kind: ActivityKind;
  id: string;
}

/** The `<Exercise id="…" />` and `<Predict id="…" />` elements of a lesson's MDX, in page order. */
export function embeddedActivities(mdx: string): Activity[] {
  const found: Activity[] = [];
  for (const match of mdx.matchAll(/<(Exercise|Predict)\s+id=["']([^"']+)["']\s*\/>/g)) {
    found.push({ kind: match[1] === 'Exercise' ? 'exercise' : 'predict', id: match[2]! });
  }
  return found;
}

/** Where an activity's progress is stored: ids are unique within a lesson, lessons within the course. */
export function activityKey(lesson: string, id: string): string {
  return `${lesson}/${id}`;
}
