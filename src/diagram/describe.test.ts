import { describe, expect, it } from 'vitest';
import { gapPhrase } from './describe.ts';

describe('gapPhrase', () => {
  it('reads in the gap between two steps drawn', () => {
    expect(gapPhrase(1)).toBe('… 1 step run, not drawn …');
    expect(gapPhrase(18_355)).toBe('… 18,355 steps run, not drawn …');
  });
});
