import { describe, expect, it } from 'vitest';
import type { GoldenName } from '../../test/golden/programs.ts';
import { golden } from '../../test/support/golden.ts';
import { arrowShape, type Point, roundedPath } from './arrows.ts';
import { type Box, GEOMETRY, layoutTrace, type StepLayout } from './layout.ts';

/** The last step's layout of a golden trace (test/golden/): no CPython here. */
const lastStep = (name: GoldenName): StepLayout => layoutTrace(golden(name).trace, { inlineScalars: true }).steps.at(-1)!;

/** Points every 2 px along a route's straight segments. */
function along(route: readonly Point[]): Point[] {
  const points: Point[] = [];
  for (let i = 1; i < route.length; i++) {
    const a = route[i - 1]!;
    const b = route[i]!;
    const n = Math.max(1, Math.ceil(Math.hypot(b.x - a.x, b.y - a.y) / 2));
    for (let k = 0; k <= n; k++) points.push({ x: a.x + ((b.x - a.x) * k) / n, y: a.y + ((b.y - a.y) * k) / n });
  }
  return points;
}

const inside = (p: Point, box: Box) => p.x > box.x && p.x < box.x + box.width && p.y > box.y && p.y < box.y + box.height;

describe('arrowShape', () => {
  it('draws a list that holds itself as a loop around its box, not across it', () => {
    const step = lastStep('list-holds-itself');
    const list = step.objects.find((o) => o.object.type === 'list')!;
    const loop = step.arrows.find((a) => a.source === list.key && a.target === list.key)!;
    expect(loop).toBeDefined();
    const shape = arrowShape(loop);
    expect(shape.back).toBe(true);
    // Leaving its row (inside the box) and arriving at its header's right edge; everything between stays outside.
    const between = along(shape.route.slice(1, -1));
    expect(between.filter((p) => inside(p, list))).toEqual([]);
    expect(shape.route[0]).toEqual(loop.from);
    expect(shape.route.at(-1)).toEqual({ x: list.x + list.width, y: loop.to.y });
    // A small loop: it never leaves the gap between this column and the next.
    expect(Math.max(...shape.route.map((p) => p.x))).toBeLessThan(list.x + GEOMETRY.columnWidth);
  });

  it('routes a cycle between boxes around every box in the picture, inside the drawing', () => {
    const { width, steps } = layoutTrace(golden('list-holds-itself').trace, { inlineScalars: true });
    for (const arrow of steps.at(-1)!.arrows) for (const p of arrowShape(arrow).route) expect(p.x).toBeLessThanOrEqual(width);
    const step = lastStep('instance-cycle');
    const back = step.arrows.filter((a) => arrowShape(a).back);
    expect(back.length).toBeGreaterThan(0);
    for (const arrow of back) {
      const between = along(arrowShape(arrow).route.slice(1, -1));
      for (const box of [...step.objects, ...step.frames]) {
        expect(
          between.filter((p) => inside(p, box)),
          `${arrow.source} → ${arrow.target} crosses ${box.key}`,
        ).toEqual([]);
      }
    }
    // a → b runs down and b → a up: on separate lines, so each can be followed.
    const lanes = back.map((a) => arrowShape(a).route[1]!.x);
    expect(new Set(lanes).size).toBe(back.length);
  });

  it('reaches a box in an earlier column over its top, into its left edge', () => {
    const shape = arrowShape({ from: { x: 654, y: 120 }, to: { x: 250, y: 50 } });
    expect(shape.back).toBe(true);
    expect(shape.route.at(-1)).toEqual({ x: 250, y: 50 });
    expect(Math.min(...shape.route.map((p) => p.y))).toBeLessThan(50 - GEOMETRY.header / 2);
  });

  it('keeps forward arrows as curves', () => {
    const shape = arrowShape({ from: { x: 190, y: 50 }, to: { x: 250, y: 30 } });
    expect(shape).toMatchObject({ back: false, route: [] });
    expect(shape.d).toMatch(/^M 190 50 C /);
    expect(shape.d).toMatch(/250 30$/);
  });
});

describe('arrowShape in a doubly linked list', () => {
  it("routes each prev arrow over its own box into its target's right side, through no box, on a line of its own", () => {
    const step = lastStep('doubly-linked');
    const prevs = step.arrows.filter((a) => a.cycle);
    expect(prevs).toHaveLength(4);
    const runs = new Set<number>();
    for (const arrow of prevs) {
      const target = step.objects.find((o) => o.key === arrow.target)!;
      const { route } = arrowShape(arrow);
      if (route.length === 0) continue; // a prev to the box right of it (after a wrap) is a forward curve
      expect(route.at(-1)).toEqual({ x: target.x + target.width, y: arrow.to.y });
      const between = along(route.slice(1, -1));
      for (const box of [...step.objects, ...step.frames])
        expect(
          between.filter((p) => inside(p, box)),
          `${arrow.source} crosses ${box.key}`,
        ).toEqual([]);
      runs.add(route[2]!.y * 10_000 + route[3]!.x);
    }
    expect(runs.size).toBe(prevs.filter((a) => arrowShape(a).route.length > 0).length);
  });
});

describe('roundedPath', () => {
  it('rounds each corner and ends exactly at the last point', () => {
    expect(
      roundedPath(
        [
          { x: 0, y: 0 },
          { x: 20, y: 0 },
          { x: 20, y: 20 },
        ],
        6,
      ),
    ).toBe('M 0 0 L 14 0 Q 20 0 20 6 L 20 20');
  });

  it('never rounds by more than half a segment', () => {
    expect(
      roundedPath(
        [
          { x: 0, y: 0 },
          { x: 4, y: 0 },
          { x: 4, y: 10 },
        ],
        6,
      ),
    ).toBe('M 0 0 L 2 0 Q 4 0 4 2 L 4 10');
  });
});
