import { describe, expect, it } from 'vitest';
import {
  cellFlags,
  extractLiveCells,
  extractTryCells,
  fencedBlocks,
  isLiveFence,
  isTryFence,
  liveCellsOf,
  tryPromptsOf,
} from './fences.ts';
import { lessonTree } from './source-tree.ts';

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
      '# T',
      '',
      '```python live',
      'print(1)',
      '```',
      '',
      '```output',
      '1',
      '```',
      '',
      '```python',
      'static()',
      '```',
      '',
      '```python live',
      'x = 2',
      '```',
      'Some prose.',
      '```output',
      'nope',
      '```',
    ].join('\n');
    expect(extractLiveCells(source)).toEqual([
      { code: 'print(1)', setup: '', statedOutput: '1', line: 3 },
      { code: 'x = 2', setup: '', line: 15 },
    ]);
  });

  it('keeps backtick fences inside longer fences', () => {
    const source = ['````python live', 'print("```")', '````'].join('\n');
    expect(extractLiveCells(source)).toEqual([{ code: 'print("```")', setup: '', line: 1 }]);
  });

  it('a closing fence is the same character, at least as long, alone on its line', () => {
    const source = ['```python', '``` not a close', '~~~', '````', 'after'].join('\n');
    expect(fencedBlocks(source)).toEqual([{ lang: 'python', meta: '', body: '``` not a close\n~~~', line: 1, endLine: 4 }]);
  });

  it('reads the flags of a cell', () => {
    expect(cellFlags('live memory continue')).toEqual({ memory: true, inline: false, continues: true, internals: false });
    expect(cellFlags('live')).toEqual({ memory: false, inline: false, continues: false, internals: false });
    expect(cellFlags('live memory step=3')).toEqual({ memory: true, inline: false, continues: false, internals: false, step: 3 });
    expect(cellFlags('live memory internals').internals).toBe(true);
    expect(cellFlags('live memory step=x')).not.toHaveProperty('step');
  });

  it('gives a continue cell the code of the earlier cells back to the last standalone one', () => {
    const source = [
      '```python live',
      'a = 1',
      '```',
      '```python live',
      'b = 2',
      '```',
      '```python live continue',
      'c = a + b',
      '```',
      '```python live memory continue',
      'print(c)',
      '```',
      '```python live',
      'd = 4',
      '```',
    ].join('\n');
    expect(extractLiveCells(source).map((c) => c.setup)).toEqual(['', '', 'b = 2', 'b = 2\n\nc = a + b', '']);
  });

  it('finds cells where the build does: inside list items and JSX, by the lines of the file with its frontmatter', () => {
    const source = [
      '---',
      'title: T',
      '---',
      '- A step:',
      '',
      '  ```python live',
      '  x = 1',
      '  print(x)',
      '  ```',
      '',
      '  ```output',
      '  1',
      '  ```',
      '',
      '<details>',
      '',
      '```python live continue',
      'print(x)',
      '```',
      '',
      '</details>',
    ].join('\n');
    expect(extractLiveCells(source)).toEqual([
      { code: 'x = 1\nprint(x)', setup: '', statedOutput: '1', line: 6 },
      { code: 'print(x)', setup: 'x = 1\nprint(x)', line: 17 },
    ]);
  });

  it('gives the plugin each cell with its place in the tree, to replace it there', () => {
    const tree = lessonTree(['# T', '', '```python live memory', 'a = 1', '```', '', '```output', '', '```'].join('\n'));
    const [cell] = liveCellsOf(tree);
    expect(cell!.parent.children[cell!.index]).toBe(cell!.node);
    expect(cell!.statedOutput).toBe(tree.children[2]);
    expect(cell!.flags).toEqual({ memory: true, inline: false, continues: false, internals: false });
  });
});

describe('"Try" fences and prompts', () => {
  it('recognises try fences, hidden or shown, and never as live cells', () => {
    expect(isTryFence('python', 'try')).toBe(true);
    expect(isTryFence('python', 'try show')).toBe(true);
    expect(isTryFence('python', 'tryst')).toBe(false);
    expect(isTryFence('text', 'try')).toBe(false);
    expect(isLiveFence('python', 'try')).toBe(false);
  });

  it('pairs each try program with its stated output, stands it alone, and leaves the live chain alone', () => {
    const source = [
      '```python live',
      'x = 1',
      '```',
      '',
      '```python try',
      'print(2)',
      '```',
      '',
      '```output',
      '2',
      '```',
      '',
      '<details>',
      '',
      '```python try show',
      'print(3)',
      '```',
      '',
      '</details>',
      '',
      '```python live continue',
      'print(x)',
      '```',
    ].join('\n');
    expect(extractTryCells(source)).toEqual([
      { code: 'print(2)', shown: false, statedOutput: '2', line: 5 },
      { code: 'print(3)', shown: true, line: 15 },
    ]);
    expect(extractLiveCells(source).map((cell) => cell.setup)).toEqual(['', 'x = 1']);
  });

  it('finds every "Try" prompt and whether its program or worked answer follows it', () => {
    const tree = lessonTree(
      [
        'Try this and that: it prints 2.',
        '',
        '```python try',
        'print(2)',
        '```',
        '',
        'Try something else.',
        '',
        '<details>',
        '',
        'Try it inside an answer: not a prompt.',
        '',
        '</details>',
        '',
        'Try a bare prompt.',
        '',
        'Some prose, no prompt. Trying is not a prompt.',
        '',
        '## Try this',
        '',
        'Predict it.',
        '',
        '```python',
        'print(4)',
        '```',
        '',
        '## Recap',
        '',
        '<details>',
        '',
        'Too late for the section above.',
        '',
        '</details>',
      ].join('\n'),
    );
    expect(tryPromptsOf(tree).map(({ text, answered }) => [text, answered])).toEqual([
      ['Try this and that: it prints 2.', true],
      ['Try something else.', true],
      ['Try a bare prompt.', false],
      ['Try this', false],
    ]);
  });
});
