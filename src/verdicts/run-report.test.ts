import { describe, expect, it } from 'vitest';
import type { Trace } from '../trace/schema.ts';
import { appendOutput, describeLoading, describeOutcome, describeRun, describeTraceEnd, traceVerdict } from './run-report.ts';

const base = { durationMs: 1, outputChars: 0, droppedChars: 0 };

describe('run report', () => {
  it('merges output of the same stream and keeps order across streams', () => {
    let chunks = appendOutput([], 'stdout', 'a');
    chunks = appendOutput(chunks, 'stdout', 'b');
    chunks = appendOutput(chunks, 'stderr', 'c');
    chunks = appendOutput(chunks, 'stdout', 'd');
    expect(chunks).toEqual([
      { stream: 'stdout', text: 'ab' },
      { stream: 'stderr', text: 'c' },
      { stream: 'stdout', text: 'd' },
    ]);
  });

  it('names the error type, line and message', () => {
    const verdict = describeOutcome({
      ...base,
      status: 'error',
      error: { kind: 'exception', type: 'NameError', message: "name 'x' is not defined", line: 3, traceback: 'TB' },
    });
    expect(verdict).toEqual({ tone: 'error', summary: "NameError on line 3: name 'x' is not defined", detail: 'TB', line: 3 });
  });

  it('explains timeouts, stops, exits and dropped output', () => {
    expect(describeOutcome({ status: 'timeout', limitMs: 5000 }).summary).toBe(
      'Stopped after 5 s: the program was still running (a loop that never ends?). Python restarts fresh for your next run.',
    );
    expect(describeOutcome({ ...base, status: 'limit', limit: 'time', seconds: 4 }).summary).toBe(
      'Stopped after 4 s: the program was still running (a loop that never ends?). The diagram shows it up to there.',
    );
    expect(describeOutcome({ status: 'stopped' }).tone).toBe('notice');
    expect(describeOutcome({ ...base, status: 'exit', exitCode: 2 }).summary).toContain('sys.exit(2)');
    expect(describeOutcome({ ...base, status: 'ok', droppedChars: 1234 }).summary).toContain('1,234 more characters');
  });

  it('shows download progress in megabytes', () => {
    expect(describeLoading(0, null)).toBe('Loading Python…');
    expect(describeLoading(4_100_000, 12_300_000)).toBe('Loading Python… 4.1 of 12.3 MB');
    expect(describeLoading(4_100_000, null)).toBe('Loading Python… 4.1 MB');
  });

  it('explains how a trace ended, including one the page cut short', () => {
    const end = { durationMs: 1, outputChars: 0, droppedChars: 0 };
    expect(describeTraceEnd({ ...end, status: 'ok' }, 8000).summary).toBe('Finished');
    expect(describeTraceEnd({ ...end, status: 'interrupted', reason: 'timeout' }, 8000).summary).toMatch(
      /^Stopped after 8 s: the program was still running/,
    );
    expect(describeTraceEnd({ ...end, status: 'interrupted', reason: 'stopped' }, 8000).summary).toMatch(/^Stopped\. Python restarts/);
    expect(describeTraceEnd({ ...end, status: 'interrupted' }, 8000).summary).toBe('Stopped (KeyboardInterrupt).');
  });

  it('reads a traced run by how its trace ended, any other outcome as it is', () => {
    const trace = {
      end: { durationMs: 1, outputChars: 0, droppedChars: 0, status: 'interrupted', reason: 'timeout' },
      stats: { steps: 3, stepsRun: 3, snapshotMs: 0 },
    } as unknown as Trace;
    expect(describeRun({ status: 'traced', trace }).summary).toMatch(/^Stopped after 8 s/);
    expect(describeRun({ status: 'stopped' })).toEqual(describeOutcome({ status: 'stopped' }));
    expect(describeRun({ ...base, status: 'ok' }).summary).toBe('Finished');
  });

  it('says how many steps a finished program ran and how many are drawn, and never calls it an endless loop', () => {
    const finished = (stepsRun: number, droppedChars = 0) =>
      ({ end: { ...base, droppedChars, status: 'ok' }, stats: { steps: 1000, stepsRun, snapshotMs: 0 } }) as unknown as Trace;
    expect(traceVerdict(finished(1000)).summary).toBe('Finished');
    expect(traceVerdict(finished(10_000))).toEqual({ tone: 'ok', summary: 'Finished: 10,000 steps, 1,000 drawn' });
    expect(traceVerdict(finished(10_000, 5)).summary).toBe(
      'Finished: 10,000 steps, 1,000 drawn (output cut: 5 more characters were not kept)',
    );
    expect(traceVerdict(finished(10_000)).summary).not.toMatch(/loop|limit|Stopped/);
  });
});
