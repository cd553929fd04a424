import { describe, expect, it } from 'vitest';
import type { GoldenName } from '../../test/golden/programs.ts';
import { golden } from '../../test/support/golden.ts';
import { describeStep, narrateStep } from './describe.ts';
import { type Box, CHAR_WIDTH, type DiagramLayout, fitText, layoutTrace } from './layout.ts';

/** The programs' traces are golden fixtures (test/golden/): no CPython here. */
const traceOf = (name: GoldenName) => golden(name).trace;

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function expectNoOverlap(layout: DiagramLayout) {
  for (const step of layout.steps) {
    const boxes: Box[] = [...step.frames, ...step.objects];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i]!, boxes[j]!), `${boxes[i]!.key} / ${boxes[j]!.key}`).toBe(false);
    }
    for (const box of boxes) {
      expect(box.x + box.width).toBeLessThanOrEqual(layout.width);
      expect(box.y + box.height).toBeLessThanOrEqual(layout.height);
    }
  }
}

describe('diagram layout', () => {
  const program = 'shared-list';

  it('keeps every object at the same place in every step', () => {
    const layout = layoutTrace(traceOf(program), { inlineScalars: false });
    const seen = new Map<string, string>();
    for (const step of layout.steps) {
      for (const o of step.objects) {
        const where = `${o.x},${o.y}`;
        expect(seen.get(o.key) ?? where).toBe(where);
        seen.set(o.key, where);
      }
    }
    expect(seen.size).toBeGreaterThan(5);
  });

  it('never overlaps boxes, with scalars inline or not', () => {
    for (const inlineScalars of [true, false]) expectNoOverlap(layoutTrace(traceOf(program), { inlineScalars }));
  });

  it('draws an arrow per reference, and scalars inline when asked', () => {
    const trace = traceOf('two-names-one-list');
    const separate = layoutTrace(trace, { inlineScalars: false }).steps[2]!;
    const list = separate.objects.find((o) => o.object.kind === 'list')!;
    expect(separate.arrows.filter((a) => a.target === list.key)).toHaveLength(2);
    expect(separate.objects.filter((o) => o.object.kind === 'int')).toHaveLength(2);
    const inline = layoutTrace(trace, { inlineScalars: true }).steps[2]!;
    expect(inline.objects.map((o) => o.object.kind)).toEqual(['list']);
    expect(inline.objects[0]!.rows.map((r) => r.text)).toEqual(['1', '2']);
  });

  it('collapses long containers to head, "N more" and tail', () => {
    const step = layoutTrace(traceOf('long-list'), { inlineScalars: true }).steps[1]!;
    const rows = step.objects[0]!.rows;
    expect(rows).toHaveLength(9);
    expect(rows[6]!.text).toBe('… 42 more');
    expect(rows[8]!.text).toBe('1049');
  });

  describe('draws the true end of every container longer than the tracer lists', () => {
    const { trace, pictures } = golden('long-containers');
    const last = pictures.at(-1)!;
    const step = layoutTrace(trace, { inlineScalars: true }).steps.at(-1)!;
    // What Python printed of each value's end, one line per print() in the program.
    const printed = pictures
      .flatMap((p) => p.step.output ?? [])
      .map((c) => c.text)
      .join('')
      .trim()
      .split('\n');
    const boxOf = (name: string) => {
      const key = last.frames[0]!.vars.find(([n]) => n === name)![1]!;
      return step.objects.find((o) => o.key === key)!;
    };
    const tailOf = (name: string) => boxOf(name).rows.slice(-2);
    const hidden = (name: string) => boxOf(name).rows.find((r) => r.text?.startsWith('…'))?.text;

    it('list: the last indices and values', () => {
      expect(tailOf('xs').map((r) => `${r.label}:${r.text}`)).toEqual(['598:598', '599:599']);
      expect(printed[0]).toBe('598 599');
      expect(hidden('xs')).toBe('… 592 more');
    });
    it('tuple', () => {
      expect(
        tailOf('tu')
          .map((r) => r.text)
          .join(' '),
      ).toBe(printed[1]);
      expect(tailOf('tu').map((r) => r.label)).toEqual(['148', '149']);
      expect(hidden('tu')).toBe('… 142 more');
    });
    it('dict: the last keys with their values', () => {
      expect(
        tailOf('d')
          .map((r) => `${r.label}=${r.text}`)
          .join(' '),
      ).toBe(printed[2]);
      expect(hidden('d')).toBe('… 112 more');
    });
    it('set: the last items in iteration order', () => {
      expect(
        tailOf('s')
          .map((r) => r.text)
          .join(' '),
      ).toBe(printed[3]);
      expect(tailOf('s').map((r) => r.label)).toEqual(['•', '•']);
    });
    it("str and bytes: the repr ends as Python's does", () => {
      const text = last.heap.get(last.frames[0]!.vars.find(([n]) => n === 'text')![1]!)!;
      const data = last.heap.get(last.frames[0]!.vars.find(([n]) => n === 'data')![1]!)!;
      expect(text.repr!.endsWith(printed[4]!)).toBe(true);
      expect(text.repr).toMatch(/^'start x+…x+ the end'$/);
      expect(text.length).toBe(214);
      expect(data.repr!.endsWith(printed[5]!)).toBe(true);
      expect(data.repr!.startsWith("b'\\x00\\x01")).toBe(true);
      expect(data.length).toBe(512);
    });
    it('True, False and None by name', () => {
      expect(boxOf('flags').rows.map((r) => `${r.label}:${r.text}`)).toEqual(["'debug':True", "'quiet':False", "'log':None"]);
    });
    it('every row fits its box', () => {
      for (const o of step.objects)
        for (const r of o.rows) expect((r.label.length + (r.text?.length ?? 0) + 1) * CHAR_WIDTH).toBeLessThanOrEqual(o.width - 12);
    });
  });

  it('fits text by keeping its true start and end', () => {
    expect(fitText('short', 10)).toBe('short');
    expect(fitText("'abcdefghijklmnop'", 10)).toBe("'abcde…op'");
    expect(fitText('x'.repeat(500), 24)).toHaveLength(24);
  });

  it('shows a freed object as a ghost at the step it died, then drops it', () => {
    const layout = layoutTrace(traceOf('freed-list'), { inlineScalars: true });
    expect(layout.steps[2]!.objects).toEqual([expect.objectContaining({ freed: true })]);
    expect(layout.steps[3]!.objects).toEqual([]);
  });

  it('stays readable with 200 objects (timing lives in npm run bench:diagram)', () => {
    const trace = traceOf('two-hundred-lists');
    const layout = layoutTrace(trace, { inlineScalars: true });
    expect(layout.steps.at(-1)!.objects.length).toBeLessThanOrEqual(12);
    expectNoOverlap(layout);
  });

  it('describes each step in words, with what changed', () => {
    const snaps = golden('alias-then-del').pictures;
    expect(describeStep(snaps[2]!, snaps[1]!)).toContain('b → list of 3 items (refcount 2)');
    expect(describeStep(snaps[2]!, snaps[1]!)).toContain('b was bound');
    expect(describeStep(snaps[3]!, snaps[2]!)).toContain('a was deleted');
    expect(describeStep(snaps[3]!, snaps[2]!)).toContain('refcount 2 → 1');
  });
});

describe('step narration', () => {
  it('says in plain words what runs next and what changed, without counts', () => {
    const snaps = golden('alias-then-del').pictures;
    expect(narrateStep(snaps[1]!, snaps[0]!)).toBe('Line 2 runs next. Now a refers to a list of 3 items.');
    expect(narrateStep(snaps[2]!, snaps[1]!)).toBe(
      'Line 3 runs next. Now b refers to a list of 3 items, which another name already refers to.',
    );
    expect(narrateStep(snaps[3]!, snaps[2]!)).toMatch(/^The program has finished\. The name a is gone\.$/);
    expect(narrateStep(snaps[3]!, snaps[2]!)).not.toMatch(/refcount/);
  });

  it('names a freed object and the collector in words', () => {
    const snaps = golden('freed-list').pictures;
    expect(narrateStep(snaps[2]!, snaps[1]!)).toContain('A list was freed: nothing referred to it any more.');
  });
});

describe('step text', () => {
  it('explains a refcount that differs from the arrows drawn', () => {
    const snaps = golden('for-loop').pictures;
    const inLoop = snaps.find((s) => s.step.line === 3)!;
    expect(describeStep(inLoop)).toContain(
      "items → list of 2 items (refcount 2, 1 drawn: +1 a for-loop's iterator or the interpreter's stack)",
    );
  });
});
