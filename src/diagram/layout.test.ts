import { describe, expect, it } from 'vitest';
import type { GoldenName } from '../../test/golden/programs.ts';
import { golden } from '../../test/support/golden.ts';
import { describeStep, narrateStep } from './describe.ts';
import { FOLD, foldsSentence } from './folds.ts';
import { type Box, CHAR_WIDTH, columnsFor, type DiagramLayout, fitText, GEOMETRY, layoutTrace } from './layout.ts';

/** The programs' traces are golden fixtures (test/golden/): no CPython here. */
const traceOf = (name: GoldenName) => golden(name).trace;

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function expectNoOverlap(layout: DiagramLayout) {
  for (const step of layout.steps) {
    const boxes: Box[] = [...step.frames, ...step.objects, ...step.folds];
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

  describe('wraps at the width of its box', () => {
    it('fits as many columns as the box holds at full size, never fewer than the default', () => {
      const three = layoutTrace(traceOf('chain-appended'), { inlineScalars: true });
      expect(three.width).toBe(884);
      expect(columnsFor(three.width)).toBe(GEOMETRY.columns);
      expect(columnsFor(three.width - 1)).toBe(GEOMETRY.columns);
      expect(columnsFor(320)).toBe(GEOMETRY.columns);
      for (const columns of [4, 6]) {
        const wide = layoutTrace(traceOf('chain-appended'), { inlineScalars: true, columns });
        expect(columnsFor(wide.width)).toBe(columns);
        expect(columnsFor(wide.width - 1)).toBe(columns - 1);
      }
    });

    it('a chain laid out in a wider box runs further right before it wraps, so it is shorter, still without overlaps', () => {
      for (const inlineScalars of [true, false]) {
        const three = layoutTrace(traceOf('chain-appended'), { inlineScalars });
        const six = layoutTrace(traceOf('chain-appended'), { inlineScalars, columns: 6 });
        expect(six.height).toBeLessThan(three.height);
        expectNoOverlap(six);
        const nodes = six.steps.at(-1)!.objects.filter((o) => o.object.class === 'Node');
        expect(new Set(nodes.map((o) => o.x)).size).toBe(6);
        // The first six nodes share the first band's row: level, left to right.
        const top = nodes.filter((o) => o.y === nodes[0]!.y);
        expect(top.length).toBeGreaterThanOrEqual(6);
      }
    });
  });

  it('folds the middle names of a very long frame into one "… N more names" row, and draws only what the drawn names reach', () => {
    const { trace, pictures } = golden('many-names');
    const names = pictures.at(-1)!.frames[0]!.vars.length;
    expect(names).toBe(31);
    const whole = layoutTrace(trace, { inlineScalars: true });
    const layout = layoutTrace(trace, { inlineScalars: true, fold: true });
    const last = layout.steps.at(-1)!;
    const { frameHeadRows, frameTailRows } = GEOMETRY;
    const hidden = names - frameHeadRows - frameTailRows;
    expect(last.frames[0]!.rows).toHaveLength(frameHeadRows + 1 + frameTailRows);
    expect(last.frames[0]!.rows[frameHeadRows]!.text).toBe(`… ${hidden} more names`);
    expect(last.frames[0]!.rows.map((r) => r.label).slice(-frameTailRows)).toEqual(['v27', 'v28', 'v29', 'end']);
    expect(last.hiddenNames).toBe(hidden);
    expect(layout.hiddenNames).toBe(hidden);
    // v0…v9's lists and v27…v29's: every drawn list has an arrow, none is drawn for a name left out.
    expect(last.objects.map((o) => o.rows[0]!.text)).toEqual(expect.arrayContaining(['0', '9', '27', '29']));
    expect(last.objects.map((o) => o.rows[0]!.text)).not.toContain('10');
    expect(last.objects).toHaveLength(frameHeadRows + frameTailRows - 1);
    for (const o of last.objects) expect(last.arrows.some((a) => a.target === o.key)).toBe(true);
    // The frame and its lists stop growing once the frame folds (16 names): each list stays level with its name.
    expect(layout.height).toBeLessThan(whole.height * 0.7);
    expectNoOverlap(layout);
    const seen = new Map<string, string>();
    for (const step of layout.steps)
      for (const o of step.objects) {
        expect(seen.get(o.key) ?? `${o.x},${o.y}`, o.key).toBe(`${o.x},${o.y}`);
        seen.set(o.key, `${o.x},${o.y}`);
      }
    // Unfolded, or in a short frame, every name is a row.
    expect(whole.steps.at(-1)!.frames[0]!.rows).toHaveLength(names);
    expect(layoutTrace(traceOf('shared-list'), { inlineScalars: true, fold: true }).hiddenNames).toBe(0);
  });

  describe('folds the middle of a long chain into one "… N more" box', () => {
    // 40 nodes pushed at the front: `head` refers to each node in turn, so to folded ones on the way.
    const { trace, pictures } = golden('chain-long');
    const nodes = 40;
    const folded = nodes - FOLD.head - FOLD.tail;
    const isNode = (o: { object: { class?: string } }) => o.object.class === 'Node';

    for (const inlineScalars of [true, false]) {
      const whole = layoutTrace(trace, { inlineScalars });
      const layout = layoutTrace(trace, { inlineScalars, fold: true });
      const last = layout.steps.at(-1)!;

      it(`keeps the run's ends and folds the rest (values ${inlineScalars ? 'inline' : 'as boxes'})`, () => {
        expect(whole.steps.at(-1)!.objects.filter(isNode)).toHaveLength(nodes);
        expect(last.objects.filter(isNode)).toHaveLength(FOLD.head + FOLD.tail);
        expect(last.folds).toEqual([expect.objectContaining({ count: folded, type: 'Node', others: inlineScalars ? 0 : folded })]);
        expect(layout.folded).toBe(inlineScalars ? folded : 2 * folded);
        // The chain reads on through the fold: third node → fold → fourth-last node, and no arrow points at nothing.
        const fold = last.folds[0]!;
        expect(last.arrows.filter((a) => a.target === fold.key)).toHaveLength(1);
        const out = last.arrows.filter((a) => a.source === fold.key);
        expect(out.map((a) => last.objects.find((o) => o.key === a.target)?.object.class)).toContain('Node');
        const drawn = new Set([...last.objects.map((o) => o.key), fold.key]);
        for (const a of last.arrows) expect(drawn.has(a.target)).toBe(true);
        expect(last.arrows.filter((a) => a.cycle)).toEqual([]);
      });

      it(`is a fraction of the unfolded height, with nothing overlapping (values ${inlineScalars ? 'inline' : 'as boxes'})`, () => {
        expect(layout.height).toBeLessThan(whole.height / 4);
        expect(layout.width).toBeLessThanOrEqual(whole.width);
        expectNoOverlap(layout);
      });

      it(`places everything, the fold's box included, once for the whole trace (values ${inlineScalars ? 'inline' : 'as boxes'})`, () => {
        const seen = new Map<string, string>();
        let withFold = 0;
        for (const step of layout.steps) {
          if (step.folds.length > 0) withFold++;
          for (const o of [...step.objects, ...step.folds]) {
            const where = `${o.x},${o.y}`;
            expect(seen.get(o.key) ?? where, o.key).toBe(where);
            seen.set(o.key, where);
          }
        }
        expect(withFold).toBeGreaterThan(folded);
      });
    }

    it("draws a variable's arrow to a folded node to the fold's box, and says in words what is folded", () => {
      const layout = layoutTrace(trace, { inlineScalars: true, fold: true });
      // The step after `head` moved on to the 10th node: it is folded (the kept ends are the 3 newest and 2 oldest).
      const at = pictures.findIndex(
        (p) => p.step.line === 5 && p.frames[0]!.vars.some(([name]) => name === 'i') && p.heap.size > 0 && countNodes(p) === 10,
      );
      expect(at).toBeGreaterThan(0);
      const step = layout.steps[at]!;
      const head = step.frames[0]!.rows.findIndex((r) => r.label === 'head');
      const arrow = step.arrows.find((a) => a.source === step.frames[0]!.key && a.row === head)!;
      expect(arrow.target).toBe(step.folds[0]!.key);
      expect(step.folds[0]!.count).toBe(10 - FOLD.tail);
      expect(foldsSentence(step.folds)).toBe('Drawn folded, each as one "… N more" box: 8 Node objects of a long chain.');
      expect(foldsSentence(layout.steps[0]!.folds)).toBe('');
    });

    it('leaves shorter chains, trees and cycles whole', () => {
      for (const name of ['chain-appended', 'chain-pushed', 'binary-tree', 'doubly-linked', 'instance-cycle'] as const)
        for (const inlineScalars of [true, false]) {
          const layout = layoutTrace(traceOf(name), { inlineScalars, fold: true });
          expect(layout.folded, name).toBe(0);
          expect(layout).toEqual(expect.objectContaining({ width: layoutTrace(traceOf(name), { inlineScalars }).width }));
        }
    });
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

/** Node instances alive in a picture. */
function countNodes(picture: { heap: Map<string, { class?: string; kind: string }> }): number {
  return [...picture.heap.values()].filter((o) => o.kind === 'instance' && o.class === 'Node').length;
}
