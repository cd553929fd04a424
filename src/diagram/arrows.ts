/**
 * The shape of an arrow between two rows of the diagram: a pure function of
 * the arrow (its end points, its row, whether it closes a cycle), so it can be
 * tested without drawing.
 *
 * A forward arrow (to a box further right) is a smooth curve. A back arrow
 * (every reference cycle has one) is routed around the boxes instead of
 * through them. To itself or to a box in the same column, it runs out to the
 * right, along the column's edge, and into the target's header from the
 * right: a list that holds itself, the first cycle the course draws, gets a
 * small loop on its right side instead of a curve scribbled across its own
 * rows. To a box further left, it runs along the gap above the target and
 * into its left edge (a chain wrapping to its next band); one that closes a
 * cycle (a doubly linked list's `prev`) runs over its own box into the
 * target's right side. Dashes are the layout's call (`Arrow.cycle`), not the
 * shape's: a wrapped chain's arrow runs back without closing anything.
 */
import { type Arrow, GEOMETRY } from './layout.ts';

export interface Point {
  x: number;
  y: number;
}

export interface ArrowShape {
  /** SVG path data. */
  d: string;
  back: boolean;
  /** The corners of a back arrow's route, end points included (empty for a curve). */
  route: Point[];
}

/**
 * How far right of a column's boxes a back arrow runs: upward ones further out
 * than downward ones, so the two arrows of a two-object cycle don't share a line.
 */
const LANE_UP = GEOMETRY.loopRoom - 8;
const LANE_DOWN = GEOMETRY.loopRoom - 16;
/** How far right of the owner's edge an arrow to an earlier column turns. */
const LANE = 14;
/** How far above the target box it crosses (less than the gap between stacked boxes). */
const ABOVE = 8;
/** How far left of the target box it comes down. */
const ENTRY = 14;
const RADIUS = 6;

export function arrowShape({ from, to, row, cycle }: Pick<Arrow, 'from' | 'to'> & Partial<Pick<Arrow, 'row' | 'cycle'>>): ArrowShape {
  if (to.x > from.x) {
    const dx = Math.max(40, (to.x - from.x) / 2);
    return { d: `M ${from.x} ${from.y} C ${from.x + dx} ${from.y}, ${to.x - dx} ${to.y}, ${to.x} ${to.y}`, back: false, route: [] };
  }
  const route = cycle && row !== undefined && to.x + GEOMETRY.boxWidth < from.x ? overRoute(from, to, row) : backRoute(from, to);
  return { d: roundedPath(route, RADIUS), back: true, route };
}

/**
 * A cycle's arrow to a box further left (a doubly linked list's `prev`): out of its row, up over its
 * own box, and into the target's right side from the gap beside it, so each such arrow keeps to the
 * gap above its own box instead of sharing one line above the targets.
 */
function overRoute(from: Point, to: Point, row: number): Point[] {
  const top = from.y - GEOMETRY.header - row * GEOMETRY.row - GEOMETRY.row / 2;
  const lane = from.x + LANE;
  const above = top - ABOVE;
  const right = to.x + GEOMETRY.boxWidth;
  const gap = right + ENTRY;
  return [from, { x: lane, y: from.y }, { x: lane, y: above }, { x: gap, y: above }, { x: gap, y: to.y }, { x: right, y: to.y }];
}

function backRoute(from: Point, to: Point): Point[] {
  const right = to.x + GEOMETRY.boxWidth;
  if (right >= from.x) {
    // Itself or the same column: a loop on the right, entering the target's header from the right.
    const lane = right + (to.y < from.y ? LANE_UP : LANE_DOWN);
    return [from, { x: lane, y: from.y }, { x: lane, y: to.y }, { x: right, y: to.y }];
  }
  // `to` is the middle of the target's header, so its top is half a header higher.
  const above = to.y - GEOMETRY.header / 2 - ABOVE;
  const lane = from.x + LANE;
  const entry = to.x - ENTRY;
  return [from, { x: lane, y: from.y }, { x: lane, y: above }, { x: entry, y: above }, { x: entry, y: to.y }, to];
}

/** A polyline through `points` whose corners are rounded (never by more than half a segment). */
export function roundedPath(points: readonly Point[], radius: number): string {
  const [first, ...rest] = points;
  if (!first) return '';
  const parts = [`M ${first.x} ${first.y}`];
  for (let i = 0; i < rest.length; i++) {
    const corner = rest[i]!;
    const before = points[i]!;
    const after = rest[i + 1];
    if (!after) {
      parts.push(`L ${corner.x} ${corner.y}`);
      break;
    }
    const r = Math.min(radius, distance(before, corner) / 2, distance(corner, after) / 2);
    const a = toward(corner, before, r);
    const b = toward(corner, after, r);
    parts.push(`L ${a.x} ${a.y}`, `Q ${corner.x} ${corner.y} ${b.x} ${b.y}`);
  }
  return parts.join(' ');
}

const distance = (a: Point, b: Point) => Math.hypot(b.x - a.x, b.y - a.y);

/** The point `r` from `from` on the way to `to`. */
function toward(from: Point, to: Point, r: number): Point {
  const length = distance(from, to);
  if (length === 0) return from;
  return { x: from.x + ((to.x - from.x) * r) / length, y: from.y + ((to.y - from.y) * r) / length };
}
