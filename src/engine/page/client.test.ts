import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TRACE_VERSION } from '../../trace/version.ts';
import type { FromWorker, RunResult, ToSnapshotHelper, ToWorker } from '../protocol.ts';
import { EngineClient } from './client.ts';

/** A stand-in worker whose behaviour each test scripts. */
class FakeWorker {
  static created: FakeWorker[] = [];
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  received: ToWorker[] = [];
  terminated = false;
  constructor(readonly respond: (worker: FakeWorker, message: ToWorker) => void) {
    FakeWorker.created.push(this);
  }
  postMessage(message: ToWorker) {
    this.received.push(message);
    queueMicrotask(() => this.respond(this, message));
  }
  send(message: FromWorker) {
    if (!this.terminated) this.onmessage?.({ data: message } as MessageEvent<FromWorker>);
  }
  terminate() {
    this.terminated = true;
  }
}

const ok: RunResult = { status: 'ok', durationMs: 1, outputChars: 3, droppedChars: 0 };

/** Answers init with ready, and runs by echoing the code as output; "hang" never answers. */
function echoEngine(worker: FakeWorker, message: ToWorker) {
  if (message.type === 'init') worker.send({ type: 'ready', pythonVersion: '3.14.2', pointerSize: 4, startupMs: 5, boot: 'normal' });
  if (message.type === 'run' && message.code !== 'hang') {
    worker.send({ type: 'output', id: message.id, stream: 'stdout', text: message.code });
    worker.send({ type: 'result', id: message.id, result: ok });
  }
  if (message.type === 'trace' && message.code === 'hang') {
    worker.send({ type: 'trace-steps', id: message.id, fragment: '{"event":"line","line":1},{"skipped":40,"event":"line","line":2}' });
    worker.send({ type: 'trace-steps', id: message.id, fragment: '{"event":"line","line":3}' });
  } else if (message.type === 'trace') worker.send({ type: 'traced', id: message.id, json: JSON.stringify(message.limits) });
}

function client(respond = echoEngine) {
  return new EngineClient(() => new FakeWorker(respond) as unknown as Worker, 'http://x/pyodide/');
}

const snapshot = { url: 'http://x/pyodide/snapshot-abc.bin.gz', bytes: 1024, pyodideVersion: '314.0.7' };

/** An engine with a snapshot whose helpers (silent stand-ins) are collected in `helpers`. */
const withHelpers = (snapshotInfo: typeof snapshot | undefined, helpers: FakeWorker[]) =>
  new EngineClient(
    () => new FakeWorker(echoEngine) as unknown as Worker,
    'http://x/pyodide/',
    snapshotInfo,
    () => {
      const helper = new FakeWorker(() => undefined);
      helpers.push(helper);
      return helper as unknown as Worker;
    },
  );

beforeEach(() => {
  FakeWorker.created = [];
});
afterEach(() => {
  vi.useRealTimers();
});

describe('EngineClient', () => {
  it('hands the worker the build-time snapshot to boot from, when there is one', async () => {
    await new EngineClient(() => new FakeWorker(echoEngine) as unknown as Worker, 'http://x/pyodide/', snapshot).start();
    await client().start();
    const inits = FakeWorker.created.map((w) => w.received[0]);
    expect(inits).toEqual([
      { type: 'init', indexURL: 'http://x/pyodide/', snapshot },
      { type: 'init', indexURL: 'http://x/pyodide/' },
    ]);
  });

  it('releases a ready engine: its worker ends, and the next run boots a fresh one', async () => {
    const engine = client();
    await engine.run('a', () => undefined);
    expect(engine.state.value).toBe('ready');
    engine.release();
    expect(engine.state.value).toBe('idle');
    expect(FakeWorker.created.map((w) => w.terminated)).toEqual([true]);
    const outputs: string[] = [];
    await engine.run('b', (_stream, text) => outputs.push(text));
    expect(outputs).toEqual(['b']);
    expect(FakeWorker.created.map((w) => w.terminated)).toEqual([true, false]);
    // Not with a run queued, nor while it runs.
    const hanging = engine.run('hang', () => undefined);
    engine.release();
    await vi.waitFor(() => expect(engine.state.value).toBe('running'));
    engine.release();
    expect(engine.state.value).toBe('running');
    expect(FakeWorker.created.map((w) => w.terminated)).toEqual([true, false]);
    engine.stop();
    await hanging;
  });

  it('loads on first run, streams output and resolves with the result', async () => {
    const engine = client();
    expect(engine.state.value).toBe('idle');
    const output: string[] = [];
    const outcome = await engine.run('abc', (_s, text) => output.push(text));
    expect(outcome).toEqual(ok);
    expect(output).toEqual(['abc']);
    expect(engine.state.value).toBe('ready');
    expect(engine.pythonVersion.value).toBe('3.14.2');
    expect(FakeWorker.created).toHaveLength(1);
    expect(FakeWorker.created[0]!.received[0]).toEqual({ type: 'init', indexURL: 'http://x/pyodide/' });
  });

  it('traces through the same queue, with the tracer stopping itself before the page does', async () => {
    const engine = client();
    const [run, traced] = await Promise.all([engine.run('a', () => undefined), engine.trace('b', () => undefined, { maxSteps: 50 })]);
    expect(run.status).toBe('ok');
    // (This fake answers with the limits it was given, as the trace: the client parses what the worker sends.)
    expect(traced).toEqual({ status: 'traced', trace: { maxSeconds: 4, maxSteps: 50 } });
    expect(FakeWorker.created[0]!.received.map((m) => m.type)).toEqual(['init', 'warm-up', 'run', 'trace']);
  });

  it('while it warms up, tells the worker when the reader types or clicks (not more often than every 300 ms), until warmed', async () => {
    const page = Object.assign(new EventTarget(), { visibilityState: 'visible' });
    vi.stubGlobal('document', page);
    try {
      await client().start();
      const worker = FakeWorker.created[0]!;
      page.dispatchEvent(new Event('keydown'));
      page.dispatchEvent(new Event('pointerdown')); // right after: no second message
      expect(worker.received.map((m) => m.type)).toEqual(['init', 'warm-up', 'reader-active']);
      worker.send({ type: 'warmed', steps: 24, ms: 900 });
      await new Promise((resolve) => setTimeout(resolve, 350));
      page.dispatchEvent(new Event('keydown'));
      expect(worker.received.map((m) => m.type)).toEqual(['init', 'warm-up', 'reader-active']);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('lets a ready engine warm up, and marks when it has', async () => {
    const engine = client((worker, message) => {
      echoEngine(worker, message);
      if (message.type === 'warm-up') worker.send({ type: 'warmed', steps: 24, ms: 900 });
    });
    performance.clearMarks('ipm:engine-warm');
    await engine.start();
    expect(FakeWorker.created[0]!.received.map((m) => m.type)).toEqual(['init', 'warm-up']);
    await new Promise((resolve) => setTimeout(resolve, 0));
    const marks = performance.getEntriesByName('ipm:engine-warm') as PerformanceMark[];
    expect(marks.map((m) => m.detail)).toEqual([{ steps: 24, ms: 900, failed: null }]);
  });

  it('keeps the steps a killed trace streamed, as a partial trace', async () => {
    vi.useFakeTimers();
    const engine = client();
    const pending = engine.trace('hang', () => undefined, {}, { timeoutMs: 1000 });
    await vi.advanceTimersByTimeAsync(1000);
    const outcome = await pending;
    expect(outcome.status).toBe('traced');
    const { trace } = outcome as Extract<typeof outcome, { status: 'traced' }>; // (asserted just above)
    expect(trace.steps.map((s) => s.line)).toEqual([1, 2, 3]);
    expect(trace.end).toMatchObject({ status: 'interrupted', reason: 'timeout' });
    expect(trace).toMatchObject({ version: TRACE_VERSION, python: '3.14.2', pointerSize: 4 });
    // The steps it ran up to the last one streamed, those in the gaps included.
    expect(trace.stats).toEqual({ steps: 3, stepsRun: 43, snapshotMs: 0 });
  });

  it('runs queued programs one at a time, in order', async () => {
    const engine = client();
    const output: string[] = [];
    await Promise.all(['1', '2', '3'].map((code) => engine.run(code, (_s, t) => output.push(t))));
    expect(output).toEqual(['1', '2', '3']);
    expect(FakeWorker.created).toHaveLength(1);
  });

  it('terminates a run that takes too long and starts a fresh worker', async () => {
    vi.useFakeTimers();
    const engine = client();
    const pending = engine.run('hang', () => undefined, { timeoutMs: 1000 });
    await vi.advanceTimersByTimeAsync(999);
    expect(engine.state.value).toBe('running');
    await vi.advanceTimersByTimeAsync(1);
    expect(await pending).toEqual({ status: 'timeout', limitMs: 1000 });
    expect(FakeWorker.created[0]!.terminated).toBe(true);
    expect(FakeWorker.created).toHaveLength(2);
    const next = await engine.run('after', () => undefined);
    expect(next.status).toBe('ok');
  });

  it('stops the current run on request', async () => {
    const engine = client();
    const pending = engine.run('hang', () => undefined);
    await vi.waitFor(() => expect(engine.state.value).toBe('running'));
    engine.stop();
    expect(await pending).toEqual({ status: 'stopped' });
  });

  it('reports a crash as an outcome and recovers on the next run', async () => {
    let crashes = 1;
    const engine = client((worker, message) => {
      if (message.type === 'run' && crashes-- > 0) return worker.send({ type: 'fatal', message: 'boom' });
      echoEngine(worker, message);
    });
    const crashed = await engine.run('x', () => undefined);
    expect(crashed.status).toBe('crashed');
    expect(crashed.status === 'crashed' && crashed.message).toContain('boom');
    expect(engine.state.value).toBe('idle');
    expect((await engine.run('y', () => undefined)).status).toBe('ok');
    expect(FakeWorker.created).toHaveLength(2);
  });

  it('fails runs clearly when the engine cannot load, and retries later', async () => {
    let attempts = 0;
    const engine = client((worker, message) => {
      if (message.type === 'init' && attempts++ === 0) return worker.onerror?.({ message: 'no wasm' } as ErrorEvent);
      echoEngine(worker, message);
    });
    const first = await engine.run('x', () => undefined);
    expect(first.status === 'crashed' && first.message).toContain('no wasm');
    expect(engine.state.value).toBe('failed');
    expect((await engine.run('y', () => undefined)).status).toBe('ok');
  });

  describe('prepare: the threads started before Python is asked for', () => {
    const failed = (worker: FakeWorker) => worker.onerror!({ preventDefault: () => undefined } as ErrorEvent);
    const closeHelpers = (helpers: FakeWorker[]) => {
      for (const helper of helpers) (helper.received[0] as unknown as ToSnapshotHelper | undefined)?.port.close();
    };

    it('starts the worker and the helper without sending them anything, once, and start uses them', async () => {
      const helpers: FakeWorker[] = [];
      const engine = withHelpers(snapshot, helpers);
      engine.prepare();
      engine.prepare();
      expect(FakeWorker.created).toHaveLength(2);
      expect(FakeWorker.created.every((w) => w.received.length === 0)).toBe(true);
      expect(engine.state.value).toBe('idle');
      await engine.start();
      expect(FakeWorker.created).toHaveLength(2);
      expect(FakeWorker.created.find((w) => !helpers.includes(w))!.received[0]?.type).toBe('init');
      expect(helpers[0]!.received).toHaveLength(1);
      engine.prepare(); // started already: nothing more
      expect(FakeWorker.created).toHaveLength(2);
      closeHelpers(helpers);
    });

    it('replaces a prepared worker or helper that failed before start', async () => {
      const helpers: FakeWorker[] = [];
      const engine = withHelpers(snapshot, helpers);
      engine.prepare();
      const [worker, helper] = [FakeWorker.created.find((w) => !helpers.includes(w))!, helpers[0]!];
      failed(worker);
      failed(helper);
      await engine.start();
      expect(worker.terminated && helper.terminated).toBe(true);
      expect(worker.received).toEqual([]);
      const fresh = FakeWorker.created.filter((w) => !helpers.includes(w));
      expect(fresh).toHaveLength(2);
      expect(fresh[1]!.received[0]?.type).toBe('init');
      expect(helpers).toHaveLength(2);
      expect(helpers[1]!.received).toHaveLength(1);
      closeHelpers(helpers);
    });

    it('keeps a failure after start on the usual path: the worker is told its helper failed', async () => {
      const helpers: FakeWorker[] = [];
      const engine = withHelpers(snapshot, helpers);
      engine.prepare();
      await engine.start();
      failed(helpers[0]!);
      const worker = FakeWorker.created.find((w) => !helpers.includes(w))!;
      expect(worker.received.map((m) => m.type)).toContain('snapshot-helper-failed');
      closeHelpers(helpers);
    });
  });

  describe('the snapshot helper (snapshot/download.ts)', () => {
    const askedOf = (helper: FakeWorker) => helper.received[0] as unknown as ToSnapshotHelper;

    it('is started beside the worker, and joined to it by a channel', async () => {
      const helpers: FakeWorker[] = [];
      await withHelpers(snapshot, helpers).start();
      const asked = askedOf(helpers[0]!);
      expect(asked.snapshot).toEqual({ url: snapshot.url, bytes: 1024 });
      const init = FakeWorker.created.find((w) => !helpers.includes(w))!.received[0];
      expect(init?.type === 'init' && init.snapshotChannel).toBeInstanceOf(MessagePort);
      // The two ends of one channel: what the helper sends arrives at the worker's end.
      const arrived = new Promise((resolve) => {
        (init as { snapshotChannel: MessagePort }).snapshotChannel.onmessage = (event) => resolve(event.data);
      });
      asked.port.postMessage({ type: 'answered' });
      expect(await arrived).toEqual({ type: 'answered' });
      asked.port.close();
    });

    it('is not started without a snapshot, nor when it cannot be', async () => {
      const helpers: FakeWorker[] = [];
      await withHelpers(undefined, helpers).start();
      expect(helpers).toEqual([]);
      await new EngineClient(
        () => new FakeWorker(echoEngine) as unknown as Worker,
        'http://x/pyodide/',
        snapshot,
        () => {
          throw new Error('no module workers');
        },
      ).start();
      expect(FakeWorker.created.at(-1)!.received[0]).toEqual({ type: 'init', indexURL: 'http://x/pyodide/', snapshot });
    });

    it('tells the worker when the helper fails, and is let go with the worker', async () => {
      vi.useFakeTimers();
      const helpers: FakeWorker[] = [];
      const engine = withHelpers(snapshot, helpers);
      const pending = engine.run('hang', () => undefined, { timeoutMs: 100 });
      await vi.advanceTimersByTimeAsync(0);
      const worker = FakeWorker.created.find((w) => !helpers.includes(w))!;
      helpers[0]!.onerror!({ preventDefault: () => undefined } as ErrorEvent);
      expect(worker.received.map((m) => m.type)).toContain('snapshot-helper-failed');
      await vi.advanceTimersByTimeAsync(100);
      expect((await pending).status).toBe('timeout');
      expect(helpers[0]!.terminated).toBe(true);
      expect(helpers).toHaveLength(2); // the restarted worker has a helper of its own
      for (const helper of helpers) askedOf(helper).port.close();
    });
  });
});
