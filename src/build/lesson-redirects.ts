/**
 * Astro `redirects` for lesson URLs that no longer exist: an old slug a lesson names in its `formerly`
 * that no lesson has any more goes to the first lesson (in course order) that took from it. Read from the
 * lessons' frontmatter when astro.config.mjs loads (the content collection is not there yet).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseFrontmatter } from '@astrojs/markdown-remark';
import { vanishedSlugs } from '../progress/moves.ts';
import { lessonSlugOf } from '../site/lesson-slug.ts';

/** `{ "/lessons/old/": "<base>lessons/new/" }` for every vanished slug of the lessons in `lessonsDir`. */
export function lessonRedirects(lessonsDir: string, base: string): Record<string, string> {
  const lessons = readdirSync(lessonsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => {
      const { frontmatter } = parseFrontmatter(readFileSync(path.join(lessonsDir, d.name, 'index.mdx'), 'utf8'));
      const formerly: unknown = frontmatter.formerly;
      return {
        slug: lessonSlugOf(d.name),
        order: typeof frontmatter.order === 'number' ? frontmatter.order : 0,
        formerly: Array.isArray(formerly) ? formerly.filter((s): s is string => typeof s === 'string') : [],
        activities: [],
      };
    })
    .sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug));
  const root = base.endsWith('/') ? base : `${base}/`;
  return Object.fromEntries(Object.entries(vanishedSlugs(lessons)).map(([old, now]) => [`/lessons/${old}/`, `${root}lessons/${now}/`]));
}
