import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lessonTime, proseWords } from './reading-time.ts';

describe('lesson time', () => {
  it('counts prose words, not code, output, markup or link targets', () => {
    expect(proseWords('## A heading\n\nTwo `names`, [one list](https://example.org/very/long/path).\n')).toBe(6);
    expect(proseWords('<Exercise id="grow-in-place" />\n<details><summary>Worked answer</summary>\n')).toBe(2);
    expect(proseWords('---\ntitle: X\norder: 1\n---\nHello there\n')).toBe(2);
  });

  it('adds the time for each cell, exercise, question and worked answer', () => {
    const source = [
      'Read this first.',
      '```python live memory',
      'a = [1, 2]',
      '```',
      '```output',
      '[1, 2]',
      '```',
      '```python try',
      'print(1)',
      '```',
      '<details><summary>Answer</summary>',
      '```python try show',
      'print(2)',
      '```',
      '</details>',
      '<Exercise id="x" />',
      '<Predict id="y" />',
    ].join('\n');
    const time = lessonTime(source);
    expect(time).toEqual({ minutes: 9, words: 4, cells: 1, exercises: 1, questions: 1, workedAnswers: 1 });
  });

  it('reads 200 words a minute, rounded up', () => {
    expect(lessonTime('word '.repeat(200)).minutes).toBe(1);
    expect(lessonTime('word '.repeat(201)).minutes).toBe(2);
  });

  it('gives a real lesson a time in the range a sitting allows', () => {
    const source = readFileSync(new URL('../../content/lessons/02-object-allocation/index.mdx', import.meta.url), 'utf8');
    const time = lessonTime(source);
    expect(time.cells).toBeGreaterThan(5);
    expect(time.exercises).toBeGreaterThan(0);
    expect(time.words).toBeGreaterThan(1000);
    expect(time.minutes).toBeGreaterThan(20);
  });
});
