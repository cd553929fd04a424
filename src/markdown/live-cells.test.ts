import { describe, expect, it } from 'vitest';
import { extractLiveCells, isLiveFence } from './live-cells.ts';

describe('live cell fences', () => {
  it('recognises the live flag in the meta only for python', () => {
    expect(isLiveFence('python', 'live')).toBe(true);
    expect(isLiveFence('python', 'title="x" live')).toBe(true);
    expect(isLiveFence('python', 'alive')).toBe(false);
    expect(isLiveFence('python', '')).toBe(false);
    expect(isLiveFence('js', 'live')).toBe(false);
  });

  it('pairs a cell with the output block right after it', () => {
    const source = [
      '# T', '', '```python live', 'print(1)', '```', '', '```output', '1', '```',
      '', '```python', 'static()', '```', '', '```python live', 'x = 2', '```', 'Some prose.', '```output', 'nope', '```',
    ].join('\n');
    expect(extractLiveCells(source)).toEqual([
      { code: 'print(1)', statedOutput: '1', line: 3 },
      { code: 'x = 2', line: 15 },
    ]);
  });

  it('keeps backtick fences inside longer fences', () => {
    const source = ['````python live', 'print("```")', '````'].join('\n');
    expect(extractLiveCells(source)).toEqual([{ code: 'print("```")', line: 1 }]);
  });
});
