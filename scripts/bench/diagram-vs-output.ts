/**
 * Run → diagram beside Run → output: the code of every lesson memory cell, run
 * in the playground with its memory diagram and without it (the "Memory
 * diagram" box), alternately, on one page with one engine, so the ratio is
 * what tracing and drawing add to the run a reader waits for. A cell that
 * continues earlier cells runs with them in front (the playground has no
 * setup), the same program both ways. Part of the `runs` measure.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { liveCellsOf } from '../../src/build/fences.ts';
import { lessonTree } from '../../src/build/source-tree.ts';
import { ENGINE_WARM, RUN_MEASURE } from '../../src/engine/marks.ts';
import { encodeCode } from '../../src/site/permalink.ts';
import { type Bench, frontPage, timeRunClick, WAIT_MS } from './browser.ts';
import { judge } from './budgets.ts';
import { ms, type Row } from './print.ts';
import { ROOT } from './results.ts';
import { median } from './stats.ts';

/** How long the bench reads after the engine's warm-up before timing (as runs.ts does). */
const READING_MS = 5_000;

/** Every lesson memory cell's program, named by lesson and fence line. */
export function memoryCellPrograms(): { name: string; code: string }[] {
  const dir = path.join(ROOT, 'content', 'lessons');
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      liveCellsOf(lessonTree(readFileSync(path.join(dir, d.name, 'index.mdx'), 'utf8')))
        .filter((cell) => cell.flags.memory)
        .map((cell) => ({
          name: `${d.name}:${cell.node.position!.start.line}`,
          code: cell.setup ? `${cell.setup}\n${cell.node.value}` : cell.node.value,
        })),
    );
}

async function showCode(page: Page, code: string) {
  await page.evaluate(
    (hash) => {
      location.hash = hash;
    },
    await encodeCode(code),
  );
  // The playground shows a link's code on hashchange, with a notice, and clears the last result.
  await page.waitForFunction(() => !document.querySelector('.playground .verdict'), undefined, { timeout: WAIT_MS });
  await page.getByRole('button', { name: 'Run', exact: true }).waitFor({ timeout: WAIT_MS });
}

const setMemory = (page: Page, on: boolean) => page.getByRole('checkbox', { name: 'Memory diagram' }).setChecked(on);

export interface DiagramVsOutput {
  /** One per cell, its verdict in it. */
  rows: Row[];
  json: Record<string, { diagramMs: number; outputMs: number; ratio: number }>;
}

export async function diagramVsOutput(bench: Bench, context: BrowserContext): Promise<DiagramVsOutput> {
  const programs = memoryCellPrograms();
  const page = await frontPage(context, bench.options);
  await page.goto(`${bench.hosts.snapshot.url}playground/`);
  // Start Python and let the worker's warm-up finish, as a reader's first Run would (not measured).
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.locator('.playground .verdict').waitFor({ timeout: WAIT_MS });
  await page.waitForFunction((m) => performance.getEntriesByName(m).length > 0, ENGINE_WARM, { timeout: WAIT_MS });
  await page.waitForTimeout(READING_MS);
  const json: DiagramVsOutput['json'] = {};
  const rows: Row[] = [];
  for (const { name, code } of programs) {
    await showCode(page, code);
    const diagram: number[] = [];
    const output: number[] = [];
    for (let r = 0; r < bench.options.runs; r++) {
      await setMemory(page, true);
      diagram.push((await timeRunClick(page, '.playground', RUN_MEASURE)).total);
      await setMemory(page, false);
      output.push((await timeRunClick(page, '.playground', RUN_MEASURE)).total);
    }
    const diagramMs = median(diagram);
    const outputMs = median(output);
    const verdict = judge('diagram-vs-output', diagramMs / outputMs, name);
    json[name] = { diagramMs, outputMs, ratio: verdict.value };
    rows.push({
      cells: [`Run → diagram / Run → output, same code in the playground (medians): ${name}`, `${ms(diagramMs)} / ${ms(outputMs)}`, ''],
      verdicts: [verdict],
    });
  }
  await page.close();
  return { rows, json };
}
