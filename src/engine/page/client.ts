/**
 * The page's side of the engine: a state machine around the engine's threads
 * (threads.ts). The client is always in one Phase (phase.ts: what each phase
 * holds, the drawing of the moves between them), and every change of phase
 * goes through `#transition`, which checks the move, ends the threads the new
 * phase does not keep, and shows the phase to the reader (`state`).
 *
 * Runs are queued, one at a time. A run that overstays its limit is
 * interrupted through a shared buffer when the page is cross-origin isolated;
 * otherwise (or if Python does not yield) its threads are killed and fresh
 * ones booted. Either way the caller gets an outcome, never an exception; a
 * trace comes parsed (outcomes.ts).
 */
import { type ReadonlySignal, signal } from '@preact/signals';
import { whenVisible } from '../../browser/when-visible.ts';
import { INTERRUPT_GRACE_MS, RUN_TIMEOUT_MS, TRACE_SECONDS, TRACE_TIMEOUT_MS } from '../limits.ts';
import { ENGINE_READY, ENGINE_START, ENGINE_WARM } from '../marks.ts';
import type { EngineState, FromWorker, RunOptions, RunOutcome, SnapshotInfo, ToWorker, TraceLimits } from '../protocol.ts';
import { type CheckOutcome, crashed, endedOutcome, type Outcome, partialOutcome, type TraceOutcome, tracedOutcome } from './outcomes.ts';
import { move, newBoot, type Phase, type Run, threadsOf } from './phase.ts';
import { ReaderActivity } from './reader-activity.ts';
import { type EngineThreads, prepareThreads, type SpareThreads, startThreads, type ThreadSetup } from './threads.ts';

/** Pyodide's interrupt buffer takes a signal number; 2 is SIGINT (KeyboardInterrupt). */
const SIGINT = 2;

export interface Progress {
  loaded: number;
  total: number | null;
}

/** Why the engine started: a run, the reader's intent, an idle page, a returning reader's page load, or a killed run. */
export type StartReason = 'run' | 'intent' | 'idle' | 'returning' | 'restart';

type Job = Extract<ToWorker, { type: 'run' | 'trace' | 'check' }>;
type OnOutput = Run['onOutput'];

const setupOf = (options: RunOptions) => (options.setup ? { setup: options.setup } : {});

export class EngineClient {
  /** Where the client is, and what it holds there; changed by #transition only. */
  #phase: Phase = { kind: 'idle' };
  readonly #state = signal<EngineState>('idle');
  readonly #progress = signal<Progress | null>(null);
  readonly #pythonVersion = signal<string | null>(null);
  readonly #startupMs = signal<number | null>(null);
  /** The phase as the reader is shown it. */
  readonly state: ReadonlySignal<EngineState> = this.#state;
  /** Bytes of the engine downloaded so far, while booting. */
  readonly progress: ReadonlySignal<Progress | null> = this.#progress;
  /** What the last boot reported, kept across restarts: it tells `restarting` from `loading`, and heads a partial trace. */
  readonly pythonVersion: ReadonlySignal<string | null> = this.#pythonVersion;
  /** Worker start → Python ready, as measured inside the worker. */
  readonly startupMs: ReadonlySignal<number | null> = this.#startupMs;
  /** Bytes per pointer in the wasm build, from the last boot (a partial trace's head needs it). */
  #pointerSize = 4;
  /** The run before the next: the worker runs one program at a time. */
  #queue: Promise<unknown> = Promise.resolve();
  /** Runs queued and not yet begun (release() keeps the threads for them). */
  #waiting = 0;
  #nextId = 1;
  /** Watched while the worker warms up, between `warm-up` and `warmed`. */
  readonly #reader = new ReaderActivity();
  readonly #setup: ThreadSetup;

  constructor(
    createWorker: () => Worker,
    indexURL: string,
    /** The build-time memory snapshot to boot from, if the build made one. */
    snapshot?: SnapshotInfo,
    /** Starts a snapshot helper (snapshot/helper-worker.ts) beside each engine worker; without one the worker downloads the snapshot itself. */
    createHelper?: () => Worker,
    /**
     * Another Python beside the course's, started only to compare versions
     * (page/versions.ts): it neither warms up (the reader's CPU is the course
     * engine's) nor sets the course engine's performance marks.
     */
    readonly comparing = false,
  ) {
    this.#setup = { createWorker, indexURL, snapshot, createHelper };
  }

  /**
   * Starts the engine's threads without starting Python, so that `start`
   * skips their startup (about 0.2 s on a slow machine). Nothing of Python is
   * downloaded until `start`.
   */
  prepare(): void {
    if (this.#phase.kind === 'idle' || this.#phase.kind === 'failed') {
      this.#transition({ kind: 'prepared', spare: prepareThreads(this.#setup) });
    }
  }

  /**
   * Starts the engine if it is not started yet; resolves when Python is ready.
   * `reason` is recorded with the `ipm:engine-start` performance mark (for the
   * benchmark and tests).
   */
  start(reason: StartReason = 'run'): Promise<void> {
    const phase = this.#phase;
    if (phase.kind === 'loading' || phase.kind === 'restarting') return phase.boot.promise;
    if (phase.kind === 'ready' || phase.kind === 'running') return Promise.resolve();
    return this.#boot(reason, phase.kind === 'prepared' ? phase.spare : null);
  }

  /** Runs a program after any run already queued; always resolves with an outcome. */
  run(code: string, onOutput: OnOutput, options: RunOptions = {}): Promise<RunOutcome> {
    const job: Job = { type: 'run', id: 0, code, ...setupOf(options) };
    return this.#enqueue(job, onOutput, options.timeoutMs ?? RUN_TIMEOUT_MS) as Promise<RunOutcome>;
  }

  /** Runs a program under the memory tracer, after any run already queued. */
  trace(code: string, onOutput: OnOutput, limits: TraceLimits = {}, options: RunOptions = {}): Promise<TraceOutcome> {
    const job: Job = { type: 'trace', id: 0, code, limits: { maxSeconds: TRACE_SECONDS, ...limits }, ...setupOf(options) };
    return this.#enqueue(job, onOutput, options.timeoutMs ?? TRACE_TIMEOUT_MS) as Promise<TraceOutcome>;
  }

  /** Traces the reader's code for an exercise, then runs its checker, after any run already queued. */
  check(code: string, checker: string, onOutput: OnOutput, limits: TraceLimits = {}, options: RunOptions = {}): Promise<CheckOutcome> {
    const job: Job = { type: 'check', id: 0, code, checker, limits: { maxSeconds: TRACE_SECONDS, ...limits }, ...setupOf(options) };
    return this.#enqueue(job, onOutput, options.timeoutMs ?? TRACE_TIMEOUT_MS) as Promise<CheckOutcome>;
  }

  /**
   * Lets the engine's threads go while Python waits (a comparison engine no
   * pane shows any more: page/versions.ts); the next start boots afresh. Does
   * nothing in any other phase, or with a run queued.
   */
  release(): void {
    if (this.#phase.kind === 'ready' && this.#waiting === 0) this.#transition({ kind: 'idle' });
  }

  /** Ends the current run (if any) as "stopped". */
  stop(): void {
    if (this.#phase.kind === 'running') this.#end(this.#phase.run, 'stopped', 0);
  }

  /**
   * The one way the phase changes: checks the move, ends the threads left
   * behind (and the reader watch that goes with them), and shows the phase.
   */
  #transition(next: Phase): void {
    const { left, shown } = move(this.#phase, next);
    if (left) {
      this.#reader.stop();
      left.end();
    }
    this.#phase = next;
    if (shown) this.#state.value = shown;
  }

  /** Boots Python on the spare threads or fresh ones; the threads the client held (a killed run's) are ended. */
  #boot(reason: StartReason, spare: SpareThreads | null): Promise<void> {
    this.#progress.value = null;
    if (!this.comparing) performance.mark(ENGINE_START, { detail: { reason } });
    const boot = newBoot();
    const threads: EngineThreads = startThreads(this.#setup, spare, {
      message: (message) => this.#onMessage(threads, message),
      failed: (reason) => this.#onCrash(threads, reason),
    });
    const kind = this.#pythonVersion.value === null ? 'loading' : 'restarting';
    this.#transition({ kind, threads, boot });
    return boot.promise;
  }

  #enqueue(job: Job, onOutput: OnOutput, timeoutMs: number): Promise<Outcome> {
    this.#waiting++;
    const next = this.#queue.then(() => {
      this.#waiting--;
      return this.#runNow(job, onOutput, timeoutMs);
    });
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #runNow(job: Job, onOutput: OnOutput, timeoutMs: number): Promise<Outcome> {
    try {
      await this.start();
    } catch (error) {
      return { status: 'crashed', message: (error as Error).message };
    }
    const phase = this.#phase;
    // Python was ready a moment ago; a crash since then ended it before this run could begin.
    if (phase.kind !== 'ready') return crashed('it stopped before the run began');
    return new Promise<Outcome>((resolve) => {
      const run: Run = { id: this.#nextId++, onOutput, resolve, steps: [], ending: null, timer: undefined };
      this.#transition({ kind: 'running', threads: phase.threads, run });
      if (phase.threads.interrupt) phase.threads.interrupt[0] = 0;
      run.timer = setTimeout(() => this.#end(run, 'timeout', timeoutMs), timeoutMs);
      phase.threads.post({ ...job, id: run.id });
    });
  }

  /** The run under way, if `id` is its. */
  #current(id: number): Run | null {
    return this.#phase.kind === 'running' && this.#phase.run.id === id ? this.#phase.run : null;
  }

  /** Asks a run to end: interrupt first where possible, kill otherwise. */
  #end(run: Run, reason: 'timeout' | 'stopped', limitMs: number) {
    if (run.ending) return;
    run.ending = { reason, limitMs };
    clearTimeout(run.timer);
    const interrupt = threadsOf(this.#phase)?.interrupt;
    if (interrupt) {
      interrupt[0] = SIGINT;
      run.timer = setTimeout(() => this.#kill(run), INTERRUPT_GRACE_MS);
    } else {
      this.#kill(run);
    }
  }

  /** Reports how a run the page ended got on, ends its threads and boots afresh. */
  #kill(run: Run) {
    if (this.#current(run.id) !== run) return;
    clearTimeout(run.timer);
    const head = { python: this.#pythonVersion.value ?? '', pointerSize: this.#pointerSize };
    run.resolve(run.steps.length ? partialOutcome(head, run) : endedOutcome(run));
    void this.#boot('restart', null).catch(() => undefined);
  }

  /** A run's answer arrived: back to ready. */
  #finish(run: Run, outcome: Outcome) {
    clearTimeout(run.timer);
    if (this.#phase.kind === 'running' && this.#phase.run === run) this.#transition({ kind: 'ready', threads: this.#phase.threads });
    run.resolve(outcome);
  }

  #onMessage(threads: EngineThreads, message: FromWorker) {
    switch (message.type) {
      case 'progress':
        this.#progress.value = { loaded: message.loaded, total: message.total };
        break;
      case 'ready': {
        const phase = this.#phase;
        if ((phase.kind !== 'loading' && phase.kind !== 'restarting') || phase.threads !== threads) break;
        this.#pythonVersion.value = message.pythonVersion;
        this.#pointerSize = message.pointerSize;
        this.#startupMs.value = message.startupMs;
        this.#transition({ kind: 'ready', threads });
        // For the browser benchmark (and anyone profiling): when Python became usable.
        if (this.comparing) {
          phase.boot.resolve();
          break;
        }
        performance.mark(ENGINE_READY, { detail: { boot: message.boot } });
        phase.boot.resolve();
        this.#warmUpWhenVisible(threads);
        break;
      }
      case 'warmed':
        this.#reader.stop();
        performance.mark(ENGINE_WARM, { detail: { steps: message.steps, ms: message.ms, failed: message.failed ?? null } });
        break;
      case 'output':
        this.#current(message.id)?.onOutput(message.stream, message.text);
        break;
      case 'trace-steps':
        this.#current(message.id)?.steps.push(message.fragment);
        break;
      case 'result': {
        const run = this.#current(message.id);
        // A run the page asked to end says how it ended in the page's words.
        if (run) this.#finish(run, message.result.status === 'interrupted' && run.ending ? endedOutcome(run) : message.result);
        break;
      }
      case 'traced': // (an interrupted trace still arrives, partial, with end.status "interrupted")
      case 'checked': {
        const run = this.#current(message.id);
        if (run) this.#finish(run, tracedOutcome(message));
        break;
      }
      case 'fatal':
        this.#onCrash(threads, message.message);
        break;
    }
  }

  /**
   * Lets the worker warm the engine up while the reader reads (see warmup.ts);
   * in a background tab, not until the tab is shown: no CPU spent for a page
   * nobody is looking at.
   */
  #warmUpWhenVisible(threads: EngineThreads) {
    whenVisible(() => {
      if (threadsOf(this.#phase) !== threads) return; // ended while the tab was hidden
      threads.post({ type: 'warm-up' });
      // Ending the threads stops this watch (#transition), so it never pings a worker let go.
      this.#reader.watch(() => threads.post({ type: 'reader-active' }));
    });
  }

  /** The worker died or could not start: a boot fails, a run is told, and the next start is afresh. */
  #onCrash(threads: EngineThreads, reason: string) {
    const phase = this.#phase;
    if (threadsOf(phase) !== threads) return;
    const outcome = crashed(reason);
    const booting = phase.kind === 'loading' || phase.kind === 'restarting';
    this.#transition({ kind: booting ? 'failed' : 'idle' });
    if (booting) phase.boot.reject(new Error(outcome.message));
    if (phase.kind === 'running') {
      clearTimeout(phase.run.timer);
      phase.run.resolve(outcome);
    }
  }
}
