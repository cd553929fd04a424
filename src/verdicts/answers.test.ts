import { describe, expect, it } from 'vitest';
import { isRightAnswer } from './answers.ts';

describe('answers', () => {
  it('ignores trailing spaces and blank lines around, not the content', () => {
    expect(isRightAnswer('[1, 2, 3]  \n2\n\n', '[1, 2, 3]\n2')).toBe(true);
    expect(isRightAnswer('\n[1, 2, 3]\n2', '[1, 2, 3]\n2')).toBe(true);
    expect(isRightAnswer('[1,2,3]\n2', '[1, 2, 3]\n2')).toBe(false);
    expect(isRightAnswer('2\n[1, 2, 3]', '[1, 2, 3]\n2')).toBe(false);
  });
});
