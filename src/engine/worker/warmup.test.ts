import { beforeAll, describe, expect, it } from 'vitest';
import { nodeEngine } from '../node/engine.ts';
import type { Runner } from '../python/runner.ts';
import { WarmUp, type WarmUpReport, warmUpSteps } from './warmup.ts';

/** A hand-driven clock and timer queue, so the test decides when time passes. */
function fakeTime() {
  let clock = 0;
  const timers: { at: number; fn: () => void }[] = [];
  return {
    now: () => clock,
    schedule: (fn: () => void, ms: number) => void timers.push({ at: clock + ms, fn }),
    pending: () => timers.length,
    /** Moves the clock forward, firing due timers in order. */
    advance(ms: number) {
      const end = clock + ms;
      for (;;) {
        timers.sort((a, b) => a.at - b.at);
        const due = timers[0];
        if (!due || due.at > end) break;
        timers.shift();
        clock = Math.max(clock, due.at);
        due.fn();
      }
      clock = Math.max(clock, end); // a step may have run past it
    },
    /** A step that takes `ms` of clock time. */
    costs: (ms: number, log: string[], name: string) => () => {
      log.push(`${name}@${clock}`);
      clock += ms;
    },
  };
}

describe('WarmUp', () => {
  it('waits for quiet, then runs one step per task until all are done', () => {
    const time = fakeTime();
    const log: string[] = [];
    const reports: WarmUpReport[] = [];
    const warm = new WarmUp({
      steps: [time.costs(30, log, 'a'), time.costs(30, log, 'b'), time.costs(30, log, 'c')],
      quietMs: 1000,
      onDone: (r) => reports.push(r),
      schedule: time.schedule,
      now: time.now,
    });
    warm.start();
    time.advance(999);
    expect(log).toEqual([]);
    time.advance(1);
    expect(log).toEqual(['a@1000']);
    time.advance(100);
    expect(log).toEqual(['a@1000', 'b@1030', 'c@1060']);
    expect(reports).toEqual([{ steps: 3, ms: 90 }]);
    expect(warm.done).toBe(true);
    expect(time.pending()).toBe(0);
  });

  it('waits for quiet again after every message, so a reader’s run is never queued behind it', () => {
    const time = fakeTime();
    const log: string[] = [];
    const warm = new WarmUp({
      steps: [time.costs(50, log, 'a'), time.costs(50, log, 'b'), time.costs(50, log, 'c')],
      quietMs: 500,
      onDone: () => undefined,
      schedule: time.schedule,
      now: time.now,
    });
    warm.start();
    time.advance(400);
    warm.busy(); // a run at 400: nothing before 900
    time.advance(499);
    expect(log).toEqual([]);
    time.advance(1);
    expect(log).toEqual(['a@900']);
    warm.busy(); // a message handled just after step a (the clock is at 950)
    time.advance(499);
    expect(log).toEqual(['a@900']);
    time.advance(1);
    time.advance(0);
    expect(log).toEqual(['a@900', 'b@1450', 'c@1500']);
  });

  it('stops at a failing step and says why, running nothing after it', () => {
    const time = fakeTime();
    const log: string[] = [];
    const reports: WarmUpReport[] = [];
    const warm = new WarmUp({
      steps: [
        time.costs(10, log, 'a'),
        () => {
          throw new Error('engine gone');
        },
        time.costs(10, log, 'c'),
      ],
      quietMs: 0,
      onDone: (r) => reports.push(r),
      schedule: time.schedule,
      now: time.now,
    });
    warm.start();
    time.advance(100);
    expect(log).toEqual(['a@0']);
    expect(reports).toEqual([{ steps: 1, ms: 10, failed: 'engine gone' }]);
  });

  it('does nothing before start, and starting twice runs each step once', () => {
    const time = fakeTime();
    const log: string[] = [];
    const warm = new WarmUp({
      steps: [time.costs(1, log, 'a')],
      quietMs: 10,
      onDone: () => undefined,
      schedule: time.schedule,
      now: time.now,
    });
    warm.busy();
    time.advance(100);
    expect(log).toEqual([]);
    warm.start();
    warm.start();
    time.advance(100);
    expect(log).toEqual(['a@100']);
  });
});

describe('warmUpSteps on the real engine', () => {
  let runner: Runner;
  beforeAll(async () => {
    runner = await nodeEngine();
  }, 60_000);

  it('traces, runs and checks the way lessons do, and each step ends normally', () => {
    const steps = warmUpSteps(runner, 2);
    expect(steps).toHaveLength(8);
    for (const step of steps) step(); // a step throws if its program did not end as expected
  });

  it('reports a program that fails instead of warming up the wrong code', () => {
    const broken: Runner = { ...runner, run: (code, emit) => runner.run(`${code}\nraise SystemExit(2)`, emit) };
    const run = warmUpSteps(broken, 1)[2]!;
    expect(run).toThrow(/ended with exit/);
  });

  it('says how a warm-up trace ended when it did not end normally', () => {
    const failing: Runner = {
      ...runner,
      trace: (code, emit, limits, onSteps) => runner.trace(`${code}\nraise ValueError("no")`, emit, limits, onSteps),
    };
    const trace = warmUpSteps(failing, 1)[0]!;
    expect(trace).toThrow(/did not end normally: \{"status":"error"/);
  });
});
