/** Rebuilding full pictures from a trace's delta-encoded steps. Pure. */
import type { Frame, HeapObject, Step, Trace, TraceEvent } from './schema.ts';

/** Everything visible at one step. */
export interface Picture {
  index: number;
  step: Step;
  frames: Frame[];
  /** Every object in the picture at this step, by key. */
  heap: Map<string, HeapObject>;
  /** All output up to and including this step. */
  output: string;
  events: TraceEvent[];
}

/** The full picture at step `index`, replaying the deltas before it. */
export function pictureAt(trace: Trace, index: number): Picture {
  if (index < 0 || index >= trace.steps.length) throw new RangeError(`no step ${index}`);
  const heap = new Map<string, HeapObject>();
  let output = '';
  for (let i = 0; i <= index; i++) {
    const step = trace.steps[i]!;
    for (const key of step.removed ?? []) heap.delete(key);
    for (const [key, object] of Object.entries(step.heap)) heap.set(key, object);
    for (const chunk of step.output ?? []) output += chunk.text;
  }
  const step = trace.steps[index]!;
  return { index, step, frames: step.frames, heap, output, events: step.events ?? [] };
}

/** Full pictures for every step (for tests and the CLI's --expand). */
export function expandTrace(trace: Trace): Picture[] {
  const pictures: Picture[] = [];
  const heap = new Map<string, HeapObject>();
  let output = '';
  trace.steps.forEach((step, index) => {
    for (const key of step.removed ?? []) heap.delete(key);
    for (const [key, object] of Object.entries(step.heap)) heap.set(key, object);
    for (const chunk of step.output ?? []) output += chunk.text;
    pictures.push({ index, step, frames: step.frames, heap: new Map(heap), output, events: step.events ?? [] });
  });
  return pictures;
}

/** The object a variable of the newest frame (or a named frame) refers to. */
export function variable(picture: Picture, name: string, frameName?: string): HeapObject | undefined {
  const frames = frameName ? picture.frames.filter((f) => f.name === frameName) : picture.frames;
  for (let i = frames.length - 1; i >= 0; i--) {
    const found = frames[i]!.vars.find((v) => v[0] === name);
    if (found) return found[1] === null ? undefined : picture.heap.get(found[1]);
  }
  return undefined;
}

/**
 * For each step drawn, its number among the steps the program ran (1-based): past the step budget the
 * tracer draws a sample, and a step's `skipped` counts the steps run before it that are not drawn.
 */
export function runNumbers(trace: Trace): number[] {
  let run = 0;
  return trace.steps.map((step) => {
    run += 1 + (step.skipped ?? 0);
    return run;
  });
}
