import { describe, expect, it } from 'vitest';
import { countText, gapPhrase } from './describe.ts';

describe('countText', () => {
  it('groups thousands as en-US does', () => {
    for (const n of [0, 7, 999, 1000, 12_345, 999_999, 1_000_000, 20_003, 123_456_789])
      expect(countText(n)).toBe(n.toLocaleString('en-US'));
  });

  it('reads in the gap between two steps drawn', () => {
    expect(gapPhrase(1)).toBe('… 1 step run, not drawn …');
    expect(gapPhrase(18_355)).toBe('… 18,355 steps run, not drawn …');
  });
});
