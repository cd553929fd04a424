/**
 * The statistics every bench reports: medians of a few runs, their range, and
 * ratios of medians (on a shared, noisy machine the ratio of two figures
 * measured side by side is what can be trusted, not either figure alone).
 */

/** A figure measured several times. */
export interface Stats {
  /** The middle run (of an even count, the upper of the two middle ones). */
  median: number;
  min: number;
  max: number;
  /** Every run, in the order measured. */
  runs: number[];
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export function stats(values: readonly number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: median(values), min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: [...values] };
}

/** The median of `a` as a multiple of the median of `b`. */
export function ratio(a: Stats, b: Stats): number {
  return a.median / b.median;
}

/** The median of `fn`'s duration over `repeats` calls, in ms. */
export function timeIt(fn: () => void, repeats = 5): number {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  return median(times);
}
