/**
 * The next lesson, ready before the reader clicks "Next". When the reader points at or focuses the
 * link, or else when the page is idle, its HTML is fetched and parsed, its stylesheets preloaded and
 * the code of its islands fetched (not run); when the client router then goes there, it takes that
 * document instead of fetching and parsing at the click. Never Python: it is already running in this
 * tab (src/engine/page/) and stays.
 *
 * The router asks for a page through `astro:before-preparation`, whose `loader` may be replaced;
 * the replacement does what Astro's own loader does with a fetched page (noscript removed, a page
 * without the router refused, stylesheets loaded before the swap) ahead of time.
 */
import type { TransitionBeforePreparationEvent } from 'astro:transitions/client';

interface Prepared {
  /** The page's URL without its fragment. */
  href: string;
  /** Parsed, its stylesheets loaded; null when the page was not one the router can swap in. */
  doc: Promise<Document | null>;
}

let prepared: Prepared | null = null;

/** `url` without its fragment, absolute: one page, however its links point into it. */
function pageOf(url: string | URL, base: string): string {
  const page = new URL(url, base);
  page.hash = '';
  return page.href;
}

/** Whether this page's head already has `<link rel=rel href=href>`. */
const linked = (rel: string, href: string) => document.querySelector(`link[rel=${rel}][href="${CSS.escape(href)}"]`) !== null;

/** Fetched and parsed as the router would; null when the router would not swap it in. */
async function load(href: string): Promise<Document | null> {
  const response = await fetch(href, { credentials: 'same-origin' });
  const type = response.headers.get('content-type')?.split(';', 1)[0]?.trim();
  if (!response.ok || response.redirected || type !== 'text/html') return null;
  const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
  if (!doc.querySelector('meta[name="astro-view-transitions-enabled"]')) return null;
  for (const noscript of doc.querySelectorAll('noscript')) noscript.remove();
  const code = [...doc.querySelectorAll('astro-island')].flatMap((island) => [
    island.getAttribute('component-url'),
    island.getAttribute('renderer-url'),
  ]);
  for (const href of new Set(code)) if (href && !linked('modulepreload', href)) preload('modulepreload', href);
  const styles = [...doc.querySelectorAll('head link[rel=stylesheet]')].map((link) => link.getAttribute('href'));
  await Promise.all(
    styles.map((href) => (href && !linked('stylesheet', href) ? new Promise<void>((done) => preload('preload', href, done)) : undefined)),
  );
  return doc;
}

/**
 * `<link rel=preload as=style>` (the browser caches the stylesheet; `settled` once it has, or failed:
 * the swap then loads it as a page load would) or `<link rel=modulepreload>` (an island's code,
 * fetched and compiled, not run). In this page's head: the swap removes them with the rest of it.
 */
function preload(rel: 'preload' | 'modulepreload', href: string, settled?: () => void): void {
  const link = document.createElement('link');
  link.rel = rel;
  if (rel === 'preload') link.as = 'style';
  link.href = href;
  if (settled) {
    link.addEventListener('load', () => settled());
    link.addEventListener('error', () => settled());
  }
  document.head.append(link);
}

/**
 * Prepares `link`'s page when the reader points at or focuses it, or when the browser is next idle,
 * whichever comes first (once: a later call for another page replaces it). The link should carry
 * `data-astro-prefetch="false"`: this is its prefetch.
 */
export function prepareOnIntent(link: HTMLAnchorElement | null): void {
  if (!link) return;
  const href = pageOf(link.href, location.href);
  if (prepared?.href !== href) prepared = null;
  const prepare = () => {
    if (prepared?.href !== href && link.isConnected) prepared = { href, doc: load(href).catch(() => null) };
  };
  link.addEventListener('pointerenter', prepare, { once: true });
  link.addEventListener('focus', prepare, { once: true });
  (window.requestIdleCallback ?? ((run: () => void) => setTimeout(run, 200)))(prepare);
}

/**
 * For `astro:before-preparation`: when the router is going to the prepared page, hands it the
 * prepared document (once: a document's body is moved into the page by the swap). A form, or a
 * page that could not be prepared, loads as usual.
 */
export function offerPrepared(event: TransitionBeforePreparationEvent): void {
  const ready = prepared;
  if (!ready || event.formData || pageOf(event.to, location.href) !== ready.href) return;
  prepared = null;
  const fetchAndParse = event.loader;
  event.loader = async () => {
    const doc = await ready.doc;
    if (doc) event.newDocument = doc;
    else await fetchAndParse();
  };
}
