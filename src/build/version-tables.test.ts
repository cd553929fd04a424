import { describe, expect, it } from 'vitest';
import { PYTHON_VERSIONS } from '../engine/versions.ts';
import { versionTable } from './version-tables.ts';

/** The text of an mdast/JSX subtree, for reading a table's rows. */
const textOf = (node: unknown): string => {
  const n = node as { type?: string; value?: string; children?: unknown[] };
  return n.type === 'text' ? (n.value ?? '') : (n.children ?? []).map(textOf).join('');
};

describe('a version probe as a table', () => {
  it("shows the probe, then one row per Python with what it printed, the course's marked", () => {
    const outputs = ['(700, 10, 10)', '(2000, 10, 10)', '(2000, 10, 0)', '(2000, 10, 10)'];
    const figure = versionTable('import gc\nprint(gc.get_threshold())', outputs) as unknown as { children: unknown[] };
    expect(figure.children[0]).toMatchObject({ type: 'code', lang: 'python', value: 'import gc\nprint(gc.get_threshold())' });
    const table = figure.children[1] as { children: { name: string; children: { attributes: { value: string }[] }[] }[] };
    const body = table.children.find((c) => c.name === 'tbody')!;
    expect(body.children.map(textOf)).toEqual([
      '3.12 (3.12.7)(700, 10, 10)',
      '3.13 (3.13.2)(2000, 10, 10)',
      '3.14 (3.14.2, this course)(2000, 10, 0)',
      '3.15 (3.15.0rc1)(2000, 10, 10)',
    ]);
    expect(body.children.map((row) => row.attributes.map((a) => a.value))).toEqual(
      PYTHON_VERSIONS.map((v) => (v === '3.14' ? ['course-version'] : [])),
    );
  });
});
