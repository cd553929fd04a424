/**
 * Links into a section that moved to another lesson: the lesson page carries a table of its moved
 * anchors (anchor → the lesson that has it now, from progress/moves.ts at build time), and a visit
 * with one of them in the hash goes on to that lesson, anchor and all. Pure.
 */

/** Where `hash` ("#heading") now lives, from the page's JSON table; null when it did not move (or the table is unreadable). */
export function movedAnchorTarget(table: string | undefined, hash: string): string | null {
  if (!table || hash.length < 2) return null;
  let anchor: string;
  try {
    anchor = decodeURIComponent(hash.slice(1));
  } catch {
    return null;
  }
  try {
    const moved: unknown = JSON.parse(table);
    if (!moved || typeof moved !== 'object') return null;
    const to = (moved as Record<string, unknown>)[anchor];
    return typeof to === 'string' && Object.hasOwn(moved, anchor) ? `${to}#${encodeURIComponent(anchor)}` : null;
  } catch {
    return null;
  }
}
