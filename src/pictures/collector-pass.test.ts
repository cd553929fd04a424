import { beforeAll, describe, expect, it } from 'vitest';
import { type NodeEngine, startNodeEngine } from '../../test/support/engine.ts';
import { collectorPassStep } from '../build/pictures.ts';
import { expandTrace, type Picture } from '../trace/picture.ts';
import { parseTrace } from '../trace/wire.ts';
import { collectedAfter, lastNames, passOver } from './collector-pass.ts';

/** Lesson 10's program: a cycle nothing refers to, and one a variable still holds. */
const TWO_CYCLES = `import gc
gc.disable()
a = []
b = [a]
a.append(b)
keep = []
kept = [keep]
keep.append(kept)
del a, b, kept
found = gc.collect()
`;

describe('the collector’s pass, over a cycle the engine traced', () => {
  let json: string;
  let pictures: Picture[];
  let engine: NodeEngine;
  beforeAll(async () => {
    engine = await startNodeEngine();
    json = engine.runner.trace(TWO_CYCLES, () => undefined);
    pictures = expandTrace(parseTrace(json));
  }, 120_000);

  it('finds the step just before the collection, and the pass agrees with the tracer and the collector', () => {
    const step = collectorPassStep(json, 'test');
    expect(pictures[step]!.step.line).toBe(10);
    const pass = passOver(pictures[step]!, lastNames(pictures.slice(0, step + 1)));
    expect(pass.garbage.map((k) => pass.labels[k])).toEqual(['list a', 'list b']);
    expect(collectedAfter(pictures, step)).toBe(2);
    expect(collectedAfter(pictures, pictures.length - 1)).toBeNull();
  });

  it('copies the measured counts, subtracts each inside reference, and restores what a reachable object refers to', () => {
    const step = collectorPassStep(json, 'test');
    const pass = passOver(pictures[step]!, lastNames(pictures.slice(0, step + 1)));
    const byLabel = (refs: Record<string, number>) => Object.fromEntries(Object.entries(refs).map(([k, n]) => [pass.labels[k], n]));
    expect(pass.steps.map((s) => s.stage)).toEqual([
      'copy',
      'subtract',
      'subtract',
      'subtract',
      'subtract',
      'tentative',
      'restore',
      'result',
    ]);
    expect(byLabel(pass.steps[0]!.gcRefs)).toEqual({ 'list a': 1, 'list b': 1, 'list keep': 2, 'list kept': 1 });
    expect(byLabel(pass.steps[5]!.gcRefs)).toEqual({ 'list a': 0, 'list b': 0, 'list keep': 1, 'list kept': 0 });
    const restore = pass.steps[6]!;
    expect([pass.labels[restore.edge!.from], pass.labels[restore.edge!.to]]).toEqual(['list keep', 'list kept']);
    expect(restore.status[restore.edge!.to]).toBe('reachable');
  });

  it('refuses a program with nothing unreachable before its collection', () => {
    const plain = engine.runner.trace('import gc\nx = [1]\ngc.collect()\n', () => undefined);
    expect(() => collectorPassStep(plain, 'plain')).toThrow(/needs a step with an unreachable cycle/);
  });
});
