import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lessonRedirects } from './lesson-redirects.ts';

function course(lessons: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ipm-lessons-'));
  for (const [folder, frontmatter] of Object.entries(lessons)) {
    mkdirSync(path.join(dir, folder));
    writeFileSync(path.join(dir, folder, 'index.mdx'), `---\n${frontmatter}\n---\nText.\n`);
  }
  return dir;
}

describe('redirects for vanished lesson slugs', () => {
  it('sends an old slug no lesson has to the first lesson (by order) that took from it, under the base', () => {
    const dir = course({
      '01-names': 'order: 1',
      '03-later': 'order: 3\nformerly: ["old-heap"]',
      '02-heap': 'order: 2\nformerly: ["old-heap", "names"]',
    });
    expect(lessonRedirects(dir, '/')).toEqual({ '/lessons/old-heap/': '/lessons/heap/' });
    expect(lessonRedirects(dir, '/course')).toEqual({ '/lessons/old-heap/': '/course/lessons/heap/' });
  });

  it('redirects nothing when every old slug still exists', () => {
    expect(lessonRedirects(course({ '01-a': 'order: 1', '02-b': 'order: 2\nformerly: ["a"]' }), '/')).toEqual({});
  });
});
