/**
 * Diagram benchmark (Node): layout and SVG rendering time for traces of about
 * 10, 50 and 200 objects (per step, and the whole trace's layout, which the
 * viewer computes once per trace: it must fit in a frame), and how readable the
 * layout of a fixed set of structures is (metrics.ts: crossings, arrows
 * pointing backwards, dashed arrows, arrows through boxes, area per object).
 * Prints tables with each figure beside its budget (budgets.ts) and writes
 * bench/diagram-results.json; `--check` fails on a missed budget. Bundled by
 * esbuild first (Node does not run TSX):
 *
 *   npm run bench:diagram [-- --check]
 */
import { renderToString } from 'preact-render-to-string';
import { stepChanges } from '../../src/diagram/changes.ts';
import { layoutTrace } from '../../src/diagram/layout.ts';
import { stepMetrics } from '../../src/diagram/metrics.ts';
import { MemoryDiagram } from '../../src/diagram/render/MemoryDiagram.tsx';
import { nodeEngine } from '../../src/engine/node/engine.ts';
import { expandTrace } from '../../src/trace/picture.ts';
import { Trace } from '../../src/trace/schema.ts';
import { GOLDEN_PROGRAMS, type GoldenName } from '../../test/golden/programs.ts';
import { type BudgetId, judge } from './budgets.ts';
import { checkOption } from './cli.ts';
import { finish, printBudgets, printTable, type Row } from './print.ts';
import { writeResults } from './results.ts';

const check = checkOption(process.argv.slice(2), 'bench:diagram');
const runner = await nodeEngine();

/** A program whose last pictures hold about `n` objects drawn as boxes: variables bound to one-item lists. */
function flat(n: number): string {
  const count = Math.max(1, Math.round(n / 2));
  return Array.from({ length: count }, (_, i) => `v${i} = [${1000 + i}.5]`).join('\n');
}

/** A linked list of about `n` objects drawn as boxes (nodes and their float values): the layered layout's longest case. */
function chain(n: number): string {
  const nodes = Math.max(1, Math.round(n / 2));
  return [
    'class Node:',
    '    __slots__ = ("value", "next")',
    'head = None',
    `for i in range(${nodes}):`,
    '    n = Node()',
    '    n.value = i + 0.5',
    '    n.next = head',
    '    head = n',
    'del n',
  ].join('\n');
}

/** The budgets each trace is judged against (a frame for the largest). */
const SIZES: readonly { name: string; code: (n: number) => string; target: number; budget?: BudgetId; trace?: BudgetId }[] = [
  { name: 'names', code: flat, target: 10 },
  { name: 'names', code: flat, target: 50, budget: 'diagram-step-50' },
  { name: 'names', code: flat, target: 200, budget: 'diagram-step-200', trace: 'diagram-layout-200' },
  { name: 'chain', code: chain, target: 10 },
  { name: 'chain', code: chain, target: 50, budget: 'diagram-step-50' },
  { name: 'chain', code: chain, target: 200, budget: 'diagram-step-200', trace: 'diagram-layout-200' },
];

/** The structures whose layout is judged for readability (their programs are the golden ones the layout tests read). */
const STRUCTURES: readonly GoldenName[] = [
  'chain-appended',
  'chain-pushed',
  'binary-tree',
  'list-of-dicts',
  'doubly-linked',
  'instance-cycle',
];
const REPEATS = 5;
const LAYOUT_REPEATS = 30;

const results: Record<
  string,
  { objects: number; steps: number; layoutMsPerTrace: number; layoutMsPerStep: number; renderMsPerStep: number }
> = {};
const rows: Row[] = [];
for (const { name, code, target, budget, trace: traceBudget } of SIZES) {
  const trace = Trace.parse(JSON.parse(runner.trace(code(target), () => undefined, { maxObjects: 400, maxItems: 400 })));
  const pictures = expandTrace(trace);
  let layoutMs = Number.POSITIVE_INFINITY;
  let renderMs = Number.POSITIVE_INFINITY;
  let objects = 0;
  // The whole trace's layout, to the step the viewer opens on (the last): what runs before its first
  // paint. Cheap, so timed more often than the rendering: its best is less at the mercy of a busy machine.
  for (let r = 0; r < LAYOUT_REPEATS; r++) {
    const t0 = performance.now();
    const layout = layoutTrace(trace, { inlineScalars: false });
    layout.steps[layout.steps.length - 1];
    layoutMs = Math.min(layoutMs, performance.now() - t0);
  }
  for (let r = 0; r < REPEATS; r++) {
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
    renderMs = Math.min(renderMs, (t2 - t1) / trace.steps.length);
  }
  const steps = trace.steps.length;
  const r = { objects, steps, layoutMsPerTrace: layoutMs, layoutMsPerStep: layoutMs / steps, renderMsPerStep: renderMs };
  results[`${name} ~${target}`] = r;
  const total = r.layoutMsPerStep + r.renderMsPerStep;
  rows.push({
    cells: [
      name,
      String(r.objects),
      String(r.steps),
      `${r.layoutMsPerTrace.toFixed(2)} ms`,
      `${r.layoutMsPerStep.toFixed(3)} ms`,
      `${r.renderMsPerStep.toFixed(3)} ms`,
      `${total.toFixed(3)} ms`,
    ],
    verdicts: [...(budget ? [judge(budget, total)] : []), ...(traceBudget ? [judge(traceBudget, r.layoutMsPerTrace, name)] : [])],
  });
}

/** Readability of each structure's last step, with values drawn as boxes and inline. */
const shapes: Record<string, ReturnType<typeof stepMetrics>> = {};
const shapeRows: Row[] = [];
for (const name of STRUCTURES) {
  const trace = Trace.parse(JSON.parse(runner.trace(GOLDEN_PROGRAMS[name], () => undefined)));
  for (const inlineScalars of [false, true]) {
    const layout = layoutTrace(trace, { inlineScalars });
    const m = stepMetrics(layout.steps[layout.steps.length - 1]!, layout);
    shapes[`${name}${inlineScalars ? ' (inline)' : ''}`] = m;
    shapeRows.push({
      cells: [
        name,
        inlineScalars ? 'inline' : 'boxes',
        String(m.objects),
        String(m.arrows),
        String(m.crossings),
        `${m.backward} (${m.below} to a box below)`,
        String(m.dashed),
        String(m.throughBoxes),
        `${layout.width} × ${layout.height}`,
        String(m.areaPerObject),
      ],
    });
  }
}

console.log(`Diagram benchmark (Node; layout best of ${LAYOUT_REPEATS}, rendering best of ${REPEATS})\n`);
printTable(
  [
    'program',
    'objects drawn (max)',
    'steps',
    'layout (whole trace)',
    'layout per step',
    'render per step (SVG to string)',
    'total per step',
    'budget',
  ],
  rows,
);
console.log('\nLayout of fixed structures (last step; metrics.ts)\n');
printTable(
  ['structure', 'values', 'objects', 'arrows', 'crossings', 'backward', 'dashed', 'through boxes', 'size (px)', 'px² per object', 'notes'],
  shapeRows,
);
/**
 * Very large graphs (issue 24): the chain and the names of ~200 objects above (a 100-node linked list; 100
 * names each bound to a one-item list), laid out whole and folded (the viewer's default), side by side.
 */
const large: Record<string, { whole: string; folded: string; heightRatio: number; areaRatio: number; layoutMs: number; foldedMs: number }> =
  {};
/** Best of LAYOUT_REPEATS whole-trace layouts, to the last step (as the SIZES table times them). */
function layoutTime(trace: Trace, options: Parameters<typeof layoutTrace>[1]): number {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < LAYOUT_REPEATS; r++) {
    const t0 = performance.now();
    const layout = layoutTrace(trace, options);
    layout.steps[layout.steps.length - 1];
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}
const largeRows: Row[] = [];
const LARGE = [
  ['chain', chain(200)],
  ['names', flat(200)],
] as const;
for (const [graph, code] of LARGE) {
  const trace = Trace.parse(JSON.parse(runner.trace(code, () => undefined, { maxObjects: 400, maxItems: 400 })));
  for (const inlineScalars of [false, true]) {
    const whole = layoutTrace(trace, { inlineScalars });
    const folded = layoutTrace(trace, { inlineScalars, fold: true });
    const w = stepMetrics(whole.steps[whole.steps.length - 1]!, whole);
    const f = stepMetrics(folded.steps[folded.steps.length - 1]!, folded);
    const heightRatio = folded.height / whole.height;
    const areaRatio = (folded.width * folded.height) / (whole.width * whole.height);
    const layoutMs = layoutTime(trace, { inlineScalars });
    const foldedMs = layoutTime(trace, { inlineScalars, fold: true });
    large[`${graph} (${inlineScalars ? 'inline' : 'boxes'})`] = {
      whole: `${whole.width} × ${whole.height}`,
      folded: `${folded.width} × ${folded.height}`,
      heightRatio,
      areaRatio,
      layoutMs,
      foldedMs,
    };
    largeRows.push({
      cells: [
        graph,
        inlineScalars ? 'inline' : 'boxes',
        `${w.objects} → ${f.objects} + ${folded.steps[folded.steps.length - 1]!.folds.length} fold`,
        `${whole.width} × ${whole.height} → ${folded.width} × ${folded.height}`,
        `× ${heightRatio.toFixed(3)}`,
        `${w.areaPerObject} → ${Math.round((folded.width * folded.height) / w.objects)} (× ${areaRatio.toFixed(3)})`,
        `${w.crossings} → ${f.crossings}`,
        `${w.backward} → ${f.backward}`,
        `${layoutMs.toFixed(2)} → ${foldedMs.toFixed(2)} ms (× ${(foldedMs / layoutMs).toFixed(2)})`,
      ],
    });
  }
}
console.log(
  "\nVery large graphs (~200 objects: a 100-node linked list; 100 names each bound to a one-item list), whole → folded (the viewer's default)\n",
);
printTable(
  [
    'graph',
    'values',
    'boxes drawn (last step)',
    'size (px)',
    'height',
    'px² per object in the program',
    'crossings',
    'backward',
    'layout (whole trace)',
  ],
  largeRows,
);
const verdicts = rows.flatMap((row) => row.verdicts ?? []);
printBudgets(verdicts, ['diagram'], ['diagram']);
writeResults('diagram-results.json', { date: new Date().toISOString(), results, shapes, large, budgets: verdicts });
finish(verdicts, check);
