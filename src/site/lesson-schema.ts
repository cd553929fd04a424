import { z } from 'astro/zod';

/** A lesson's frontmatter. */
export const lessonSchema = z.object({
  /** Shown as the page title and in the sidebar. */
  title: z.string().min(1),
  /** Position in the course, 1-based; lessons are listed by it. */
  order: z.number().int().positive(),
  /** One sentence for lists, search results and the page description. */
  summary: z.string().min(1),
  /** The section of the seed tutorial this lesson covers (e.g. "1. Object Allocation"). */
  seedSection: z.string().min(1),
  /**
   * Old lesson slugs this lesson took material from (a split or a merge): readers' saved work on the
   * activities it took, links to its headings and, should the old slug vanish, its URL follow it here
   * (src/progress/moves.ts).
   */
  formerly: z.array(z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)).default([]),
});
