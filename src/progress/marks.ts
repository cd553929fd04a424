/**
 * Progress marks in the static page, filled in from the reader's saved progress:
 *
 *   [data-activities='["lesson/id", …]']   any element listing activity keys gets
 *        data-done="n" data-total="m" (and data-complete when n = m > 0);
 *   [data-progress-text]                  inside it: "n of m done" in words;
 *   [data-progress-notice]                a status line for problems with the store.
 *
 * Used by the sidebar (a tick per lesson), the lesson header ("2 of 3 done") and
 * the home page. Kept tiny: it runs on every page before any island.
 */
import { getProgress } from './progress.ts';
import type { ProgressData } from './store.ts';

export function countDone(keys: readonly string[], data: ProgressData): number {
  return keys.filter((k) => data.activities[k]?.passed).length;
}

export function doneText(done: number, total: number): string {
  if (total === 0) return '';
  if (done === total) return `All ${total} done`;
  return `${done} of ${total} done`;
}

function paint(data: ProgressData, problems: readonly string[]) {
  for (const el of document.querySelectorAll<HTMLElement>('[data-activities]')) {
    let keys: string[];
    try {
      keys = JSON.parse(el.dataset.activities ?? '[]') as string[];
    } catch {
      continue;
    }
    const done = countDone(keys, data);
    el.dataset.done = String(done);
    el.dataset.total = String(keys.length);
    el.toggleAttribute('data-complete', keys.length > 0 && done === keys.length);
    for (const text of el.querySelectorAll<HTMLElement>('[data-progress-text]')) text.textContent = doneText(done, keys.length);
  }
  for (const notice of document.querySelectorAll<HTMLElement>('[data-progress-notice]')) {
    notice.textContent = problems.join(' ');
    notice.hidden = problems.length === 0;
  }
}

let subscribed = false;

/**
 * Paints the marks of the page now shown, and repaints them when progress changes. Called on every
 * page the client router swaps in: it subscribes once, since painting always reads the current page.
 */
export function startMarks(): void {
  const store = getProgress();
  const update = () => paint(store.data, store.problems);
  update();
  if (subscribed) return;
  subscribed = true;
  store.subscribe(update);
}
