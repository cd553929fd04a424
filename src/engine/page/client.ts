/**
 * The page's side of the engine: a small state machine around one worker.
 *
 *   idle ──start──▶ loading ──ready──▶ ready ⇄ running
 *                     │                          │ timeout / Stop / crash
 *                     ▼                          ▼
 *                   failed                  restarting ──ready──▶ ready
 *
 * Runs are queued, one at a time. A run that overstays its limit is
 * interrupted through a shared buffer when the page is cross-origin isolated;
 * otherwise (or if Python does not yield) the worker is terminated and a fresh
 * one started. Either way the caller gets an outcome, never an exception.
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import type {
  CheckOutcome,
  EngineState,
  FromWorker,
  RunOutcome,
  RunOptions,
  SnapshotInfo,
  Stream,
  ToSnapshotHelper,
  ToWorker,
  TraceLimits,
  TraceOutcome,
} from '../protocol.ts';
import { partialTrace } from '../../trace/wire.ts';
import { INTERRUPT_GRACE_MS, READER_PING_MS, RUN_TIMEOUT_MS, TRACE_SECONDS, TRACE_TIMEOUT_MS } from '../limits.ts';
import { ENGINE_READY, ENGINE_START, ENGINE_WARM } from '../marks.ts';
import { whenVisible } from '../../browser/when-visible.ts';

/** Pyodide's interrupt buffer takes a signal number; 2 is SIGINT (KeyboardInterrupt). */
const SIGINT = 2;

export interface Progress {
  loaded: number;
  total: number | null;
}

type Outcome = RunOutcome | CheckOutcome;

const setupOf = (options: RunOptions) => (options.setup ? { setup: options.setup } : {});

interface CurrentRun {
  id: number;
  onOutput: (stream: Stream, text: string) => void;
  resolve: (outcome: Outcome) => void;
  /** Steps streamed so far by a traced run (JSON fragments). */
  steps?: string[];
  /** Set when the page asked the run to end (timeout or Stop) and why. */
  ending?: { reason: 'timeout' | 'stopped'; limitMs: number };
  timer?: ReturnType<typeof setTimeout>;
}

/** Why the engine started: a run, the reader's intent, an idle page, or a returning reader's page load. */
export type StartReason = 'run' | 'intent' | 'idle' | 'returning' | 'restart';

/** The engine's threads, started ahead of `start` (see `prepare`). */
type Prepared = { worker: Worker | null; helper: Worker | null };

export class EngineClient {
  readonly #state = signal<EngineState>('idle');
  readonly #progress = signal<Progress | null>(null);
  readonly #pythonVersion = signal<string | null>(null);
  readonly #startupMs = signal<number | null>(null);

  #worker: Worker | null = null;
  #helper: Worker | null = null;
  /** Threads started by `prepare`, not yet sent `init`; one that fails meanwhile is dropped (null). */
  #prepared: Prepared | null = null;
  #ready: Promise<void> | null = null;
  #settleReady: { resolve: () => void; reject: (error: Error) => void } | null = null;
  #interrupt: Uint8Array | null = null;
  #current: CurrentRun | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  #nextId = 1;
  #pointerSize = 4;
  #stopWatchingReader: (() => void) | null = null;

  constructor(
    private readonly createWorker: () => Worker,
    private readonly indexURL: string,
    /** The build-time memory snapshot to boot from, if the build made one. */
    private readonly snapshot?: SnapshotInfo,
    /** Starts a snapshot helper (snapshot/helper-worker.ts) beside each engine worker; without one the worker downloads the snapshot itself. */
    private readonly createHelper?: () => Worker,
  ) {}

  get state(): ReadonlySignal<EngineState> {
    return this.#state;
  }
  /** Bytes of the engine downloaded so far, while loading. */
  get progress(): ReadonlySignal<Progress | null> {
    return this.#progress;
  }
  get pythonVersion(): ReadonlySignal<string | null> {
    return this.#pythonVersion;
  }
  /** Worker start → Python ready, as measured inside the worker. */
  get startupMs(): ReadonlySignal<number | null> {
    return this.#startupMs;
  }

  /**
   * Starts the engine's threads without starting Python: the worker and the
   * snapshot helper load their scripts (about 27 KB) and start up, which
   * otherwise is the first ~0.2 s of `start` on a slow machine, and then wait
   * for `init`. Nothing of Python is downloaded until `start`.
   */
  prepare(): void {
    if (this.#ready || this.#prepared) return;
    const prepared: Prepared = { worker: this.createWorker(), helper: this.#newHelper() };
    this.#prepared = prepared;
    // A failure now (say the script's download) would fire before `start` listens: the thread
    // is let go, and `start` makes a fresh one, which reports its error the usual way.
    for (const key of ['worker', 'helper'] as const) {
      const thread = prepared[key];
      if (!thread) continue;
      thread.onerror = (event) => {
        event.preventDefault();
        thread.terminate();
        prepared[key] = null;
      };
    }
  }

  /** A snapshot helper (see snapshot/helper-worker.ts), if this engine has a snapshot and one can be started. */
  #newHelper(): Worker | null {
    if (!this.snapshot || !this.createHelper) return null;
    try {
      return this.createHelper();
    } catch {
      return null;
    }
  }

  /**
   * Starts the engine if it is not started yet; resolves when Python is ready.
   * `reason` is recorded with the `ipm:engine-start` performance mark (for the
   * benchmark and tests).
   */
  start(reason: StartReason = 'run'): Promise<void> {
    if (this.#ready) return this.#ready;
    this.#state.value = this.#worker === null && this.#pythonVersion.value === null ? 'loading' : 'restarting';
    this.#progress.value = null;
    performance.mark(ENGINE_START, { detail: { reason } });
    const prepared = this.#prepared;
    this.#prepared = null;
    const worker = prepared?.worker ?? this.createWorker();
    this.#worker = worker;
    this.#interrupt =
      typeof SharedArrayBuffer !== 'undefined' && globalThis.crossOriginIsolated
        ? new Uint8Array(new SharedArrayBuffer(1))
        : null;
    this.#ready = new Promise<void>((resolve, reject) => {
      this.#settleReady = { resolve, reject };
    });
    worker.onmessage = (event: MessageEvent<FromWorker>) => this.#onMessage(worker, event.data);
    worker.onerror = (event) => this.#onCrash(worker, event.message || 'the engine worker failed to start');
    const snapshotChannel = this.#startHelper(worker, prepared?.helper ?? this.#newHelper());
    const init: ToWorker = {
      type: 'init',
      indexURL: this.indexURL,
      ...(this.snapshot ? { snapshot: this.snapshot } : {}),
      ...(this.#interrupt ? { interruptBuffer: this.#interrupt.buffer as SharedArrayBuffer } : {}),
      ...(snapshotChannel ? { snapshotChannel } : {}),
    };
    worker.postMessage(init, snapshotChannel ? [snapshotChannel] : []);
    return this.#ready;
  }

  /** Runs a program after any run already queued; always resolves with an outcome. */
  run(code: string, onOutput: (stream: Stream, text: string) => void, options: RunOptions = {}): Promise<RunOutcome> {
    const message: ToWorker = { type: 'run', id: 0, code, ...setupOf(options) };
    return this.#enqueue(message, onOutput, options.timeoutMs ?? RUN_TIMEOUT_MS) as Promise<RunOutcome>;
  }

  /** Runs a program under the memory tracer, after any run already queued. */
  trace(
    code: string,
    onOutput: (stream: Stream, text: string) => void,
    limits: TraceLimits = {},
    options: RunOptions = {},
  ): Promise<TraceOutcome> {
    const message: ToWorker = { type: 'trace', id: 0, code, limits: { maxSeconds: TRACE_SECONDS, ...limits }, ...setupOf(options) };
    return this.#enqueue(message, onOutput, options.timeoutMs ?? TRACE_TIMEOUT_MS) as Promise<TraceOutcome>;
  }

  /** Traces the reader's code for an exercise, then runs its checker, after any run already queued. */
  check(
    code: string,
    checker: string,
    onOutput: (stream: Stream, text: string) => void,
    limits: TraceLimits = {},
    options: RunOptions = {},
  ): Promise<CheckOutcome> {
    const message: ToWorker = { type: 'check', id: 0, code, checker, limits: { maxSeconds: TRACE_SECONDS, ...limits }, ...setupOf(options) };
    return this.#enqueue(message, onOutput, options.timeoutMs ?? TRACE_TIMEOUT_MS) as Promise<CheckOutcome>;
  }

  #enqueue(message: Extract<ToWorker, { type: 'run' | 'trace' | 'check' }>, onOutput: CurrentRun['onOutput'], timeoutMs: number) {
    const next = this.#queue.then(() => this.#runNow(message, onOutput, timeoutMs));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  /** Ends the current run (if any) as "stopped". */
  stop(): void {
    if (this.#current) this.#end(this.#current, 'stopped', 0);
  }

  async #runNow(
    message: Extract<ToWorker, { type: 'run' | 'trace' | 'check' }>,
    onOutput: CurrentRun['onOutput'],
    timeoutMs: number,
  ): Promise<Outcome> {
    try {
      await this.start();
    } catch (error) {
      return { status: 'crashed', message: (error as Error).message };
    }
    const worker = this.#worker!;
    return new Promise<Outcome>((resolve) => {
      const run: CurrentRun = { id: this.#nextId++, onOutput, resolve };
      this.#current = run;
      this.#state.value = 'running';
      if (this.#interrupt) this.#interrupt[0] = 0;
      run.timer = setTimeout(() => this.#end(run, 'timeout', timeoutMs), timeoutMs);
      worker.postMessage({ ...message, id: run.id } satisfies ToWorker);
    });
  }

  /** Asks a run to end: interrupt first where possible, terminate otherwise. */
  #end(run: CurrentRun, reason: 'timeout' | 'stopped', limitMs: number) {
    if (run.ending) return;
    run.ending = { reason, limitMs };
    clearTimeout(run.timer);
    if (this.#interrupt) {
      this.#interrupt[0] = SIGINT;
      run.timer = setTimeout(() => this.#kill(run), INTERRUPT_GRACE_MS);
    } else {
      this.#kill(run);
    }
  }

  /** Terminates the worker under a run, reports the run's end, and starts afresh. */
  #kill(run: CurrentRun) {
    if (this.#current !== run) return;
    this.#finish(run, run.steps?.length ? this.#partialTrace(run) : this.#endedOutcome(run));
    this.#discardWorker();
    void this.start('restart').catch(() => undefined);
  }

  #endedOutcome(run: CurrentRun): Outcome {
    return run.ending?.reason === 'timeout'
      ? { status: 'timeout', limitMs: run.ending.limitMs }
      : { status: 'stopped' };
  }

  /** The trace up to where a killed run got, from the steps it streamed. */
  #partialTrace(run: CurrentRun): TraceOutcome {
    const head = { python: this.#pythonVersion.value ?? '', pointerSize: this.#pointerSize, reason: run.ending?.reason ?? 'stopped' };
    return { status: 'traced', json: partialTrace(head, run.steps ?? []) };
  }

  #finish(run: CurrentRun, outcome: Outcome) {
    clearTimeout(run.timer);
    this.#current = null;
    if (this.#state.value === 'running') this.#state.value = 'ready';
    run.resolve(outcome);
  }

  /**
   * Gives `helper` the snapshot to fetch for `worker` and returns the worker's
   * end of the channel between them (see snapshot/download.ts); null without a
   * snapshot or a helper. If the helper fails, the worker is told and
   * downloads the snapshot itself.
   */
  #startHelper(worker: Worker, helper: Worker | null): MessagePort | null {
    if (!helper || !this.snapshot) return null;
    this.#helper = helper;
    helper.onerror = (event) => {
      event.preventDefault();
      if (this.#worker === worker) worker.postMessage({ type: 'snapshot-helper-failed' } satisfies ToWorker);
    };
    const channel = new MessageChannel();
    const request: ToSnapshotHelper = { snapshot: { url: this.snapshot.url, bytes: this.snapshot.bytes }, port: channel.port1 };
    helper.postMessage(request, [channel.port1]);
    return channel.port2;
  }

  #discardWorker() {
    this.#stopWatchingReader?.();
    // (A helper that has delivered has closed itself already.)
    this.#helper?.terminate();
    this.#helper = null;
    this.#worker?.terminate();
    this.#worker = null;
    this.#ready = null;
    this.#settleReady = null;
  }

  #onMessage(worker: Worker, message: FromWorker) {
    if (worker !== this.#worker) return; // a message from a worker we already let go
    switch (message.type) {
      case 'progress':
        this.#progress.value = { loaded: message.loaded, total: message.total };
        break;
      case 'ready':
        this.#pythonVersion.value = message.pythonVersion;
        this.#pointerSize = message.pointerSize;
        this.#startupMs.value = message.startupMs;
        this.#state.value = 'ready';
        // For the browser benchmark (and anyone profiling): when Python became usable.
        performance.mark(ENGINE_READY, { detail: { boot: message.boot } });
        this.#settleReady?.resolve();
        this.#warmUpWhenVisible(worker);
        break;
      case 'warmed':
        this.#stopWatchingReader?.();
        performance.mark(ENGINE_WARM, { detail: { steps: message.steps, ms: message.ms, failed: message.failed ?? null } });
        break;
      case 'output':
        if (this.#current?.id === message.id) this.#current.onOutput(message.stream, message.text);
        break;
      case 'result': {
        const run = this.#current;
        if (run?.id !== message.id) break;
        const interrupted = message.result.status === 'interrupted' && run.ending;
        this.#finish(run, interrupted ? this.#endedOutcome(run) : message.result);
        break;
      }
      case 'trace-steps':
        if (this.#current?.id === message.id) (this.#current.steps ??= []).push(message.fragment);
        break;
      case 'traced':
        // An interrupted trace still arrives, partial, with end.status "interrupted".
        if (this.#current?.id === message.id) this.#finish(this.#current, { status: 'traced', json: message.json });
        break;
      case 'checked':
        if (this.#current?.id === message.id) {
          this.#finish(this.#current, { status: 'checked', verdict: message.verdict, json: message.json });
        }
        break;
      case 'fatal':
        this.#onCrash(worker, message.message);
        break;
    }
  }

  /**
   * Lets the worker warm the engine up while the reader reads (see warmup.ts);
   * in a background tab, not until the tab is shown: no CPU spent for a page
   * nobody is looking at.
   */
  #warmUpWhenVisible(worker: Worker) {
    whenVisible(() => {
      if (worker !== this.#worker) return; // discarded while the tab was hidden
      worker.postMessage({ type: 'warm-up' } satisfies ToWorker);
      this.#watchReader(worker);
    });
  }

  /**
   * While the worker warms up, tells it when the reader types or clicks, so the
   * warm-up (and the optimising it sets off) does not compete with what they are
   * doing, such as a search, on a machine with few cores.
   */
  #watchReader(worker: Worker) {
    if (typeof document === 'undefined') return;
    this.#stopWatchingReader?.();
    let last = -Infinity;
    // No check that the worker is still ours: discarding it stops this watch.
    const onActive = () => {
      const now = performance.now();
      if (now - last < READER_PING_MS) return;
      last = now;
      worker.postMessage({ type: 'reader-active' } satisfies ToWorker);
    };
    const stop = () => {
      document.removeEventListener('keydown', onActive, { capture: true });
      document.removeEventListener('pointerdown', onActive, { capture: true });
      this.#stopWatchingReader = null;
    };
    document.addEventListener('keydown', onActive, { capture: true, passive: true });
    document.addEventListener('pointerdown', onActive, { capture: true, passive: true });
    this.#stopWatchingReader = stop;
  }

  #onCrash(worker: Worker, reason: string) {
    if (worker !== this.#worker) return;
    const message = `The Python engine stopped working (${reason}). It will restart on the next run.`;
    const loading = this.#state.value === 'loading' || this.#state.value === 'restarting';
    this.#settleReady?.reject(new Error(message));
    const run = this.#current;
    this.#discardWorker();
    this.#state.value = loading ? 'failed' : 'idle';
    if (run) this.#finish(run, { status: 'crashed', message });
  }
}
