/**
 * First diagram: on every lesson page with a memory cell, when the first
 * memory diagram's SVG is in the document, against the first contentful
 * paint, and the engine bytes fetched by then (the diagram is traced at build
 * time, so it should need none). Runs in the reading profile, each page
 * visited `runs` times.
 */
import type { BrowserContext } from '@playwright/test';
import { type Bench, frontPage, markTime, type Report } from './browser.ts';
import { statsRow } from './print.ts';
import { lessonPages } from './site.ts';
import { type Stats, stats } from './stats.ts';

const FIRST_DIAGRAM = 'bench:first-diagram';

async function firstDiagram(bench: Bench, context: BrowserContext, lesson: string) {
  const page = await frontPage(context, bench.options);
  await page.addInitScript((mark) => {
    const found = () => {
      if (document.querySelector('.memory-viewer svg')) {
        performance.mark(mark);
        return true;
      }
      return false;
    };
    const observer = new MutationObserver(() => found() && observer.disconnect());
    observer.observe(document, { childList: true, subtree: true });
  }, FIRST_DIAGRAM);
  let engineBytes = 0;
  page.on('response', async (r) => {
    if (r.url().includes('/pyodide/')) engineBytes += (await r.body().catch(() => Buffer.alloc(0))).length;
  });
  await page.goto(bench.hosts.snapshot.url + lesson);
  const diagram = await markTime(page, FIRST_DIAGRAM);
  const paint = await page
    .waitForFunction(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime)
    .then((h) => h.jsonValue() as Promise<number>);
  const bytesAtPaint = engineBytes;
  await page.close();
  return { diagram, paint, visibleMs: Math.max(diagram, paint), engineBytesAtFirstDiagram: bytesAtPaint };
}

export async function firstDiagrams(bench: Bench): Promise<Report> {
  const context = await bench.readingProfile();
  const firstDiagramMs: Record<string, Stats & { atFirstPaint: boolean; engineBytes: number }> = {};
  for (const lesson of lessonPages().filter((p) => p.diagrams > 0)) {
    const samples = [];
    for (let i = 0; i < bench.options.runs; i++) samples.push(await firstDiagram(bench, context, lesson.path));
    firstDiagramMs[lesson.path] = {
      ...stats(samples.map((s) => s.visibleMs)),
      atFirstPaint: samples.every((s) => s.diagram <= s.paint),
      engineBytes: Math.max(...samples.map((s) => s.engineBytesAtFirstDiagram)),
    };
  }
  return {
    json: { firstDiagramMs },
    rows: Object.entries(firstDiagramMs).map(([lesson, s]) =>
      statsRow(
        `first diagram on screen: ${lesson}`,
        s,
        `${s.atFirstPaint ? 'in the first paint' : 'AFTER first paint'}, ${s.engineBytes} engine bytes`,
      ),
    ),
    notes: [],
  };
}
