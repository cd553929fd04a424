/**
 * How a traced run or an exercise check ended, as the engine client hands it
 * to the islands: with its trace parsed (see engine/page/outcomes.ts, which
 * makes them), or why there is none.
 */
import type { CheckVerdict, RunOutcome } from '../engine/protocol.ts';
import type { Trace } from './schema.ts';

/** How a traced run ended: its trace (partial when the page had to kill the run), or why there is none. */
export type TraceOutcome = { status: 'traced'; trace: Trace } | Extract<RunOutcome, { status: 'timeout' | 'stopped' | 'crashed' }>;

/**
 * How an exercise check ended: a verdict with the run's trace; or, when the engine had to kill the run,
 * a partial trace (`traced`) or why there is none.
 */
export type CheckOutcome = { status: 'checked'; verdict: CheckVerdict; trace: Trace } | TraceOutcome;
