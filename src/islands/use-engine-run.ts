/**
 * The run flow every code island shares (LiveCell, Exercise, Playground):
 * get the page's engine, clear the last result, stream the output as it
 * comes, run, trace or check, and turn the outcome into what the reader reads
 * (src/verdicts/), with the trace to draw. The islands keep what is theirs
 * around these calls: saving progress, the playground's link, the editor.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { engineStatus } from '../components/cell-parts.tsx';
import { RUN_MEASURE } from '../engine/marks.ts';
import type { EngineClient } from '../engine/page/client.ts';
import { getEngine } from '../engine/page/engine.ts';
import type { ProgramError, Stream } from '../engine/protocol.ts';
import type { Trace } from '../trace/schema.ts';
import { type CheckReport, describeCheck } from '../verdicts/check-report.ts';
import { appendOutput, describeRun, type OutputChunk, type Verdict } from '../verdicts/run-report.ts';

export interface RunRequest {
  /** Run under the memory tracer: the result comes with a trace to draw. */
  traced: boolean;
  /** Code run first, silently (the earlier cells a notebook-style cell continues from). */
  setup?: string | undefined;
}

export interface EngineRun {
  /** What is under way in this island: a run (plain or traced), a check, or nothing. */
  busy: 'run' | 'check' | null;
  /** The output so far, in order, stderr apart. */
  chunks: OutputChunk[];
  /** The last run's verdict, shown under its output. */
  verdict: Verdict | null;
  /** The last check's report. */
  report: CheckReport | null;
  /** The trace to draw: the island's own (made at build time) until a traced run or a check brings one. */
  trace: Trace | null;
  /** The last run's or check's syntax error, for the editor to mark (null when the code compiled). */
  syntaxError: ProgramError | null;
  /** The engine's state in words, for the island's status line (empty until the island first uses the engine). */
  status: string;
  /** Runs `code`; resolves with the trace it brought (null if none, or if the island was busy and nothing ran). */
  run(code: string, request: RunRequest): Promise<Trace | null>;
  /** Checks `code` with an exercise's checker; resolves with the report (null if the island was busy). */
  check(code: string, checker: string): Promise<CheckReport | null>;
  /** Ends what is under way (the engine restarts if it must). */
  stop(): void;
  /** Back to how the island started: no output, no verdict or report, its own trace. */
  reset(): void;
  /** Forgets the last output, verdict and report (the code they were about has changed); the diagram stays. */
  clearMessages(): void;
}

/** The syntax error a run ended with, if that is how it ended. */
function syntaxErrorOf(end: { status: string; error?: ProgramError | undefined }): ProgramError | null {
  return end.status === 'error' && end.error?.kind === 'syntax' ? end.error : null;
}

/** `engineFor`: the engine to run on (the page's, unless the island compares versions: page/versions.ts). */
export function useEngineRun(initialTrace: Trace | null = null, engineFor: () => EngineClient = getEngine): EngineRun {
  // The page's engine, once this island has used it.
  const [engine, setEngine] = useState<EngineClient | null>(null);
  const [busy, setBusy] = useState<EngineRun['busy']>(null);
  const [chunks, setChunks] = useState<OutputChunk[]>([]);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [report, setReport] = useState<CheckReport | null>(null);
  const [trace, setTrace] = useState<Trace | null>(initialTrace);
  const [syntaxError, setSyntaxError] = useState<ProgramError | null>(null);
  // The engine while this island has a run or check under way: leaving the page (the client router
  // unmounts the island) stops it, so the next page's cells do not queue behind a program nobody sees.
  const underWay = useRef<EngineClient | null>(null);
  useEffect(() => () => underWay.current?.stop(), []);

  function begin(kind: 'run' | 'check') {
    const client = engineFor();
    underWay.current = client;
    setEngine(client);
    setBusy(kind);
    setChunks([]);
    setVerdict(null);
    setReport(null);
    setSyntaxError(null);
    let output: OutputChunk[] = [];
    const onOutput = (stream: Stream, text: string) => {
      output = appendOutput(output, stream, text);
      setChunks(output);
    };
    return { client, onOutput };
  }

  async function run(code: string, { traced, setup }: RunRequest): Promise<Trace | null> {
    if (busy) return null;
    const { client, onOutput } = begin('run');
    const started = performance.now();
    const options = setup ? { setup } : {};
    const outcome = traced ? await client.trace(code, onOutput, {}, options) : await client.run(code, onOutput, options);
    underWay.current = null;
    const fresh = outcome.status === 'traced' ? outcome.trace : null;
    if (fresh) setTrace(fresh);
    setSyntaxError(syntaxErrorOf(fresh ? fresh.end : outcome));
    setVerdict(describeRun(outcome));
    setBusy(null);
    // Click → result, for the browser benchmark.
    performance.measure(RUN_MEASURE, { start: started, end: performance.now() });
    return fresh;
  }

  async function check(code: string, checker: string): Promise<CheckReport | null> {
    if (busy) return null;
    const { client, onOutput } = begin('check');
    const outcome = await client.check(code, checker, onOutput);
    underWay.current = null;
    // A check the engine had to kill still brings the trace up to where it got.
    if (outcome.status === 'checked' || outcome.status === 'traced') {
      setTrace(outcome.trace);
      setSyntaxError(syntaxErrorOf(outcome.trace.end));
    }
    const result = describeCheck(outcome);
    setReport(result);
    setBusy(null);
    return result;
  }

  function reset() {
    setChunks([]);
    setVerdict(null);
    setReport(null);
    setSyntaxError(null);
    setTrace(initialTrace);
  }

  function clearMessages() {
    if (busy) return;
    if (chunks.length) setChunks([]);
    if (verdict) setVerdict(null);
    if (report) setReport(null);
    if (syntaxError) setSyntaxError(null);
  }

  // While a check runs, "Checking…" says more than "Running…".
  const status = busy === 'check' && engine?.state.value === 'running' ? 'Checking…' : engineStatus(engine);
  return { busy, chunks, verdict, report, trace, syntaxError, status, run, check, stop: () => engine?.stop(), reset, clearMessages };
}
