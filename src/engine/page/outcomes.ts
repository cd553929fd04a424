/**
 * What the client hands the islands when a run ends, and how it is made from
 * what the worker sent. A trace comes parsed (through trace/wire.ts), so no
 * island reads JSON: the worker sends traces as text (parsing JSON is much
 * faster than converting Python objects across the boundary), and the client
 * parses each once. The outcome types are the trace's (trace/outcome.ts):
 * protocol.ts imports nothing, not even the trace's type.
 */

import type { CheckOutcome, TraceOutcome } from '../../trace/outcome.ts';
import { type PartialHead, parseTrace, partialTrace } from '../../trace/wire.ts';
import type { FromWorker, RunOutcome } from '../protocol.ts';

/** Why the page ended a run, and the limit it overstayed (0 for a Stop). */
export interface Ending {
  reason: 'timeout' | 'stopped';
  limitMs: number;
}

export type { CheckOutcome, TraceOutcome };

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
  return { status: 'traced', trace: partialTrace({ ...head, reason: run.ending?.reason ?? 'stopped' }, run.steps) };
}

/** How a run the page ended came out, when it left no trace behind. */
export function endedOutcome(run: { ending: Ending | null }): Outcome {
  return run.ending?.reason === 'timeout' ? { status: 'timeout', limitMs: run.ending.limitMs } : { status: 'stopped' };
}
