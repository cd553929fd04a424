import { describe, expect, it } from 'vitest';
import type { Trace } from '../trace/schema.ts';
import { describeCheck } from './check-report.ts';

const endWith = (end: Record<string, unknown>) => ({ end, stats: { steps: 2, stepsRun: 2, snapshotMs: 0 } }) as unknown as Trace;
/** The trace of a program that finished, for verdicts that do not read it. */
const finished = endWith({ status: 'ok', durationMs: 1, outputChars: 0, droppedChars: 0 });

describe('check report', () => {
  it('says pass, and lists the checks', () => {
    const checks = [{ name: 'a', status: 'passed' as const }];
    expect(describeCheck({ status: 'checked', verdict: { verdict: 'pass', checks }, trace: finished })).toEqual({
      tone: 'pass',
      summary: 'All checks passed. Well done!',
      checks,
    });
  });

  it("gives a failed check's message", () => {
    const r = describeCheck({
      status: 'checked',
      verdict: { verdict: 'fail', message: 'The list is still alive.', checks: [] },
      trace: finished,
    });
    expect(r).toMatchObject({ tone: 'fail', summary: 'Not yet: The list is still alive.' });
  });

  it('reports a program that did not finish with its own error, never as a pass', () => {
    const trace = endWith({
      status: 'error',
      error: { kind: 'syntax', type: 'SyntaxError', message: 'invalid syntax', line: 2, traceback: 'tb' },
      durationMs: 1,
      outputChars: 0,
      droppedChars: 0,
    });
    const r = describeCheck({ status: 'checked', verdict: { verdict: 'not-run', checks: [] }, trace });
    expect(r).toMatchObject({
      tone: 'fail',
      summary: 'Your program did not finish, so nothing was checked. SyntaxError on line 2: invalid syntax',
      detail: 'tb',
    });
    const limit = endWith({ status: 'limit', limit: 'time', seconds: 4, durationMs: 1, outputChars: 0, droppedChars: 0 });
    expect(describeCheck({ status: 'checked', verdict: { verdict: 'not-run', checks: [] }, trace: limit }).summary).toMatch(
      /nothing was checked\. Stopped after 4 s: the program was still running/,
    );
  });

  it('reports a timeout, a Stop and a broken checker as such', () => {
    expect(describeCheck({ status: 'timeout', limitMs: 8000 })).toMatchObject({
      tone: 'notice',
      summary: expect.stringMatching(/^Nothing was checked\. Stopped after 8 s: the program was still running/),
    });
    expect(describeCheck({ status: 'stopped' }).summary).toMatch(/^Nothing was checked\. Stopped\./);
    const fault = describeCheck({
      status: 'checked',
      verdict: { verdict: 'fault', message: 'The checker itself failed (…)', checks: [] },
      trace: finished,
    });
    expect(fault).toMatchObject({ tone: 'notice', summary: 'The checker itself failed (…)' });
  });
});
