import { describe, expect, it } from 'vitest';
import { parseExercise, parsePredict } from './activity-files.ts';

const exercise = (...suite: string[]) =>
  [
    '---',
    'title: T',
    '---',
    'Set x to 2.',
    '',
    '```python starter',
    'x = 1',
    '```',
    '',
    '```python solution',
    'x = 2',
    '```',
    '',
    '```python check',
    'def check_x(run):',
    '    assert run.ns["x"] == 2, "x is not 2"',
    '```',
    ...suite,
  ].join('\n');

describe('an exercise file', () => {
  it('reads its suite of answers, each with its verdict and, when it fails, the message, and keeps them out of the prompt', () => {
    const parsed = parseExercise(
      'make-two',
      exercise(
        '',
        '```python answer fail',
        'x = 3',
        '```',
        '',
        '```message',
        'x is not 2',
        '```',
        '',
        '```python answer pass',
        'x = 1 + 1',
        '```',
      ),
      'make-two.md',
    );
    expect(parsed.answers).toEqual([
      { code: 'x = 3', verdict: 'fail', message: 'x is not 2', line: 19 },
      { code: 'x = 1 + 1', verdict: 'pass', line: 27 },
    ]);
    expect(parsed.prompt).toBe('Set x to 2.');
  });

  it('refuses an answer without a verdict, a failing one without its message, and a passing one with a message', () => {
    expect(() => parseExercise('e', exercise('', '```python answer', 'x = 3', '```'), 'e.md')).toThrow(/pass or fail/);
    expect(() => parseExercise('e', exercise('', '```python answer fail', 'x = 3', '```'), 'e.md')).toThrow(/needs the ```message/);
    expect(() => parseExercise('e', exercise('', '```python answer pass', 'x = 2', '```', '', '```message', 'no', '```'), 'e.md')).toThrow(
      /has no message/,
    );
  });
});

describe('a question with version claims in its explanation', () => {
  const source = [
    '---',
    'question: What does this print?',
    '---',
    '```python',
    'print(1)',
    '```',
    '',
    'It prints 1, and so does 3.12.',
    '',
    '```python runs-on=3.12',
    'print(1)',
    '```',
    '',
    '```output',
    '1',
    '```',
  ].join('\n');

  it('keeps one program, takes the claims out of the explanation and gives them to the content test', () => {
    const question = parsePredict('q', source, 'q.md');
    expect(question.program).toBe('print(1)');
    expect(question.explanation).toBe('It prints 1, and so does 3.12.');
    expect(question.versionClaims).toEqual([{ code: 'print(1)', versions: ['3.12'], statedOutput: '1', line: 10 }]);
  });
});
