import { describe, expect, it } from 'vitest';
import { continueTarget, LAST_LESSON_KEY, readLastLesson, writeLastLesson } from './last-visit.ts';

class MemoryStorage {
  data = new Map<string, string>();
  getItem(key: string) {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.data.set(key, value);
  }
}

const known = ['introduction', 'object-allocation'];

describe('last lesson visited', () => {
  it('round-trips a known lesson', () => {
    const storage = new MemoryStorage();
    expect(writeLastLesson(storage, 'object-allocation')).toBe(true);
    expect(readLastLesson(storage, known)).toBe('object-allocation');
  });

  it('ignores a lesson that no longer exists', () => {
    const storage = new MemoryStorage();
    writeLastLesson(storage, 'removed-lesson');
    expect(readLastLesson(storage, known)).toBeNull();
  });

  it('survives absent, broken and hostile stores', () => {
    expect(readLastLesson(undefined, known)).toBeNull();
    const storage = new MemoryStorage();
    for (const junk of ['{', 'null', '42', '"introduction"', '{"slug": 3}', '[]']) {
      storage.data.set(LAST_LESSON_KEY, junk);
      expect(readLastLesson(storage, known), junk).toBeNull();
    }
    const throwing = {
      getItem(): string {
        throw new Error('SecurityError');
      },
      setItem(): void {
        throw new Error('QuotaExceededError');
      },
    };
    expect(readLastLesson(throwing, known)).toBeNull();
    expect(writeLastLesson(throwing, 'introduction')).toBe(false);
    expect(writeLastLesson(undefined, 'introduction')).toBe(false);
  });
});

describe('continueTarget', () => {
  const lessons = (complete: string) => ['a', 'b', 'c'].map((slug) => ({ slug, complete: complete.includes(slug) }));
  it('leads to the last lesson visited while it is unfinished', () => {
    expect(continueTarget(lessons(''), 'b')).toBe('b');
  });
  it('leads past a finished lesson to the next unfinished one, wrapping round', () => {
    expect(continueTarget(lessons('b'), 'b')).toBe('c');
    expect(continueTarget(lessons('bc'), 'b')).toBe('a');
  });
  it('leads nowhere when every lesson is finished or none was visited', () => {
    expect(continueTarget(lessons('abc'), 'b')).toBeNull();
    expect(continueTarget(lessons(''), null)).toBeNull();
  });
});
