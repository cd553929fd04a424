/**
 * What a page tells the offline service worker (sw.ts): the one definition of
 * each message, for the page scripts that send it (the engine's, and the
 * layout's on a first visit) and the worker that reads it. Imports nothing.
 */

/** Store these URLs, which were fetched without being stored (see sw.ts). */
export interface CacheUrls {
  type: 'cache-urls';
  /** Absolute URLs; the worker skips those it never caches. */
  urls: string[];
}

/** The message asking the worker to store `urls`. */
export const cacheUrls = (urls: string[]): CacheUrls => ({ type: 'cache-urls', urls });

/** The URLs of a `cache-urls` message, or null when `data` is not one (anything may be posted to a worker). */
export function urlsToCache(data: unknown): string[] | null {
  const message = data as Partial<Record<keyof CacheUrls, unknown>> | null;
  if (message?.type !== 'cache-urls' || !Array.isArray(message.urls)) return null;
  return message.urls.filter((url): url is string => typeof url === 'string');
}
