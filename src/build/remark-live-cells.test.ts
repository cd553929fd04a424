import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Root } from 'mdast';
import { describe, expect, it } from 'vitest';
import { lessonLink, remarkLiveCells } from './remark-live-cells.ts';

const tree = (...blocks: { lang: string; meta?: string; value: string }[]): Root => ({
  type: 'root',
  children: blocks.map((b) => ({ type: 'code', lang: b.lang, meta: b.meta ?? null, value: b.value })),
});

type Jsx = { type: string; name?: string; attributes?: { name: string; value: unknown }[]; children?: unknown[] };
const attrs = (node: Jsx) => Object.fromEntries((node.attributes ?? []).map((a) => [a.name, a.value]));

describe('remark live cells', () => {
  it('turns live fences into hydrated LiveCell islands around the static code, and imports the island once', async () => {
    const root = tree(
      { lang: 'python', meta: 'live', value: 'print(0)' },
      { lang: 'python', meta: 'live', value: 'print(1)' },
      { lang: 'output', value: '1' },
      { lang: 'python', value: 'static()' },
    );
    await remarkLiveCells()(root, {});
    const [esm, first, cell, output, plain] = root.children as unknown as Jsx[];
    expect(esm!.type).toBe('mdxjsEsm');
    // The page's first cell hydrates with the page; the others as they come near the screen.
    expect(attrs(first!)).toEqual({ 'client:load': null, code: 'print(0)', label: 'Python cell 1' });
    expect(cell!.name).toBe('LiveCell');
    const { 'client:visible': visible, ...rest } = attrs(cell!);
    expect(rest).toEqual({ code: 'print(1)', label: 'Python cell 2' });
    // Hydrates a screen ahead: client:visible={{rootMargin: '100% 0px'}}, as text and as the estree MDX compiles.
    const expression = visible as {
      type: string;
      value: string;
      data: { estree: { body: { expression: { properties: { key: { name: string }; value: { value: string } }[] } }[] } };
    };
    expect(expression.type).toBe('mdxJsxAttributeValueExpression');
    expect(expression.value).toBe('{rootMargin: "100% 0px"}');
    const [property] = expression.data.estree.body[0]!.expression.properties;
    expect([property!.key.name, property!.value.value]).toEqual(['rootMargin', '100% 0px']);
    expect(cell!.children).toEqual([{ type: 'code', lang: 'python', meta: null, value: 'print(1)' }]);
    // A live cell's expected output is folded (predict first): a closed <details> whose summary says what it is.
    expect(output!.name).toBe('details');
    expect(attrs(output!)).toEqual({ class: 'stated-output' });
    const [summary, text] = output!.children as unknown as Jsx[];
    expect(summary!.name).toBe('summary');
    expect(text).toMatchObject({ type: 'code', value: '1' });
    expect(plain!.type).toBe('code');
  });

  it('leaves a version claim off the page, shows one marked show, and makes a probe its table of what each Python printed', async () => {
    const root = tree(
      { lang: 'python', meta: 'runs-on=3.12', value: 'print(1)' },
      { lang: 'output', value: '1' },
      { lang: 'python', meta: 'runs-on=3.13 show', value: 'print(2)' },
      { lang: 'output', value: '2' },
      { lang: 'python', meta: 'versions', value: 'import sys\nprint(sys.version_info[:2])' },
    );
    await remarkLiveCells()(root, {});
    const [shown, output, table] = root.children as unknown as Jsx[];
    expect(root.children).toHaveLength(3);
    expect(shown).toEqual({ type: 'code', lang: 'python', meta: null, value: 'print(2)' });
    expect(output!.name).toBe('figure');
    expect(attrs(table!)).toEqual({ class: 'version-table' });
    // Each row is what that engine really printed: its own version.
    const cells = JSON.stringify(table);
    for (const [major, minor] of [
      [3, 12],
      [3, 13],
      [3, 14],
      [3, 15],
    ])
      expect(cells).toContain(`(${major}, ${minor})`);
  }, 240_000);

  it('leaves a "Try" program and its output off the page, and shows a worked answer as static code', async () => {
    const root = tree(
      { lang: 'python', meta: 'try', value: 'print(1)' },
      { lang: 'output', value: '1' },
      { lang: 'python', meta: 'try show', value: 'print(2)' },
      { lang: 'output', value: '2' },
    );
    await remarkLiveCells()(root, {});
    const [shown, output] = root.children as unknown as Jsx[];
    expect(root.children).toHaveLength(2);
    expect(shown).toEqual({ type: 'code', lang: 'python', meta: null, value: 'print(2)' });
    expect(output!.name).toBe('figure');
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
    await expect(remarkLiveCells()(root, { path: 'lesson.mdx' })).rejects.toThrow(
      /lesson\.mdx.*did not trace cleanly \(error\).*ValueError: oops/s,
    );
  });

  it('gives a continue cell the earlier cells as its setup, and traces it with them', async () => {
    const root = tree(
      { lang: 'python', meta: 'live', value: 'items = [1, 2]' },
      { lang: 'python', meta: 'live memory continue', value: 'copy = items' },
    );
    await remarkLiveCells()(root, {});
    const [first, second] = (root.children as unknown as Jsx[]).filter((n) => n.name === 'LiveCell').map(attrs);
    expect(first!.setup).toBeUndefined();
    expect(second!.setup).toBe('items = [1, 2]');
    const trace = JSON.parse(second!.trace as string) as { end: { status: string } };
    expect(trace.end.status).toBe('ok');
  });

  it('turns <Exercise> and <Predict> into islands from the files beside the lesson, with the answer key made by the engine', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'ipm-')), '07-some-lesson');
    mkdirSync(path.join(dir, 'exercises'), { recursive: true });
    mkdirSync(path.join(dir, 'quizzes'), { recursive: true });
    writeFileSync(
      path.join(dir, 'exercises', 'make-two.md'),
      [
        '---',
        'title: Make two',
        'hints:',
        '  - "Use `+`"',
        '---',
        'Set **x** to 2.',
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
        '    "x is 2"',
        '    assert run.ns.get("x") == 2, "x is not 2"',
        '```',
      ].join('\n'),
    );
    writeFileSync(
      path.join(dir, 'quizzes', 'add.md'),
      ['---', 'choices:', '  - "3"', '---', '```python', 'print(1 + 1)', '```', '', 'Plain *arithmetic*.'].join('\n'),
    );
    const root = {
      type: 'root',
      children: [
        {
          type: 'mdxJsxFlowElement',
          name: 'Exercise',
          attributes: [{ type: 'mdxJsxAttribute', name: 'id', value: 'make-two' }],
          children: [],
        },
        { type: 'mdxJsxFlowElement', name: 'Predict', attributes: [{ type: 'mdxJsxAttribute', name: 'id', value: 'add' }], children: [] },
      ],
    } as unknown as Root;
    await remarkLiveCells()(root, { path: path.join(dir, 'index.mdx') });
    const nodes = root.children as unknown as Jsx[];
    expect(nodes.filter((n) => n.type === 'mdxjsEsm')).toHaveLength(2);
    const exercise = nodes.find((n) => n.name === 'ExerciseIsland')!;
    const ex = attrs(exercise);
    expect(ex).toMatchObject({ lesson: 'some-lesson', id: 'make-two', title: 'Make two', starter: 'x = 1', solution: 'x = 2' });
    expect(ex.prompt).toContain('<strong>x</strong>');
    expect(JSON.parse(ex.hints as string)).toEqual([expect.stringContaining('<code>+</code>')]);
    expect(JSON.parse(ex.trace as string).end.status).toBe('ok');
    expect(exercise.children).toEqual([{ type: 'code', lang: 'python', meta: null, value: 'x = 1' }]);
    const q = attrs(nodes.find((n) => n.name === 'PredictIsland')!);
    expect(q.answer).toBe('2');
    expect([...JSON.parse(q.choices as string)].sort()).toEqual(['2', '3']);
    expect(q.explanation).toContain('<em>arithmetic</em>');
  });

  it('fails the build when a question lists the real output as a wrong answer', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'ipm-')), '01-x');
    mkdirSync(path.join(dir, 'quizzes'), { recursive: true });
    writeFileSync(path.join(dir, 'quizzes', 'q.md'), ['---', 'choices: ["2", "3"]', '---', '```python', 'print(2)', '```'].join('\n'));
    const root = {
      type: 'root',
      children: [
        { type: 'mdxJsxFlowElement', name: 'Predict', attributes: [{ type: 'mdxJsxAttribute', name: 'id', value: 'q' }], children: [] },
      ],
    } as unknown as Root;
    await expect(remarkLiveCells()(root, { path: path.join(dir, 'index.mdx') })).rejects.toThrow(/the choice "2" is the real output/);
  });
});

describe('pictures', () => {
  const jsx = (name: string, attributes: Record<string, string>, children: unknown[] = []) =>
    ({
      type: 'root',
      children: [
        {
          type: 'mdxJsxFlowElement',
          name,
          attributes: Object.entries(attributes).map(([n, value]) => ({ type: 'mdxJsxAttribute', name: n, value })),
          children,
        },
      ],
    }) as unknown as Root;

  it('measures <ObjectStrip>’s objects and <GrowthStaircase>’s list in the engine, into their islands', async () => {
    const strip = jsx('ObjectStrip', { objects: '1.0; (1, 2)' });
    await remarkLiveCells()(strip, {});
    const island = strip.children[1] as unknown as Jsx;
    expect(island.name).toBe('ObjectStrip');
    const measures = JSON.parse(attrs(island).measures as string) as { expr: string; getsizeof: number }[];
    expect(measures.map((m) => [m.expr, m.getsizeof])).toEqual([
      ['1.0', 16],
      ['(1, 2)', 32],
    ]);
    const stairs = jsx('GrowthStaircase', { count: '3', max: '5' });
    await remarkLiveCells()(stairs, {});
    const growth = attrs(stairs.children[1] as unknown as Jsx);
    expect(JSON.parse(growth.growth as string).sizes).toEqual([28, 44, 44, 44, 44, 60]);
    expect(growth.count).toBe('3');
  });

  it('fails the build on an object the strip cannot draw, a count out of range, or a pass with no cycle', async () => {
    await expect(remarkLiveCells()(jsx('ObjectStrip', { objects: '{}' }), {})).rejects.toThrow(/no layout for a dict/);
    await expect(remarkLiveCells()(jsx('GrowthStaircase', { count: '9', max: '5' }), {})).rejects.toThrow(/count ≤ max/);
    const noCycle = jsx('CollectorPass', {}, [{ type: 'code', lang: 'python', meta: null, value: 'import gc\nx = [1]\ngc.collect()\n' }]);
    await expect(remarkLiveCells()(noCycle, {})).rejects.toThrow(/needs a step with an unreachable cycle/);
  });
});

describe('links between lessons', () => {
  it('are made relative to the lesson page, anchor kept, so a site under a base path keeps them', () => {
    expect(lessonLink('/lessons/freeing/')).toBe('../freeing/');
    expect(lessonLink('/lessons/object-layout/#where-objects-live')).toBe('../object-layout/#where-objects-live');
    expect(lessonLink('/lessons/freeing')).toBe('../freeing/');
    expect(lessonLink('https://peps.python.org/pep-0683/')).toBe('https://peps.python.org/pep-0683/');
    expect(lessonLink('#recap')).toBe('#recap');
  });
});
