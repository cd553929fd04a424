import { describe, expect, it } from 'vitest';
import { browserOptions } from './cli.ts';

describe('the browser bench command line', () => {
  it('runs every measure by default, three times each', () => {
    expect(browserOptions([], {})).toEqual({
      only: ['boot', 'first-diagram', 'runs', 'tracer', 'navigation', 'bytes', 'versions'],
      runs: 3,
      check: false,
      debug: false,
    });
  });

  it('takes --only in any order and runs the measures in theirs', () => {
    expect(browserOptions(['--only', 'bytes,boot', '--runs', '5', '--check'], {})).toMatchObject({
      only: ['boot', 'bytes'],
      runs: 5,
      check: true,
    });
  });

  it('keeps the environment variables as aliases, the old BENCH_ONLY=boot meaning boot and bytes', () => {
    expect(browserOptions([], { BENCH_ONLY: 'boot', BENCH_RUNS: '2', BENCH_DEBUG: '1' })).toEqual({
      only: ['boot', 'bytes'],
      runs: 2,
      check: false,
      debug: true,
    });
    expect(browserOptions([], { BENCH_ONLY: 'runs,tracer' }).only).toEqual(['runs', 'tracer']);
    expect(browserOptions(['--only', 'boot'], { BENCH_ONLY: 'bytes' }).only).toEqual(['boot']);
  });
});
