import { describe, expect, it } from 'vitest';
import { activityKey, embeddedActivities } from './activities.ts';

describe('activities', () => {
  it('finds the activities a lesson embeds, in order', () => {
    const mdx = 'Text\n\n<Predict id="alias-append" />\n\nMore\n<Exercise id="drop-it"/>\n`<Exercise id="x">` is not one';
    expect(embeddedActivities(mdx)).toEqual([
      { kind: 'predict', id: 'alias-append' },
      { kind: 'exercise', id: 'drop-it' },
    ]);
    expect(activityKey('reference-counting', 'drop-it')).toBe('reference-counting/drop-it');
  });
});
