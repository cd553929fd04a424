import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { lessonSchema } from './lib/lesson-schema.ts';

/** Lessons live in content/lessons/<NN-slug>/index.mdx; the id is the slug without its number. */
const lessons = defineCollection({
  loader: glob({
    base: './content/lessons',
    pattern: '*/index.mdx',
    generateId: ({ entry }) => lessonSlug(entry),
  }),
  schema: lessonSchema,
});

function lessonSlug(entry: string): string {
  return entry.replace(/\/index\.mdx$/, '').replace(/^\d+-/, '');
}

export const collections = { lessons };
