import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { lessonSchema } from './site/lesson-schema.ts';
import { lessonSlugOf } from './site/lesson-slug.ts';

/** Lessons live in content/lessons/<NN-slug>/index.mdx; the id is the slug without its number. */
const lessons = defineCollection({
  loader: glob({
    base: './content/lessons',
    pattern: '*/index.mdx',
    generateId: ({ entry }) => lessonSlugOf(entry),
  }),
  schema: lessonSchema,
});

export const collections = { lessons };
