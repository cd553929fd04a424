/**
 * Browser benchmark: what readers wait for, measured in Chromium on the built
 * site, side by side with bare Pyodide loaded the same way (a module worker,
 * the same files, the same server) and with the engine booting without its
 * memory snapshot (the server answers 404 for it, so the worker falls back to
 * a normal boot). Prints a table and writes bench/results.json. Figures, not
 * assertions: budgets and targets live in issues 8 and 9.
 *
 *   npm run bench            (builds dist/ first if it is missing)
 *   BENCH_RUNS=5 npm run bench
 *   BENCH_ONLY=boot npm run bench   (boot comparison and bytes only)
 */
import { chromium, expect, type BrowserContext, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/chromium.ts';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { execSync } from 'node:child_process';
import { PYODIDE_DIR } from '../src/engine/assets.ts';
import type { FromWorker, ToWorker } from '../src/engine/protocol.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = path.join(root, 'dist');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const LESSON = 'lessons/object-allocation/';
/** How long the bench "reads" after the engine's warm-up before timing Run → diagram. */
const READING_MS = 5_000;
const SNAPSHOT_FILE = /\/snapshot-[0-9a-f]+\.bin\.gz$/;

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
/** A blank page from which the bench talks to the site's own engine worker (tracer cost). */
const ENGINE_PAGE = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>engine</title></head><body></body></html>';

/** The site's engine worker chunk, as Vite named it. */
const workerChunk = () => `/_astro/${readdirSync(path.join(dist, '_astro')).find((f) => /^worker-.*\.js$/.test(f))}`;

/** Whether the server hands out the snapshot (off: 404, as if the build made none). */
let snapshotServed = true;
/**
 * Bytes the server sent, by file: what a visit really transferred. (Counting
 * the browser's responses would count twice what the service worker fetched
 * and then handed to the page.)
 */
const served = new Map<string, number>();

function serve(): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const page = { '/__bench/bare.html': BARE_PAGE, '/__bench/engine.html': ENGINE_PAGE }[url.pathname];
    if (page) {
      res.writeHead(200, { 'Content-Type': MIME['.html']! });
      return res.end(page);
    }
    if (url.pathname === '/__bench/bare-worker.mjs') {
      res.writeHead(200, { 'Content-Type': MIME['.mjs']! });
      return res.end(BARE_WORKER);
    }
    let file = path.join(dist, decodeURIComponent(url.pathname));
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!file.startsWith(dist) || !existsSync(file) || (!snapshotServed && SNAPSHOT_FILE.test(url.pathname))) {
      res.writeHead(404);
      return res.end();
    }
    // Like a typical static host: cacheable files, no compression negotiation for custom types.
    res.writeHead(200, {
      'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream',
      'Content-Length': statSync(file).size,
      'Cache-Control': 'public, max-age=3600',
    });
    const body = readFileSync(file);
    served.set(url.pathname, (served.get(url.pathname) ?? 0) + body.length);
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** A fresh persistent profile (Playwright's default context never caches the 9.6 MB wasm). */
async function withProfile<T>(fn: (context: BrowserContext) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ipm-bench-'));
  const context = await chromium.launchPersistentContext(dir, {
    headless: true,
    ...chromiumLaunchOptions,
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
  if (process.env.BENCH_DEBUG) {
    page.on('console', (m) => console.log('console:', m.type(), m.text()));
    page.on('pageerror', (e) => console.log('pageerror:', e.message));
    page.on('response', (r) => r.status() >= 400 && console.log('status:', r.status(), r.url()));
  }
  return page;
}

async function markTime(page: Page, name: string): Promise<number> {
  await page.waitForFunction((n) => performance.getEntriesByName(n).length > 0, name, { timeout: 120_000 });
  return page.evaluate((n) => performance.getEntriesByName(n)[0]!.startTime, name);
}

const cellByName = (page: Page, n: number) => page.getByRole('group', { name: `Python cell ${n}`, exact: true });

/** Page start → engine ready, the reader clicking Run as soon as the cell can take it. */
async function lessonReady(context: BrowserContext, base: string) {
  const page = await frontPage(context);
  await page.goto(base + LESSON);
  const cell = cellByName(page, 1);
  await cell.scrollIntoViewIfNeeded(); // islands hydrate when visible
  await cell.getByRole('button', { name: 'Run' }).click();
  const ready = await markTime(page, 'ipm:engine-ready');
  const start = await markTime(page, 'ipm:engine-start');
  const reason = await page.evaluate(() => (performance.getEntriesByName('ipm:engine-start')[0] as PerformanceMark).detail?.reason as string);
  const boot = await page.evaluate(() => (performance.getEntriesByName('ipm:engine-ready')[0] as PerformanceMark).detail?.boot as string);
  await cell.locator('.verdict').waitFor({ timeout: 120_000 });
  // A second run on the warm engine: click → output shown.
  await page.evaluate(() => performance.clearMeasures('ipm:run'));
  await cell.getByRole('button', { name: 'Run' }).click();
  const run = await page.waitForFunction(() => performance.getEntriesByName('ipm:run')[0]?.duration).then((h) => h.jsonValue() as Promise<number>);
  await page.close();
  return { ready, run, start, boot, reason };
}

async function bareReady(context: BrowserContext, base: string): Promise<number> {
  const page = await frontPage(context);
  await page.goto(`${base}__bench/bare.html`);
  const ready = await markTime(page, 'bare:ready');
  await page.close();
  return ready;
}

/** Lesson pages of the build, and how many memory diagrams each has. */
function lessonPages(): { path: string; diagrams: number }[] {
  const dir = path.join(dist, 'lessons');
  return readdirSync(dir)
    .filter((slug) => existsSync(path.join(dir, slug, 'index.html')))
    .map((slug) => ({
      path: `lessons/${slug}/`,
      diagrams: (readFileSync(path.join(dir, slug, 'index.html'), 'utf8').match(/class="memory-viewer"/g) ?? []).length,
    }));
}

/**
 * First diagram on a lesson page: when the first memory diagram's SVG is in the
 * document, against the first contentful paint, and the engine bytes fetched by then.
 */
async function firstDiagram(context: BrowserContext, base: string, lesson: string) {
  const page = await frontPage(context);
  await page.addInitScript(() => {
    const found = () => {
      if (document.querySelector('.memory-viewer svg')) {
        performance.mark('bench:first-diagram');
        return true;
      }
      return false;
    };
    const observer = new MutationObserver(() => found() && observer.disconnect());
    observer.observe(document, { childList: true, subtree: true });
  });
  let engineBytes = 0;
  page.on('response', async (r) => {
    if (r.url().includes('/pyodide/')) engineBytes += (await r.body().catch(() => Buffer.alloc(0))).length;
  });
  await page.goto(base + lesson);
  const diagram = await markTime(page, 'bench:first-diagram');
  const paint = await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime)
    .then((h) => h.jsonValue() as Promise<number>);
  const bytesAtPaint = engineBytes;
  await page.close();
  return { diagram, paint, visibleMs: Math.max(diagram, paint), engineBytesAtFirstDiagram: bytesAtPaint };
}

/**
 * Click Run on every memory cell of a lesson (engine already warm) → the new
 * diagram is on screen: the button comes back, then the frame after it is painted.
 */
async function runToDiagram(context: BrowserContext, base: string, lesson: string, repeats: number, straightAfterBoot: boolean) {
  const page = await frontPage(context);
  await page.goto(base + lesson);
  const names = await page.evaluate(() =>
    [...document.querySelectorAll('[role="group"][aria-label^="Python cell"]')]
      .filter((cell) => cell.querySelector('.memory-viewer'))
      .map((cell) => cell.getAttribute('aria-label')!),
  );
  /** One click on a cell's Run → the new diagram on screen, and the cell's own click → result figure. */
  const timeRun = (label: string) => page.evaluate(async (label) => {
    const group = document.querySelector(`[role="group"][aria-label="${label}"]`)!;
    const button = [...group.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Run')!;
    const started = performance.now();
    const settled = new Promise<void>((resolve) => {
      let sawRunning = false;
      const observer = new MutationObserver(() => {
        if (button.disabled) sawRunning = true;
        else if (sawRunning && group.querySelector('.verdict')) {
          observer.disconnect();
          resolve();
        }
      });
      observer.observe(group, { attributes: true, childList: true, subtree: true });
    });
    button.click();
    await settled;
    // The frame showing the new diagram.
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    const total = performance.now() - started;
    // The cell's own measure: click → result parsed (engine, transfer, parse), before rendering.
    const engine = performance.getEntriesByName('ipm:run').at(-1)?.duration ?? NaN;
    return { total, engine };
  }, label);
  const times: Record<string, { total: number[]; engine: number[] }> = {};
  const beforeWarmUp: number[] = [];
  for (const [i, name] of names.entries()) {
    const cell = page.getByRole('group', { name, exact: true });
    await cell.scrollIntoViewIfNeeded();
    await expect(cell.getByRole('button', { name: 'Run' })).toBeEnabled();
    if (i === 0) {
      // Start Python (not measured).
      await cell.getByRole('button', { name: 'Run' }).click();
      await cell.locator('.verdict').waitFor({ timeout: 120_000 });
      // Runs one after another straight after the boot, before the engine's warm-up could run (see warmup.ts).
      if (straightAfterBoot) for (let r = 0; r < repeats; r++) beforeWarmUp.push((await timeRun(name)).total);
      // Then as a reader meets it: once the engine has warmed up, after reading for a few seconds
      // (V8 finishes optimising in the background, and the service worker stores the engine files).
      await page.waitForFunction(() => performance.getEntriesByName('ipm:engine-warm').length > 0, null, { timeout: 120_000 });
      await page.waitForTimeout(READING_MS);
    }
    for (let r = 0; r < repeats; r++) {
      const ms = await timeRun(name);
      const entry = (times[`${lesson}${name}`] ??= { total: [], engine: [] });
      entry.total.push(ms.total);
      entry.engine.push(ms.engine);
    }
  }
  const warmUp = await page.evaluate(() => (performance.getEntriesByName('ipm:engine-warm').at(-1) as PerformanceMark | undefined)?.detail as { steps: number; ms: number } | undefined);
  await page.close();
  return { times, beforeWarmUp, warmUp };
}

/** Tracer cost in the browser: the site's own worker, spoken to directly over its protocol. */
async function tracerCost(context: BrowserContext, base: string) {
  const page = await frontPage(context);
  await page.goto(`${base}__bench/engine.html`);
  const step = (objects: number, iterations: number) => [
    `data = [[i] for i in range(${Math.max(1, Math.floor((objects - 2) / 2))})]`,
    'total = 0',
    `for n in range(${iterations}):`,
    '    total += 1',
  ].join('\n');
  const programs = { objects10: step(10, 200), objects50: step(50, 200), loop: 'total = 0\nfor i in range(10_000):\n    total += i\n' };
  const result = await page.evaluate(
    async ({ url, indexURL, programs, repeats }) => {
      const worker = new Worker(url, { type: 'module' });
      let pending: ((m: FromWorker) => void) | null = null;
      worker.onmessage = (e: MessageEvent<FromWorker>) => {
        if (e.data.type !== 'output' && e.data.type !== 'trace-steps' && e.data.type !== 'progress') pending?.(e.data);
      };
      const ask = (message: ToWorker) => new Promise<FromWorker>((resolve) => {
        pending = resolve;
        worker.postMessage(message);
      });
      await ask({ type: 'init', indexURL });
      await ask({ type: 'warm-up' }); // as the page does once Python is ready; answered with 'warmed'
      const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
      const out: Record<string, { steps: number; tracedMs: number; plainMs: number; usPerStep: number; snapshotUsPerStep: number; ratio: number }> = {};
      let id = 1;
      for (const [name, code] of Object.entries(programs)) {
        const traced: number[] = [];
        const plain: number[] = [];
        let steps = 0;
        let snapshotMs = 0;
        for (let r = 0; r < repeats; r++) {
          let t = performance.now();
          const reply = await ask({ type: 'trace', id: id++, code, limits: { maxSteps: 10_000_000, maxSeconds: 600 } });
          traced.push(performance.now() - t);
          if (reply.type !== 'traced') throw new Error(`trace failed: ${JSON.stringify(reply)}`);
          const trace = JSON.parse(reply.json) as { steps: unknown[]; stats: { snapshotMs: number } };
          steps = trace.steps.length;
          snapshotMs = trace.stats.snapshotMs;
          t = performance.now();
          await ask({ type: 'run', id: id++, code });
          plain.push(performance.now() - t);
        }
        const tracedMs = median(traced);
        const plainMs = median(plain);
        out[name] = { steps, tracedMs, plainMs, usPerStep: (tracedMs * 1000) / steps, snapshotUsPerStep: (snapshotMs * 1000) / steps, ratio: tracedMs / plainMs };
      }
      worker.terminate();
      return out;
    },
    { url: workerChunk(), indexURL: `${base}${PYODIDE_DIR}`, programs, repeats: Math.max(3, RUNS) },
  );
  await page.close();
  return result;
}

/** JS a lesson page loads before the engine (gzipped), and everything a first visit with one Run transfers. */
async function bytes(base: string) {
  return withProfile(async (context) => {
    const page = await frontPage(context);
    const scripts = new Map<string, number>();
    let engineStarted = false;
    context.on('request', (request) => {
      if (request.url().includes('/pyodide/') || /\/worker-[^/]*\.js$/.test(request.url())) engineStarted = true;
    });
    context.on('response', async (response) => {
      if (engineStarted || response.fromServiceWorker() || !/\.m?js($|\?)/.test(response.url())) return;
      const body = await response.body().catch(() => null);
      if (body) scripts.set(response.url(), gzipSync(body).length);
    });
    served.clear();
    await page.goto(base + LESSON, { waitUntil: 'networkidle' });
    const cell = cellByName(page, 1);
    await cell.scrollIntoViewIfNeeded(); // hydrates the island (the editor waits for the reader to edit)
    await expect(cell.getByRole('button', { name: 'Run' })).toBeEnabled();
    const beforeEngine = [...scripts.values()].reduce((a, b) => a + b, 0);
    await cell.getByRole('button', { name: 'Run' }).click();
    await cell.locator('.verdict').waitFor({ timeout: 120_000 });
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(1_000); // the service worker caching what the page fetched before it took control
    const byKind: Record<string, number> = {};
    for (const [file, size] of served) {
      const kind = file.includes('/pyodide/') ? path.basename(file).replace(/-[0-9a-f]+\.bin\.gz$/, '.bin.gz') : 'site';
      byKind[kind] = (byKind[kind] ?? 0) + size;
    }
    const total = Object.values(byKind).reduce((a, b) => a + b, 0);
    return { lessonJsGzBeforeEngine: beforeEngine, firstVisitTotalBytes: total, firstVisitBytesByFile: byKind };
  });
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: values };
};

if (!existsSync(path.join(dist, LESSON, 'index.html'))) execSync('npm run build', { cwd: root, stdio: 'inherit' });
const snapshotBuilt = readdirSync(path.join(dist, PYODIDE_DIR)).some((f) => SNAPSHOT_FILE.test(`/${f}`));
const server = await serve();
const address = server.address();
const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;

const boots = { snapshot: [] as string[], normal: [] as string[] };
/** Why the engine started on each visit of the snapshot side: a Run on the first visit, the page load for the returning reader. */
const startReasons = { cold: [] as string[], warm: [] as string[] };
/** `boot`: engine start → ready, by side (the engine's own part, without the page's). */
const cold = { snapshot: [] as number[], normal: [] as number[], bare: [] as number[], run: [] as number[], click: [] as number[], boot: { snapshot: [] as number[], normal: [] as number[] } };
const warm = { snapshot: [] as number[], normal: [] as number[], bare: [] as number[], click: [] as number[], boot: { snapshot: [] as number[], normal: [] as number[] } };
for (let i = 0; i < RUNS; i++) {
  // Alternate the order so no side always goes first.
  const sides = ['snapshot', 'normal', 'bare'] as const;
  for (const side of i % 2 ? [...sides].reverse() : sides) {
    await withProfile(async (context) => {
      if (side === 'bare') {
        cold.bare.push(await bareReady(context, base));
        warm.bare.push(await bareReady(context, base));
        return;
      }
      snapshotServed = side === 'snapshot';
      const first = await lessonReady(context, base);
      const again = await lessonReady(context, base);
      cold[side].push(first.ready);
      warm[side].push(again.ready);
      boots[side].push(first.boot, again.boot);
      cold.boot[side].push(first.ready - first.start);
      warm.boot[side].push(again.ready - again.start);
      if (side === 'snapshot') {
        startReasons.cold.push(first.reason);
        startReasons.warm.push(again.reason);
        cold.run.push(first.run);
        cold.click.push(first.start);
        warm.click.push(again.start);
      }
    });
  }
}
snapshotServed = true;

const pages = lessonPages();
/** BENCH_ONLY=boot: only the boot comparison and bytes (quicker, for a quiet moment on a busy machine). */
const diagramPages = process.env.BENCH_ONLY === 'boot' ? [] : pages.filter((p) => p.diagrams > 0);
const firstDiagrams: Record<string, ReturnType<typeof stats> & { atFirstPaint: boolean; engineBytes: number }> = {};
const runDiagram: Record<string, ReturnType<typeof stats> & { untilResultMs: number }> = {};
/** The first lesson's first cell, run again and again straight after the boot (before the warm-up). */
const runBeforeWarmUp: number[] = [];
/** What each lesson page's warm-up did (steps, ms of worker time). */
const warmUps: { steps: number; ms: number }[] = [];
const tracer = await withProfile(async (context) => {
  for (const lesson of diagramPages) {
    const samples = [];
    for (let i = 0; i < RUNS; i++) samples.push(await firstDiagram(context, base, lesson.path));
    firstDiagrams[lesson.path] = {
      ...stats(samples.map((s) => s.visibleMs)),
      atFirstPaint: samples.every((s) => s.diagram <= s.paint),
      engineBytes: Math.max(...samples.map((s) => s.engineBytesAtFirstDiagram)),
    };
  }
  for (const [n, lesson] of diagramPages.entries()) {
    const measured = await runToDiagram(context, base, lesson.path, RUNS, n === 0);
    for (const [cell, times] of Object.entries(measured.times)) {
      runDiagram[cell] = { ...stats(times.total), untilResultMs: stats(times.engine).median };
    }
    if (n === 0) runBeforeWarmUp.push(...measured.beforeWarmUp);
    if (measured.warmUp) warmUps.push(measured.warmUp);
  }
  const none: Awaited<ReturnType<typeof tracerCost>> = {};
  return process.env.BENCH_ONLY === 'boot' ? none : tracerCost(context, base);
});
const withSnapshot = await bytes(base);
snapshotServed = false;
const withoutSnapshot = await bytes(base);
snapshotServed = true;
server.close();

const median = (s: ReturnType<typeof stats>) => s.median;
const results = {
  date: new Date().toISOString(),
  runs: RUNS,
  snapshotBuilt,
  /** How each measured engine actually booted (a snapshot side that says "normal" fell back). */
  boots,
  startReasons,
  coldReadyMs: { snapshot: stats(cold.snapshot), normal: stats(cold.normal), barePyodide: stats(cold.bare) },
  warmReadyMs: { snapshot: stats(warm.snapshot), normal: stats(warm.normal), barePyodide: stats(warm.bare) },
  ratios: {
    coldSnapshotToNormal: median(stats(cold.snapshot)) / median(stats(cold.normal)),
    coldSnapshotToBare: median(stats(cold.snapshot)) / median(stats(cold.bare)),
    warmSnapshotToBare: median(stats(warm.snapshot)) / median(stats(warm.bare)),
    coldNormalToBare: median(stats(cold.normal)) / median(stats(cold.bare)),
    firstVisitBytesSnapshotToNormal: withSnapshot.firstVisitTotalBytes / withoutSnapshot.firstVisitTotalBytes,
  },
  runClickToOutputMs: stats(cold.run),
  /** Page start → the engine starts (the reader's click, once the island has hydrated). */
  engineStartMs: { cold: stats(cold.click), warm: stats(warm.click) },
  /** Engine start (the click) → Python ready, snapshot boot: what starting on intent can hide. */
  snapshotBootMs: { cold: stats(cold.boot.snapshot), warm: stats(warm.boot.snapshot) },
  /** The same for the normal boot: the engine's own part of the comparison, without the page's. */
  normalBootMs: { cold: stats(cold.boot.normal), warm: stats(warm.boot.normal) },
  firstDiagramMs: firstDiagrams,
  /** Measured once the engine's warm-up has finished, after READING_MS more. */
  runToDiagramMs: runDiagram,
  readingMs: READING_MS,
  runToDiagramStraightAfterBootMs: runBeforeWarmUp.length ? stats(runBeforeWarmUp) : null,
  warmUpMs: warmUps.length ? stats(warmUps.map((w) => w.ms)) : null,
  warmUpSteps: warmUps[0]?.steps ?? null,
  tracerInBrowser: tracer,
  bytes: { withSnapshot, withoutSnapshot },
};

const f = (n: number) => n.toFixed(0);
const row = (name: string, s: ReturnType<typeof stats>, extra = '') => `| ${name} | ${f(s.median)} ms | ${f(s.min)}–${f(s.max)} ms | ${extra} |`;
const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');
const r = results.ratios;
const worstRunDiagram = Math.max(0, ...Object.values(runDiagram).map((s) => s.median));
console.log(`\nBrowser benchmark (Chromium, built site, ${RUNS} runs; snapshot ${snapshotBuilt ? 'built' : 'NOT built'})\n`);
console.log('| measure | median | min–max | target / budget |');
console.log('|---|---|---|---|');
console.log(row('cold: page start → Python ready, snapshot boot', results.coldReadyMs.snapshot, `≤ 0.35× normal: ×${r.coldSnapshotToNormal.toFixed(2)} ${mark(r.coldSnapshotToNormal <= 0.35)}; ≤ 1.05× bare: ×${r.coldSnapshotToBare.toFixed(2)} ${mark(r.coldSnapshotToBare <= 1.05)}`));
console.log(row('cold: page start → Python ready, normal boot', results.coldReadyMs.normal, `×${r.coldNormalToBare.toFixed(2)} bare`));
console.log(row('cold: page start → Python ready, bare Pyodide', results.coldReadyMs.barePyodide));
console.log(row('warm: page start → Python ready, snapshot boot', results.warmReadyMs.snapshot, `≤ 500 ms ${mark(median(results.warmReadyMs.snapshot) <= 500)}; ≤ 1000 ms ${mark(median(results.warmReadyMs.snapshot) <= 1000)}`));
console.log(row('warm: page start → Python ready, normal boot', results.warmReadyMs.normal));
console.log(row('warm: page start → Python ready, bare Pyodide', results.warmReadyMs.barePyodide));
console.log(row(`page start → engine starts, cold (${startReasons.cold.join(', ')})`, results.engineStartMs.cold));
console.log(row(`page start → engine starts, warm (${startReasons.warm.join(', ')})`, results.engineStartMs.warm));
console.log(row('engine start → Python ready, snapshot boot, cold', results.snapshotBootMs.cold));
console.log(row('engine start → Python ready, snapshot boot, warm', results.snapshotBootMs.warm));
console.log(row('engine start → Python ready, normal boot, cold', results.normalBootMs.cold, `snapshot ×${(median(results.snapshotBootMs.cold) / median(results.normalBootMs.cold)).toFixed(2)} (the engine's own part)`));
console.log(row('engine start → Python ready, normal boot, warm', results.normalBootMs.warm, `snapshot ×${(median(results.snapshotBootMs.warm) / median(results.normalBootMs.warm)).toFixed(2)}`));
console.log(row('Run click → output (small program, warm engine)', results.runClickToOutputMs));
for (const [lesson, s] of Object.entries(firstDiagrams)) {
  console.log(row(`first diagram on screen: ${lesson}`, s, `${s.atFirstPaint ? 'in the first paint' : 'AFTER first paint'}, ${s.engineBytes} engine bytes`));
}
for (const [cell, s] of Object.entries(runDiagram)) {
  console.log(row(`Run click → diagram updated: ${cell} (warmed up, ${READING_MS / 1000} s after)`, s, `≤ 100 ms ${mark(s.median <= 100)} (result after ${f(s.untilResultMs)} ms)`));
}
if (results.runToDiagramStraightAfterBootMs) {
  console.log(row(`Run click → diagram, again and again straight after the boot (before the warm-up): ${diagramPages[0]?.path}`, results.runToDiagramStraightAfterBootMs));
}
if (results.warmUpMs) console.log(row('engine warm-up per lesson page (worker time)', results.warmUpMs, `${results.warmUpSteps} steps`));
for (const [name, t] of Object.entries(tracer)) {
  console.log(`| tracer in the browser: ${name} (${t.steps} steps) | ${t.usPerStep.toFixed(0)} µs/step | snapshot ${t.snapshotUsPerStep.toFixed(0)} µs/step | traced/plain ×${t.ratio.toFixed(1)} |`);
}
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;
console.log(`| lesson JS before the engine (gzip) | ${kb(withSnapshot.lessonJsGzBeforeEngine)} | | ≤ 60 KB ${mark(withSnapshot.lessonJsGzBeforeEngine <= 60 * 1024)} |`);
console.log(`| first visit, one Run, all bytes: snapshot boot | ${mb(withSnapshot.firstVisitTotalBytes)} | | ≤ 1.5× normal: ×${r.firstVisitBytesSnapshotToNormal.toFixed(2)} ${mark(r.firstVisitBytesSnapshotToNormal <= 1.5)} |`);
console.log(`| first visit, one Run, all bytes: normal boot | ${mb(withoutSnapshot.firstVisitTotalBytes)} | | |`);
console.log(`\nRun → diagram, worst lesson cell: ${f(worstRunDiagram)} ms. Boots seen: snapshot side ${[...new Set(boots.snapshot)].join('/')}, normal side ${[...new Set(boots.normal)].join('/')}.`);
console.log(`First visit by file (snapshot boot): ${Object.entries(withSnapshot.firstVisitBytesByFile).map(([k, v]) => `${k} ${mb(v)}`).join(', ')}`);
mkdirSync(path.join(root, 'bench'), { recursive: true });
writeFileSync(path.join(root, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log('\nwritten: bench/results.json');
