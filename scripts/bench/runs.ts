/**
 * Run → diagram: click Run on every memory cell of every lesson page → the new
 * diagram is on screen (the button comes back, then the frame after it is
 * painted), as a reader meets it: once the engine's warm-up has finished and
 * the reader has read a few seconds more. On the first page, the first cell is
 * also run again and again straight after the boot, before the warm-up could
 * run (see src/engine/worker/warmup.ts). Then each cell's code in the playground,
 * with and without its diagram (diagram-vs-output.ts). Runs in the reading profile.
 */
import { type BrowserContext, expect } from '@playwright/test';
import { ENGINE_WARM, RUN_MEASURE } from '../../src/engine/marks.ts';
import { type Bench, frontPage, type Report, timeRunClick, WAIT_MS } from './browser.ts';
import { judge } from './budgets.ts';
import { diagramVsOutput } from './diagram-vs-output.ts';
import { ms, type Row, statsRow } from './print.ts';
import { lessonPages } from './site.ts';
import { type Stats, stats } from './stats.ts';

/**
 * How long the bench "reads" after the engine's warm-up before timing: V8
 * finishes optimising in the background, and the service worker stores the
 * engine's files.
 */
const READING_MS = 5_000;

async function runToDiagram(bench: Bench, context: BrowserContext, lesson: string, straightAfterBoot: boolean) {
  const repeats = bench.options.runs;
  const page = await frontPage(context, bench.options);
  await page.goto(bench.hosts.snapshot.url + lesson);
  const names = await page.evaluate(() =>
    [...document.querySelectorAll('[role="group"][aria-label^="Python cell"]')]
      .filter((cell) => cell.querySelector('.memory-viewer'))
      .map((cell) => cell.getAttribute('aria-label')!),
  );
  /** One click on a cell's Run → the new diagram on screen, and the cell's own click → result figure. */
  const timeRun = (label: string) => timeRunClick(page, `[role="group"][aria-label="${label}"]`, RUN_MEASURE);
  const times: Record<string, { total: number[]; engine: number[] }> = {};
  const beforeWarmUp: number[] = [];
  for (const [i, name] of names.entries()) {
    const cell = page.getByRole('group', { name, exact: true });
    await cell.scrollIntoViewIfNeeded();
    await expect(cell.getByRole('button', { name: 'Run' })).toBeEnabled();
    if (i === 0) {
      // Start Python (not measured).
      await cell.getByRole('button', { name: 'Run' }).click();
      await cell.locator('.verdict').waitFor({ timeout: WAIT_MS });
      if (straightAfterBoot) for (let r = 0; r < repeats; r++) beforeWarmUp.push((await timeRun(name)).total);
      await page.waitForFunction((m) => performance.getEntriesByName(m).length > 0, ENGINE_WARM, { timeout: WAIT_MS });
      await page.waitForTimeout(READING_MS);
    }
    for (let r = 0; r < repeats; r++) {
      const measured = await timeRun(name);
      times[`${lesson}${name}`] ??= { total: [], engine: [] };
      const entry = times[`${lesson}${name}`];
      entry.total.push(measured.total);
      entry.engine.push(measured.engine);
    }
  }
  const warmUp = await page.evaluate(
    (m) => (performance.getEntriesByName(m).at(-1) as PerformanceMark | undefined)?.detail as { steps: number; ms: number } | undefined,
    ENGINE_WARM,
  );
  await page.close();
  return { times, beforeWarmUp, warmUp };
}

export async function runs(bench: Bench): Promise<Report> {
  const context = await bench.readingProfile();
  const pages = lessonPages().filter((p) => p.diagrams > 0);
  const runToDiagramMs: Record<string, Stats & { untilResultMs: number }> = {};
  /** The first lesson's first cell, run again and again straight after the boot (before the warm-up). */
  const runBeforeWarmUp: number[] = [];
  /** What each lesson page's warm-up did (steps, ms of worker time). */
  const warmUps: { steps: number; ms: number }[] = [];
  for (const [n, lesson] of pages.entries()) {
    const measured = await runToDiagram(bench, context, lesson.path, n === 0);
    for (const [cell, times] of Object.entries(measured.times)) {
      runToDiagramMs[cell] = { ...stats(times.total), untilResultMs: stats(times.engine).median };
    }
    if (n === 0) runBeforeWarmUp.push(...measured.beforeWarmUp);
    if (measured.warmUp) warmUps.push(measured.warmUp);
  }
  const straightAfterBoot = runBeforeWarmUp.length ? stats(runBeforeWarmUp) : null;
  const warmUpMs = warmUps.length ? stats(warmUps.map((w) => w.ms)) : null;
  const warmUpSteps = warmUps[0]?.steps ?? null;

  const rows: Row[] = Object.entries(runToDiagramMs).map(([cell, s]) =>
    statsRow(`Run click → diagram updated: ${cell} (warmed up, ${READING_MS / 1000} s after)`, s, `result after ${ms(s.untilResultMs)}`, [
      judge('run-to-diagram', s.median, cell),
    ]),
  );
  if (straightAfterBoot) {
    rows.push(
      statsRow(`Run click → diagram, again and again straight after the boot (before the warm-up): ${pages[0]?.path}`, straightAfterBoot),
    );
  }
  if (warmUpMs) rows.push(statsRow('engine warm-up per lesson page (worker time)', warmUpMs, `${warmUpSteps} steps`));
  const beside = await diagramVsOutput(bench, context);
  rows.push(...beside.rows);
  const worst = Math.max(0, ...Object.values(runToDiagramMs).map((s) => s.median));
  return {
    json: {
      /** Each memory cell's code in the playground: Run → diagram and Run → output (plain run), medians. */
      diagramVsOutputMs: beside.json,
      /** Measured once the engine's warm-up has finished, after READING_MS more. */
      runToDiagramMs,
      readingMs: READING_MS,
      runToDiagramStraightAfterBootMs: straightAfterBoot,
      warmUpMs,
      warmUpSteps,
    },
    rows,
    notes: [`Run → diagram, worst lesson cell: ${ms(worst)}.`],
  };
}
