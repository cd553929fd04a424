import { useLayoutEffect, useState } from 'preact/hooks';

/**
 * False in the server's HTML and in the first render that hydrates it (which must match it), true
 * from then on. Set in a layout effect: the controls that need JavaScript come alive in the frame the
 * island hydrates, not a paint later (as a plain effect would), so a reader who has just arrived on a
 * page can press Run at once.
 */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useLayoutEffect(() => setHydrated(true), []);
  return hydrated;
}
