import { describe, expect, it } from 'vitest';
import { movedAnchorTarget } from './moved-anchor.ts';

const table = JSON.stringify({ 'where-objects-live': '/lessons/heap/', 'is-versus-': '/course/lessons/identity/' });

describe('moved anchors on a lesson page', () => {
  it('sends a moved anchor to its new lesson, anchor kept', () => {
    expect(movedAnchorTarget(table, '#where-objects-live')).toBe('/lessons/heap/#where-objects-live');
    expect(movedAnchorTarget(table, '#is-versus-')).toBe('/course/lessons/identity/#is-versus-');
  });

  it('stays for an anchor that did not move, no hash, or no table', () => {
    expect(movedAnchorTarget(table, '#recap')).toBeNull();
    expect(movedAnchorTarget(table, '#constructor')).toBeNull();
    expect(movedAnchorTarget(table, '')).toBeNull();
    expect(movedAnchorTarget(undefined, '#where-objects-live')).toBeNull();
  });

  it('stays on an unreadable table or hash', () => {
    expect(movedAnchorTarget('{not json', '#where-objects-live')).toBeNull();
    expect(movedAnchorTarget(table, '#%E0%A4%A')).toBeNull();
  });
});
