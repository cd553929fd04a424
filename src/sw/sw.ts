/**
 * The offline service worker. Bundled by src/build/integrations/service-worker.ts
 * into `<outDir>/sw.js` after the build, with BUILD_VERSION set to a hash of
 * the built files: a new deploy is a new worker with a new cache, and the old
 * caches are deleted when it activates, so no stale page or engine outlives a
 * deploy. Nothing is precached: it caches what the reader's pages fetch
 * (pages visited, scripts, the engine files once Python has run), so reading
 * a page never costs the 10 MB engine download.
 */
import { urlsToCache } from './messages.ts';
import { cacheName, staleCaches, strategyFor } from './strategy.ts';

declare const BUILD_VERSION: string;

// The few service-worker types we use (the project's TypeScript lib is the DOM's, not the worker's).
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  /** The navigation's response, requested while this worker started (navigation preload), if enabled. */
  preloadResponse?: Promise<Response | undefined>;
  respondWith(response: Promise<Response>): void;
}
interface ExtendableMessageEvent extends ExtendableEvent {
  data: unknown;
}
interface ServiceWorkerScope {
  registration: { scope: string; navigationPreload?: { enable(): Promise<void> } };
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  addEventListener(type: 'message', listener: (event: ExtendableMessageEvent) => void): void;
}

const sw = globalThis as unknown as ServiceWorkerScope;
const scope = new URL(sw.registration.scope);
const CACHE = cacheName(scope.pathname, BUILD_VERSION);

// A new build takes over at once: its pages reference only its own hashed files.
sw.addEventListener('install', () => void sw.skipWaiting());

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const stale = staleCaches(await caches.keys(), scope.pathname, BUILD_VERSION);
      await Promise.all(stale.map((name) => caches.delete(name)));
      // A page request starts while this worker is still starting up, instead of after it.
      await sw.registration.navigationPreload?.enable().catch(() => undefined);
      // Control the pages already open, so what they fetch from now on is cached.
      await sw.clients.claim();
    })(),
  );
});

/** Complete, same-origin answers only (no errors, no opaque or partial responses). */
const cacheable = (response: Response) => response.ok && response.status === 200 && response.type === 'basic';

/** Stores a copy in the background: the page gets the response (and streams it) at once. */
function keep(event: FetchEvent, cache: Cache, response: Response) {
  if (cacheable(response)) event.waitUntil(cache.put(event.request, response.clone()).catch(() => undefined));
}

async function cacheFirst(event: FetchEvent, store: boolean): Promise<Response> {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(event.request);
  if (hit) return hit;
  const response = await fetch(event.request);
  if (store) keep(event, cache, response);
  return response;
}

async function networkFirst(event: FetchEvent): Promise<Response> {
  const { request } = event;
  const cache = await caches.open(CACHE);
  try {
    // A page's navigation-preload response when there is one (undefined for other requests).
    const preloaded = await event.preloadResponse?.catch(() => undefined);
    const response = preloaded ?? (await fetch(request));
    keep(event, cache, response);
    return response;
  } catch (offline) {
    const hit = await cache.match(request, { ignoreSearch: request.mode === 'navigate' });
    if (hit) return hit;
    if (request.mode !== 'navigate') throw offline;
    return new Response(
      `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<title>Offline · Inside Python Memory</title><main style="font-family:system-ui;max-width:36rem;margin:3rem auto;padding:0 1rem">` +
        `<h1>You are offline</h1><p>This page has not been opened on this device before, so it is not saved for offline reading. ` +
        `Pages you have visited still work. <a href="${scope.pathname}">Back to the course</a></p></main>`,
      { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8' } },
    );
  }
}

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  const strategy = strategyFor(new URL(request.url), scope, request.method);
  // Range requests (media) and other partial fetches go straight to the network.
  if (strategy === 'none' || request.headers.has('range')) return;
  event.respondWith(strategy === 'network-first' ? networkFirst(event) : cacheFirst(event, strategy === 'cache-first'));
});

// URLs to store that were fetched without being stored: on the very first
// visit, what the page loaded before this worker existed (itself, its scripts
// and styles); and the engine's files, once Python is ready (see strategy.ts).
sw.addEventListener('message', (event) => {
  const urls = urlsToCache(event.data);
  if (!urls) return;
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      for (const url of urls) {
        if (strategyFor(new URL(url), scope, 'GET') === 'none') continue;
        if (await cache.match(url)) continue;
        try {
          const response = await fetch(url);
          if (cacheable(response)) await cache.put(url, response);
        } catch {
          // Offline again already: the next visit caches it.
        }
      }
    })(),
  );
});
