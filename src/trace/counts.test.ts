import { describe, expect, it } from 'vitest';
import { countText } from './counts.ts';

describe('countText', () => {
  it('groups thousands as en-US does', () => {
    for (const n of [0, 7, 999, 1000, 12_345, 999_999, 1_000_000, 20_003, 123_456_789]) {
      expect(countText(n)).toBe(n.toLocaleString('en-US'));
    }
  });
});
