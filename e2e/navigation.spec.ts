/**
 * Lesson to lesson without a page load: the client router swaps pages in, so
 * the page's Python (its worker, booted and warmed) stays ready, and
 * everything that used to assume a fresh document still works after a swap.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { RUN_TIMEOUT_MS } from '../src/engine/limits.ts';
import { LessonPage } from './lesson-page.ts';

const pager = (page: Page) => page.getByRole('navigation', { name: 'Previous and next lesson' });

/** Follows the pager's Next link; resolves on the next lesson, with its heading. */
async function next(page: Page): Promise<string> {
  const link = pager(page).getByRole('link', { name: /^Next/ });
  const target = new URL((await link.getAttribute('href'))!, page.url()).href;
  await link.click();
  await expect(page).toHaveURL(target);
  return target;
}

async function axeClean(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(
    results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
    what,
  ).toEqual([]);
}

test('lesson 1 → Run → next → next → next, Run on each: one Python, no new worker, focus on each heading', async ({ page }) => {
  test.setTimeout(240_000);
  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(worker.url()));
  const lesson = new LessonPage(page);
  await lesson.goto('introduction');
  await lesson.cell(1).setCode('print(6 * 7)');
  await lesson.cell(1).runAndWait(150_000);
  await expect(lesson.cell(1).output.locator('.output-text')).toHaveText('42\n');
  const engineThreads = workers.length;
  expect(engineThreads).toBeGreaterThan(0);

  const visited = [page.url()];
  for (let n = 2; n <= 4; n++) {
    visited.push(await next(page));
    // Screen readers: focus starts at the new page's heading, and the router announces its title.
    await expect(page.locator('main h1')).toBeFocused();
    await expect(page.locator('.astro-route-announcer').last()).toHaveText(await page.title());
    const cell = lesson.cell(1);
    await cell.setCode(`print(${n} * 7, __name__)`);
    await cell.runAndWait(30_000);
    await expect(cell.output.locator('.output-text')).toHaveText(`${n * 7} __main__\n`);
  }
  expect(workers.length, `workers: ${workers.join(', ')}`).toBe(engineThreads);

  // Back and forward move between the swapped pages.
  await page.goBack();
  await expect(page).toHaveURL(visited[2]!);
  await page.goForward();
  await expect(page).toHaveURL(visited[3]!);
  await expect(lesson.cell(1).run).toBeEnabled();
  expect(lesson.consoleErrors).toEqual([]);
});

test('the next lesson is prepared while the reader reads, without Python: "Next" fetches nothing', async ({ page }) => {
  test.setTimeout(180_000);
  const lesson = new LessonPage(page);
  await lesson.goto('introduction');
  await lesson.cell(1).runAndWait(150_000);
  // Python has booted and run; from the next page on, whatever is fetched is a page's preparation.
  const fetched: string[] = [];
  page.on('request', (request) => fetched.push(request.url()));
  await next(page);
  const link = pager(page).getByRole('link', { name: /^Next/ });
  const target = new URL((await link.getAttribute('href'))!, page.url()).href;
  // Prepared once the page was idle (or the reader pointed at "Next"): its page, its styles and its islands' code,
  // nothing of Python's (no wasm, no standard library, no snapshot: this tab's Python stays).
  await expect.poll(() => fetched.filter((url) => url === target).length, { message: `${target} prepared` }).toBe(1);
  expect(fetched.filter((url) => /\.(wasm|zip|tar|whl|bin|gz)$|pyodide/.test(url))).toEqual([]);
  const before = fetched.length;
  await link.click();
  await expect(page).toHaveURL(target);
  await expect(page.locator('main h1')).toBeFocused();
  expect(fetched.slice(before).filter((url) => url.split('#')[0] === target)).toEqual([]);
  await expect(lesson.cell(1).run).toBeEnabled();
  expect(lesson.consoleErrors).toEqual([]);
});

test('after swaps: theme, search, progress, "continue", offline and axe work as after a page load', async ({ page, context }) => {
  test.setTimeout(240_000);
  const lesson = new LessonPage(page);
  await lesson.goto('introduction');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

  const second = await next(page);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByRole('combobox', { name: 'Theme' })).toHaveValue('dark');
  // Progress marks are painted on the swapped page.
  await expect(page.locator('.lesson-progress [data-progress-text]')).toHaveText(/\d+ of \d+ done/);
  await axeClean(page, 'a lesson swapped in');

  // The search shortcut opens the swapped page's dialog, and a result is followed by the router.
  await page.keyboard.press('/');
  const dialog = page.getByRole('dialog', { name: 'Search the lessons' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('searchbox').fill('immortal');
  const hit = dialog.locator('a.hit-page').first();
  await expect(hit).toBeVisible({ timeout: 20_000 });
  const target = new URL((await hit.getAttribute('href'))!, page.url());
  const lastLesson = (await hit.locator('.hit-title').textContent())!.trim();
  await hit.click();
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL((url) => url.pathname === target.pathname);
  await expect(page.locator('main h1')).toHaveText(lastLesson);

  // Home, swapped in: "continue where you left off" names the lesson just read.
  await page.getByRole('link', { name: 'Inside Python Memory', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Inside Python Memory' })).toBeVisible();
  await expect(page.getByRole('link', { name: /Continue where you left off/ })).toContainText(lastLesson);
  await axeClean(page, 'home swapped in');

  // A lesson reached by a swap was stored by the service worker like a loaded one: it opens offline.
  await context.setOffline(true);
  await page.goto(second);
  await expect(page.locator('main h1')).toBeVisible();
  await context.setOffline(false);
});

test('on a phone, the lesson menu of a swapped page opens and closes', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await page.goto('lessons/introduction/');
  await next(page);
  const menu = page.getByRole('button', { name: 'Lessons' });
  await menu.click();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await page.getByRole('navigation', { name: 'Lessons' }).getByRole('link').first().focus();
  await page.keyboard.press('Escape');
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(menu).toBeFocused();
  await context.close();
});

test('a run still going when the reader leaves is stopped, and the next page runs', async ({ page }) => {
  test.setTimeout(240_000);
  const lesson = new LessonPage(page);
  await lesson.goto('introduction');
  await lesson.cell(1).setCode('print("warm")');
  await lesson.cell(1).runAndWait(150_000);
  const engine = page.workers().find((w) => /\/worker-[\w-]+\.js$/.test(w.url()))!;
  const closed = new Promise<number>((resolve) => engine.once('close', () => resolve(Date.now())));
  await lesson.cell(1).setCode('while True:\n    pass');
  const started = Date.now();
  await lesson.cell(1).run.click();
  await expect(lesson.cell(1).root.getByRole('button', { name: 'Stop' })).toBeVisible();
  await next(page);
  // Stopped when its page went away (without a shared buffer, stopping ends the worker), not by the time limit.
  expect((await closed) - started).toBeLessThan(RUN_TIMEOUT_MS);
  const cell = lesson.cell(1);
  await cell.setCode('print("after")');
  await cell.runAndWait(60_000);
  await expect(cell.output.locator('.output-text')).toHaveText('after\n');
});

test('without JavaScript, the pager links are plain links', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('lessons/introduction/');
  await next(page);
  await expect(page.locator('main h1')).toBeVisible();
  await context.close();
});
