/**
 * Tracer cost in the browser: the site's own engine worker, spoken to directly
 * over its protocol from a blank page, warmed up as the page warms it, tracing
 * and running the same programs as the Node bench (engine.ts). Runs in the
 * reading profile.
 */
import { PYODIDE_DIR } from '../../src/engine/assets.ts';
import type { FromWorker, ToWorker } from '../../src/engine/protocol.ts';
import { type Bench, frontPage, type Report } from './browser.ts';
import { LOOP_10K, stepProgram, UNLIMITED } from './programs.ts';
import { ENGINE_PAGE, workerChunk } from './site.ts';

interface TracerCost {
  steps: number;
  tracedMs: number;
  plainMs: number;
  usPerStep: number;
  snapshotUsPerStep: number;
  ratio: number;
}

export async function tracerInBrowser(bench: Bench): Promise<Report> {
  const context = await bench.readingProfile();
  const base = bench.hosts.snapshot.url;
  const page = await frontPage(context, bench.options);
  await page.goto(base + ENGINE_PAGE);
  const programs = { objects10: stepProgram(10, 200), objects50: stepProgram(50, 200), loop: LOOP_10K };
  const tracer = await page.evaluate(
    async ({ url, indexURL, programs, repeats, limits }) => {
      const worker = new Worker(url, { type: 'module' });
      let pending: ((m: FromWorker) => void) | null = null;
      worker.onmessage = (e: MessageEvent<FromWorker>) => {
        if (e.data.type !== 'output' && e.data.type !== 'trace-steps' && e.data.type !== 'progress') pending?.(e.data);
      };
      const ask = (message: ToWorker) =>
        new Promise<FromWorker>((resolve) => {
          pending = resolve;
          worker.postMessage(message);
        });
      await ask({ type: 'init', indexURL });
      await ask({ type: 'warm-up' }); // as the page does once Python is ready; answered with 'warmed'
      // Runs in the page, so it cannot import stats.ts: the same median.
      const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
      const out: Record<string, TracerCost> = {};
      let id = 1;
      for (const [name, code] of Object.entries(programs)) {
        const traced: number[] = [];
        const plain: number[] = [];
        let steps = 0;
        let snapshotMs = 0;
        for (let r = 0; r < repeats; r++) {
          let t = performance.now();
          const reply = await ask({ type: 'trace', id: id++, code, limits });
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
        out[name] = {
          steps,
          tracedMs,
          plainMs,
          usPerStep: (tracedMs * 1000) / steps,
          snapshotUsPerStep: (snapshotMs * 1000) / steps,
          ratio: tracedMs / plainMs,
        };
      }
      worker.terminate();
      return out;
    },
    { url: workerChunk(), indexURL: `${base}${PYODIDE_DIR}`, programs, repeats: Math.max(3, bench.options.runs), limits: UNLIMITED },
  );
  await page.close();
  return {
    json: { tracerInBrowser: tracer },
    rows: Object.entries(tracer).map(([name, t]) => ({
      cells: [
        `tracer in the browser: ${name} (${t.steps} steps)`,
        `${t.usPerStep.toFixed(0)} µs/step`,
        `snapshot ${t.snapshotUsPerStep.toFixed(0)} µs/step`,
      ],
      note: `traced/plain ×${t.ratio.toFixed(1)}`,
    })),
    notes: [],
  };
}
