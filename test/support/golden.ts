/**
 * Test helper: golden traces (test/golden/), the tracer's output for a few
 * fixed programs, kept as JSON so pure tests (layout, arrows, text) read a real
 * trace without booting CPython. test/golden/golden.test.ts traces each program
 * again and compares, so a tracer change shows as a fixture diff.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expandTrace, type Picture } from '../../src/trace/picture.ts';
import { Trace } from '../../src/trace/schema.ts';
import { parseTrace } from '../../src/trace/wire.ts';
import type { GoldenName } from '../golden/programs.ts';

/** The fixture file of a golden program. */
export function goldenFile(name: GoldenName): string {
  return fileURLToPath(new URL(`../golden/traces/${name}.json`, import.meta.url));
}

/** A golden trace, validated with the trace schema, and its pictures. */
export function golden(name: GoldenName): { trace: Trace; pictures: Picture[] } {
  const trace = Trace.parse(parseTrace(readFileSync(goldenFile(name), 'utf8')));
  return { trace, pictures: expandTrace(trace) };
}

/**
 * The trace with what differs from run to run made fixed, so a fixture
 * compares exactly. Measured by tracing every golden program twice in one
 * engine and in fresh processes, in both orders: only these fields differed.
 *
 * - `end.durationMs`, `stats.snapshotMs` → 0: wall-clock times.
 * - each object's `id` → the order its address first appears in the trace (1, 2, …):
 *   `id()` is an address in the wasm heap, and which addresses the allocator
 *   hands out depends on what ran before (other programs, the tracer's own
 *   work). Numbering them keeps what a reader could see in them: two objects
 *   never share a number unless they shared an address (an immortal int that
 *   left the picture and came back under a new key does).
 *
 * Refcounts need nothing: they came out the same every time. The objects the
 * rest of the runtime shares (small ints, interned strings, None) are immortal
 * in 3.14, so their count is null; a program that shows a mortal shared object
 * may need its count normalised here, for that object only. Keys, and the
 * order of every list and record, stay as the tracer wrote them (heap order
 * feeds the layout).
 */
export function normaliseTrace(trace: Trace): Trace {
  const ordinals = new Map<number, number>();
  const ordinal = (id: number) => {
    const known = ordinals.get(id);
    if (known !== undefined) return known;
    ordinals.set(id, ordinals.size + 1);
    return ordinals.size;
  };
  const steps = trace.steps.map((step) => ({
    ...step,
    heap: Object.fromEntries(Object.entries(step.heap).map(([key, object]) => [key, { ...object, id: ordinal(object.id) }])),
  }));
  return { ...trace, end: { ...trace.end, durationMs: 0 }, stats: { ...trace.stats, snapshotMs: 0 }, steps };
}

/** A fixture's text: pretty-printed, so a changed trace reads as a line diff. */
export function goldenText(trace: Trace): string {
  return `${JSON.stringify(trace, null, 2)}\n`;
}
