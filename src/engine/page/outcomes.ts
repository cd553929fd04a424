/**
 * What the client hands the islands when a run ends, and how it is made from
 * what the worker sent. A trace comes parsed (through trace/wire.ts), so no
 * island reads JSON: the worker sends traces as text (parsing JSON is much
 * faster than converting Python objects across the boundary), and the client
 * parses each once. The types live here rather than in protocol.ts, which
 * imports nothing, not even the trace's type.
 */
import type { CheckVerdict, FromWorker, RunOutcome } from '../protocol.ts';
import type { Trace } from '../../trace/schema.ts';
import { parseTrace, partialTrace, type PartialHead } from '../../trace/wire.ts';

/** How a traced run ended: its trace (partial when the page had to kill the run), or why there is none. */
export type TraceOutcome = { status: 'traced'; trace: Trace } | Extract<RunOutcome, { status: 'timeout' | 'stopped' | 'crashed' }>;

/**
 * How an exercise check ended: a verdict with the run's trace; or, when the engine had to kill the run,
 * a partial trace (`traced`) or why there is none.
 */
export type CheckOutcome = { status: 'checked'; verdict: CheckVerdict; trace: Trace } | TraceOutcome;

/** Why the page ended a run, and the limit it overstayed (0 for a Stop). */
export interface Ending {
  reason: 'timeout' | 'stopped';
  limitMs: number;
}

/** Whatever a run, trace or check ends with. */
export type Outcome = RunOutcome | CheckOutcome;

/** The engine failed under a run (or before it), in the reader's words. */
export const crashed = (reason: string) =>
  ({ status: 'crashed', message: `The Python engine stopped working (${reason}). It will restart on the next run.` }) as const;

/** A finished trace or check, its trace parsed; one that cannot be read is reported, never thrown at the message handler. */
export function tracedOutcome(message: Extract<FromWorker, { type: 'traced' | 'checked' }>): Outcome {
  try {
    const trace = parseTrace(message.json);
    return message.type === 'traced' ? { status: 'traced', trace } : { status: 'checked', verdict: message.verdict, trace };
  } catch (error) {
    return { status: 'crashed', message: `The engine sent a trace that could not be read (${(error as Error).message}).` };
  }
}

/** The trace up to where a run the page killed got, from the steps it streamed. */
export function partialOutcome(head: Omit<PartialHead, 'reason'>, run: { steps: readonly string[]; ending: Ending | null }): TraceOutcome {
  return { status: 'traced', trace: parseTrace(partialTrace({ ...head, reason: run.ending?.reason ?? 'stopped' }, run.steps)) };
}

/** How a run the page ended came out, when it left no trace behind. */
export function endedOutcome(run: { ending: Ending | null }): Outcome {
  return run.ending?.reason === 'timeout' ? { status: 'timeout', limitMs: run.ending.limitMs } : { status: 'stopped' };
}
