/**
 * How the service worker answers each request (pure, so it is unit tested;
 * src/sw/sw.ts applies it).
 *
 * - `cache-first`: Vite's content-hashed `_astro/` files, whose URL changes
 *   when their content does. Served from the cache once fetched.
 * - `engine`: the engine under `pyodide/<version>/` (and its hashed
 *   snapshot): served from the cache when it is there, but a miss is not
 *   stored while Python boots; writing 19 MB into the cache then would slow the
 *   boot. The page asks the service worker to store the files once Python is ready
 *   (a `cache-urls` message), from the browser's HTTP cache.
 * - `network-first`: everything else in the site (pages, search index,
 *   favicon): fresh when online, the cached copy when offline.
 * - `none`: not ours to handle (other origins, other paths on a shared host,
 *   non-GET requests, the service worker script itself).
 */
export type Strategy = 'cache-first' | 'engine' | 'network-first' | 'none';

export function strategyFor(url: URL, scope: URL, method: string): Strategy {
  if (method !== 'GET' || url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return 'none';
  const path = url.pathname.slice(scope.pathname.length);
  if (path === 'sw.js') return 'none';
  if (path.startsWith('_astro/')) return 'cache-first';
  if (path.startsWith('pyodide/')) return 'engine';
  return 'network-first';
}

/** One cache per build and per site: two courses on one host never share or delete each other's caches. */
export function cacheName(scope: string, version: string): string {
  return `ipm|${scope}|${version}`;
}

/** Caches of this site from other builds, to delete when a new build activates. */
export function staleCaches(names: readonly string[], scope: string, version: string): string[] {
  const current = cacheName(scope, version);
  return names.filter((name) => name.startsWith(`ipm|${scope}|`) && name !== current);
}
