/**
 * Engine benchmark (Node): what tracing costs. Prints a table with each figure
 * beside its budget (budgets.ts) and writes bench/engine-results.json;
 * `--check` fails on a missed budget. With PT_DIR (a checkout of Python Tutor,
 * see README), it also traces Python Tutor's programs with its tracer and ours,
 * side by side (pytutor.ts); PT_ONLY=name,name runs only that comparison, on
 * those programs (a quick figure while working on them).
 *
 *   [PT_DIR=… [PT_ONLY=name,…]] npm run bench:engine [-- --check]
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { extractLiveCells } from '../../src/build/fences.ts';
import { TRACE_SECONDS } from '../../src/engine/limits.ts';
import { nodeEngine } from '../../src/engine/node/engine.ts';
import { pictureAt } from '../../src/trace/picture.ts';
import { parseTrace } from '../../src/trace/wire.ts';
import { judge } from './budgets.ts';
import { checkOption } from './cli.ts';
import { finish, printBudgets, printTable } from './print.ts';
import { LOOP_10K, stepProgram, UNLIMITED } from './programs.ts';
import { sideBySideReport } from './pytutor.ts';
import { ROOT, writeResults } from './results.ts';
import { median, timeIt } from './stats.ts';

const check = checkOption(process.argv.slice(2), 'bench:engine');
const runner = await nodeEngine();
const quiet = () => undefined;

function perStep(objects: number) {
  const code = stepProgram(objects, 200);
  let steps = 0;
  let bytes = 0;
  let snapshotMs = 0;
  const ms = timeIt(() => {
    const json = runner.trace(code, quiet, UNLIMITED);
    const trace = parseTrace(json);
    steps = trace.steps.length;
    bytes = json.length;
    snapshotMs = trace.stats.snapshotMs;
  });
  const last = parseTrace(runner.trace(code, quiet, UNLIMITED));
  const visible = pictureAt(last, last.steps.length - 1).heap.size;
  return {
    objects: visible,
    steps,
    usPerStep: (ms * 1000) / steps,
    snapshotUsPerStep: (snapshotMs * 1000) / steps,
    bytesPerStep: bytes / steps,
  };
}

function ratio(code: string) {
  const plain = timeIt(() => runner.run(code, quiet));
  const traced = timeIt(() => runner.trace(code, quiet, UNLIMITED), 3);
  return { plainMs: plain, tracedMs: traced, ratio: traced / plain };
}

/** The same program with the page's limits: past the step budget the tracer draws a sample and the program runs on. */
function sampledRatio(code: string) {
  const plain = timeIt(() => runner.run(code, quiet));
  let stats = { steps: 0, stepsRun: 0 };
  const traced = timeIt(() => {
    stats = parseTrace(runner.trace(code, quiet, { maxSeconds: TRACE_SECONDS })).stats;
  }, 3);
  return { plainMs: plain, tracedMs: traced, ratio: traced / plain, stepsRun: stats.stepsRun, drawn: stats.steps };
}

/** The tracer's own figures: per step, traced/plain, the lesson cells. */
function engineReport() {
  const small = perStep(10);
  const large = perStep(50);
  const loop = ratio(LOOP_10K);
  const sampled = sampledRatio(LOOP_10K);

  const lessonsDir = path.join(ROOT, 'content', 'lessons');
  const lessonCells = readdirSync(lessonsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      extractLiveCells(readFileSync(path.join(lessonsDir, d.name, 'index.mdx'), 'utf8')).map((c) => ({ lesson: d.name, ...c })),
    );
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
    loop10kSampled: sampled,
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
  const verdicts = {
    small: judge('engine-step', small.usPerStep, `~${small.objects} objects`),
    large: judge('engine-step', large.usPerStep, `~${large.objects} objects`),
    lessons: judge('engine-lesson-cell', results.lessons.medianTracedMs),
  };
  console.log('Engine benchmark (Pyodide in Node, median of runs)\n');
  printTable(
    ['measure', 'value', 'budget'],
    [
      {
        cells: [`per step, ~${small.objects} objects`, `${f(small.usPerStep)} µs (snapshot ${f(small.snapshotUsPerStep)} µs)`],
        verdicts: [verdicts.small],
      },
      {
        cells: [`per step, ~${large.objects} objects`, `${f(large.usPerStep)} µs (snapshot ${f(large.snapshotUsPerStep)} µs)`],
        verdicts: [verdicts.large],
      },
      {
        cells: [
          'trace JSON per step',
          `${f(small.bytesPerStep, 0)} B (~${small.objects} obj), ${f(large.bytesPerStep, 0)} B (~${large.objects} obj)`,
        ],
      },
      {
        cells: [
          '10k-iteration loop, plain → traced, every step drawn',
          `${f(loop.plainMs)} ms → ${f(loop.tracedMs)} ms (×${f(loop.ratio)})`,
        ],
      },
      {
        cells: [
          `10k-iteration loop, plain → traced, page limits (${sampled.stepsRun.toLocaleString('en-US')} steps, ${sampled.drawn.toLocaleString('en-US')} drawn)`,
          `${f(sampled.plainMs)} ms → ${f(sampled.tracedMs)} ms (×${f(sampled.ratio)})`,
        ],
      },
      {
        cells: [
          `lesson cells (${lessons.length}), traced`,
          `median ${f(results.lessons.medianTracedMs)} ms, max ${f(results.lessons.maxTracedMs)} ms, ≤ ${results.lessons.maxSteps} steps`,
        ],
        verdicts: [verdicts.lessons],
      },
      { cells: ['lesson cells, traced/plain', `median ×${f(results.lessons.medianRatio)}`] },
    ],
  );
  return { results, verdicts: Object.values(verdicts) };
}

const ptDir = process.env.PT_DIR;
const ptOnly = process.env.PT_ONLY;
if (ptOnly && !ptDir) throw new Error('PT_ONLY picks programs of Python Tutor: set PT_DIR too');
// PT_ONLY: the comparison on a few programs alone, and nothing written (its totals are not the corpus's).
const engine = ptOnly ? undefined : engineReport();
const pytutor = ptDir ? await sideBySideReport(ptDir, runner, ptOnly) : undefined;
if (!ptDir) console.log("\n(PT_DIR unset: no side-by-side run with Python Tutor's tracer; see README, Benchmarks.)");
const all = [...(engine?.verdicts ?? []), ...(pytutor?.verdicts ?? [])];
const measures = [...(engine ? (['engine'] as const) : []), ...(ptDir ? (['pytutor'] as const) : [])];
printBudgets(all, ['engine', 'pytutor'], measures);
if (engine) writeResults('engine-results.json', { ...engine.results, pytutor: pytutor?.results, budgets: all });
finish(all, check);
