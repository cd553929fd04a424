import { describe, expect, it } from 'vitest';
import { neighbours, sitePath, sortLessons, tableOfContents } from './lessons.ts';

const lesson = (id: string, order: number) => ({ id, data: { order, title: id } });

describe('course navigation', () => {
  const sorted = sortLessons([lesson('c', 3), lesson('a', 1), lesson('b', 2)]);

  it('orders lessons by their order field', () => {
    expect(sorted.map((l) => l.id)).toEqual(['a', 'b', 'c']);
  });

  it('finds previous and next lessons', () => {
    expect(neighbours(sorted, 'a')).toEqual({ next: sorted[1] });
    expect(neighbours(sorted, 'b')).toEqual({ prev: sorted[0], next: sorted[2] });
    expect(neighbours(sorted, 'c')).toEqual({ prev: sorted[1] });
    expect(neighbours(sorted, 'zzz')).toEqual({});
  });

  it('builds the table of contents from h2 and h3', () => {
    const headings = [1, 2, 3, 4].map((depth) => ({ depth, slug: `h${depth}`, text: `H${depth}` }));
    expect(tableOfContents(headings).map((h) => h.slug)).toEqual(['h2', 'h3']);
  });

  it('joins paths under any base', () => {
    expect(sitePath('/', 'lessons/a/')).toBe('/lessons/a/');
    expect(sitePath('/course/', '/favicon.svg')).toBe('/course/favicon.svg');
    expect(sitePath('/course', '')).toBe('/course/');
  });
});
