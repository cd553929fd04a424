import { describe, expect, it } from 'vitest';
import { lessonOrigin, neighbours, sitePath, sortLessons, tableOfContents } from './lessons.ts';

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

describe('what the moves tables need of a lesson', () => {
  const body = 'Text.\n\n<Predict id="badge" />\n\n## Copies\n\n<Exercise id="watch-it-go" />\n';
  it('lists its formerly, its activities and, given its headings, every anchor a link may name', () => {
    const entry = { id: 'freeing', body, data: { formerly: ['reference-counting'] } };
    expect(lessonOrigin(entry, [{ depth: 2, slug: 'copies', text: 'Copies' }])).toEqual({
      slug: 'freeing',
      formerly: ['reference-counting'],
      activities: ['badge', 'watch-it-go'],
      anchors: ['copies', 'predict-badge', 'exercise-watch-it-go'],
    });
  });

  it('has no anchors without headings, and no formerly when the lesson names none', () => {
    expect(lessonOrigin({ id: 'a', body, data: {} })).toEqual({ slug: 'a', formerly: [], activities: ['badge', 'watch-it-go'] });
  });
});
