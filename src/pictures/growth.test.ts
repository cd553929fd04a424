import { beforeAll, describe, expect, it } from 'vitest';
import { startNodeEngine } from '../../test/support/engine.ts';
import { measureGrowth } from '../build/pictures.ts';
import { capacities, type GrowthMeasure, growthSteps, reallocations, staircase } from './growth.ts';

describe('the growth staircase, on the engine’s real sizes', () => {
  let growth: GrowthMeasure;
  beforeAll(async () => {
    const engine = await startNodeEngine();
    growth = measureGrowth(engine.runner, 40);
  }, 120_000);

  it('measures one size per length, starting from the empty list', () => {
    expect(growth.sizes).toHaveLength(41);
    expect(growth.sizes.slice(0, 6)).toEqual([28, 44, 44, 44, 44, 60]);
  });

  it('reads capacities that never fall short of the length and grow by over-allocation', () => {
    const slots = capacities(growth);
    for (const [length, capacity] of slots.entries()) expect(capacity).toBeGreaterThanOrEqual(length);
    expect(reallocations(growth)).toEqual([1, 5, 9, 17, 25, 33]);
    // CPython's rule (Objects/listobject.c): new_allocated = (n + (n >> 3) + 6) & ~3 when an append overflows.
    for (const step of growthSteps(growth).slice(1)) {
      const n = step.from;
      expect(step.capacity, `append #${n}`).toBe((n + (n >> 3) + 6) & ~3);
    }
  });

  it('cuts the steps at the count the reader chose, and draws columns to scale', () => {
    expect(growthSteps(growth, 6).map((s) => [s.from, s.to, s.capacity])).toEqual([
      [0, 0, 0],
      [1, 4, 4],
      [5, 6, 8],
    ]);
    const points = staircase(growth, 8, 90, 100);
    expect(points).toHaveLength(9);
    expect(points.at(-1)!.height).toBe(100);
    expect(points[0]!.height).toBeCloseTo((28 / 60) * 100);
    expect(points.filter((p) => p.grew).map((p) => p.length)).toEqual([1, 5]);
    // Length 5 has room for 8: the used part is the empty list and 5 slots of the 8 reserved.
    expect(points[5]!.usedHeight).toBeCloseTo(((28 + 5 * 4) / 60) * 100);
    expect(points[8]!.usedHeight).toBeCloseTo(points[8]!.height);
  });
});
