/**
 * The growth staircase: a list's `sys.getsizeof` against its length as items
 * are appended one at a time, measured by the engine (src/build/pictures.ts),
 * shaped here into the steps where CPython reserved more slots than it needed.
 * Pure: no I/O.
 */

/** What the engine measured: `sizes[n]` is `sys.getsizeof` of the list holding `n` appended items. */
export interface GrowthMeasure {
  sizes: number[];
  pointer: number;
}

/** A run of lengths with one size: the list had room for `capacity` items all along it. */
export interface GrowthStep {
  /** First and last length of the run. */
  from: number;
  to: number;
  bytes: number;
  /** Item slots reserved: (size − the empty list's size) / pointer size. */
  capacity: number;
}

/** Slots reserved at each length, read from the sizes (the empty list holds none). */
export function capacities(m: GrowthMeasure): number[] {
  const empty = m.sizes[0] ?? 0;
  return m.sizes.map((size) => (size - empty) / m.pointer);
}

/** The runs of equal size among the first `count` appends (lengths 0…count). */
export function growthSteps(m: GrowthMeasure, count = m.sizes.length - 1): GrowthStep[] {
  const slots = capacities(m);
  const steps: GrowthStep[] = [];
  for (let n = 0; n <= Math.min(count, m.sizes.length - 1); n++) {
    const bytes = m.sizes[n]!;
    const last = steps.at(-1);
    if (last && last.bytes === bytes) last.to = n;
    else steps.push({ from: n, to: n, bytes, capacity: slots[n]! });
  }
  return steps;
}

/** The lengths at which an append reallocated (the size changed). */
export function reallocations(m: GrowthMeasure, count = m.sizes.length - 1): number[] {
  return growthSteps(m, count)
    .slice(1)
    .map((step) => step.from);
}

/** The chart's geometry: one column per length, heights to scale with the largest size shown. */
export interface StaircasePoint {
  length: number;
  bytes: number;
  x: number;
  y: number;
  height: number;
  /** The part of the column the list would need with no spare slots (the empty list plus one pointer per item). */
  usedHeight: number;
  /** The append that made this length reallocated the list. */
  grew: boolean;
}

export function staircase(m: GrowthMeasure, count: number, width: number, height: number): StaircasePoint[] {
  const shown = m.sizes.slice(0, Math.min(count, m.sizes.length - 1) + 1);
  const top = Math.max(...shown);
  const column = width / shown.length;
  const empty = shown[0]!;
  return shown.map((bytes, length) => {
    const h = (bytes / top) * height;
    const used = ((empty + length * m.pointer) / top) * height;
    return {
      length,
      bytes,
      x: length * column,
      y: height - h,
      height: h,
      usedHeight: used,
      grew: length > 0 && bytes !== shown[length - 1],
    };
  });
}
