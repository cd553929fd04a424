/**
 * Our tracer beside Python Tutor's (`pg_logger.py`), on Python Tutor's own
 * programs: each tracer in its own Pyodide (one Node process), the same
 * programs traced by both, interleaved, median of runs. Python Tutor's code is
 * never in the repository: `PT_DIR` names a checkout of the public repository
 * bnmnetp/OnlinePythonTutor (see README, "Benchmarks").
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadPyodide } from 'pyodide';
import type { PyCallable } from 'pyodide/ffi';
import { pyodideDir } from '../../src/engine/node/engine.ts';
import type { Runner } from '../../src/engine/python/runner.ts';
import { parseTrace } from '../../src/trace/wire.ts';
import { judge, type Verdict } from './budgets.ts';
import { printTable } from './print.ts';
import { median } from './stats.ts';

/** Where the programs live in the checkout: its backend tests and example code. */
const PROGRAM_DIRS = ['v3/tests/backend-tests', 'v3/example-code'];
/** Python Tutor's own cap on the steps of a trace (MAX_EXECUTED_LINES in pg_logger.py). */
export const PT_STEP_CAP = 1000;
/** A three-line program: what tracing costs when there is almost nothing to trace. */
export const THREE_LINES = 'x = 1\ny = [x, 2]\nz = y\n';

export interface Program {
  name: string;
  code: string;
}

/** Every `.txt` program under the checkout's program folders, sorted by path. */
export function ptPrograms(ptDir: string): Program[] {
  const found: Program[] = [];
  const visit = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) visit(full);
      else if (name.endsWith('.txt')) found.push({ name: path.relative(ptDir, full), code: readFileSync(full, 'utf8') });
    }
  };
  for (const dir of PROGRAM_DIRS) visit(path.join(ptDir, dir));
  return found;
}

/** What one tracer made of one program. */
export interface Traced {
  steps: number;
  /** Python Tutor: the trace did not end at its step cap. Ours: the program ran to its end (no limit). */
  finished: boolean;
}

/** A tracer as the bench drives it: `trace` is timed (it ends with the trace's JSON text), `read` is not. */
export interface BenchTracer<T = unknown> {
  trace(code: string): T;
  read(made: T): Traced;
}

// Two shims so pg_logger runs on 3.14, neither on its tracing path: it imports `imp` (gone since 3.12)
// for imp.new_module, used only with custom modules; and its `#pythontutor_hide:` globs end in `(?ms)`,
// which `re` refuses since 3.11 unless at the start. Its finalizer makes the JSON text, as its web
// back end does; the steps are counted after the clock stops. Its import sandbox is off
// (allow_all_modules), so that both tracers run the same programs: with it on, a program that imports
// os stops at its first line under Python Tutor and runs to its end under ours.
const PT_SETUP = `
import sys, types, json
imp = types.ModuleType("imp")
imp.new_module = types.ModuleType
sys.modules["imp"] = imp
sys.path.insert(0, "/pt")
import pg_logger
pg_logger.DEBUG = False  # else it prints every program's exception to stderr
_glob_to_regex = pg_logger.globToRegex
pg_logger.globToRegex = lambda pattern: "(?ms)" + _glob_to_regex(pattern).replace("(?ms)", "")

def pt_trace(code):
    return pg_logger.exec_script_str_local(
        code, None, False, False, lambda code, trace: json.dumps({"code": code, "trace": trace}), allow_all_modules=True
    )
pt_trace
`;

/** Python Tutor's tracer in a Pyodide of its own. */
export async function pythonTutor(ptDir: string): Promise<BenchTracer<string>> {
  const pyodide = await loadPyodide({ indexURL: pyodideDir() });
  // What its programs print (and its "security breach" notes) is not the bench's output.
  pyodide.setStdout({ batched: () => undefined });
  pyodide.setStderr({ batched: () => undefined });
  pyodide.FS.mkdirTree('/pt');
  for (const file of ['pg_logger.py', 'pg_encoder.py']) {
    pyodide.FS.writeFile(`/pt/${file}`, readFileSync(path.join(ptDir, 'v5-unity', file), 'utf8'));
  }
  const trace = pyodide.runPython(PT_SETUP) as PyCallable;
  return {
    trace: (code) => trace(code) as string,
    read(json) {
      const steps = (JSON.parse(json) as { trace: { event?: string }[] }).trace;
      return { steps: steps.length, finished: steps.at(-1)?.event !== 'instruction_limit_reached' };
    },
  };
}

/**
 * Our tracer, with the page's limits. Its budgets limit what is drawn, not what runs, so a
 * program Python Tutor stops at its step cap (an endless loop) runs here until the time limit:
 * those are left out of the comparison (see sideBySideReport).
 */
export function ours(runner: Runner): BenchTracer<string> {
  const quiet = () => undefined;
  return {
    trace: (code) => runner.trace(code, quiet),
    read(json) {
      const trace = parseTrace(json);
      return { steps: trace.steps.length, finished: trace.end.status !== 'limit' };
    },
  };
}

export interface Timed extends Traced {
  /** Median of the runs. */
  ms: number;
}

export interface Pair {
  name: string;
  ours: Timed;
  pt: Timed;
  /** Ours as a multiple of Python Tutor's. */
  ratio: number;
}

function timed<T>(tracer: BenchTracer<T>, code: string): { ms: number; made: T } {
  const start = performance.now();
  const made = tracer.trace(code);
  return { ms: performance.now() - start, made };
}

/**
 * How many runs of a program each tracer makes: at least `min`, then more (up to `max`) until
 * the faster tracer has spent `ms` on it after its first run. Most programs take a millisecond or
 * less, where one run's figure is mostly noise (a collection, a timer tick): the median of more
 * runs, interleaved, is the honest ratio for them, and costs little.
 */
export interface Runs {
  min: number;
  max: number;
  ms: number;
}

/** Each program traced by each tracer, alternating, as many times as `runs` says; the medians. */
export function sideBySide<A, B>(programs: readonly Program[], a: BenchTracer<A>, b: BenchTracer<B>, runs: Runs): Pair[] {
  return programs.map(({ name, code }) => {
    const mine: number[] = [];
    const theirs: number[] = [];
    let madeA: A | undefined;
    let madeB: B | undefined;
    let spentA = 0;
    let spentB = 0;
    for (let i = 0; i < runs.max && (i < runs.min || Math.min(spentA, spentB) < runs.ms); i++) {
      const x = timed(a, code);
      const y = timed(b, code);
      mine.push(x.ms);
      theirs.push(y.ms);
      // A program's first run may import modules for both tracers (a one-off, hundreds of ms): it
      // is a sample like the others, but it does not count toward the time that ends the runs.
      if (i > 0) {
        spentA += x.ms;
        spentB += y.ms;
      }
      madeA = x.made;
      madeB = y.made;
    }
    const o = { ...a.read(madeA as A), ms: median(mine) };
    const p = { ...b.read(madeB as B), ms: median(theirs) };
    return { name, ours: o, pt: p, ratio: o.ms / p.ms };
  });
}

/** The value below which `q` (0–1) of the sorted values lie (nearest rank). */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export interface Summary {
  programs: number;
  oursMs: number;
  ptMs: number;
  /** Total time, ours as a multiple of Python Tutor's. */
  ratio: number;
  oursUsPerStep: number;
  ptUsPerStep: number;
  medianRatio: number;
  p90Ratio: number;
  maxRatio: number;
  worst: { name: string; ratio: number }[];
}

export function summarise(pairs: readonly Pair[]): Summary {
  const sum = (f: (p: Pair) => number) => pairs.reduce((s, p) => s + f(p), 0);
  const oursMs = sum((p) => p.ours.ms);
  const ptMs = sum((p) => p.pt.ms);
  const ratios = pairs.map((p) => p.ratio);
  return {
    programs: pairs.length,
    oursMs,
    ptMs,
    ratio: oursMs / ptMs,
    oursUsPerStep: (oursMs * 1000) / sum((p) => p.ours.steps),
    ptUsPerStep: (ptMs * 1000) / sum((p) => p.pt.steps),
    medianRatio: median(ratios),
    p90Ratio: quantile(ratios, 0.9),
    maxRatio: Math.max(...ratios),
    worst: [...pairs]
      .sort((x, y) => y.ratio - x.ratio)
      .slice(0, 5)
      .map((p) => ({ name: path.basename(p.name), ratio: p.ratio })),
  };
}

/** Runs of each program per tracer: the issue's "median of 3" at least, more for the small ones. */
const RUNS: Runs = { min: 3, max: 25, ms: 30 };
/** The three-line program, the fixed cost, always as many times. */
const FIXED_RUNS: Runs = { min: 25, max: 25, ms: 0 };

/**
 * `PT_ONLY=name,name`: only these programs (file names, with or without `.txt`), to bench a few
 * quickly while working on them. The totals then cover those programs alone.
 */
export function onlyPrograms(programs: readonly Program[], only: string | undefined): Program[] {
  if (!only) return [...programs];
  const wanted = new Set(only.split(',').map((n) => n.trim().replace(/\.txt$/, '')));
  const chosen = programs.filter((p) => wanted.has(path.basename(p.name, '.txt')));
  const missing = [...wanted].filter((n) => !chosen.some((p) => path.basename(p.name, '.txt') === n));
  if (missing.length) throw new Error(`PT_ONLY names no program of Python Tutor's: ${missing.join(', ')}`);
  return chosen;
}

/** The side-by-side run: traces, prints its table, returns the figures and verdicts. */
export async function sideBySideReport(ptDir: string, runner: Runner, only?: string): Promise<{ results: unknown; verdicts: Verdict[] }> {
  const mine = ours(runner);
  const theirs = await pythonTutor(ptDir);
  const programs = onlyPrograms(ptPrograms(ptDir), only);
  const once: Runs = { min: 1, max: 1, ms: 0 };
  sideBySide(programs.slice(0, 10), mine, theirs, once); // both interpreters warmed up on the same work
  const pairs = sideBySide(programs, mine, theirs, RUNS);
  const [fixed] = sideBySide([{ name: 'three lines', code: THREE_LINES }], mine, theirs, FIXED_RUNS);
  const finished = pairs.filter((p) => p.pt.finished);
  const within = summarise(finished);
  const every = summarise(pairs);
  if (finished.length === 0) throw new Error('Python Tutor finished none of the programs benched');
  const smallest = [...finished].sort((a, b) => a.pt.steps - b.pt.steps || a.pt.ms - b.pt.ms)[0]!;
  const verdicts = [
    judge('pytutor-total', within.ratio, `${finished.length} programs`),
    judge('pytutor-fixed', fixed!.ratio, 'three lines'),
    ...finished.map((p) => judge('pytutor-program', p.ratio, path.basename(p.name))),
  ];
  const over = finished.filter((p) => !judge('pytutor-program', p.ratio).met).sort((a, b) => b.ratio - a.ratio);
  const f = (n: number, d = 1) => n.toFixed(d);
  const x = (n: number) => `×${f(n, 2)}`;
  console.log(
    `\nBeside Python Tutor (pg_logger.py, ${ptDir}): ${programs.length} programs${only ? ` (PT_ONLY=${only})` : ''}, each in its own Pyodide, interleaved; ` +
      `each figure the median of ${RUNS.min} runs or more, up to ${RUNS.max} until the faster tracer has spent ${RUNS.ms} ms on the program after its first run ` +
      '(most take a millisecond or less, where one run is mostly noise)\n',
  );
  printTable(
    ['measure', 'ours', 'Python Tutor', 'ours / theirs'],
    [
      {
        cells: [
          `total, the ${finished.length} programs Python Tutor finishes in its ${PT_STEP_CAP}-step cap`,
          `${f(within.oursMs, 0)} ms`,
          `${f(within.ptMs, 0)} ms`,
          x(within.ratio),
        ],
        verdicts: [verdicts[0]!],
      },
      {
        cells: [
          `total, all ${pairs.length} programs (not comparable: ours runs past Python Tutor's cap)`,
          `${f(every.oursMs, 0)} ms`,
          `${f(every.ptMs, 0)} ms`,
          x(every.ratio),
        ],
      },
      {
        cells: [
          'per step (finished programs; their own step counts)',
          `${f(within.oursUsPerStep)} µs`,
          `${f(within.ptUsPerStep)} µs`,
          x(within.oursUsPerStep / within.ptUsPerStep),
        ],
      },
      {
        cells: [
          `fixed cost: three lines, median of ${FIXED_RUNS.min}`,
          `${f(fixed!.ours.ms, 2)} ms`,
          `${f(fixed!.pt.ms, 2)} ms`,
          x(fixed!.ratio),
        ],
        verdicts: [verdicts[1]!],
      },
      {
        cells: [
          `smallest program (${path.basename(smallest.name)}, ${smallest.pt.steps} steps)`,
          `${f(smallest.ours.ms, 2)} ms`,
          `${f(smallest.pt.ms, 2)} ms`,
          x(smallest.ratio),
        ],
      },
      {
        cells: [
          'per-program ratio, finished programs: median / p90 / max',
          '',
          '',
          `${x(within.medianRatio)} / ${x(within.p90Ratio)} / ${x(within.maxRatio)}`,
        ],
        verdicts: [verdicts.slice(2).reduce((a, b) => (b.value > a.value ? b : a))],
      },
      { cells: ['slowest beside Python Tutor', '', '', within.worst.map((w) => `${w.name} ${x(w.ratio)}`).join(', ')] },
      {
        cells: [
          `over the per-program budget: ${over.length} of ${finished.length}`,
          '',
          '',
          over.map((p) => `${path.basename(p.name)} ${f(p.ours.ms, 2)}/${f(p.pt.ms, 2)} ms ${x(p.ratio)}`).join(', ') || 'none',
        ],
      },
    ],
  );
  if (only) {
    console.log('\nEach program (PT_ONLY)\n');
    printTable(
      ['program', 'steps (ours / theirs)', 'ours', 'Python Tutor', 'ours / theirs'],
      pairs.map((p) => ({
        cells: [path.basename(p.name), `${p.ours.steps} / ${p.pt.steps}`, `${f(p.ours.ms, 3)} ms`, `${f(p.pt.ms, 3)} ms`, x(p.ratio)],
      })),
    );
  }
  return { results: { runs: RUNS, only, finished: within, all: every, fixed, pairs }, verdicts };
}
