import type { Root } from 'mdast';
import { describe, expect, it } from 'vitest';
import { remarkLiveCells } from './remark-live-cells.ts';

const tree = (...blocks: { lang: string; meta?: string; value: string }[]): Root => ({
  type: 'root',
  children: blocks.map((b) => ({ type: 'code', lang: b.lang, meta: b.meta ?? null, value: b.value })),
});

type Jsx = { type: string; name?: string; attributes?: { name: string; value: unknown }[]; children?: unknown[] };
const attrs = (node: Jsx) => Object.fromEntries((node.attributes ?? []).map((a) => [a.name, a.value]));

describe('remark live cells', () => {
  it('turns live fences into hydrated LiveCell islands around the static code, and imports the island once', async () => {
    const root = tree({ lang: 'python', meta: 'live', value: 'print(1)' }, { lang: 'output', value: '1' }, { lang: 'python', value: 'static()' });
    await remarkLiveCells()(root, {});
    const [esm, cell, output, plain] = root.children as unknown as Jsx[];
    expect(esm!.type).toBe('mdxjsEsm');
    expect(cell!.name).toBe('LiveCell');
    expect(attrs(cell!)).toEqual({ 'client:visible': null, code: 'print(1)', label: 'Python cell 1' });
    expect(cell!.children).toEqual([{ type: 'code', lang: 'python', meta: null, value: 'print(1)' }]);
    expect(output!.name).toBe('figure');
    expect(plain!.type).toBe('code');
  });

  it('traces memory cells at build time', async () => {
    const root = tree({ lang: 'python', meta: 'live memory inline', value: 'a = [1]\nb = a\n' });
    await remarkLiveCells()(root, {});
    const a = attrs(root.children[1] as unknown as Jsx);
    expect(a.memory).toBeNull();
    expect(a.inlineScalars).toBeNull();
    const trace = JSON.parse(a.trace as string) as { end: { status: string }; steps: unknown[] };
    expect(trace.end.status).toBe('ok');
    expect(trace.steps.length).toBe(3);
  });

  it('fails the build loudly when a memory cell does not trace cleanly', async () => {
    const root = tree({ lang: 'python', meta: 'live memory', value: 'x = 1\nraise ValueError("oops")\n' });
    await expect(remarkLiveCells()(root, { path: 'lesson.mdx' })).rejects.toThrow(/lesson\.mdx.*did not trace cleanly \(error\).*ValueError: oops/s);
  });
});
