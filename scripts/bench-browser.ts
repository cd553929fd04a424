/**
 * Browser benchmark: what readers wait for, measured in Chromium on the built
 * site, side by side with bare Pyodide loaded the same way (a module worker,
 * the same files, the same server). Prints a table and writes
 * bench/results.json. Figures, not assertions: budgets live in the issues.
 *
 *   npm run bench            (builds dist/ first if it is missing)
 *   BENCH_RUNS=5 npm run bench
 */
import { chromium, expect, type BrowserContext, type Page } from '@playwright/test';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { execSync } from 'node:child_process';
import { PYODIDE_DIR } from '../src/engine/assets.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = path.join(root, 'dist');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const LESSON = 'lessons/object-allocation/';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.wasm': 'application/wasm', '.zip': 'application/zip', '.json': 'application/json', '.svg': 'image/svg+xml',
};

/** The bare baseline: a page that only loads the same Pyodide files in a module worker. */
const BARE_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bare Pyodide</title></head><body>
<script type="module">
const worker = new Worker('/__bench/bare-worker.mjs', { type: 'module' });
worker.onmessage = () => performance.mark('bare:ready');
worker.onerror = (e) => console.error('bare worker failed', e.message);
</script></body></html>`;
const BARE_WORKER = `import { loadPyodide } from '/${PYODIDE_DIR}pyodide.mjs';
const py = await loadPyodide({ indexURL: new URL('/${PYODIDE_DIR}', location.href).href });
py.runPython('1 + 1');
postMessage('ready');`;

function serve(): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/__bench/bare.html') {
      res.writeHead(200, { 'Content-Type': MIME['.html']! });
      return res.end(BARE_PAGE);
    }
    if (url.pathname === '/__bench/bare-worker.mjs') {
      res.writeHead(200, { 'Content-Type': MIME['.mjs']! });
      return res.end(BARE_WORKER);
    }
    let file = path.join(dist, decodeURIComponent(url.pathname));
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!file.startsWith(dist) || !existsSync(file)) {
      res.writeHead(404);
      return res.end();
    }
    // Like a typical static host: cacheable files, no compression negotiation for custom types.
    res.writeHead(200, {
      'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream',
      'Content-Length': statSync(file).size,
      'Cache-Control': 'public, max-age=3600',
    });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const launchArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run'];

async function withProfile<T>(fn: (context: BrowserContext) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ipm-bench-'));
  const context = await chromium.launchPersistentContext(dir, {
    headless: true,
    ...(existsSync('/usr/bin/chromium') ? { executablePath: '/usr/bin/chromium' } : {}),
    args: launchArgs,
  });
  try {
    return await fn(context);
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A new tab in front: background tabs never see their islands become visible. */
async function frontPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.bringToFront();
  return page;
}

async function markTime(page: Page, name: string): Promise<number> {
  await page.waitForFunction((n) => performance.getEntriesByName(n).length > 0, name, { timeout: 120_000 });
  return page.evaluate((n) => performance.getEntriesByName(n)[0]!.startTime, name);
}

/** Page start → engine ready, the reader clicking Run as soon as the cell can take it. */
async function lessonReady(context: BrowserContext, base: string): Promise<{ ready: number; run: number; start: number }> {
  const page = await frontPage(context);
  if (process.env.BENCH_DEBUG) {
    page.on('console', (m) => console.log('console:', m.type(), m.text()));
    page.on('pageerror', (e) => console.log('pageerror:', e.message));
    page.on('response', (r) => r.status() >= 400 && console.log('status:', r.status(), r.url()));
  }
  await page.goto(base + LESSON);
  const cell = page.getByRole('group', { name: 'Python cell 1', exact: true });
  await cell.scrollIntoViewIfNeeded(); // islands hydrate when visible
  await cell.getByRole('button', { name: 'Run' }).click();
  const ready = await markTime(page, 'ipm:engine-ready');
  const start = await markTime(page, 'ipm:engine-start');
  await cell.locator('.verdict').waitFor();
  // A second run on the warm engine: click → output shown.
  await page.evaluate(() => performance.clearMeasures('ipm:run'));
  await cell.getByRole('button', { name: 'Run' }).click();
  const run = await page.waitForFunction(() => performance.getEntriesByName('ipm:run')[0]?.duration).then((h) => h.jsonValue() as Promise<number>);
  await page.close();
  return { ready, run, start };
}

async function bareReady(context: BrowserContext, base: string): Promise<number> {
  const page = await frontPage(context);
  await page.goto(`${base}__bench/bare.html`);
  const ready = await markTime(page, 'bare:ready');
  await page.close();
  return ready;
}

/** JS a lesson page loads before the engine (gzipped), and everything a first visit with one Run transfers. */
async function bytes(base: string) {
  return withProfile(async (context) => {
    const page = await frontPage(context);
    const scripts = new Map<string, number>();
    let total = 0;
    context.on('response', async (response) => {
      const body = await response.body().catch(() => null);
      if (!body) return;
      total += body.length;
      const url = response.url();
      if (/\.m?js($|\?)/.test(url) && !url.includes('/pyodide/')) scripts.set(url, gzipSync(body).length);
    });
    await page.goto(base + LESSON, { waitUntil: 'networkidle' });
    const cell = page.getByRole('group', { name: 'Python cell 1', exact: true });
    await cell.scrollIntoViewIfNeeded(); // hydrates the island (the editor waits for the reader to edit)
    await expect(cell.getByRole('button', { name: 'Run' })).toBeEnabled();
    await page.waitForLoadState('networkidle');
    const beforeEngine = [...scripts.values()].reduce((a, b) => a + b, 0);
    await cell.getByRole('button', { name: 'Run' }).click();
    await cell.locator('.verdict').waitFor({ timeout: 120_000 });
    await page.waitForLoadState('networkidle');
    return { lessonJsGzBeforeEngine: beforeEngine, firstVisitTotalBytes: total };
  });
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: values };
};

if (!existsSync(path.join(dist, LESSON, 'index.html'))) execSync('npm run build', { cwd: root, stdio: 'inherit' });
const server = await serve();
const address = server.address();
const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;

const cold = { lesson: [] as number[], bare: [] as number[], run: [] as number[], click: [] as number[] };
const warm = { lesson: [] as number[], bare: [] as number[], click: [] as number[] };
for (let i = 0; i < RUNS; i++) {
  // Alternate the order so neither side always goes first.
  await withProfile(async (context) => {
    const first = await lessonReady(context, base);
    cold.lesson.push(first.ready);
    cold.run.push(first.run);
    cold.click.push(first.start);
    const again = await lessonReady(context, base);
    warm.lesson.push(again.ready);
    warm.click.push(again.start);
  });
  await withProfile(async (context) => {
    cold.bare.push(await bareReady(context, base));
    warm.bare.push(await bareReady(context, base));
  });
}
const size = await bytes(base);
server.close();

const results = {
  date: new Date().toISOString(),
  runs: RUNS,
  coldReadyMs: { lesson: stats(cold.lesson), barePyodide: stats(cold.bare) },
  warmReadyMs: { lesson: stats(warm.lesson), barePyodide: stats(warm.bare) },
  coldRatio: stats(cold.lesson).median / stats(cold.bare).median,
  warmRatio: stats(warm.lesson).median / stats(warm.bare).median,
  runClickToOutputMs: stats(cold.run),
  /** Page start → the engine starts (the reader's click, once the island has hydrated). */
  engineStartMs: { cold: stats(cold.click), warm: stats(warm.click) },
  ...size,
};

const f = (n: number) => n.toFixed(0);
const row = (name: string, s: ReturnType<typeof stats>) => `| ${name} | ${f(s.median)} ms | ${f(s.min)}–${f(s.max)} ms |`;
console.log(`\nBrowser benchmark (Chromium, built site, ${RUNS} runs)\n`);
console.log('| measure | median | min–max |');
console.log('|---|---|---|');
console.log(row('cold: page start → Python ready (lesson, Run clicked at once)', results.coldReadyMs.lesson));
console.log(row('cold: page start → Python ready (bare Pyodide)', results.coldReadyMs.barePyodide));
console.log(row('warm: page start → Python ready (lesson)', results.warmReadyMs.lesson));
console.log(row('warm: page start → Python ready (bare Pyodide)', results.warmReadyMs.barePyodide));
console.log(row('Run click → output (small program, warm engine)', results.runClickToOutputMs));
console.log(row('cold: page start → engine starts (click after hydration)', results.engineStartMs.cold));
console.log(row('warm: page start → engine starts (click after hydration)', results.engineStartMs.warm));
console.log(`| ratio lesson / bare Pyodide | cold ×${results.coldRatio.toFixed(2)}, warm ×${results.warmRatio.toFixed(2)} | |`);
console.log(`| lesson JS before the engine (gzip) | ${(size.lessonJsGzBeforeEngine / 1024).toFixed(1)} KB | |`);
console.log(`| first visit, one Run, all bytes | ${(size.firstVisitTotalBytes / 1e6).toFixed(2)} MB | |`);
mkdirSync(path.join(root, 'bench'), { recursive: true });
writeFileSync(path.join(root, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log('\nwritten: bench/results.json');
