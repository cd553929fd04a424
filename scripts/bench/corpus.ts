/**
 * Python Tutor's programs, traced and untraced: every one must end the same way
 * (status, stdout, stderr) and a trace that finished must end on its final
 * state, however many steps it took (the tracer's budgets limit what is drawn,
 * never what runs). Python Tutor's code is never in the repository: `PT_DIR`
 * names a checkout of the public repository bnmnetp/OnlinePythonTutor.
 *
 *   PT_DIR=/tmp/pt npm run check:corpus [-- --check]
 *
 * Each program runs in a worker thread, as in the page: a plain run is interrupted
 * (KeyboardInterrupt through Pyodide's interrupt buffer) after RUN_TIMEOUT_MS and the
 * thread terminated after a grace; a traced one stops itself at TRACE_SECONDS, and
 * its thread is terminated after TRACE_TIMEOUT_MS. A program still running at its
 * time limit ends `limit` traced and `interrupted` (or killed) untraced: both count
 * as "still running", and only the output both printed is compared.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { INTERRUPT_GRACE_MS, RUN_TIMEOUT_MS, TRACE_TIMEOUT_MS } from '../../src/engine/limits.ts';
import { freshNodeEngine } from '../../src/engine/node/engine.ts';
import type { RunResult, Stream } from '../../src/engine/protocol.ts';
import type { Trace } from '../../src/trace/schema.ts';
import { parseTrace } from '../../src/trace/wire.ts';
import { checkOption } from './cli.ts';
import { ptPrograms } from './pytutor.ts';

type Job = { kind: 'run' | 'trace'; code: string };
type Reply = { type: 'output'; stream: Stream; text: string } | { type: 'done'; status: string; trace?: Trace };

/** A worker thread with an engine in it; replaced when a job has to be killed. */
class Engine {
  #interrupt = new Int32Array(new SharedArrayBuffer(4));
  #worker: Worker | null = null;
  #ready: Promise<Worker> | null = null;

  #start(): Promise<Worker> {
    const worker = new Worker(new URL(import.meta.url), { workerData: { interrupt: this.#interrupt } });
    this.#worker = worker;
    return new Promise((resolve) => worker.once('message', () => resolve(worker)));
  }

  /** Runs a job; `interruptMs`: when to raise KeyboardInterrupt (plain runs); `killMs`: when to end the thread. */
  async do(job: Job, interruptMs: number | null, killMs: number) {
    this.#ready ??= this.#start();
    const worker = await this.#ready;
    const out = { stdout: '', stderr: '' };
    return new Promise<{ status: string; trace?: Trace; stdout: string; stderr: string }>((resolve) => {
      const timers = [
        interruptMs === null ? undefined : setTimeout(() => Atomics.store(this.#interrupt, 0, 2), interruptMs),
        setTimeout(() => {
          worker.off('message', onMessage);
          void worker.terminate();
          this.#ready = null;
          finish({ status: 'killed' });
        }, killMs),
      ];
      const finish = (end: { status: string; trace?: Trace }) => {
        for (const t of timers) clearTimeout(t);
        Atomics.store(this.#interrupt, 0, 0);
        resolve({ ...end, ...out });
      };
      const onMessage = (reply: Reply) => {
        if (reply.type === 'output') out[reply.stream] += reply.text;
        else {
          worker.off('message', onMessage);
          finish(reply);
        }
      };
      worker.on('message', onMessage);
      worker.postMessage(job);
    });
  }

  close() {
    void this.#worker?.terminate();
  }
}

/** Output with object addresses ("<Outer object at 0x11eb640>") masked: they differ between any two runs. */
const withoutAddresses = (text: string) => text.replace(/ at 0x[0-9a-f]+/g, ' at 0x…');

type Ending = RunResult['status'] | 'still running';
const ending = (status: string): Ending =>
  status === 'limit' || status === 'interrupted' || status === 'killed' ? 'still running' : (status as Ending);

interface Row {
  name: string;
  untraced: Ending;
  traced: Ending;
  same: boolean;
  why: string[];
  stepsRun: number;
  drawn: number;
}

async function main() {
  const check = checkOption(process.argv.slice(2), 'check:corpus');
  const ptDir = process.env.PT_DIR;
  if (!ptDir) {
    console.error('PT_DIR must name a checkout of bnmnetp/OnlinePythonTutor (e.g. PT_DIR=/tmp/pt).');
    process.exit(2);
  }
  const engine = new Engine();
  const rows: Row[] = [];
  for (const program of ptPrograms(ptDir)) {
    const untraced = await engine.do({ kind: 'run', code: program.code }, RUN_TIMEOUT_MS, RUN_TIMEOUT_MS + INTERRUPT_GRACE_MS);
    const traced = await engine.do({ kind: 'trace', code: program.code }, null, TRACE_TIMEOUT_MS + INTERRUPT_GRACE_MS);

    if (!traced.trace) {
      rows.push({
        name: program.name,
        untraced: ending(untraced.status),
        traced: 'still running',
        same: false,
        why: ['traced run killed'],
        stepsRun: 0,
        drawn: 0,
      });
      continue;
    }
    const trace = traced.trace;
    const why: string[] = [];
    const [a, b] = [ending(untraced.status), ending(trace.end.status)];
    if (a !== b) why.push(`ends ${b} traced, ${a} untraced`);
    // Output of a program interrupted at a time limit depends on when: compare only what both printed.
    const prefixOnly = a === 'still running';
    for (const stream of ['stdout', 'stderr'] as const) {
      const [x, y] = [untraced[stream], traced[stream]].map(withoutAddresses) as [string, string];
      const same = prefixOnly ? x.startsWith(y) || y.startsWith(x) : x === y;
      if (!same) why.push(`${stream} differs`);
    }
    const last = trace.steps.at(-1);
    const finalEvent = { ok: 'end', error: 'exception', exit: 'exception', limit: 'limit' }[trace.end.status as string];
    // (A program that does not compile ran no step.)
    if (finalEvent && last && last.event !== finalEvent) why.push(`last step is ${last.event}, not ${finalEvent}`);
    if (trace.end.tracerError) why.push(`tracer error: ${trace.end.tracerError}`);
    rows.push({
      name: program.name,
      untraced: a,
      traced: b,
      same: why.length === 0,
      why,
      stepsRun: trace.stats.stepsRun,
      drawn: trace.stats.steps,
    });
  }

  const differing = rows.filter((r) => !r.same);
  const long = rows.filter((r) => r.stepsRun > r.drawn);
  const counts = new Map<Ending, number>();
  for (const r of rows) counts.set(r.traced, (counts.get(r.traced) ?? 0) + 1);
  const byEnding = [...counts].map(([k, n]) => `${n} ${k}`);
  console.log(
    `Python Tutor's corpus (${ptDir}): ${rows.length} programs, ${rows.length - differing.length} traced with the same ending and output as untraced`,
  );
  console.log(`  endings: ${byEnding.join(', ')}`);
  console.log(
    `  past the step budget (drawn as a sample): ${long.length}${
      long.length
        ? `, e.g. ${long
            .sort((x, y) => y.stepsRun - x.stepsRun)
            .slice(0, 5)
            .map((r) => `${r.name} ${r.stepsRun.toLocaleString('en-US')} steps, ${r.drawn} drawn`)
            .join('; ')}`
        : ''
    }`,
  );
  for (const r of differing) console.log(`  DIFFERS ${r.name}: ${r.why.join('; ')}`);
  if (check && differing.length) process.exitCode = 1;
  engine.close();
}

if (!isMainThread) {
  // The worker: one engine, one job at a time, output streamed as it comes (a killed job keeps it).
  const { pyodide, runner } = await freshNodeEngine();
  pyodide.setInterruptBuffer(workerData.interrupt as Int32Array);
  const port = parentPort!;
  const emit = (stream: Stream, text: string) => port.postMessage({ type: 'output', stream, text } satisfies Reply);
  port.on('message', (job: Job) => {
    if (job.kind === 'run') port.postMessage({ type: 'done', status: runner.run(job.code, emit).status } satisfies Reply);
    else {
      const trace = parseTrace(runner.trace(job.code, emit));
      port.postMessage({ type: 'done', status: trace.end.status, trace } satisfies Reply);
    }
  });
  port.postMessage({ type: 'ready' });
} else {
  await main();
}
