/**
 * The engine's warm-up: a few traced programs the worker runs on its own once
 * Python is ready and the reader is not running anything.
 *
 * Why: V8 first runs the wasm interpreter with baseline (Liftoff) code and
 * recompiles the hot functions with its optimising compiler in the background
 * as they get hot. Until that has happened, a lesson program traces 2–5×
 * slower and very unevenly. Measured on a 2-core machine in Chromium 156, the
 * garbage-collection lesson's first cell traced in 35–178 ms right after the
 * boot, and in 21–88 ms (median about 30) after this warm-up. Chromium's wasm
 * code cache keeps only part of the optimised code for the next visit, so every
 * page boot needs it. The warm-up makes the interpreter, the tracer and the
 * checker hot while the reader reads, instead of during their first runs. A
 * trace with many steps matters most: per-line tracing is what a Run → diagram
 * waits for (runs and checks alone warmed up too little, measured).
 *
 * It never delays the reader by more than one step: it waits until the worker
 * has been quiet for a while, runs one short step per task so a Run message is
 * handled between steps, and starts waiting again after every message.
 */
import { traceEnd } from '../../trace/wire.ts';
import type { Runner } from '../python/runner.ts';
import { WARM_UP_CHECK, WARM_UP_TRACE } from '../snapshot/stash.ts';

/** One small unit of warm-up work: tens of milliseconds before it is optimised. */
export type WarmUpStep = () => void;

export interface WarmUpReport {
  /** Steps that ran to the end (all of them, unless one failed). */
  steps: number;
  /** Time spent running them (not counting the waits between). */
  ms: number;
  /** Why it stopped early, when a step failed. */
  failed?: string;
}

export interface WarmUpOptions {
  steps: readonly WarmUpStep[];
  /** How long the worker must have been quiet (no message) before the next step. */
  quietMs: number;
  onDone: (report: WarmUpReport) => void;
  schedule?: (fn: () => void, ms: number) => unknown;
  now?: () => number;
}

/** Runs `steps` one per task, each only after `quietMs` without a message (see `busy`). */
export class WarmUp {
  readonly #options: Required<WarmUpOptions>;
  #started = false;
  #scheduled = false;
  #next = 0;
  #spentMs = 0;
  #quietFrom = 0;

  constructor(options: WarmUpOptions) {
    this.#options = { schedule: (fn, ms) => setTimeout(fn, ms), now: () => performance.now(), ...options };
    this.#quietFrom = this.#options.now();
  }

  /** Begins warming up (again calls do nothing). */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#wake();
  }

  /** The worker just handled a message: the reader is active, so wait for quiet again. */
  busy(): void {
    this.#quietFrom = this.#options.now();
    if (this.#started) this.#wake();
  }

  get done(): boolean {
    return this.#next >= this.#options.steps.length;
  }

  #wake() {
    if (this.#scheduled || this.done) return;
    this.#scheduled = true;
    const wait = Math.max(0, this.#quietFrom + this.#options.quietMs - this.#options.now());
    this.#options.schedule(() => this.#tick(), wait);
  }

  #tick() {
    this.#scheduled = false;
    const { now, quietMs, steps } = this.#options;
    if (now() - this.#quietFrom < quietMs) return this.#wake();
    const began = now();
    try {
      steps[this.#next]!();
    } catch (error) {
      return this.#finish(error instanceof Error ? error.message : String(error));
    }
    this.#spentMs += now() - began;
    this.#next += 1;
    // A step is not a message: unless one came meanwhile, the next step follows at once.
    if (this.done) this.#finish();
    else this.#wake();
  }

  #finish(failed?: string) {
    const report: WarmUpReport = { steps: this.#next, ms: Math.round(this.#spentMs), ...(failed ? { failed } : {}) };
    this.#next = this.#options.steps.length;
    this.#options.onDone(report);
  }
}

/**
 * A traced program with many steps: the tracer's per-line work (frames,
 * objects, sizes, refcounts) is what a Run → diagram waits for, so it is what
 * must get hot first; a loop makes a few dozen steps of it.
 */
const WARM_UP_STEPS = `
import gc, sys

class Item:
    def __init__(self, name):
        self.name = name
        self.peers = []

items = [Item(str(i)) for i in range(4)]
items[0].peers.append(items[1])
items[1].peers.append(items[0])
sizes = {item.name: sys.getsizeof(item) for item in items}
total = 0
for i in range(30):
    total += i * 2
    pair = (i, str(i))
del items
print(gc.collect() >= 2, len(sizes), sys.getrefcount(pair))
`;

/** A loop, calls and the containers lessons use: what every program runs through. */
const WARM_UP_RUN = `
def mean(values):
    return sum(values) / len(values)

rows = [{"n": i, "sq": i * i, "name": f"row{i}"} for i in range(200)]
print(mean([r["sq"] for r in rows]), len({r["name"] for r in rows}))
`;

/**
 * The warm-up work for a runner: `rounds` times two traces (one with many
 * steps), a plain run and an exercise check, what a lesson asks of the engine. A step throws
 * if its program did not end as expected, which stops the warm-up (and the
 * worker says why in the console) rather than warming up the wrong paths.
 */
export function warmUpSteps(runner: Runner, rounds: number): WarmUpStep[] {
  const ignore = () => undefined;
  const traceOf =
    (program: string): WarmUpStep =>
    () => {
      const end = traceEnd(runner.trace(program, ignore, {}, ignore));
      if (end.status !== 'ok') {
        // Say how it ended (a time limit on a busy machine, an error…), so a stopped warm-up can be told apart.
        const { output: _output, ...how } = end;
        throw new Error(`the warm-up trace did not end normally: ${JSON.stringify(how)}`);
      }
    };
  const run: WarmUpStep = () => {
    const result = runner.run(WARM_UP_RUN, ignore);
    if (result.status !== 'ok') throw new Error(`the warm-up run ended with ${result.status}`);
  };
  const check: WarmUpStep = () => {
    const { verdict } = runner.check(WARM_UP_CHECK.code, WARM_UP_CHECK.checker, ignore, {}, ignore, WARM_UP_CHECK.setup);
    // One of its two checks passes and one fails: either verdict means the checker ran.
    if (verdict.verdict !== 'pass' && verdict.verdict !== 'fail') throw new Error(`the warm-up check ended with ${verdict.verdict}`);
  };
  return Array.from({ length: rounds }, () => [traceOf(WARM_UP_STEPS), traceOf(WARM_UP_TRACE), run, check]).flat();
}
