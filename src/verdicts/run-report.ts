/**
 * Turns what the engine reports into what a reader sees under a cell:
 * ordered output chunks and a one-line verdict. Pure, so it is unit-tested.
 */
import { TRACE_TIMEOUT_MS } from '../engine/limits.ts';
import type { RunOutcome, Stream } from '../engine/protocol.ts';
import { countText } from '../trace/counts.ts';
import type { TraceOutcome } from '../trace/outcome.ts';
import type { Trace } from '../trace/schema.ts';

type TraceEnd = Trace['end'];

export interface OutputChunk {
  stream: Stream;
  text: string;
}

/** Appends text to the output, merging with the last chunk of the same stream. */
export function appendOutput(chunks: readonly OutputChunk[], stream: Stream, text: string): OutputChunk[] {
  const last = chunks[chunks.length - 1];
  if (last && last.stream === stream) return [...chunks.slice(0, -1), { stream, text: last.text + text }];
  return [...chunks, { stream, text }];
}

export interface Verdict {
  /** `ok`: finished normally; `error`: the program failed; `notice`: ended some other way. */
  tone: 'ok' | 'error' | 'notice';
  /** One line for the reader. */
  summary: string;
  /** Python's traceback (or similar detail) to show below, if any. */
  detail?: string;
  /** Line of the reader's code to point at, if any. */
  line?: number;
}

export function describeOutcome(outcome: RunOutcome): Verdict {
  switch (outcome.status) {
    case 'ok':
      return { tone: 'ok', summary: withDropped('Finished', outcome.droppedChars) };
    case 'exit':
      return {
        tone: 'notice',
        summary: withDropped(
          outcome.exitCode === null || outcome.exitCode === 0
            ? 'The program ended itself with sys.exit().'
            : `The program ended itself with sys.exit(${JSON.stringify(outcome.exitCode)}).`,
          outcome.droppedChars,
        ),
      };
    case 'error': {
      const { error } = outcome;
      const where = error.line ? ` on line ${error.line}` : '';
      const summary =
        error.kind === 'input'
          ? `input() can't work here${where}: there is no console to type into. Put the value in your code instead.`
          : `${error.type}${where}: ${error.message}`;
      return {
        tone: 'error',
        summary: withDropped(summary, outcome.droppedChars),
        detail: error.traceback,
        ...(error.line ? { line: error.line } : {}),
      };
    }
    case 'interrupted':
      return { tone: 'notice', summary: 'Stopped (KeyboardInterrupt).' };
    case 'limit':
      return { tone: 'notice', summary: `${stillRunning(outcome.seconds)} The diagram shows it up to there.` };
    case 'timeout':
      return { tone: 'notice', summary: `${stillRunning(outcome.limitMs / 1000)} Python restarts fresh for your next run.` };
    case 'stopped':
      return { tone: 'notice', summary: 'Stopped. Python restarts fresh for your next run.' };
    case 'crashed':
      return { tone: 'error', summary: outcome.message };
  }
}

/** Only a program still running when its time ran out may be an endless loop: one that ended is never called one. */
function stillRunning(seconds: number | undefined): string {
  const after = seconds === undefined ? '' : ` after ${formatSeconds(seconds)} s`;
  return `Stopped${after}: the program was still running (a loop that never ends?).`;
}

const formatSeconds = (s: number) => (Number.isInteger(s) ? String(s) : s.toFixed(1));

function withDropped(summary: string, dropped: number): string {
  return dropped > 0 ? `${summary} (output cut: ${countText(dropped)} more characters were not kept)` : summary;
}

/** "Loading Python 3.14… 4.1 of 12.3 MB" style progress text. */
export function describeLoading(loaded: number, total: number | null): string {
  const mb = (n: number) => (n / 1_000_000).toFixed(1);
  if (loaded === 0) return 'Loading Python…';
  return total ? `Loading Python… ${mb(loaded)} of ${mb(total)} MB` : `Loading Python… ${mb(loaded)} MB`;
}

/**
 * The verdict for a finished trace: a trace the page had to cut short (time
 * limit or Stop) says why; anything else reads like a run's result.
 */
export function describeTraceEnd(end: TraceEnd, traceTimeoutMs: number): Verdict {
  if (end.status === 'interrupted' && end.reason) {
    return describeOutcome(end.reason === 'timeout' ? { status: 'timeout', limitMs: traceTimeoutMs } : { status: 'stopped' });
  }
  return describeOutcome(end as RunOutcome);
}

/**
 * How a traced run ended, in the words of a run's verdict, with the page's own trace time limit.
 * A program that finished with steps left out of the diagram says how many ran and how many are drawn.
 */
export function traceVerdict(trace: Trace): Verdict {
  const verdict = describeTraceEnd(trace.end, TRACE_TIMEOUT_MS);
  const { steps, stepsRun } = trace.stats;
  if (trace.end.status !== 'ok' || stepsRun <= steps) return verdict;
  return {
    ...verdict,
    summary: withDropped(`Finished: ${countText(stepsRun)} steps, ${countText(steps)} drawn`, trace.end.droppedChars),
  };
}

/** The verdict of a run or a traced run: a trace reads as how it ended, anything else as the outcome says. */
export function describeRun(outcome: RunOutcome | TraceOutcome): Verdict {
  return outcome.status === 'traced' ? traceVerdict(outcome.trace) : describeOutcome(outcome);
}
