/**
 * Engine benchmark (Node): what tracing costs. Prints a table and writes
 * bench/engine-results.json. Figures, not assertions: budgets live in the issues.
 *
 *   npm run bench:engine
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { extractLiveCells } from '../src/build/fences.ts';
import { pictureAt } from '../src/trace/picture.ts';
import { parseTrace } from '../src/trace/wire.ts';
import { nodeEngine } from '../src/engine/node/engine.ts';

const runner = await nodeEngine();
const quiet = () => undefined;
const UNLIMITED = { maxSteps: 10_000_000, maxSeconds: 600 };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timeIt(fn: () => void, repeats = 5): number {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

/** A loop whose every step sees about `objects` objects. */
function stepProgram(objects: number, iterations: number): string {
  return [
    `data = [[i] for i in range(${Math.max(1, Math.floor((objects - 2) / 2))})]`,
    'total = 0',
    `for n in range(${iterations}):`,
    '    total += 1',
  ].join('\n');
}

function perStep(objects: number) {
  const code = stepProgram(objects, 200);
  let steps = 0;
  let bytes = 0;
  let snapshotMs = 0;
  let visible: number;
  const ms = timeIt(() => {
    const json = runner.trace(code, quiet, UNLIMITED);
    const trace = parseTrace(json);
    steps = trace.steps.length;
    bytes = json.length;
    snapshotMs = trace.stats.snapshotMs;
  });
  const last = parseTrace(runner.trace(code, quiet, UNLIMITED));
  visible = pictureAt(last, last.steps.length - 1).heap.size;
  return { objects: visible, steps, usPerStep: (ms * 1000) / steps, snapshotUsPerStep: (snapshotMs * 1000) / steps, bytesPerStep: bytes / steps };
}

function ratio(code: string) {
  const plain = timeIt(() => runner.run(code, quiet));
  const traced = timeIt(() => runner.trace(code, quiet, UNLIMITED), 3);
  return { plainMs: plain, tracedMs: traced, ratio: traced / plain };
}

const small = perStep(10);
const large = perStep(50);
const loop = ratio('total = 0\nfor i in range(10_000):\n    total += i\n');

const lessonsDir = new URL('../content/lessons/', import.meta.url);
const lessonCells = readdirSync(lessonsDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => extractLiveCells(readFileSync(new URL(`${d.name}/index.mdx`, lessonsDir), 'utf8')).map((c) => ({ lesson: d.name, ...c })));
const lessons = lessonCells.map((cell) => {
  let steps = 0;
  const tracedMs = timeIt(() => {
    steps = parseTrace(runner.trace(cell.code, quiet)).steps.length;
  });
  const plainMs = timeIt(() => runner.run(cell.code, quiet));
  return { cell: `${cell.lesson}:${cell.line}`, steps, tracedMs, plainMs };
});

const results = {
  date: new Date().toISOString(),
  node: process.version,
  perStep: { small, large },
  loop10k: loop,
  lessons: {
    cells: lessons.length,
    medianTracedMs: median(lessons.map((l) => l.tracedMs)),
    maxTracedMs: Math.max(...lessons.map((l) => l.tracedMs)),
    maxSteps: Math.max(...lessons.map((l) => l.steps)),
    medianRatio: median(lessons.map((l) => l.tracedMs / Math.max(l.plainMs, 0.001))),
    slowest: [...lessons].sort((a, b) => b.tracedMs - a.tracedMs).slice(0, 3),
  },
};

const f = (n: number, d = 1) => n.toFixed(d);
console.log('Engine benchmark (Pyodide in Node, median of runs)\n');
console.log('| measure | value | budget |');
console.log('|---|---|---|');
console.log(`| per step, ~${small.objects} objects | ${f(small.usPerStep)} µs (snapshot ${f(small.snapshotUsPerStep)} µs) | ≤ 100 µs |`);
console.log(`| per step, ~${large.objects} objects | ${f(large.usPerStep)} µs (snapshot ${f(large.snapshotUsPerStep)} µs) | ≤ 100 µs |`);
console.log(`| trace JSON per step | ${f(small.bytesPerStep, 0)} B (~${small.objects} obj), ${f(large.bytesPerStep, 0)} B (~${large.objects} obj) | |`);
console.log(`| 10k-iteration loop, plain → traced | ${f(loop.plainMs)} ms → ${f(loop.tracedMs)} ms (×${f(loop.ratio)}) | |`);
console.log(`| lesson cells (${lessons.length}), traced | median ${f(results.lessons.medianTracedMs)} ms, max ${f(results.lessons.maxTracedMs)} ms, ≤ ${results.lessons.maxSteps} steps | ≤ 50 ms |`);
console.log(`| lesson cells, traced/plain | median ×${f(results.lessons.medianRatio)} | |`);
mkdirSync(new URL('../bench/', import.meta.url), { recursive: true });
writeFileSync(new URL('../bench/engine-results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
console.log('\nwritten: bench/engine-results.json');
