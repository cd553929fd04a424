import { expect, type Page, test } from '@playwright/test';
import { LessonPage } from './lesson-page.ts';

/** How the engine on this page booted, from the mark the client sets when Python is ready. */
const bootKind = (page: Page) =>
  page.evaluate(
    () => (performance.getEntriesByName('ipm:engine-ready')[0] as PerformanceMark | undefined)?.detail?.boot as string | undefined,
  );

const SNAPSHOT = /\/pyodide\/[^/]+\/snapshot-[0-9a-f]+\.bin\.gz$/;

/** Console warnings from the page and its workers. */
/** Opens a lesson and waits until its first cell has hydrated, noting every engine file the page asks for. */
async function firstCellHydrated(page: Page) {
  const engineRequests: string[] = [];
  page.on('request', (r) => r.url().includes('/pyodide/') && engineRequests.push(r.url()));
  const lesson = new LessonPage(page);
  await lesson.goto('object-allocation');
  const cell = lesson.cell(1);
  await cell.root.scrollIntoViewIfNeeded();
  await expect(cell.run).toBeEnabled();
  return { lesson, cell, engineRequests };
}

/** Waits until Python is ready on the page. */
const engineReady = (page: Page, timeout: number) =>
  page.waitForFunction(() => performance.getEntriesByName('ipm:engine-ready').length > 0, null, { timeout });

function warnings(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (m) => m.type() === 'warning' && seen.push(m.text()));
  page.on('worker', (w) => w.on('console', (m) => m.type() === 'warning' && seen.push(m.text())));
  return seen;
}

test('the engine boots from the build-time memory snapshot and runs', async ({ page }) => {
  const lesson = new LessonPage(page);
  const snapshots: string[] = [];
  page.on('requestfinished', (r) => SNAPSHOT.test(new URL(r.url()).pathname) && snapshots.push(r.url()));
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(new URL(w.url()).pathname));
  await lesson.goto('object-allocation');
  const cell = lesson.cell(1);
  await cell.setCode('import random, sys\nprint(sys.version_info[:2], 0 <= random.random() < 1)');
  await cell.runAndWait();
  await expect(cell.output.locator('.output-text')).toHaveText('(3, 14) True\n');
  expect(await bootKind(page)).toBe('snapshot');
  // Downloaded once, by the helper beside the engine worker (see snapshot/download.ts).
  expect(snapshots).toHaveLength(1);
  expect(workers.some((url) => /\/helper-worker-[\w-]+\.js$/.test(url))).toBe(true);
  expect(lesson.consoleErrors).toEqual([]);
});

test.describe('without the snapshot helper', () => {
  // The site's service worker would fetch the helper's script itself, past page.route.
  test.use({ serviceWorkers: 'block' });
  test('the engine worker downloads the snapshot itself and still boots from it', async ({ page }) => {
    await page.route(/\/helper-worker-[\w-]+\.js$/, (route) => route.fulfill({ status: 404, body: 'not found' }));
    const seen = warnings(page);
    const lesson = new LessonPage(page);
    await lesson.goto('object-allocation');
    const cell = lesson.cell(1);
    await cell.setCode('print(6 * 7)');
    await cell.runAndWait();
    await expect(cell.output.locator('.output-text')).toHaveText('42\n');
    expect(await bootKind(page)).toBe('snapshot');
    expect(seen.filter((text) => text.includes('snapshot'))).toEqual([]);
  });
});

test.describe('snapshot fallback', () => {
  // The site's service worker would fetch the snapshot itself, past page.route.
  test.use({ serviceWorkers: 'block' });
  for (const [name, fulfil] of [
    ['missing (404)', { status: 404, body: 'not found' }],
    ['corrupt', { status: 200, contentType: 'application/octet-stream', body: Buffer.from('not a gzip stream at all') }],
  ] as const) {
    test(`a ${name} snapshot falls back to a normal boot, says so, and runs`, async ({ page }) => {
      const lesson = new LessonPage(page);
      const warned = warnings(page);
      await page.route(SNAPSHOT, (route) => route.fulfill(fulfil));
      await lesson.goto('object-allocation');
      const cell = lesson.cell(1);
      await cell.setCode('print(6 * 7)');
      await cell.runAndWait(120_000); // Python starts twice: the snapshot's attempt, then the normal boot
      await expect(cell.output.locator('.output-text')).toHaveText('42\n');
      expect(await bootKind(page)).toBe('normal');
      expect(warned.join('\n')).toContain('memory snapshot could not be used');
    });
  }
});

test('with Save-Data on, Python loads only once the reader points at a cell, before any Run', async ({ page }) => {
  // Save-Data turns off loading when the page is idle: only the reader's intent can start the engine.
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'connection', { get: () => ({ saveData: true }) }));
  const { lesson, cell, engineRequests } = await firstCellHydrated(page);
  await page.waitForTimeout(3_000); // longer than the idle delay
  expect(engineRequests).toEqual([]);
  await cell.root.hover();
  await engineReady(page, 60_000);
  expect(await page.evaluate(() => performance.getEntriesByName('ipm:run').length)).toBe(0);
  await cell.runAndWait();
  await expect(cell.verdict()).toHaveText(/Finished/);
  expect(lesson.consoleErrors).toEqual([]);
});

test("a cell that hydrates starts the engine's threads at once, but no Python until the reader shows intent", async ({ page }) => {
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(new URL(w.url()).pathname));
  const { lesson, cell, engineRequests } = await firstCellHydrated(page);
  await expect.poll(() => workers.length).toBe(2);
  expect(workers.some((w) => /\/worker-[\w-]+\.js$/.test(w)) && workers.some((w) => /\/helper-worker-[\w-]+\.js$/.test(w))).toBe(true);
  expect(engineRequests).toEqual([]); // (well before the idle delay)
  await cell.root.hover();
  await engineReady(page, 60_000);
  expect(workers).toHaveLength(2); // the engine started on the threads it had
  await cell.runAndWait();
  await expect(cell.verdict()).toHaveText(/Finished/);
  expect(lesson.consoleErrors).toEqual([]);
});

test('cells hydrate a screen ahead of the reader: Run works by the time one scrolls into view, and cells far below wait', async ({
  page,
}) => {
  const lesson = new LessonPage(page);
  await lesson.goto('object-allocation');
  await page.waitForLoadState('load');
  const height = page.viewportSize()!.height;
  const tops = await page.locator('.live-cell').evaluateAll((islands) => islands.map((i) => i.getBoundingClientRect().top));
  const near = tops.findIndex((top) => top > height && top < 1.8 * height);
  const far = tops.findIndex((top) => top > 3 * height);
  expect(
    near,
    `a cell just below the first screen (cell tops ${tops.map(Math.round).join(', ')}, screen ${height})`,
  ).toBeGreaterThanOrEqual(0);
  expect(far).toBeGreaterThan(near);
  await expect(lesson.cell(near + 1).run).toBeEnabled(); // without scrolling
  await page.waitForTimeout(500);
  await expect(lesson.cell(far + 1).run).toBeDisabled();
  expect(await page.evaluate(() => scrollY)).toBe(0);
});

test('Python loads when the page has been idle a while, without the reader asking', async ({ page }) => {
  const lesson = new LessonPage(page);
  await lesson.goto('object-allocation');
  await lesson.cell(1).root.scrollIntoViewIfNeeded();
  await engineReady(page, 90_000);
  expect(await page.evaluate(() => performance.getEntriesByName('ipm:run').length)).toBe(0);
  expect(lesson.consoleErrors).toEqual([]);
});

test('once Python is ready and the reader pauses, the engine warms up; runs meanwhile answer as usual', async ({ page }) => {
  const seen = warnings(page);
  const warm = () => page.evaluate(() => (performance.getEntriesByName('ipm:engine-warm')[0] as PerformanceMark | undefined)?.detail);
  const lesson = new LessonPage(page);
  await lesson.goto('object-allocation');
  const cell = lesson.cell(1);
  await cell.setCode('print("first")');
  await cell.runAndWait();
  // The warm-up waits for a second without runs, then runs one short step per task.
  await page.waitForTimeout(1_200);
  await cell.setCode('xs = [1, 2]\nys = xs\nprint(len(xs), ys is xs)');
  await cell.runAndWait();
  await expect(cell.output.locator('.output-text')).toHaveText('2 True\n');
  await expect.poll(warm, { timeout: 60_000 }).toMatchObject({ steps: 24, failed: null });
  // Python is as a reader left it: collector on, default thresholds, no names leaked into a run.
  await cell.setCode('import gc\nprint(gc.isenabled(), gc.get_threshold()[0], [k for k in dir() if not k.startswith("__")])');
  await cell.runAndWait();
  await expect(cell.output.locator('.output-text')).toHaveText("True 2000 ['gc']\n");
  expect(seen.filter((w) => w.includes('warm-up'))).toEqual([]);
  expect(lesson.consoleErrors).toEqual([]);
});

test('a returning reader gets Python started with the page; a first-time reader does not', async ({ page, context }) => {
  const startReason = (p: Page) =>
    p.evaluate(
      () => (performance.getEntriesByName('ipm:engine-start')[0] as PerformanceMark | undefined)?.detail?.reason as string | undefined,
    );
  const lesson = new LessonPage(page);
  await lesson.goto('object-allocation');
  const cell = lesson.cell(1);
  await cell.setCode('print("first visit")');
  await cell.runAndWait();
  expect(await startReason(page)).not.toBe('returning');

  // The same reader opens another lesson: Python starts by itself, before any cell is touched.
  const again = await context.newPage();
  await again.goto('lessons/reference-counting/');
  await engineReady(again, 90_000);
  expect(await startReason(again)).toBe('returning');
  const next = new LessonPage(again).cell(1);
  await next.setCode('print("no wait")');
  await next.runAndWait();
  await expect(next.output.locator('.output-text')).toHaveText('no wait\n');

  // After a deploy that changed the engine files, the mark no longer matches: back to waiting for intent.
  await again.evaluate(() => localStorage.setItem('ipm:engine-files', 'https://elsewhere.example/pyodide/0.0.1/'));
  await again.reload();
  // startIfReturning runs before the load event: had it started Python, the mark would be there now.
  expect(await startReason(again)).toBeUndefined();
});
