/**
 * The layered layout on real traces of the structures readers draw (golden fixtures, test/golden):
 * chains read left to right, trees as trees, items in order, dashes only where a cycle closes, and
 * nothing moves or overlaps while stepping.
 */
import { describe, expect, it } from 'vitest';
import type { GoldenName } from '../../test/golden/programs.ts';
import { golden } from '../../test/support/golden.ts';
import { type Box, type DiagramLayout, GEOMETRY, type LayoutOptions, layoutTrace, type ObjectView, type StepLayout } from './layout.ts';
import { stepMetrics } from './metrics.ts';

const STRUCTURES: GoldenName[] = ['chain-appended', 'chain-pushed', 'binary-tree', 'list-of-dicts', 'doubly-linked', 'instance-cycle'];
const MODES: LayoutOptions[] = [
  { inlineScalars: true },
  { inlineScalars: false },
  { inlineScalars: true, internals: true },
  { inlineScalars: false, internals: true },
];

const layoutOf = (name: GoldenName, options: LayoutOptions) => layoutTrace(golden(name).trace, options);
const lastStep = (layout: DiagramLayout) => layout.steps[layout.steps.length - 1]!;

/** The object a row of `owner` points at, by the row's label. */
function along(step: StepLayout, owner: ObjectView, label: string): ObjectView | undefined {
  const row = owner.rows.findIndex((r) => r.label === label);
  const arrow = step.arrows.find((a) => a.source === owner.key && a.row === row);
  return arrow && step.objects.find((o) => o.key === arrow.target);
}

function variableTarget(step: StepLayout, name: string): ObjectView {
  const frame = step.frames[0]!;
  const row = frame.rows.findIndex((r) => r.label === name);
  const arrow = step.arrows.find((a) => a.source === frame.key && a.row === row)!;
  return step.objects.find((o) => o.key === arrow.target)!;
}

/** The nodes reached from `head` along `next` (not the None at its end). */
function chainFrom(step: StepLayout, head: ObjectView): ObjectView[] {
  const chain = [head];
  for (let next = along(step, head, 'next'); next?.object.kind === 'instance'; next = along(step, next, 'next')) chain.push(next);
  return chain;
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('layered layout: shapes read as shapes', () => {
  for (const options of MODES) {
    const mode = `${options.inlineScalars ? 'values inline' : 'values as boxes'}${options.internals ? ', internals' : ''}`;

    it(`a 12-node chain reads left to right, wrapping like text, with no dashed arrow (${mode})`, () => {
      const layout = layoutOf('chain-appended', options);
      const step = lastStep(layout);
      const chain = chainFrom(step, variableTarget(step, 'head'));
      expect(chain).toHaveLength(12);
      for (let i = 1; i < chain.length; i++) {
        const [a, b] = [chain[i - 1]!, chain[i]!];
        const right = b.x > a.x && b.y === a.y;
        // A wrap: the next band, back at the first heap column, below everything of the band before.
        const wrap = b.x === GEOMETRY.heapX && b.y >= a.y + a.height && a.x > b.x;
        expect(right || wrap, `node ${i} → ${i + 1}`).toBe(true);
      }
      // Only wraps point left; within a band every next arrow points right, and nothing is dashed.
      expect(chain.filter((n, i) => i > 0 && n.x < chain[i - 1]!.x)).toHaveLength(Math.ceil(12 / GEOMETRY.columns) - 1);
      for (const s of layout.steps) expect(s.arrows.filter((a) => a.cycle)).toEqual([]);
      // The whole diagram fits a lesson's box at 1280 px (686 px; a question's a little less) at the smallest fitted zoom.
      expect(layout.width * 0.75).toBeLessThanOrEqual(670);
    });

    it(`a 7-node tree has every child right of its parent and not above it, children in order (${mode})`, () => {
      const step = lastStep(layoutOf('binary-tree', options));
      const trees = step.objects.filter((o) => o.object.kind === 'instance');
      expect(trees).toHaveLength(7);
      let children = 0;
      for (const parent of trees) {
        const [left, right] = [along(step, parent, 'left'), along(step, parent, 'right')];
        for (const child of [left, right]) {
          if (child?.object.kind !== 'instance') continue;
          children++;
          expect(child.x).toBeGreaterThan(parent.x);
          expect(child.y).toBeGreaterThanOrEqual(parent.y);
        }
        if (left?.object.kind === 'instance' && right?.object.kind === 'instance') expect(right.y).toBeGreaterThan(left.y);
      }
      expect(children).toBe(6);
      expect(step.arrows.filter((a) => a.cycle)).toEqual([]);
    });

    it(`a list's items are drawn in item order, right of the list (${mode})`, () => {
      const step = lastStep(layoutOf('list-of-dicts', options));
      const list = variableTarget(step, 'people');
      const dicts = [0, 1, 2].map((i) => along(step, list, String(i))!);
      expect(dicts.map((d) => d.object.kind)).toEqual(['dict', 'dict', 'dict']);
      for (const d of dicts) expect(d.x).toBeGreaterThan(list.x);
      expect(dicts.map((d) => d.y)).toEqual([...dicts.map((d) => d.y)].sort((a, b) => a - b));
      expect(stepMetrics(step, { width: 1, height: 1 }).crossings).toBe(0);
    });

    it(`an object a variable refers to first sits level with the variable's row (${mode})`, () => {
      const step = lastStep(layoutOf('list-of-dicts', options));
      const frame = step.frames[0]!;
      const row = frame.rows.findIndex((r) => r.label === 'people');
      expect(variableTarget(step, 'people').y).toBe(frame.y + GEOMETRY.header + row * GEOMETRY.row);
    });

    it(`a doubly linked list dashes its prev arrows and nothing else (${mode})`, () => {
      const step = lastStep(layoutOf('doubly-linked', options));
      const nodes = step.objects.filter((o) => o.object.kind === 'instance');
      expect(nodes).toHaveLength(5);
      const prevs = step.arrows.filter((a) => {
        const owner = nodes.find((n) => n.key === a.source);
        return owner?.rows[a.row]?.label === 'prev' && nodes.some((n) => n.key === a.target);
      });
      expect(prevs).toHaveLength(4);
      expect(step.arrows.filter((a) => a.cycle)).toEqual(prevs);
    });

    it(`a two-object cycle dashes one arrow, and a list holding itself its own loop (${mode})`, () => {
      const cycle = lastStep(layoutOf('instance-cycle', options));
      expect(cycle.arrows.filter((a) => a.cycle)).toHaveLength(1);
      const itself = lastStep(layoutOf('list-holds-itself', options));
      expect(itself.arrows.filter((a) => a.cycle).map((a) => [a.source, a.target])).toEqual([
        [itself.objects[0]!.key, itself.objects[0]!.key],
      ]);
    });

    it(`no object moves between steps, and no two boxes overlap (${mode})`, () => {
      for (const name of [...STRUCTURES, 'shared-list', 'freed-list'] as GoldenName[]) {
        const layout = layoutOf(name, options);
        const seen = new Map<string, string>();
        for (const step of layout.steps) {
          for (const o of step.objects) {
            const where = `${o.x},${o.y}`;
            expect(seen.get(o.key) ?? where, `${name}: ${o.key}`).toBe(where);
            seen.set(o.key, where);
          }
          const boxes: Box[] = [...step.frames, ...step.objects];
          for (let i = 0; i < boxes.length; i++)
            for (let j = i + 1; j < boxes.length; j++)
              expect(overlaps(boxes[i]!, boxes[j]!), `${name}: ${boxes[i]!.key} / ${boxes[j]!.key}`).toBe(false);
          for (const box of boxes) {
            expect(box.x + box.width).toBeLessThanOrEqual(layout.width);
            expect(box.y + box.height).toBeLessThanOrEqual(layout.height);
          }
        }
      }
    });
  }

  it('a list pushed at its front keeps every node where it was as the head moves', () => {
    const layout = layoutOf('chain-pushed', { inlineScalars: true });
    const step = lastStep(layout);
    const chain = chainFrom(step, variableTarget(step, 'head'));
    expect(chain).toHaveLength(8);
    // Read from the head, the chain still runs left to right (the newest node is placed first).
    for (let i = 1; i < chain.length; i++) expect(chain[i]!.x > chain[i - 1]!.x || chain[i]!.y > chain[i - 1]!.y).toBe(true);
  });
});
