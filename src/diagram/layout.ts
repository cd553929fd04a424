/**
 * Diagram layout: a pure function from a whole trace to positions for every
 * step. Positions are decided once per object for the trace, so an object
 * never moves while the reader steps; a box reserves the largest size it ever
 * has, and a slot is reused only by an object whose life starts after the
 * previous occupant's ended, so boxes never overlap.
 */

import { expandTrace, type Picture } from '../trace/picture.ts';
import type { HeapObject, Trace } from '../trace/schema.ts';

export interface LayoutOptions {
  /** Draw ints, floats, strings, None… inside the slot that refers to them instead of as boxes. */
  inlineScalars: boolean;
}

export const GEOMETRY = {
  frameX: 8,
  frameWidth: 190,
  heapX: 250,
  columnWidth: 230,
  boxWidth: 180,
  header: 24,
  row: 22,
  gap: 16,
  top: 18,
  /** Containers longer than this show their first and last items around an "N more" row. */
  maxRows: 10,
  headRows: 6,
  tailRows: 2,
  maxColumns: 4,
  /** Room right of the last column for the loop of an object that refers to itself (see arrows.ts). */
  loopRoom: 24,
} as const;

const SCALAR_KINDS = new Set(['int', 'float', 'complex', 'bool', 'str', 'bytes', 'none']);

export function isScalar(object: HeapObject): boolean {
  return SCALAR_KINDS.has(object.kind);
}

/** One row of a box: a label and what it refers to. */
export interface Row {
  label: string;
  /** Key of the object this row points to, if drawn as an arrow. */
  target?: string;
  /** Text drawn in the slot instead of an arrow (inline scalar, "N more"). */
  text?: string;
  /** The row's whole label and text when either was cut to fit (a tooltip). */
  full?: string;
}

export interface Box {
  key: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ObjectView extends Box {
  object: HeapObject;
  rows: Row[];
  /** Died at this step: drawn as a ghost. */
  freed?: boolean;
}

export interface FrameView extends Box {
  name: string;
  rows: Row[];
}

export interface Arrow {
  /** Where it starts: the right edge of a frame's or object's row. */
  from: { x: number; y: number };
  to: { x: number; y: number };
  /** Key of the target object. */
  target: string;
  /** Owner key (frame or object) and row index, for highlighting. */
  source: string;
  row: number;
}

export interface StepLayout {
  frames: FrameView[];
  objects: ObjectView[];
  arrows: Arrow[];
}

export interface DiagramLayout {
  width: number;
  height: number;
  steps: StepLayout[];
}

/** Width of one character of the diagram's 12px monospace text (0.6em), for fitting text in a box. */
export const CHAR_WIDTH = 7.2;

/**
 * `text` in at most `chars` characters: whole, or its true start and end around "…" (a repr's
 * closing quote stays, so the reader sees where the value ends). Pure.
 */
export function fitText(text: string, chars: number): string {
  if (text.length <= chars) return text;
  if (chars <= 1) return '…';
  const tail = Math.max(1, Math.floor((chars - 1) / 3));
  return `${text.slice(0, chars - 1 - tail)}…${text.slice(text.length - tail)}`;
}

/** A row whose label and text fit a box `width` wide; the whole text, when cut, is kept as `full`. */
function fitRow(row: Row, width: number): Row {
  const room = Math.floor((width - 20) / CHAR_WIDTH);
  const text = row.text ?? '';
  // A dot (arrow start) takes the place of text; labels give way only past half the room.
  const textChars = row.target !== undefined ? 2 : text.length;
  let { label } = row;
  if (label.length + 1 + textChars > room) label = fitText(label, Math.max(room - 1 - textChars, Math.ceil(room / 2)));
  const textRoom = room - label.length - 1;
  const fitted = row.text === undefined ? undefined : fitText(row.text, textRoom);
  if (label === row.label && fitted === row.text) return row;
  const full = `${row.label}${row.label && row.text ? ': ' : ''}${row.text ?? ''}`;
  return { ...row, label, ...(fitted === undefined ? {} : { text: fitted }), full };
}

/** A variable's or slot's row: an arrow to `key`, or the value itself when scalars are drawn inline. */
function slotRow(label: string, key: string | null, heap: Map<string, HeapObject>, options: LayoutOptions): Row {
  if (key === null) return { label, text: '…' };
  const target = heap.get(key);
  if (options.inlineScalars && target && isScalar(target)) return { label, text: target.repr ?? target.type };
  return { label, target: key };
}

/** How a dict's key reads as the label of its row: its repr, a tuple of scalars, or its type. */
function keyLabel(key: string | null, heap: Map<string, HeapObject>): string {
  const object = key === null ? undefined : heap.get(key);
  if (!object) return '…';
  if (object.repr !== undefined) return object.repr;
  if (object.kind === 'tuple' && object.items && !object.more) {
    const parts = object.items.map((k) => (k === null ? undefined : heap.get(k)?.repr));
    if (parts.every((p) => p !== undefined)) return `(${parts.join(', ')}${parts.length === 1 ? ',' : ''})`;
  }
  return `‹${object.type}›`;
}

/** Rows of a list, tuple, set or dict: the items the tracer listed (head and true tail), indexed as in Python. */
function containerRows(object: HeapObject, slot: (label: string, key: string | null) => Row, heap: Map<string, HeapObject>): Row[] {
  const labelAt = (i: number) => (object.kind === 'set' || object.kind === 'frozenset' ? '•' : String(i));
  let head: Row[];
  let tail: Row[];
  if (object.entries) {
    head = object.entries.map(([k, v]) => slot(keyLabel(k, heap), v));
    tail = (object.tailEntries ?? []).map(([k, v]) => slot(keyLabel(k, heap), v));
  } else {
    const items = object.items ?? [];
    const length = object.length ?? items.length + (object.tail?.length ?? 0) + (object.more ?? 0);
    const tailItems = object.tail ?? [];
    head = items.map((k, i) => slot(labelAt(i), k));
    tail = tailItems.map((k, j) => slot(labelAt(length - tailItems.length + j), k));
  }
  const more = object.more ?? 0;
  const { maxRows, headRows, tailRows } = GEOMETRY;
  if (more === 0 && head.length + tail.length <= maxRows) return [...head, ...tail];
  // The tail drawn is the container's true end: the tracer's tail, or the head's end when it listed every item.
  const end = tail.length > 0 ? tail.slice(-tailRows) : more === 0 ? head.slice(-tailRows) : [];
  const start = head.slice(0, headRows);
  const hidden = head.length + tail.length + more - start.length - end.length;
  return [...start, { label: '', text: `… ${hidden} more` }, ...end];
}

/** Rows of an object's box (long containers collapsed to head, "N more", true tail), fitted to its width. */
export function objectRows(object: HeapObject, heap: Map<string, HeapObject>, options: LayoutOptions): Row[] {
  const slot = (label: string, key: string | null) => slotRow(label, key, heap, options);
  let rows: Row[] = [];
  if (object.items || object.entries) rows = containerRows(object, slot, heap);
  else if (object.attrs) rows = object.attrs.map(([name, k]) => slot(name, k));
  else if (object.closure) rows = object.closure.map(([name, k]) => slot(name, k));
  return rows.map((row) => fitRow(row, GEOMETRY.boxWidth));
}

function boxHeight(rows: number): number {
  return GEOMETRY.header + Math.max(rows, 1) * GEOMETRY.row;
}

interface Placement {
  column: number;
  y: number;
  height: number;
}

/** Lays out every step of a trace. */
export function layoutTrace(trace: Trace, options: LayoutOptions): DiagramLayout {
  const pictures = expandTrace(trace);
  const visible = pictures.map((picture) => visibleObjects(picture, options));

  // Life span, largest height and first depth of every object, over the whole trace.
  const life = new Map<string, { first: number; last: number; height: number; depth: number }>();
  visible.forEach((objects, step) => {
    for (const [key, { rows, depth }] of objects) {
      const height = boxHeight(rows.length);
      const seen = life.get(key);
      if (seen) {
        seen.last = step;
        seen.height = Math.max(seen.height, height);
      } else life.set(key, { first: step, last: step, height, depth });
    }
  });
  // A freed object stays one more step, as a ghost.
  pictures.forEach((picture, step) => {
    for (const event of picture.events) {
      const seen = event.kind === 'freed' ? life.get(event.key) : undefined;
      if (seen && seen.last === step - 1) seen.last = step;
    }
  });

  // Slots per column, reused only after the previous occupant's life ended.
  const columns: { y: number; height: number; freeAfter: number }[][] = [];
  const placed = new Map<string, Placement>();
  const order = [...life.entries()].sort((a, b) => a[1].first - b[1].first);
  for (const [key, span] of order) {
    const column = Math.min(Math.max(span.depth, 1), GEOMETRY.maxColumns) - 1;
    const slots = columns[column] ?? [];
    columns[column] = slots;
    let slot = slots.find((s) => s.freeAfter < span.first && s.height >= span.height);
    if (!slot) {
      const last = slots[slots.length - 1];
      slot = { y: last ? last.y + last.height + GEOMETRY.gap : GEOMETRY.top, height: span.height, freeAfter: -1 };
      slots.push(slot);
    }
    slot.freeAfter = span.last;
    placed.set(key, { column, y: slot.y, height: span.height });
  }

  // Frames: stacked top to bottom, oldest first; each keeps its place while it lives.
  let height = 0;
  const steps = pictures.map((picture, step): StepLayout => {
    const frames: FrameView[] = [];
    let y = GEOMETRY.top;
    for (const frame of picture.frames) {
      const rows = frame.vars.map(([name, key]) => fitRow(slotRow(name, key, picture.heap, options), GEOMETRY.frameWidth));
      const h = boxHeight(rows.length);
      frames.push({ key: frame.key, name: frame.name, rows, x: GEOMETRY.frameX, y, width: GEOMETRY.frameWidth, height: h });
      y += h + GEOMETRY.gap;
    }
    height = Math.max(height, y);

    const objects: ObjectView[] = [];
    const shown = visible[step]!;
    for (const [key, { rows }] of shown) {
      const p = placed.get(key)!;
      const object = picture.heap.get(key)!;
      objects.push({
        key,
        object,
        rows,
        x: GEOMETRY.heapX + p.column * GEOMETRY.columnWidth,
        y: p.y,
        width: GEOMETRY.boxWidth,
        height: boxHeight(rows.length),
      });
    }
    // Ghosts of objects that died since the previous step.
    const previous = step > 0 ? pictures[step - 1]! : undefined;
    for (const event of picture.events) {
      if (event.kind !== 'freed' || shown.has(event.key)) continue;
      const before = previous?.heap.get(event.key);
      const p = placed.get(event.key);
      if (!before || !p || !visible[step - 1]!.has(event.key)) continue;
      const rows = visible[step - 1]!.get(event.key)!.rows;
      objects.push({
        key: event.key,
        object: before,
        rows,
        freed: true,
        x: GEOMETRY.heapX + p.column * GEOMETRY.columnWidth,
        y: p.y,
        width: GEOMETRY.boxWidth,
        height: boxHeight(rows.length),
      });
    }

    const boxes = new Map(objects.filter((o) => !o.freed).map((o) => [o.key, o]));
    const arrows: Arrow[] = [];
    const connect = (owner: Box, rows: Row[], source: string) => {
      rows.forEach((row, i) => {
        const target = row.target ? boxes.get(row.target) : undefined;
        if (!target) return;
        const y0 = owner.y + GEOMETRY.header + i * GEOMETRY.row + GEOMETRY.row / 2;
        arrows.push({
          from: { x: owner.x + owner.width - 6, y: y0 },
          to: { x: target.x, y: target.y + GEOMETRY.header / 2 },
          target: target.key,
          source,
          row: i,
        });
      });
    };
    for (const frame of frames) connect(frame, frame.rows, frame.key);
    for (const object of objects) if (!object.freed) connect(object, object.rows, object.key);
    return { frames, objects, arrows };
  });

  let width: number = GEOMETRY.heapX;
  for (const p of placed.values())
    width = Math.max(width, GEOMETRY.heapX + p.column * GEOMETRY.columnWidth + GEOMETRY.boxWidth + GEOMETRY.loopRoom);
  for (const column of columns) {
    const last = column[column.length - 1];
    if (last) height = Math.max(height, last.y + last.height + GEOMETRY.gap);
  }
  return { width, height, steps };
}

/** Objects drawn at one step, with their rows and depth (distance from a frame). */
function visibleObjects(picture: Picture, options: LayoutOptions): Map<string, { rows: Row[]; depth: number }> {
  const result = new Map<string, { rows: Row[]; depth: number }>();
  const queue: [string, number][] = [];
  const visit = (key: string | null, depth: number) => {
    if (key === null || result.has(key)) return;
    const object = picture.heap.get(key);
    if (!object) return;
    if (options.inlineScalars && isScalar(object)) return;
    result.set(key, { rows: objectRows(object, picture.heap, options), depth });
    queue.push([key, depth]);
  };
  for (const frame of picture.frames) for (const [, key] of frame.vars) visit(key, 1);
  // Unreachable objects (no frame reaches them) are drawn too, from the first column.
  for (const [key, object] of picture.heap) if (object.unreachable) visit(key, 1);
  while (queue.length > 0) {
    const [key, depth] = queue.shift()!;
    for (const row of result.get(key)!.rows) if (row.target) visit(row.target, depth + 1);
  }
  return result;
}
