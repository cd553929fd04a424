/**
 * How readable a laid-out step is, in numbers the diagram bench prints and the layout tests assert:
 * arrows that cross, arrows pointing backwards (right to left), dashed arrows, arrows through a box
 * that is neither their start nor their end, and the area the diagram takes per object. Pure.
 */
import { arrowShape, type Point } from './arrows.ts';
import type { Arrow, Box, DiagramLayout, StepLayout } from './layout.ts';

export interface StepMetrics {
  objects: number;
  arrows: number;
  crossings: number;
  /** Arrows whose end is left of their start (wraps included). */
  backward: number;
  /** Of those, arrows to a box wholly below their owner: a chain wrapping to its next band, or a value hung below its owner. */
  below: number;
  dashed: number;
  /** Arrows passing through a box other than their own two. */
  throughBoxes: number;
  /** The diagram's area (its whole extent, as the viewer reserves it) per object drawn, in px². */
  areaPerObject: number;
}

/** The line an arrow is drawn along: a back arrow's route, or its curve sampled. */
export function arrowLine(arrow: Pick<Arrow, 'from' | 'to'>): Point[] {
  const shape = arrowShape(arrow);
  if (shape.back) return shape.route;
  const { from, to } = arrow;
  const dx = Math.max(40, (to.x - from.x) / 2);
  const c1 = { x: from.x + dx, y: from.y };
  const c2 = { x: to.x - dx, y: to.y };
  const points: Point[] = [];
  for (let i = 0; i <= 16; i++) {
    const t = i / 16;
    const u = 1 - t;
    points.push({
      x: u * u * u * from.x + 3 * u * u * t * c1.x + 3 * u * t * t * c2.x + t * t * t * to.x,
      y: u * u * u * from.y + 3 * u * u * t * c1.y + 3 * u * t * t * c2.y + t * t * t * to.y,
    });
  }
  return points;
}

const cross = (o: Point, a: Point, b: Point) => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);

/** Two segments cross at a point inside both (touching ends do not count). */
function segmentsCross(a: Point, b: Point, c: Point, d: Point): boolean {
  const d1 = cross(c, d, a);
  const d2 = cross(c, d, b);
  const d3 = cross(a, b, c);
  const d4 = cross(a, b, d);
  return d1 * d2 < 0 && d3 * d4 < 0;
}

function linesCross(p: Point[], q: Point[]): boolean {
  for (let i = 1; i < p.length; i++) for (let j = 1; j < q.length; j++) if (segmentsCross(p[i - 1]!, p[i]!, q[j - 1]!, q[j]!)) return true;
  return false;
}

/** A segment passes through the inside of a box (shrunk a little, so a line along an edge does not count). */
function segmentThroughBox(a: Point, b: Point, box: Box): boolean {
  const inset = 2;
  const left = box.x + inset;
  const right = box.x + box.width - inset;
  const top = box.y + inset;
  const bottom = box.y + box.height - inset;
  for (let i = 0; i <= 8; i++) {
    const x = a.x + ((b.x - a.x) * i) / 8;
    const y = a.y + ((b.y - a.y) * i) / 8;
    if (x > left && x < right && y > top && y < bottom) return true;
  }
  return false;
}

export function stepMetrics(step: StepLayout, layout: Pick<DiagramLayout, 'width' | 'height'>): StepMetrics {
  const lines = step.arrows.map(arrowLine);
  let crossings = 0;
  for (let i = 0; i < lines.length; i++)
    for (let j = i + 1; j < lines.length; j++) {
      const a = step.arrows[i]!;
      const b = step.arrows[j]!;
      if (a.target === b.target) continue;
      if (linesCross(lines[i]!, lines[j]!)) crossings++;
    }
  const boxes: Box[] = [...step.frames, ...step.objects.filter((o) => !o.freed)];
  let throughBoxes = 0;
  step.arrows.forEach((arrow, i) => {
    const line = lines[i]!;
    const others = boxes.filter((b) => b.key !== arrow.source && b.key !== arrow.target);
    if (others.some((box) => line.some((p, k) => k > 0 && segmentThroughBox(line[k - 1]!, p, box)))) throughBoxes++;
  });
  const objects = step.objects.filter((o) => !o.freed).length;
  return {
    objects,
    arrows: step.arrows.length,
    crossings,
    backward: step.arrows.filter((a) => a.to.x <= a.from.x).length,
    below: step.arrows.filter((a) => {
      const owner = boxes.find((b) => b.key === a.source);
      const target = boxes.find((b) => b.key === a.target);
      return a.to.x <= a.from.x && owner && target && target.y >= owner.y + owner.height;
    }).length,
    dashed: step.arrows.filter((a) => a.cycle ?? arrowShape(a).back).length,
    throughBoxes,
    areaPerObject: objects ? Math.round((layout.width * layout.height) / objects) : 0,
  };
}
