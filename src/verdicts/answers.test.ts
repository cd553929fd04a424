import { describe, expect, it } from 'vitest';
import { isRightAnswer } from './answers.ts';
import { shuffleChoices } from '../build/choices.ts';
import { activityKey, embeddedActivities } from '../progress/activities.ts';

describe('answers', () => {
  it('ignores trailing spaces and blank lines around, not the content', () => {
    expect(isRightAnswer('[1, 2, 3]  \n2\n\n', '[1, 2, 3]\n2')).toBe(true);
    expect(isRightAnswer('\n[1, 2, 3]\n2', '[1, 2, 3]\n2')).toBe(true);
    expect(isRightAnswer('[1,2,3]\n2', '[1, 2, 3]\n2')).toBe(false);
    expect(isRightAnswer('2\n[1, 2, 3]', '[1, 2, 3]\n2')).toBe(false);
  });

  it('places the answer among the wrong choices, the same way every time', () => {
    const a = shuffleChoices('right', ['w1', 'w2', 'w3'], 'lesson/q');
    expect(a).toEqual(shuffleChoices('right', ['w1', 'w2', 'w3'], 'lesson/q'));
    expect([...a].sort()).toEqual(['right', 'w1', 'w2', 'w3']);
    expect(a.filter((c) => c.startsWith('w'))).toEqual(['w1', 'w2', 'w3']);
    const positions = new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((seed) => shuffleChoices('right', ['w1', 'w2'], seed).indexOf('right')));
    expect(positions.size).toBeGreaterThan(1);
  });

  it('finds the activities a lesson embeds, in order', () => {
    const mdx = 'Text\n\n<Predict id="alias-append" />\n\nMore\n<Exercise id="drop-it"/>\n`<Exercise id="x">` is not one';
    expect(embeddedActivities(mdx)).toEqual([{ kind: 'predict', id: 'alias-append' }, { kind: 'exercise', id: 'drop-it' }]);
    expect(activityKey('reference-counting', 'drop-it')).toBe('reference-counting/drop-it');
  });
});
