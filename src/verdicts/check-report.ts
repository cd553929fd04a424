/**
 * What the reader sees after pressing Check: a summary line in the exercise's
 * voice and the list of checks. Pure, so every ending is unit-tested.
 */
import type { CheckVerdict } from '../engine/protocol.ts';
import type { CheckOutcome } from '../trace/outcome.ts';
import { describeOutcome, traceVerdict } from './run-report.ts';

/** The reader-facing result of a Check. */
export interface CheckReport {
  tone: 'pass' | 'fail' | 'notice';
  summary: string;
  checks: CheckVerdict['checks'];
  detail?: string;
}

/** Turns a check's outcome into what the reader sees (pure; unit-tested). */
export function describeCheck(outcome: CheckOutcome): CheckReport {
  if (outcome.status === 'checked') {
    const { verdict } = outcome;
    switch (verdict.verdict) {
      case 'pass':
        return { tone: 'pass', summary: 'All checks passed. Well done!', checks: verdict.checks };
      case 'fail':
        return { tone: 'fail', summary: `Not yet: ${verdict.message ?? 'a check failed.'}`, checks: verdict.checks };
      case 'error':
        return { tone: 'fail', summary: verdict.message ?? 'Your code raised an error while it was checked.', checks: verdict.checks };
      case 'fault':
        return {
          tone: 'notice',
          summary: verdict.message ?? 'The checker failed: a bug in this exercise, not in your code.',
          checks: verdict.checks,
        };
      case 'interrupted':
        return { tone: 'notice', summary: 'Stopped while checking.', checks: [] };
      case 'not-run': {
        const run = traceVerdict(outcome.trace);
        return {
          tone: 'fail',
          summary: `Your program did not finish, so nothing was checked. ${run.summary}`.trim(),
          checks: [],
          ...(run.detail ? { detail: run.detail } : {}),
        };
      }
    }
  }
  if (outcome.status === 'traced') {
    return { tone: 'notice', summary: `Nothing was checked. ${traceVerdict(outcome.trace).summary}`.trim(), checks: [] };
  }
  return { tone: 'notice', summary: `Nothing was checked. ${describeOutcome(outcome).summary}`, checks: [] };
}

/** A check's text in pieces: plain text and the `code` an author marked with backticks (drawn as code, not as raw backticks). */
export function codeSpans(text: string): { text: string; code: boolean }[] {
  return text
    .split(/(`[^`\n]+`)/)
    .filter((part) => part !== '')
    .map((part) =>
      part.length > 2 && part.startsWith('`') && part.endsWith('`') ? { text: part.slice(1, -1), code: true } : { text: part, code: false },
    );
}
