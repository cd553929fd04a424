/**
 * How the trace's counts read (steps run, steps drawn, characters dropped): 12345 → "12,345".
 * Not `toLocaleString`: its first call in a page loads the browser's locale data, a pause that the
 * first diagram or run verdict a reader sees would wait for.
 */
export const countText = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
