import { describe, expect, it } from 'vitest';
import { cacheUrls, urlsToCache } from './messages.ts';

describe('service worker messages', () => {
  it('reads back the URLs a page asked to cache, and nothing else', () => {
    expect(urlsToCache(cacheUrls(['https://x/a.js', 'https://x/b.css']))).toEqual(['https://x/a.js', 'https://x/b.css']);
    expect(urlsToCache({ type: 'cache-urls', urls: ['https://x/a.js', 3, null] })).toEqual(['https://x/a.js']);
    for (const other of [
      null,
      undefined,
      'cache-urls',
      {},
      { type: 'cache-urls' },
      { type: 'cache-urls', urls: 'https://x/' },
      { type: 'other', urls: [] },
    ]) {
      expect(urlsToCache(other)).toBeNull();
    }
  });
});
