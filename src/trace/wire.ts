/**
 * The trace on the wire: every conversion between the tracer's JSON text and
 * its typed form, in one place. The worker sends traces as text (parsing JSON
 * in JS is much faster than converting Python objects across the boundary);
 * the page, the build and the tests read them through these functions.
 */
import type { CheckVerdict } from '../engine/protocol.ts';
import type { Step, Trace, TraceEnd } from './schema.ts';
import { TRACE_VERSION } from './version.ts';

/** Parses a trace without validating it (validate with `Trace.parse` from schema.ts where it matters). */
export function parseTrace(json: string): Trace {
  return JSON.parse(json) as Trace;
}

/** Where the tracer's head (version, python, pointerSize, end, stats) ends and its steps begin. */
const STEPS_AT = ',"steps":[';

/**
 * How a traced program ended, read from the trace's head only: the tracer
 * writes the head before the steps, so a long trace is not parsed for this.
 */
export function traceEnd(json: string): TraceEnd {
  const at = json.indexOf(STEPS_AT);
  const head = at === -1 ? json : `${json.slice(0, at)}}`;
  return (JSON.parse(head) as Pick<Trace, 'end'>).end;
}

/** What a killed run's partial trace says about itself. */
export interface PartialHead {
  python: string;
  pointerSize: number;
  reason: 'timeout' | 'stopped';
}

/**
 * The trace up to where a killed run got, from the fragments it streamed (step
 * objects joined by commas): its end is `interrupted` with the page's reason.
 * The steps it ran after the last one it streamed are unknown, so `stepsRun`
 * counts up to that step.
 */
export function partialTrace(head: PartialHead, fragments: readonly string[]): Trace {
  const steps = JSON.parse(`[${fragments.join(',')}]`) as Step[];
  const stepsRun = steps.reduce((sum, step) => sum + 1 + (step.skipped ?? 0), 0);
  return {
    version: TRACE_VERSION,
    python: head.python,
    pointerSize: head.pointerSize,
    end: { status: 'interrupted', reason: head.reason, durationMs: 0, outputChars: 0, droppedChars: 0 },
    stats: { steps: steps.length, stepsRun, snapshotMs: 0 },
    steps,
  };
}

/** An exercise check, as the runner returns it: the checker's verdict and the trace of the reader's run (JSON text). */
export interface CheckOutput {
  verdict: CheckVerdict;
  json: string;
}

const VERDICT_AT = '{"verdict":';
const TRACE_AT = ',"trace":';

/** Splits the runner's `{"verdict":…,"trace":…}` without re-serialising the (large) trace. */
export function splitCheckOutput(text: string): CheckOutput {
  const at = text.indexOf(TRACE_AT);
  if (!text.startsWith(VERDICT_AT) || at < 0) throw new Error('malformed check output');
  return { verdict: JSON.parse(text.slice(VERDICT_AT.length, at)) as CheckVerdict, json: text.slice(at + TRACE_AT.length, -1) };
}
