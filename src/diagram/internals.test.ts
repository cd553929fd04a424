import { describe, expect, it } from 'vitest';
import { golden } from '../../test/support/golden.ts';
import { describeStep } from './describe.ts';
import { BOOKKEEPING, hideInternals } from './internals.ts';
import { layoutTrace } from './layout.ts';

/** A class statement is one step, but a function its body calls shows the body's frame: __module__, __qualname__, … */
const { trace, pictures: full } = golden('class-body-calls');
const hidden = full.map(hideInternals);
/** chain-appended defines a class and instances of it. */
const chain = golden('chain-appended');

describe("the interpreter's bookkeeping in a diagram", () => {
  it('is in the trace: the class body frame holds CPython’s names (so hiding them is a choice, not an absence)', () => {
    const names = full.flatMap((p) => p.frames.flatMap((f) => f.vars.map(([n]) => n)));
    expect(names).toContain('__qualname__');
    expect(names).toContain('__firstlineno__');
  });

  it('is hidden from the drawing and its text alternative unless internals are asked for', () => {
    const layout = layoutTrace(trace, { inlineScalars: true });
    const labels = layout.steps.flatMap((s) => [...s.frames, ...s.objects].flatMap((b) => b.rows.map((r) => r.label)));
    expect(labels.filter((l) => BOOKKEEPING.has(l))).toEqual([]);
    for (const [i, picture] of hidden.entries())
      expect(describeStep(picture, hidden[i - 1], { internals: false })).not.toMatch(/__qualname__|__module__/);

    // What the text alternative lists is what is drawn: the same variables in every frame, at every step.
    layout.steps.forEach((step, i) => {
      expect(step.frames.map((f) => f.rows.map((r) => r.label))).toEqual(hidden[i]!.frames.map((f) => f.vars.map(([n]) => n)));
    });

    const shown = layoutTrace(trace, { inlineScalars: true, internals: true });
    const all = shown.steps.flatMap((s) => s.frames.flatMap((f) => f.rows.map((r) => r.label)));
    expect(all).toContain('__qualname__');
  });

  it('draws modules, classes and functions as one closed line without a count, in full with internals', () => {
    const step = (internals: boolean) => layoutTrace(chain.trace, { inlineScalars: true, internals }).steps.at(-1)!;
    const closed = step(false).objects.find((o) => o.object.kind === 'class')!;
    expect(closed.compact).toBe(true);
    expect(closed.rows).toEqual([]);
    const open = step(true).objects.find((o) => o.object.kind === 'class')!;
    expect(open.compact).toBeUndefined();
    expect(open.height).toBeGreaterThan(closed.height);

    const last = hideInternals(chain.pictures.at(-1)!);
    expect(describeStep(last, undefined, { internals: false })).toMatch(/Node → class Node[;.]/);
    expect(describeStep(last, undefined, { internals: true })).toMatch(/Node → class Node \((refcount|immortal)/);
  });
});
