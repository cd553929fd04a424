import { describe, expect, it } from 'vitest';
import { BUDGETS, type BudgetId, budget, failures, formatLimit, formatValue, formatVerdict, judge } from './budgets.ts';

describe('budgets', () => {
  it('judges a figure against its limit, the limit itself included', () => {
    expect(judge('run-to-diagram', 100).met).toBe(true);
    expect(judge('run-to-diagram', 100.5).met).toBe(false);
  });

  it('counts a figure that could not be measured as a miss', () => {
    expect(judge('lesson-js-before-engine', Number.NaN).met).toBe(false);
  });

  it('fails --check only on misses not marked known, and says which is which', () => {
    const known = judge('warm-ready-1s', 5000);
    const missed = judge('run-to-diagram', 500, 'lessons/x/Python cell 1');
    expect(failures([known, missed, judge('cold-ready-vs-normal', 0.2)])).toEqual([missed]);
    expect(formatVerdict(known)).toBe('MISSED (known)');
    expect(formatVerdict(missed)).toBe('MISSED');
    expect(formatVerdict(judge('warm-ready-1s', 900))).toBe('met (marked known: the mark can go)');
  });

  it('prints limits and figures in their unit', () => {
    expect(formatLimit('cold-ready-vs-normal')).toBe('≤ 0.35× normal');
    expect(formatValue('cold-ready-vs-normal', 0.2873)).toBe('×0.29');
    expect(formatLimit('lesson-js-before-engine')).toBe('≤ 60 KB');
    expect(formatValue('engine-step', 153.87)).toBe('153.9 µs');
  });

  it('keeps known marks few, each with its reason, and every ratio says what it is a multiple of', () => {
    const ids = Object.keys(BUDGETS) as BudgetId[];
    expect(ids.filter((id) => budget(id).known !== undefined)).toEqual(['warm-ready-1s', 'warm-ready-500ms']);
    for (const id of ids) if (budget(id).unit === '×') expect(budget(id).of, id).toBeTruthy();
  });
});
