import { describe, expect, it } from 'vitest';
import { shuffleChoices } from './choices.ts';

describe('predict choices', () => {
  it('places the answer among the wrong choices, the same way every time', () => {
    const a = shuffleChoices('right', ['w1', 'w2', 'w3'], 'lesson/q');
    expect(a).toEqual(shuffleChoices('right', ['w1', 'w2', 'w3'], 'lesson/q'));
    expect([...a].sort()).toEqual(['right', 'w1', 'w2', 'w3']);
    expect(a.filter((c) => c.startsWith('w'))).toEqual(['w1', 'w2', 'w3']);
    const positions = new Set(
      ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((seed) => shuffleChoices('right', ['w1', 'w2'], seed).indexOf('right')),
    );
    expect(positions.size).toBeGreaterThan(1);
  });
});
