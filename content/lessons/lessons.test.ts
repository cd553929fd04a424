/**
 * Every lesson's live cells run in the real engine: none may fail, and every
 * output a lesson states (an ```output block after a cell) must be exactly
 * what CPython prints.
 */
import { parseFrontmatter } from '@astrojs/markdown-remark';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { startNodeEngine, type NodeEngine } from '../../src/engine/test-engine.ts';
import { lessonSchema } from '../../src/lib/lesson-schema.ts';
import { extractLiveCells } from '../../src/markdown/live-cells.ts';

const root = path.dirname(new URL(import.meta.url).pathname);
const lessons = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => ({ name: d.name, source: readFileSync(path.join(root, d.name, 'index.mdx'), 'utf8') }));

let engine: NodeEngine;
beforeAll(async () => {
  engine = await startNodeEngine();
});

const trimLines = (s: string) => s.replace(/[ \t]+$/gm, '').replace(/\n+$/, '');

describe.each(lessons)('lesson $name', ({ source }) => {
  const cells = extractLiveCells(source);

  it('has valid frontmatter and at least one live cell', () => {
    const { frontmatter } = parseFrontmatter(source);
    expect(lessonSchema.safeParse(frontmatter).error).toBeUndefined();
    expect(cells.length).toBeGreaterThan(0);
  });

  it.each(cells.map((cell) => [cell.line, cell] as const))('cell at line %i runs as stated', (_line, cell) => {
    const { result, stdout } = engine.run(cell.code);
    expect(result.status === 'error' ? result.error.traceback : result.status).toBe('ok');
    if (cell.statedOutput !== undefined) expect(trimLines(stdout)).toBe(trimLines(cell.statedOutput));
  });
});
