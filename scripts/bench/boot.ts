/**
 * Boot: page start → Python ready, cold (a first visit) and warm (the same
 * profile again: a returning reader), for the engine booting from its memory
 * snapshot, the same engine without it (a normal boot), and bare Pyodide
 * loaded the same way (a module worker, the same files, the same server).
 * Each side gets a fresh profile per run, and the order alternates so no side
 * always goes first.
 */
import type { BrowserContext } from '@playwright/test';
import { ENGINE_READY, ENGINE_START, RUN_MEASURE } from '../../src/engine/marks.ts';
import { type Bench, cellByName, frontPage, markDetail, markTime, type Report, WAIT_MS, withProfile } from './browser.ts';
import { judge } from './budgets.ts';
import { statsRow } from './print.ts';
import { BARE_PAGE, LESSON } from './site.ts';
import { ratio, stats } from './stats.ts';

/** Page start → engine ready, the reader clicking Run as soon as the cell can take it. */
async function lessonReady(bench: Bench, context: BrowserContext, base: string) {
  const page = await frontPage(context, bench.options);
  await page.goto(base + LESSON);
  const cell = cellByName(page, 1);
  await cell.scrollIntoViewIfNeeded(); // islands hydrate when visible
  await cell.getByRole('button', { name: 'Run' }).click();
  const ready = await markTime(page, ENGINE_READY);
  const start = await markTime(page, ENGINE_START);
  const reason = (await markDetail<{ reason: string }>(page, ENGINE_START))?.reason as string;
  const boot = (await markDetail<{ boot: string }>(page, ENGINE_READY))?.boot as string;
  await cell.locator('.verdict').waitFor({ timeout: WAIT_MS });
  // A second run on the warm engine: click → output shown.
  await page.evaluate((m) => performance.clearMeasures(m), RUN_MEASURE);
  await cell.getByRole('button', { name: 'Run' }).click();
  const run = await page
    .waitForFunction((m) => performance.getEntriesByName(m)[0]?.duration, RUN_MEASURE)
    .then((h) => h.jsonValue() as Promise<number>);
  await page.close();
  return { ready, run, start, boot, reason };
}

async function bareReady(bench: Bench, context: BrowserContext, base: string): Promise<number> {
  const page = await frontPage(context, bench.options);
  await page.goto(base + BARE_PAGE);
  const ready = await markTime(page, 'bare:ready');
  await page.close();
  return ready;
}

export async function boot(bench: Bench): Promise<Report> {
  const { runs } = bench.options;
  /** How each measured engine actually booted (a snapshot side that says "normal" fell back). */
  const boots = { snapshot: [] as string[], normal: [] as string[] };
  /** Why the engine started on each visit of the snapshot side: a Run on the first visit, the page load for the returning reader. */
  const startReasons = { cold: [] as string[], warm: [] as string[] };
  /** `boot`: engine start → ready, by side (the engine's own part, without the page's). */
  const cold = {
    snapshot: [] as number[],
    normal: [] as number[],
    bare: [] as number[],
    run: [] as number[],
    click: [] as number[],
    boot: { snapshot: [] as number[], normal: [] as number[] },
  };
  const warm = {
    snapshot: [] as number[],
    normal: [] as number[],
    bare: [] as number[],
    click: [] as number[],
    boot: { snapshot: [] as number[], normal: [] as number[] },
  };
  for (let i = 0; i < runs; i++) {
    const sides = ['snapshot', 'normal', 'bare'] as const;
    for (const side of i % 2 ? [...sides].reverse() : sides) {
      await withProfile(async (context) => {
        if (side === 'bare') {
          cold.bare.push(await bareReady(bench, context, bench.hosts.snapshot.url));
          warm.bare.push(await bareReady(bench, context, bench.hosts.snapshot.url));
          return;
        }
        const base = bench.hosts[side].url;
        const first = await lessonReady(bench, context, base);
        const again = await lessonReady(bench, context, base);
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

  const coldReadyMs = { snapshot: stats(cold.snapshot), normal: stats(cold.normal), barePyodide: stats(cold.bare) };
  const warmReadyMs = { snapshot: stats(warm.snapshot), normal: stats(warm.normal), barePyodide: stats(warm.bare) };
  const ratios = {
    coldSnapshotToNormal: ratio(coldReadyMs.snapshot, coldReadyMs.normal),
    coldSnapshotToBare: ratio(coldReadyMs.snapshot, coldReadyMs.barePyodide),
    warmSnapshotToBare: ratio(warmReadyMs.snapshot, warmReadyMs.barePyodide),
    coldNormalToBare: ratio(coldReadyMs.normal, coldReadyMs.barePyodide),
  };
  const runClickToOutputMs = stats(cold.run);
  /** Page start → the engine starts (the reader's click, once the island has hydrated). */
  const engineStartMs = { cold: stats(cold.click), warm: stats(warm.click) };
  /** Engine start (the click) → Python ready, snapshot boot: what starting on intent can hide. */
  const snapshotBootMs = { cold: stats(cold.boot.snapshot), warm: stats(warm.boot.snapshot) };
  /** The same for the normal boot: the engine's own part of the comparison, without the page's. */
  const normalBootMs = { cold: stats(cold.boot.normal), warm: stats(warm.boot.normal) };

  const ready = 'page start → Python ready';
  return {
    json: { boots, startReasons, coldReadyMs, warmReadyMs, ratios, runClickToOutputMs, engineStartMs, snapshotBootMs, normalBootMs },
    rows: [
      statsRow(`cold: ${ready}, snapshot boot`, coldReadyMs.snapshot, undefined, [
        judge('cold-ready-vs-normal', ratios.coldSnapshotToNormal),
        judge('cold-ready-vs-bare', ratios.coldSnapshotToBare),
      ]),
      statsRow(`cold: ${ready}, normal boot`, coldReadyMs.normal, `×${ratios.coldNormalToBare.toFixed(2)} bare`),
      statsRow(`cold: ${ready}, bare Pyodide`, coldReadyMs.barePyodide),
      statsRow(`warm: ${ready}, snapshot boot`, warmReadyMs.snapshot, undefined, [
        judge('warm-ready-500ms', warmReadyMs.snapshot.median),
        judge('warm-ready-1s', warmReadyMs.snapshot.median),
      ]),
      statsRow(`warm: ${ready}, normal boot`, warmReadyMs.normal),
      statsRow(`warm: ${ready}, bare Pyodide`, warmReadyMs.barePyodide),
      statsRow(`page start → engine starts, cold (${startReasons.cold.join(', ')})`, engineStartMs.cold),
      statsRow(`page start → engine starts, warm (${startReasons.warm.join(', ')})`, engineStartMs.warm),
      statsRow('engine start → Python ready, snapshot boot, cold', snapshotBootMs.cold),
      statsRow('engine start → Python ready, snapshot boot, warm', snapshotBootMs.warm),
      statsRow(
        'engine start → Python ready, normal boot, cold',
        normalBootMs.cold,
        `snapshot ×${ratio(snapshotBootMs.cold, normalBootMs.cold).toFixed(2)} (the engine's own part)`,
      ),
      statsRow(
        'engine start → Python ready, normal boot, warm',
        normalBootMs.warm,
        `snapshot ×${ratio(snapshotBootMs.warm, normalBootMs.warm).toFixed(2)}`,
      ),
      statsRow('Run click → output (small program, warm engine)', runClickToOutputMs),
    ],
    notes: [`Boots seen: snapshot side ${[...new Set(boots.snapshot)].join('/')}, normal side ${[...new Set(boots.normal)].join('/')}.`],
  };
}
