/**
 * The built site on an ordinary static host, from a sub-path: a build with
 * SITE_BASE=/course/ in its own folder, served by a plain server (no special
 * headers). Then offline: the same host goes away and visited pages still work.
 */

import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, expect, test } from '@playwright/test';
import { embedURL, iframeSnippet } from '../src/site/embed.ts';
import { LessonPage } from './lesson-page.ts';
import { type StaticHost, serveStatic } from './static-server.ts';

const BASE = '/course/';
const OUT_DIR = 'dist-sub';
const SITE_URL = 'https://example.org';

test.describe.configure({ mode: 'serial' });

let host: StaticHost;

test.beforeAll(async () => {
  test.setTimeout(600_000);
  const build = spawnSync('node_modules/.bin/astro', ['build', '--outDir', OUT_DIR], {
    env: { ...process.env, SITE_BASE: BASE, SITE_URL },
    encoding: 'utf8',
  });
  expect(build.status, `${build.stdout}\n${build.stderr}`).toBe(0);
  host = await serveStatic(OUT_DIR, BASE);
});

test.afterAll(async () => {
  await host?.close();
});

/** Fails the test on any request that leaves the base path or gets an error. */
function watchRequests(context: BrowserContext) {
  const problems: string[] = [];
  context.on('requestfinished', async (request) => {
    const response = await request.response();
    const url = new URL(request.url());
    if (!url.pathname.startsWith(BASE)) problems.push(`outside ${BASE}: ${url.pathname}`);
    if (response && response.status() >= 400) problems.push(`${response.status()}: ${url.pathname}`);
  });
  context.on('requestfailed', (request) => {
    // ERR_ABORTED: a page navigated away while loading (e.g. the editor, loaded on hover).
    // A returning reader's page starts Python as it loads; leaving it before Python is ready
    // cancels the engine's requests, which Chromium reports as ERR_FAILED when they went
    // through the service worker. A missing engine file still shows, as a 404 above.
    const error = request.failure()?.errorText ?? '';
    const leftWhileBooting = error.includes('ERR_FAILED') && new URL(request.url()).pathname.startsWith(`${BASE}pyodide/`);
    if (!error.includes('ERR_ABORTED') && !leftWhileBooting) problems.push(`failed: ${request.url()} ${error}`);
  });
  return problems;
}

test('from a sub-path: pages, links, search and Python all work', async ({ browser }) => {
  test.setTimeout(300_000);
  const context = await browser.newContext({ baseURL: host.url });
  const problems = watchRequests(context);
  const page = await context.newPage();
  await page.goto('');
  await expect(page.getByRole('heading', { level: 1, name: 'Inside Python Memory' })).toBeVisible();
  await page.locator('.lesson-list').getByRole('link', { name: 'Names and objects' }).click();
  await expect(page).toHaveURL(`${host.url}lessons/object-allocation/`);
  // Canonical and social URLs use the published address and base.
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute('href', `${SITE_URL}${BASE}lessons/object-allocation/`);
  await expect(page.locator('meta[property="og:url"]')).toHaveAttribute('content', `${SITE_URL}${BASE}lessons/object-allocation/`);

  const lesson = new LessonPage(page);
  const cell = lesson.cell(1);
  await cell.setCode('import sys\nprint(sys.version_info[:2], 6 * 7)');
  await cell.runAndWait(150_000);
  await expect(cell.output.locator('.output-text')).toHaveText('(3, 14) 42\n');

  // Search: its index and its result links live under the base too.
  await page.keyboard.press('Control+k');
  await page.getByRole('searchbox', { name: 'Search the lessons' }).fill('immortal');
  const hit = page.locator('.search-results a.hit-page').first();
  // The first search loads Pagefind's wasm and index; on a busy 2-core runner that can take over 5 s.
  await expect(hit).toHaveAttribute('href', new RegExp(`^${BASE}lessons/`), { timeout: 20_000 });
  await hit.click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

  // Header links stay inside the base.
  await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Playground' }).click();
  await expect(page).toHaveURL(`${host.url}playground/`);
  await page.getByRole('link', { name: 'Inside Python Memory' }).click();
  await expect(page).toHaveURL(host.url);
  expect(problems).toEqual([]);
  await context.close();
});

test('the sub-path build has a sitemap of its pages and a 404 page', async ({ request }) => {
  const index = await request.get(`${host.url}sitemap-index.xml`);
  expect(index.ok()).toBe(true);
  const sitemap = await readFile(`${OUT_DIR}/sitemap-0.xml`, 'utf8');
  expect(sitemap).toContain(`<loc>${SITE_URL}${BASE}lessons/reference-counting/</loc>`);
  expect(sitemap).toContain(`<loc>${SITE_URL}${BASE}playground/</loc>`);
  expect(sitemap).not.toContain('404');
  expect(sitemap).not.toContain('/embed/'); // a frame for other pages, not a page of the course
  const missing = await request.get(`${host.url}no-such-page/`);
  expect(missing.status()).toBe(404);
  expect(await missing.text()).toContain('Page not found');
});

test('the sub-path build’s embed runs in a frame on another site', async ({ browser }) => {
  test.setTimeout(300_000);
  const code = 'pair = [0, 0]\nprint(len(pair))\n';
  const src = await embedURL(host.url, code);
  expect(src.startsWith(`${host.url}embed/#code=`)).toBe(true);
  const html = `<!doctype html><html lang="en"><head><title>Notes</title><link rel="icon" href="data:,"></head><body>${iframeSnippet(src, { title: 'A pair', height: 600 })}</body></html>`;
  const teacher = await serveStatic(await mkdtemp(path.join(tmpdir(), 'teacher-')), '/', { extraFiles: { 'notes.html': html } });
  const context = await browser.newContext();
  const problems = watchRequests(context);
  const page = await context.newPage();
  await page.goto(`${teacher.url.replace('127.0.0.1', 'localhost')}notes.html`);
  const frame = page.frameLocator('iframe[title="A pair"]');
  await frame.getByRole('button', { name: 'Run' }).click();
  await expect(frame.getByRole('region', { name: 'Output of Embedded program' }).locator('.output-text')).toHaveText('2\n', {
    timeout: 150_000,
  });
  await expect(frame.locator('svg.memory-diagram')).toBeVisible();
  // Every request of the frame stayed under the base (the teacher's page is served from the root, outside it).
  expect(problems.filter((p) => !p.includes('/notes.html'))).toEqual([]);
  await context.close();
  await teacher.close();
});

test('offline: a visited lesson reloads and runs Python with the host gone', async ({ browser }) => {
  test.setTimeout(300_000);
  const context = await browser.newContext({ baseURL: host.url });
  const page = await context.newPage();
  const lesson = new LessonPage(page);
  await lesson.goto('introduction');
  // The service worker takes control of the page on its first visit.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  // Page requests start while the service worker itself starts up (navigation preload).
  expect(await page.evaluate(async () => (await (await navigator.serviceWorker.ready).navigationPreload.getState()).enabled)).toBe(true);
  const cell = lesson.cell(1);
  await cell.root.scrollIntoViewIfNeeded();
  await expect(cell.run).toBeEnabled({ timeout: 30_000 });
  await cell.runAndWait(150_000);
  await expect(cell.verdict()).toContainText('Finished');
  // Wait until the engine files and the snapshot are in the cache (stored once Python is ready).
  // (expect.poll: waitForFunction would take the async predicate's promise as a truthy answer.)
  await expect
    .poll(
      () =>
        page.evaluate(async () => {
          // Every script the page loaded, including those it loaded before the worker took control.
          const scripts = performance
            .getEntriesByType('resource')
            .map((e) => e.name)
            .filter((u) => u.includes('/_astro/') && u.endsWith('.js'));
          const engine = ['pyodide.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide.asm.mjs', 'pyodide-lock.json', '.bin.gz'];
          const keys: string[] = [];
          for (const name of await caches.keys()) keys.push(...(await (await caches.open(name)).keys()).map((r) => r.url));
          // What is still missing (so a failure says what).
          return [
            ...engine.filter((f) => !keys.some((k) => k.endsWith(f))),
            ...(keys.some((k) => k.endsWith('/lessons/introduction/')) ? [] : ['the page']),
            ...scripts.filter((u) => !keys.includes(u)),
          ];
        }),
      { timeout: 60_000, intervals: [500] },
    )
    .toEqual([]);

  // Offline for real: the host is gone and the browser reports no network.
  await host.close();
  await context.setOffline(true);
  const response = await page.reload();
  expect(response?.fromServiceWorker()).toBe(true);
  await expect(page.getByRole('heading', { level: 1, name: 'Introduction' })).toBeVisible();
  const again = new LessonPage(page).cell(2);
  await again.setCode('a = [1, 2]\nb = a\nprint(a is b, len(b))');
  await again.runAndWait(150_000);
  await expect(again.output.locator('.output-text')).toHaveText('True 2\n');

  // A page never visited says so, instead of the browser's error page.
  await page.goto('lessons/reference-counting/');
  await expect(page.getByRole('heading', { level: 1, name: 'You are offline' })).toBeVisible();
  await context.close();
});
