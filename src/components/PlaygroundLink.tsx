/**
 * "Open in playground" for a live cell: a real link (so it can open in a new
 * tab) whose address carries the cell's current code, compressed into the hash.
 * The address is refreshed when the pointer or focus reaches the link, and
 * rebuilt on click, so an edit made a moment ago is never lost.
 */
import { navigate } from 'astro:transitions/client';
import { useEffect, useState } from 'preact/hooks';
import { sitePath } from '../site/lessons.ts';
import { playgroundURL } from '../site/permalink.ts';

const base = import.meta.env.BASE_URL;

export function PlaygroundLink({ getCode }: { getCode: () => string }) {
  const [href, setHref] = useState(sitePath(base, 'playground/'));
  const refresh = () => void playgroundURL(base, getCode()).then(setHref, () => undefined);
  useEffect(refresh, []);

  async function open(event: MouseEvent) {
    event.preventDefault();
    const url = await playgroundURL(base, getCode());
    if (event.ctrlKey || event.metaKey || event.shiftKey) window.open(url, '_blank', 'noopener');
    else await navigate(url); // the client router: the page's Python goes along to the playground
  }

  return (
    <a class="button open-playground" href={href} onPointerEnter={refresh} onFocus={refresh} onClick={(e) => void open(e)}>
      Open in playground
    </a>
  );
}
