/**
 * Lesson to lesson: a reader opens the first lesson cold, runs its first cell,
 * then clicks "Next" and runs the next lesson's first cell, three times. The
 * client router keeps the page's engine, so a next lesson's click → output is
 * a page swap plus a run, against the first page's Run → output, which boots
 * Python. Also counted: Web Workers started per navigation (none, once Python
 * runs), and the JS heap after 20 navigations against after 2 (nothing that a
 * page leaves behind piles up). Each run is a fresh profile.
 */
import type { Page } from '@playwright/test';
import { ENGINE_READY, ENGINE_START, RUN_MEASURE } from '../../src/engine/marks.ts';
import { type Bench, cellByName, frontPage, markTime, type Report, timeRunClick, WAIT_MS, withProfile } from './browser.ts';
import { judge } from './budgets.ts';
import { type Row, statsRow } from './print.ts';
import { ratio, stats } from './stats.ts';

const NEXT_PAGES = 3;
/** The course's first lesson (the pager's order, not the folders'). */
const FIRST_LESSON = 'lessons/introduction/';

const FIRST_CELL = '[role="group"][aria-label="Python cell 1"]';

/** Cell 1's Run click → its verdict painted, in ms (clickFirstRun). */
async function runFirstCell(page: Page): Promise<number> {
  return (await clickFirstRun(page)).total;
}

/**
 * The first page's Run → output, cold: Python's boot plus the run. The page starts Python when the
 * reader points at a cell or the page goes idle, so by the click part of the boot may be done; that
 * part is counted too (boot start → ready, then ready-or-click → output), as for a reader who pressed
 * Run the moment Python began to start. Without a head start this is the click → output itself.
 */
async function coldFirstRun(page: Page): Promise<number> {
  const { total, clickedAt } = await clickFirstRun(page);
  const [started, ready] = await Promise.all([markTime(page, ENGINE_START), markTime(page, ENGINE_READY)]);
  if (started >= clickedAt) return total;
  return ready - started + (clickedAt + total - Math.max(clickedAt, ready));
}

/**
 * Clicks cell 1's Run once it can be pressed; its verdict painted, timed in the page (timeRunClick).
 * Timed inside the page, like the swap below, so neither figure carries the test harness's own
 * round trips and actionability waits.
 */
async function clickFirstRun(page: Page): Promise<{ total: number; clickedAt: number }> {
  const run = cellByName(page, 1).getByRole('button', { name: 'Run' });
  await run.scrollIntoViewIfNeeded();
  await run.waitFor();
  await page.waitForFunction((root) => {
    const button = [...(document.querySelector(root)?.querySelectorAll('button') ?? [])].find((b) => b.textContent?.trim() === 'Run');
    return button !== undefined && !button.disabled;
  }, FIRST_CELL);
  return timeRunClick(page, FIRST_CELL, RUN_MEASURE);
}

/**
 * In the page: clicks the pager's link and resolves, in ms from the click, when the lesson it
 * leads to is swapped in and its first cell's Run can be pressed (the island hydrated).
 */
function swapIn(page: Page, which: 'next' | 'prev'): Promise<number> {
  return page.evaluate(
    async ({ which, root, wait }) => {
      const started = performance.now();
      const loaded = new Promise((resolve) => document.addEventListener('astro:page-load', resolve, { once: true }));
      document.querySelector<HTMLAnchorElement>(`a.pager-${which}`)!.click();
      await loaded;
      // Its islands hydrate when they come into view: the reader scrolls to the cell.
      document.querySelector(root)?.scrollIntoView({ block: 'center' });
      await new Promise<void>((resolve, reject) => {
        const gaveUp = started + wait;
        const ready = () => {
          if (performance.now() > gaveUp) return reject(new Error(`${root}'s Run not ready ${wait}ms after the swap`));
          const button = [...(document.querySelector(root)?.querySelectorAll('button') ?? [])].find((b) => b.textContent?.trim() === 'Run');
          if (button && !button.disabled) resolve();
          else setTimeout(ready, 2);
        };
        ready();
      });
      return performance.now() - started;
    },
    { which, root: FIRST_CELL, wait: WAIT_MS },
  );
}

/** Used JS heap of the page after a full collection (CDP), in bytes. */
async function heapAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize;
}

/** Follows the pager's link to the lesson it leads to, its first cell ready. */
async function follow(page: Page, which: 'next' | 'prev'): Promise<number> {
  const target = new URL((await page.locator(`a.pager-${which}`).getAttribute('href'))!, page.url()).href;
  const ms = await swapIn(page, which);
  await page.waitForURL(target);
  return ms;
}

async function oneReader(bench: Bench) {
  return withProfile(async (context) => {
    const page = await frontPage(context, bench.options);
    let workers = 0;
    page.on('worker', () => workers++);
    await page.goto(bench.hosts.snapshot.url + FIRST_LESSON);
    const firstRunMs = await coldFirstRun(page);
    const workersFirstPage = workers;

    const nextMs: number[] = [];
    for (let n = 0; n < NEXT_PAGES; n++) {
      // The click → the next lesson ready, then its Run → output: the reader's wait, less their own reaction.
      nextMs.push((await follow(page, 'next')) + (await runFirstCell(page)));
    }
    const workersAfter = workers - workersFirstPage;

    // Heap: back and forth between two lessons, measured after 2 navigations and after 20.
    let forward = false;
    const toggle = async () => {
      await follow(page, forward ? 'next' : 'prev');
      forward = !forward;
    };
    for (let i = 0; i < 2; i++) await toggle();
    const heapAfter2 = await heapAfterGc(page);
    for (let i = 2; i < 20; i++) await toggle();
    const heapAfter20 = await heapAfterGc(page);
    await page.close();
    return { firstRunMs, nextMs, workersFirstPage, workersAfter, heapAfter2, heapAfter20 };
  });
}

export async function navigation(bench: Bench): Promise<Report> {
  const readers = [];
  for (let r = 0; r < bench.options.runs; r++) readers.push(await oneReader(bench));
  const first = stats(readers.map((r) => r.firstRunMs));
  const next = stats(readers.flatMap((r) => r.nextMs));
  const nextVsFirst = ratio(next, first);
  const heapRatio = stats(readers.map((r) => r.heapAfter20 / r.heapAfter2)).median;
  const workersPerNavigation = Math.max(...readers.map((r) => r.workersAfter)) / NEXT_PAGES;
  const rows: Row[] = [
    statsRow("first lesson, cold: Python's boot + Run → output (a head start from idle counted in)", first),
    statsRow(
      `"Next" click → the next lesson's first cell run → output (${NEXT_PAGES} lessons × ${readers.length} readers)`,
      next,
      undefined,
      [judge('next-lesson-to-output', nextVsFirst)],
    ),
    {
      cells: [
        'Web Workers started per navigation, after the first page',
        workersPerNavigation.toFixed(2),
        `first page: ${readers[0]?.workersFirstPage}`,
      ],
      verdicts: [judge('workers-per-navigation', workersPerNavigation)],
    },
    {
      cells: [
        'JS heap after 20 navigations / after 2 (each after a full GC)',
        `×${heapRatio.toFixed(2)}`,
        `after 20: ${(readers[0]!.heapAfter20 / 1e6).toFixed(1)} MB`,
      ],
      verdicts: [judge('heap-after-20-navigations', heapRatio)],
    },
  ];
  return {
    rows,
    notes: [],
    json: { navigation: { firstRunMs: first, nextLessonMs: next, nextVsFirst, workersPerNavigation, heapRatio } },
  };
}
