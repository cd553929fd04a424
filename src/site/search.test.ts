import { describe, expect, it } from 'vitest';
import { isSearchShortcut, toHit } from './search.ts';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe('search shortcut', () => {
  it('slash opens search only when the reader is not typing', () => {
    expect(isSearchShortcut(key('/'), false)).toBe(true);
    expect(isSearchShortcut(key('/'), true)).toBe(false);
    expect(isSearchShortcut(key('/', { ctrlKey: true }), false)).toBe(false);
  });
  it('Ctrl+K and ⌘+K open it anywhere', () => {
    expect(isSearchShortcut(key('k', { ctrlKey: true }), true)).toBe(true);
    expect(isSearchShortcut(key('K', { metaKey: true }), false)).toBe(true);
    expect(isSearchShortcut(key('k'), false)).toBe(false);
    expect(isSearchShortcut(key('k', { ctrlKey: true, altKey: true }), false)).toBe(false);
  });
});

describe('search results', () => {
  it('keeps heading links, drops the page itself', () => {
    const hit = toHit({
      url: '/lessons/x/',
      excerpt: 'a <mark>refcount</mark>',
      meta: { title: 'X' },
      sub_results: [
        { title: 'X', url: '/lessons/x/', excerpt: 'top' },
        { title: 'Counting', url: '/lessons/x/#counting', excerpt: 'c' },
        { title: 'More', url: '/lessons/x/#more', excerpt: 'm' },
      ],
    });
    expect(hit.title).toBe('X');
    expect(hit.sections.map((s) => s.url)).toEqual(['/lessons/x/#counting', '/lessons/x/#more']);
  });
  it('limits the number of sections and falls back to the URL for a title', () => {
    const subs = Array.from({ length: 6 }, (_, i) => ({ title: `h${i}`, url: `/p/#h${i}`, excerpt: '' }));
    const hit = toHit({ url: '/p/', excerpt: '', meta: {}, sub_results: subs }, 2);
    expect(hit.title).toBe('/p/');
    expect(hit.sections).toHaveLength(2);
  });
});
