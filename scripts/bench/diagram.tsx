/**
 * Diagram benchmark (Node): layout and SVG rendering time per step for traces
 * of about 10, 50 and 200 objects. Prints a table with each figure beside its
 * budget (budgets.ts) and writes bench/diagram-results.json; `--check` fails on
 * a missed budget. Bundled by esbuild first (Node does not run TSX):
 *
 *   npm run bench:diagram [-- --check]
 */
import { renderToString } from 'preact-render-to-string';
import { stepChanges } from '../../src/diagram/changes.ts';
import { layoutTrace } from '../../src/diagram/layout.ts';
import { MemoryDiagram } from '../../src/diagram/render/MemoryDiagram.tsx';
import { nodeEngine } from '../../src/engine/node/engine.ts';
import { expandTrace } from '../../src/trace/picture.ts';
import { Trace } from '../../src/trace/schema.ts';
import { type BudgetId, judge } from './budgets.ts';
import { checkOption } from './cli.ts';
import { finish, printBudgets, printTable, type Row } from './print.ts';
import { writeResults } from './results.ts';

const check = checkOption(process.argv.slice(2), 'bench:diagram');
const runner = await nodeEngine();

/** A program whose last pictures hold about `n` objects drawn as boxes: variables bound to one-item lists. */
function program(n: number): string {
  const count = Math.max(1, Math.round(n / 2));
  return Array.from({ length: count }, (_, i) => `v${i} = [${1000 + i}.5]`).join('\n');
}

/** The budget each trace size is judged against (a frame for the largest). */
const SIZES: readonly { target: number; budget?: BudgetId }[] = [
  { target: 10 },
  { target: 50, budget: 'diagram-step-50' },
  { target: 200, budget: 'diagram-step-200' },
];
const REPEATS = 5;

const results: Record<string, { objects: number; steps: number; layoutMsPerStep: number; renderMsPerStep: number }> = {};
const rows: Row[] = [];
for (const { target, budget } of SIZES) {
  const trace = Trace.parse(JSON.parse(runner.trace(program(target), () => undefined, { maxObjects: 400, maxItems: 400 })));
  const pictures = expandTrace(trace);
  let layoutMs = Number.POSITIVE_INFINITY;
  let renderMs = Number.POSITIVE_INFINITY;
  let objects = 0;
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    const layout = layoutTrace(trace, { inlineScalars: false });
    const t1 = performance.now();
    layout.steps.forEach((step, i) => {
      objects = Math.max(objects, step.objects.length);
      renderToString(
        <MemoryDiagram
          step={step}
          width={layout.width}
          height={layout.height}
          changes={stepChanges(pictures[i]!, pictures[i - 1])}
          showIds={false}
          title="bench"
          describedBy="x"
        />,
      );
    });
    const t2 = performance.now();
    layoutMs = Math.min(layoutMs, (t1 - t0) / trace.steps.length);
    renderMs = Math.min(renderMs, (t2 - t1) / trace.steps.length);
  }
  const r = { objects, steps: trace.steps.length, layoutMsPerStep: layoutMs, renderMsPerStep: renderMs };
  results[`~${target}`] = r;
  const total = r.layoutMsPerStep + r.renderMsPerStep;
  rows.push({
    cells: [
      String(r.objects),
      String(r.steps),
      `${r.layoutMsPerStep.toFixed(3)} ms`,
      `${r.renderMsPerStep.toFixed(3)} ms`,
      `${total.toFixed(3)} ms`,
    ],
    verdicts: budget ? [judge(budget, total)] : [],
  });
}

console.log(`Diagram benchmark (Node, best of ${REPEATS}; per step)\n`);
printTable(['objects drawn (max)', 'steps', 'layout', 'render (SVG to string)', 'total', 'budget'], rows);
const verdicts = rows.flatMap((row) => row.verdicts ?? []);
printBudgets(verdicts, ['diagram'], ['diagram']);
writeResults('diagram-results.json', { date: new Date().toISOString(), results, budgets: verdicts });
finish(verdicts, check);
