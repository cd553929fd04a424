import { describe, expect, it } from 'vitest';
import { cacheName, staleCaches, strategyFor } from './strategy.ts';

const scope = new URL('https://example.org/course/');
const at = (path: string) => new URL(path, 'https://example.org');

describe('service worker strategy', () => {
  it('serves hashed assets and the versioned engine from the cache', () => {
    expect(strategyFor(at('/course/_astro/LiveCell.B1x2.js'), scope, 'GET')).toBe('cache-first');
    expect(strategyFor(at('/course/pyodide/314.0.7/pyodide.asm.wasm'), scope, 'GET')).toBe('engine');
    expect(strategyFor(at('/course/pyodide/314.0.7/snapshot.3f9a.bin'), scope, 'GET')).toBe('engine');
  });
  it('fetches pages and the search index fresh, falling back to the cache', () => {
    for (const path of ['/course/', '/course/lessons/introduction/', '/course/pagefind/pagefind.js', '/course/favicon.svg']) {
      expect(strategyFor(at(path), scope, 'GET'), path).toBe('network-first');
    }
  });
  it('leaves alone what is not the site’s', () => {
    expect(strategyFor(at('/other-site/page/'), scope, 'GET')).toBe('none');
    expect(strategyFor(new URL('https://cdn.example.com/course/x.js'), scope, 'GET')).toBe('none');
    expect(strategyFor(at('/course/lessons/'), scope, 'POST')).toBe('none');
    expect(strategyFor(at('/course/sw.js'), scope, 'GET')).toBe('none');
  });
  it('deletes only this site’s caches from other builds', () => {
    const names = [cacheName('/course/', 'old'), cacheName('/course/', 'new'), cacheName('/other/', 'old'), 'someone-else'];
    expect(staleCaches(names, '/course/', 'new')).toEqual([cacheName('/course/', 'old')]);
  });
});
