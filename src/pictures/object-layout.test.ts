import { beforeAll, describe, expect, it } from 'vitest';
import { startNodeEngine } from '../../test/support/engine.ts';
import { measureObjects } from '../build/pictures.ts';
import { checkMeasured, fieldRows, layoutObject, listCapacity, type ObjectMeasure } from './object-layout.ts';

/** 64-bit CPython 3.14's sys.getsizeof, measured natively (CPYTHON-FACTS.md's table; 2**30 from its formula). */
const DESKTOP = { '0': 28, '2**30': 32, '1.0': 24, "''": 41, "'hello'": 46, '()': 48, '(1, 2, 3)': 72, '[]': 56, 'object()': 16 };

describe('an object’s byte strip, on the engine’s real figures', () => {
  let measures: ObjectMeasure[];
  const EXPRS = ['0', '2**30', '2**90', 'True', '1.0', "''", "'hello'", '()', '(1, 2, 3)', '[]', '[1, 2, 3]', 'list(range(5))', 'object()'];
  beforeAll(async () => {
    const engine = await startNodeEngine();
    measures = measureObjects(engine.runner, EXPRS);
  }, 120_000);

  it('adds the wasm32 fields up to exactly what sys.getsizeof reports, for every object', () => {
    expect(measures.map((m) => m.pointer)).toEqual(EXPRS.map(() => 4));
    for (const m of measures) expect(layoutObject(m, 4).total, m.expr).toBe(m.getsizeof);
  });

  it('draws the GC pre-header exactly where getsizeof counts one (tuples and lists, not ints or floats)', () => {
    const pre = Object.fromEntries(measures.map((m) => [m.expr, layoutObject(m, 4).fields.filter((f) => f.part === 'pre-header').length]));
    expect(pre).toMatchObject({ '0': 0, '1.0': 0, "'hello'": 0, 'object()': 0, '()': 2, '[]': 2, '[1, 2, 3]': 2 });
  });

  it('gives an int one more digit past 2**30, and a list its separate item array with its spare slots', () => {
    const byExpr = (e: string) => layoutObject(measures.find((m) => m.expr === e)!, 4);
    expect(byExpr('0').fields.filter((f) => f.name.startsWith('ob_digit'))).toHaveLength(1);
    expect(byExpr('2**30').fields.filter((f) => f.name.startsWith('ob_digit'))).toHaveLength(2);
    const list = byExpr('[1, 2, 3]');
    expect(list.items.length).toBe(listCapacity(measures.find((m) => m.expr === '[1, 2, 3]')!));
    expect(list.items.filter((f) => !f.spare)).toHaveLength(3);
    expect(list.objectBytes).toBe(28);
  });

  it('computes 64-bit sizes from the same fields that match native CPython’s', () => {
    const computed = Object.fromEntries(measures.filter((m) => m.expr in DESKTOP).map((m) => [m.expr, layoutObject(m, 8).total]));
    expect(computed).toEqual(DESKTOP);
  });

  it('refuses figures its fields do not add up to, and types it cannot draw', () => {
    const float = measures.find((m) => m.expr === '1.0')!;
    expect(() => checkMeasured({ ...float, getsizeof: 20, sizeof: 20 })).toThrow(/add up to 16 bytes.*says 20/);
    expect(() => layoutObject({ ...float, type: 'dict' }, 4)).toThrow(/no layout for a dict/);
  });

  it('pairs the two builds field by field for the table, padding where only one build has it', () => {
    const hello = measures.find((m) => m.expr === "'hello'")!;
    const rows = fieldRows(layoutObject(hello, 4), layoutObject(hello, 8));
    const padding = rows.find((r) => r.name === 'padding')!;
    expect([padding.measured.bytes, padding.computed.bytes]).toEqual([0, 4]);
    const last = rows.at(-1)!;
    expect(last.measured.offset + last.measured.bytes).toBe(26);
    expect(last.computed.offset + last.computed.bytes).toBe(46);
    const list = measures.find((m) => m.expr === '[1, 2, 3]')!;
    const listRows = fieldRows(layoutObject(list, 4), layoutObject(list, 8));
    expect(listRows.filter((r) => r.block === 'items').map((r) => r.computed.offset)).toEqual([0, 8, 16, 24]);
  });
});
