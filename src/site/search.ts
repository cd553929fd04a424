/** Pure parts of the header search: its keyboard shortcut and the shape of a result. */

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey?: boolean;
}

/**
 * `/` opens search unless the reader is typing (an input, a textarea, the code
 * editor); Ctrl+K / ⌘+K opens it from anywhere.
 */
export function isSearchShortcut(event: KeyLike, typing: boolean): boolean {
  if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') return true;
  return event.key === '/' && !typing && !event.ctrlKey && !event.metaKey && !event.altKey;
}

/** What Pagefind returns for one page (the fields we use). */
export interface PagefindData {
  url: string;
  excerpt: string;
  meta: { title?: string };
  sub_results?: { title: string; url: string; excerpt: string }[];
}

export interface SearchHit {
  title: string;
  url: string;
  /** HTML: Pagefind escapes the page text and marks the matches with <mark>. */
  excerpt: string;
  /** Matches under the page's headings, each linking to its heading. */
  sections: { title: string; url: string; excerpt: string }[];
}

/** A page result with up to `maxSections` heading links (not the page's own top). */
export function toHit(data: PagefindData, maxSections = 3): SearchHit {
  const page = data.url.split('#')[0];
  const sections = (data.sub_results ?? []).filter((sub) => sub.url.includes('#') && sub.url !== page).slice(0, maxSections);
  return { title: data.meta.title ?? data.url, url: data.url, excerpt: data.excerpt, sections };
}
