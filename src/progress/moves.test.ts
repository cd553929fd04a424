import { describe, expect, it } from 'vitest';
import { activityMoves, lessonOfCellKey, movedAnchors, vanishedSlugs } from './moves.ts';

// A split: "allocation" kept its slug and some activities; "identity" and "heap" took the rest.
const split = [
  { slug: 'allocation', formerly: [], activities: ['int-size', 'shared-id'], anchors: ['two-things', 'recap', 'exercise-int-size'] },
  {
    slug: 'identity',
    formerly: ['allocation'],
    activities: ['grow-in-place', 'shared-id', 'plus-equals'],
    anchors: ['rebinding', 'recap', 'exercise-grow-in-place'],
  },
  { slug: 'heap', formerly: ['allocation', 'gone'], activities: ['freed-early'], anchors: ['where-objects-live', 'rebinding'] },
];

describe('activity moves', () => {
  it('moves the ids a lesson took from its old lesson, and none that stayed under the same id', () => {
    expect(activityMoves(split)).toEqual({
      'allocation/grow-in-place': 'identity/grow-in-place',
      'allocation/plus-equals': 'identity/plus-equals',
      'allocation/freed-early': 'heap/freed-early',
      'gone/freed-early': 'heap/freed-early',
    });
  });

  it('refuses one old activity claimed by two lessons', () => {
    const twice = [
      { slug: 'a', formerly: ['old'], activities: ['x'] },
      { slug: 'b', formerly: ['old'], activities: ['x'] },
    ];
    expect(() => activityMoves(twice)).toThrow('"x" of the old lesson "old" is claimed by two lessons (a/x and b/x)');
  });

  it('moves nothing when no lesson says where it came from', () => {
    expect(activityMoves([{ slug: 'a', formerly: [], activities: ['x'] }])).toEqual({});
  });
});

describe('moved anchors', () => {
  it("sends an old lesson's anchors it no longer has to the first lesson that took from it", () => {
    expect(movedAnchors(split, 'allocation')).toEqual({
      rebinding: 'identity',
      'exercise-grow-in-place': 'identity',
      'where-objects-live': 'heap',
    });
  });

  it('moves no anchor of a lesson nobody took from', () => {
    expect(movedAnchors(split, 'identity')).toEqual({});
  });
});

describe('vanished slugs', () => {
  it('redirects an old slug no lesson has any more, and only that', () => {
    expect(vanishedSlugs(split)).toEqual({ gone: 'heap' });
  });
});

describe('cell keys', () => {
  it('reads the lesson of a cell draft key, under any base path', () => {
    expect(lessonOfCellKey('/lessons/introduction/#Python cell 3')).toBe('introduction');
    expect(lessonOfCellKey('/course/lessons/heap/#Python cell 1')).toBe('heap');
    expect(lessonOfCellKey('/playground/#x')).toBeNull();
  });
});
