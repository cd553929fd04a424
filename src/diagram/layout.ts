/**
 * Diagram layout: a pure function from a whole trace to positions for every
 * step. A layered drawing of the heap graph (Sugiyama's steps, kept small
 * enough to run in a frame): the graph laid out is the union of every step's,
 * so each object has one place for the whole trace and never moves while the
 * reader steps; a box reserves the largest size it ever has, and two objects
 * share space only when their lives do not overlap, so boxes never overlap.
 *
 * 1. Cycles: a depth-first walk from the frames' variables (in order, each
 *    object's slots in order) finds the edges that close a cycle; they are
 *    left out of the layering (and drawn dashed at the steps where they
 *    really close one).
 * 2. Layers: each object's column is its longest path from a frame, so every
 *    other arrow points right: a chain reads left to right, a tree as a tree.
 * 3. Order: within a column, objects follow their first referrer's slot
 *    (items in item order, a node's children in attribute order), each
 *    aligned with that referrer's top, pushed down past the boxes above.
 * 4. Wrapping: past `columns` columns (`columnsFor` the box's width, never
 *    fewer than `GEOMETRY.columns`) the layers continue in a new
 *    band below, so a long chain wraps like text instead of running off the
 *    box.
 *
 * elkjs was measured for this (the note on issue 24) and not used: ~480 KB
 * gzipped against the lesson page's JavaScript budget, and asynchronous,
 * while the server-rendered first diagram and hydration need the layout
 * synchronously.
 */

import { expandTrace, type Picture } from '../trace/picture.ts';
import type { Frame, HeapObject, Trace } from '../trace/schema.ts';
import { type Fold, type FoldView, findFolds } from './folds.ts';
import { BOOKKEEPING, isCompactKind } from './internals.ts';

export interface LayoutOptions {
  /** Draw ints, floats, strings, None… inside the slot that refers to them instead of as boxes. */
  inlineScalars: boolean;
  /**
   * Draw the interpreter's bookkeeping (a class's `__module__`, `__qualname__`…) and modules, classes
   * and functions in full with their counts. Off: they are one compact line each (internals.ts).
   */
  internals?: boolean;
  /**
   * Heap columns per band before the layers wrap (`columnsFor` a box's width). Default: `GEOMETRY.columns`,
   * what the server renders, so a box narrower than that many columns at full size draws the same.
   */
  columns?: number;
  /** Fold the middle of long runs (a long linked list) into one "… N more" box each (folds.ts). */
  fold?: boolean;
}

export const GEOMETRY = {
  frameX: 8,
  frameWidth: 190,
  heapX: 240,
  columnWidth: 220,
  boxWidth: 180,
  header: 24,
  row: 22,
  gap: 16,
  top: 18,
  /** Containers longer than this show their first and last items around an "N more" row. */
  maxRows: 10,
  headRows: 6,
  tailRows: 2,
  /** Frames longer than this (with `fold`) show their first and last names around an "N more names" row. */
  maxFrameRows: 16,
  frameHeadRows: 10,
  frameTailRows: 4,
  /** Heap columns per band: past them the layers wrap to a new band below (fits a lesson's box at 75 %). */
  columns: 3,
  /** Space between two bands, where a wrapping arrow runs. */
  bandGap: 28,
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

export type { FoldView } from './folds.ts';

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
  /** A module, class or function drawn as one line, without its count (internals hidden). */
  compact?: boolean;
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
  /** The reference closes a cycle at this step (its target leads back to its owner): drawn dashed. */
  cycle: boolean;
}

export interface StepLayout {
  frames: FrameView[];
  objects: ObjectView[];
  /** Folded runs with something alive in them at this step (none unless `LayoutOptions.fold`). */
  folds: FoldView[];
  /** Names left out of long frames at this step ("… N more names"; none unless `LayoutOptions.fold`). */
  hiddenNames: number;
  arrows: Arrow[];
}

export interface DiagramLayout {
  width: number;
  height: number;
  steps: StepLayout[];
  /** Objects folded somewhere in the trace (0 unless `LayoutOptions.fold`): what unfolding would draw. */
  folded: number;
  /** The most names a long frame leaves out at any step (0 unless `LayoutOptions.fold`). */
  hiddenNames: number;
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
  else if (object.attrs)
    rows = object.attrs.filter(([name]) => options.internals || !BOOKKEEPING.has(name)).map(([name, k]) => slot(name, k));
  else if (object.closure) rows = object.closure.map(([name, k]) => slot(name, k));
  return rows.map((row) => fitRow(row, GEOMETRY.boxWidth));
}

function boxHeight(rows: number): number {
  return GEOMETRY.header + Math.max(rows, 1) * GEOMETRY.row;
}

/** An object's life in the trace and what it reserves: first and last step drawn (a ghost's step included), largest height. */
interface Life {
  first: number;
  last: number;
  height: number;
}

/** The union of every step's drawn graph: each object's references in slot order, and the frames' variables in order. */
interface UnionGraph {
  /** Object key → [target key, row index] in the order first seen. */
  edges: Map<string, [string, number][]>;
  /** Objects a frame refers to, top to bottom, with the y of the highest frame row that refers to each. */
  roots: { key: string; y: number }[];
  /** Every object, in the order it first appeared. */
  order: string[];
}

/** `from→to` edges that close a cycle in a depth-first walk from the roots (then from anything left, oldest first). */
function cycleEdges(graph: UnionGraph): Set<string> {
  const state = new Map<string, 1 | 2>();
  const back = new Set<string>();
  const walk = (start: string) => {
    if (state.has(start)) return;
    const stack: { key: string; next: number }[] = [{ key: start, next: 0 }];
    state.set(start, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const out = graph.edges.get(top.key) ?? [];
      if (top.next >= out.length) {
        state.set(top.key, 2);
        stack.pop();
        continue;
      }
      const [target] = out[top.next++]!;
      const seen = state.get(target);
      if (seen === 1) back.add(`${top.key}→${target}`);
      else if (seen === undefined) {
        state.set(target, 1);
        stack.push({ key: target, next: 0 });
      }
    }
  };
  for (const { key } of graph.roots) walk(key);
  for (const key of graph.order) walk(key);
  return back;
}

/** Each object's layer (1 = next to the frames): its longest path from a root over the edges that close no cycle. */
function layersOf(graph: UnionGraph, back: Set<string>): Map<string, number> {
  const incoming = new Map<string, number>(graph.order.map((k) => [k, 0]));
  for (const [from, out] of graph.edges)
    for (const [to] of out) if (!back.has(`${from}→${to}`)) incoming.set(to, (incoming.get(to) ?? 0) + 1);
  const layer = new Map<string, number>(graph.order.map((k) => [k, 1]));
  const ready = graph.order.filter((k) => incoming.get(k) === 0);
  while (ready.length > 0) {
    const key = ready.pop()!;
    for (const [to] of graph.edges.get(key) ?? []) {
      if (back.has(`${key}→${to}`)) continue;
      layer.set(to, Math.max(layer.get(to)!, layer.get(key)! + 1));
      const left = incoming.get(to)! - 1;
      incoming.set(to, left);
      if (left === 0) ready.push(to);
    }
  }
  return layer;
}

/**
 * An object that refers to nothing (a value drawn as a box, None) never opens a band of its own: when
 * its layer would start a new band, it stays in its deepest referrer's column, below it, so a tree's
 * leaf values hang under the leaves instead of wrapping to a row of their own.
 */
function keepSinksInBand(graph: UnionGraph, back: Set<string>, layer: Map<string, number>, columns: number): void {
  const deepest = new Map<string, number>();
  for (const [from, out] of graph.edges)
    for (const [to] of out) if (!back.has(`${from}→${to}`)) deepest.set(to, Math.max(deepest.get(to) ?? 0, layer.get(from)!));
  for (const key of graph.order) {
    const l = layer.get(key)!;
    const parent = deepest.get(key);
    if ((graph.edges.get(key)?.length ?? 0) === 0 && parent !== undefined && l === parent + 1 && (l - 1) % columns === 0)
      layer.set(key, parent);
  }
}

interface Place {
  x: number;
  y: number;
}

/**
 * Where each object sits for the whole trace: its layer's column (wrapped into bands), and within it
 * below the boxes placed before it whose lives overlap its own.
 */
function placeObjects(graph: UnionGraph, back: Set<string>, life: Map<string, Life>, columns: number): Map<string, Place> {
  const layer = layersOf(graph, back);
  const { gap } = GEOMETRY;
  keepSinksInBand(graph, back, layer, columns);
  // The slot each object is first referred to from (its parent in a tree), by layer.
  const referrers = new Map<string, { from: string; row: number }[]>();
  for (const [from, out] of graph.edges)
    for (const [to, row] of out) {
      if (back.has(`${from}→${to}`)) continue;
      const list = referrers.get(to) ?? [];
      list.push({ from, row });
      referrers.set(to, list);
    }
  const rootY = new Map(graph.roots.map(({ key, y }) => [key, y]));
  const firstSeen = new Map(graph.order.map((k, i) => [k, i]));

  const byLayer = new Map<number, string[]>();
  for (const key of graph.order) {
    const l = layer.get(key)!;
    byLayer.set(l, [...(byLayer.get(l) ?? []), key]);
  }
  const layers = Math.max(0, ...byLayer.keys());
  // y within its band, for every object placed so far.
  const relative = new Map<string, number>();
  const bandHeights: number[] = [];
  const columnBoxes = new Map<number, { key: string; y: number; bottom: number; life: Life }[]>();
  for (let l = 1; l <= layers; l++) {
    const band = Math.floor((l - 1) / columns);
    // Where each object of the layer wants to be: level with the top of its referrer, and its sort key (the slot's own y).
    const wants = (byLayer.get(l) ?? []).map((key) => {
      let best = { sort: Number.POSITIVE_INFINITY, y: 0 };
      for (const { from, row } of referrers.get(key) ?? []) {
        const top = relative.get(from);
        if (top === undefined) continue;
        const sort = top + GEOMETRY.header + row * GEOMETRY.row;
        if (sort < best.sort) best = { sort, y: top };
      }
      // Else level with the frame's row that refers to it (the frames start at the first band's top too).
      const framed = band === 0 ? rootY.get(key) : undefined;
      if (framed !== undefined && !Number.isFinite(best.sort)) best = { sort: framed - GEOMETRY.top, y: framed - GEOMETRY.top };
      return { key, ...best };
    });
    // Objects that refer on (a chain's next node, a tree's children) take their places first, so a chain
    // stays level; what refers to nothing (a value drawn as a box) hangs below them, still in slot order.
    const sink = (key: string) => ((graph.edges.get(key)?.length ?? 0) === 0 ? 1 : 0);
    wants.sort((a, b) => sink(a.key) - sink(b.key) || a.sort - b.sort || firstSeen.get(a.key)! - firstSeen.get(b.key)!);
    const boxes = columnBoxes.get(l) ?? [];
    columnBoxes.set(l, boxes);
    for (const want of wants) {
      const span = life.get(want.key)!;
      let y = Number.isFinite(want.sort) ? want.y : 0;
      // Push down past every box of this column alive at the same time, until none overlaps.
      const rivals = boxes.filter((b) => b.life.first <= span.last && span.first <= b.life.last).sort((a, b) => a.y - b.y);
      for (const rival of rivals) if (y < rival.bottom + gap && rival.y < y + span.height + gap) y = rival.bottom + gap;
      boxes.push({ key: want.key, y, bottom: y + span.height, life: span });
      relative.set(want.key, y);
      bandHeights[band] = Math.max(bandHeights[band] ?? 0, y + span.height);
    }
  }
  // A band after the first starts at its highest box (the first band's boxes stay level with the frames' rows).
  const bandStarts = bandHeights.map((_, b) => (b === 0 ? 0 : Number.POSITIVE_INFINITY));
  for (const key of graph.order) {
    const band = Math.floor((layer.get(key)! - 1) / columns);
    bandStarts[band] = Math.min(bandStarts[band]!, relative.get(key)!);
  }
  const bandTops: number[] = [];
  let top: number = GEOMETRY.top;
  for (let b = 0; b < bandHeights.length; b++) {
    bandTops.push(top - bandStarts[b]!);
    top += (bandHeights[b] ?? 0) - bandStarts[b]! + GEOMETRY.bandGap;
  }
  const places = new Map<string, Place>();
  for (const key of graph.order) {
    const l = layer.get(key)! - 1;
    const band = Math.floor(l / columns);
    places.set(key, { x: GEOMETRY.heapX + (l % columns) * GEOMETRY.columnWidth, y: bandTops[band]! + relative.get(key)! });
  }
  return places;
}

/** A frame's row as drawn: a variable, or how many variables a long frame leaves out at that place. */
type FrameRow = Frame['vars'][number] | { more: number };

/**
 * A frame's rows as drawn: its variables without the interpreter's bookkeeping unless internals are
 * shown; with `fold`, a frame of very many names keeps its first and last around one "… N more names"
 * row, and what only the names left out refer to is not drawn at that step (the text alternative names
 * them all).
 */
function shownVars(vars: Frame['vars'], options: LayoutOptions): FrameRow[] {
  const shown = options.internals ? vars : vars.filter(([name]) => !BOOKKEEPING.has(name));
  const { maxFrameRows, frameHeadRows, frameTailRows } = GEOMETRY;
  if (!options.fold || shown.length <= maxFrameRows) return shown;
  return [...shown.slice(0, frameHeadRows), { more: shown.length - frameHeadRows - frameTailRows }, ...shown.slice(-frameTailRows)];
}

/** Frames: stacked top to bottom, oldest first. */
function frameViews(picture: Picture, options: LayoutOptions): FrameView[] {
  const frames: FrameView[] = [];
  let y: number = GEOMETRY.top;
  for (const frame of picture.frames) {
    const rows = shownVars(frame.vars, options).map((row) =>
      'more' in row
        ? { label: '', text: `… ${row.more} more names` }
        : fitRow(slotRow(row[0], row[1], picture.heap, options), GEOMETRY.frameWidth),
    );
    const h = boxHeight(rows.length);
    frames.push({ key: frame.key, name: frame.name, rows, x: GEOMETRY.frameX, y, width: GEOMETRY.frameWidth, height: h });
    y += h + GEOMETRY.gap;
  }
  return frames;
}

/**
 * The heap columns a box `boxWidth` px wide holds at full size, never fewer than `GEOMETRY.columns`
 * (a narrower box draws those and fits them by zoom, as the server-rendered diagram does): a wide
 * playground or embed wraps a chain at its own width. Pure.
 */
export function columnsFor(boxWidth: number): number {
  const { heapX, columnWidth, boxWidth: box, loopRoom, columns } = GEOMETRY;
  // n columns span heapX + (n − 1)·columnWidth + box + loopRoom.
  return Math.max(columns, Math.floor((boxWidth - heapX - box - loopRoom) / columnWidth) + 1);
}

/** Lays out every step of a trace. */
export function layoutTrace(trace: Trace, options: LayoutOptions): DiagramLayout {
  return layoutPictures(expandTrace(trace), options);
}

/**
 * Lays out a trace's pictures (`expandTrace`), leaving out what `hideInternals` leaves out of a
 * picture's description unless `options.internals`.
 */
export function layoutPictures(pictures: readonly Picture[], options: LayoutOptions): DiagramLayout {
  const cache: DrawnCache = new WeakMap();
  const stamps = new Map<string, number>();
  const visible: string[][] = [];
  const drawnAt = (step: number, key: string) => cache.get(pictures[step]!.heap.get(key)!)!;

  // Life span and largest height of every object, and the union graph, over the whole trace.
  const life = new Map<string, Life>();
  const graph: UnionGraph = { edges: new Map(), roots: [], order: [] };
  const rootRows = new Map<string, number>();
  const seenDrawn = new WeakSet<Drawn>();
  const types = new Map<string, string>();
  let height = 0;
  let hiddenNames = 0;
  pictures.forEach((picture, step) => {
    const { heap } = picture;
    const keys = visibleObjects(picture, options, cache, stamps, step);
    visible.push(keys);
    for (const key of keys) {
      const drawn = drawnAt(step, key);
      const { rows, compact } = drawn;
      const h = compact ? GEOMETRY.header : boxHeight(rows.length);
      const seen = life.get(key);
      if (seen) {
        seen.last = step;
        seen.height = Math.max(seen.height, h);
      } else {
        life.set(key, { first: step, last: step, height: h });
        graph.order.push(key);
        const object = heap.get(key)!;
        types.set(key, object.kind === 'instance' ? (object.class ?? object.type) : object.type);
      }
      // An object unchanged since an earlier step (the pictures share it, so its drawing) adds no reference that step did not.
      if (seenDrawn.has(drawn)) continue;
      seenDrawn.add(drawn);
      const out = graph.edges.get(key) ?? [];
      graph.edges.set(key, out);
      rows.forEach((row, i) => {
        if (row.target && heap.has(row.target) && !out.some(([t]) => t === row.target)) out.push([row.target, i]);
      });
    }
    // The frames' rows, where frameViews will draw them: the highest row referring to each object.
    let y: number = GEOMETRY.top;
    for (const frame of picture.frames) {
      const vars = shownVars(frame.vars, options);
      vars.forEach((row, i) => {
        if ('more' in row) {
          hiddenNames = Math.max(hiddenNames, row.more);
          return;
        }
        const key = row[1];
        const rowY = y + GEOMETRY.header + i * GEOMETRY.row;
        if (key !== null && stamps.get(key) === step && !(rowY >= (rootRows.get(key) ?? Number.POSITIVE_INFINITY))) rootRows.set(key, rowY);
      });
      y += boxHeight(vars.length) + GEOMETRY.gap;
    }
    height = Math.max(height, y);
  });
  // The module's variables first, top to bottom; then what no frame reaches (a cycle waiting for the collector).
  graph.roots = [...rootRows].map(([key, y]) => ({ key, y })).sort((a, b) => a.y - b.y);
  // A freed object stays one more step, as a ghost.
  pictures.forEach((picture, step) => {
    for (const event of picture.events) {
      const seen = event.kind === 'freed' ? life.get(event.key) : undefined;
      if (seen && seen.last === step - 1) seen.last = step;
    }
  });
  const found = options.fold
    ? findFolds({ ...graph, back: cycleEdges(graph), typeOf: (key) => types.get(key) ?? '' })
    : { folds: [], foldOf: new Map<string, Fold>() };
  const { foldOf } = found;
  // What is placed and drawn: each folded object's fold box in its stead.
  const shownKey = (key: string) => foldOf.get(key)?.key ?? key;
  const drawnGraph = foldOf.size > 0 ? foldGraph(graph, shownKey) : graph;
  for (const fold of found.folds) {
    const spans = [...fold.members].map((k) => life.get(k)!);
    life.set(fold.key, {
      first: Math.min(...spans.map((l) => l.first)),
      last: Math.max(...spans.map((l) => l.last)),
      height: boxHeight(1),
    });
  }
  const back = cycleEdges(drawnGraph);
  const placed = placeObjects(drawnGraph, back, life, options.columns ?? GEOMETRY.columns);

  const stepAt = (step: number): StepLayout => {
    const picture = pictures[step]!;
    const stepFrames = frameViews(picture, options);

    const objects: ObjectView[] = [];
    const shown = new Set(visible[step]!);
    const view = (key: string, object: HeapObject, rows: Row[], compact: boolean): ObjectView => {
      const p = placed.get(key)!;
      return {
        key,
        object,
        rows,
        x: p.x,
        y: p.y,
        width: GEOMETRY.boxWidth,
        height: compact ? GEOMETRY.header : boxHeight(rows.length),
        ...(compact ? { compact } : {}),
      };
    };
    // Folded objects alive at this step, by fold: counted in their fold's box, their references leaving from it.
    const inFolds = new Map<Fold, string[]>();
    for (const key of shown) {
      const fold = foldOf.get(key);
      if (fold) {
        const keys = inFolds.get(fold);
        if (keys) keys.push(key);
        else inFolds.set(fold, [key]);
        continue;
      }
      const { rows, compact } = drawnAt(step, key);
      objects.push(view(key, picture.heap.get(key)!, rows, compact));
    }
    const folds: FoldView[] = [...inFolds].map(([fold, keys]) => {
      const p = placed.get(fold.key)!;
      const count = keys.filter((k) => fold.spine.has(k)).length;
      return {
        key: fold.key,
        x: p.x,
        y: p.y,
        width: GEOMETRY.boxWidth,
        height: boxHeight(1),
        count,
        type: fold.type,
        others: keys.length - count,
      };
    });
    // Ghosts of objects that died since the previous step.
    const previous = step > 0 ? pictures[step - 1]! : undefined;
    for (const event of picture.events) {
      if (event.kind !== 'freed' || shown.has(event.key)) continue;
      const before = previous?.heap.get(event.key);
      const drawn = step > 0 && visible[step - 1]!.includes(event.key) ? drawnAt(step - 1, event.key) : undefined;
      if (!before || !placed.has(event.key) || !drawn || foldOf.has(event.key)) continue;
      objects.push({ ...view(event.key, before, drawn.rows, drawn.compact), freed: true });
    }

    const boxes = new Map<string, Box>([...objects.filter((o) => !o.freed), ...folds].map((o) => [o.key, o]));
    const arrows: Arrow[] = [];
    const connect = (owner: Box, rows: Row[], source: string) => {
      rows.forEach((row, i) => {
        const target = row.target ? boxes.get(shownKey(row.target)) : undefined;
        if (!target) return;
        const y0 = owner.y + GEOMETRY.header + i * GEOMETRY.row + GEOMETRY.row / 2;
        arrows.push({
          from: { x: owner.x + owner.width - 6, y: y0 },
          to: { x: target.x, y: target.y + GEOMETRY.header / 2 },
          target: target.key,
          source,
          row: i,
          cycle: false,
        });
      });
    };
    for (const frame of stepFrames) connect(frame, frame.rows, frame.key);
    for (const object of objects) if (!object.freed) connect(object, object.rows, object.key);
    // A fold's box has one row ("… N more"): one arrow from it to each box its folded objects refer to.
    for (const [fold, keys] of inFolds) {
      const targets = new Set(keys.flatMap((k) => drawnAt(step, k).rows.flatMap((r) => (r.target ? [shownKey(r.target)] : []))));
      targets.delete(fold.key);
      connect(
        boxes.get(fold.key)!,
        [...targets].map((target) => ({ label: '', target })),
        fold.key,
      );
    }
    markCycles(arrows, back);
    const hidden = picture.frames.reduce((n, f) => n + shownVars(f.vars, options).reduce((m, r) => m + ('more' in r ? r.more : 0), 0), 0);
    return { frames: stepFrames, objects, folds, hiddenNames: hidden, arrows };
  };

  let width: number = GEOMETRY.heapX;
  for (const [key, p] of placed) {
    width = Math.max(width, p.x + GEOMETRY.boxWidth + GEOMETRY.loopRoom);
    height = Math.max(height, p.y + life.get(key)!.height + GEOMETRY.gap);
  }
  const folded = found.folds.reduce((n, fold) => n + fold.members.size, 0);
  return { width, height, steps: lazySteps(pictures.length, stepAt), folded, hiddenNames };
}

/** The union graph as drawn with folds: each folded object replaced by its fold's box, references inside a fold dropped. */
function foldGraph(graph: UnionGraph, shownKey: (key: string) => string): UnionGraph {
  const edges = new Map<string, [string, number][]>();
  for (const [from, out] of graph.edges) {
    const source = shownKey(from);
    const list = edges.get(source) ?? [];
    edges.set(source, list);
    for (const [to, row] of out) {
      const target = shownKey(to);
      if (target !== source && !list.some(([t]) => t === target)) list.push([target, source === from ? row : 0]);
    }
  }
  const roots = new Map<string, number>();
  for (const { key, y } of graph.roots) roots.set(shownKey(key), Math.min(y, roots.get(shownKey(key)) ?? Number.POSITIVE_INFINITY));
  return {
    edges,
    roots: [...roots].map(([key, y]) => ({ key, y })).sort((a, b) => a.y - b.y),
    order: [...new Set(graph.order.map(shownKey))],
  };
}

/**
 * An array of `length` steps, each laid out when first read (and kept): the places are decided for
 * the whole trace up front, so a step's boxes and arrows are only what it draws, and a long trace
 * opens without building every step the reader may never look at.
 */
function lazySteps(length: number, stepAt: (step: number) => StepLayout): StepLayout[] {
  const steps: StepLayout[] = [];
  for (let i = 0; i < length; i++) {
    Object.defineProperty(steps, i, {
      enumerable: true,
      configurable: true,
      get() {
        const step = stepAt(i);
        Object.defineProperty(steps, i, { value: step, enumerable: true, writable: false });
        return step;
      },
    });
  }
  return steps;
}

/** Marks the arrows that close a cycle at their step: one of the layout's cycle edges whose target leads back to its owner. */
function markCycles(arrows: Arrow[], back: Set<string>): void {
  const out = new Map<string, string[]>();
  for (const a of arrows) {
    const targets = out.get(a.source);
    if (targets) targets.push(a.target);
    else out.set(a.source, [a.target]);
  }
  const reaches = (from: string, to: string) => {
    const seen = new Set([from]);
    const queue = [from];
    while (queue.length > 0) {
      const key = queue.pop()!;
      if (key === to) return true;
      for (const next of out.get(key) ?? [])
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
    }
    return false;
  };
  for (const arrow of arrows) if (back.has(`${arrow.source}→${arrow.target}`) && reaches(arrow.target, arrow.source)) arrow.cycle = true;
}

interface Drawn {
  rows: Row[];
  compact: boolean;
}

/**
 * How an object is drawn, by object: a picture shares the objects that did not change with the step
 * before, and an unchanged object has unchanged rows (what its slots refer to is immutable when drawn
 * inline), so a long trace computes each object's rows once, not once per step.
 */
type DrawnCache = WeakMap<HeapObject, Drawn>;

/**
 * The keys of the objects drawn at one step (reachable from a frame, or alive but unreachable), in
 * the order a breadth-first walk meets them; each object's drawing is left in `cache`. `stamps`
 * (shared by every step) marks an object met at `step`, so no step allocates a set of its own.
 */
function visibleObjects(picture: Picture, options: LayoutOptions, cache: DrawnCache, stamps: Map<string, number>, step: number): string[] {
  const keys: string[] = [];
  const visit = (key: string | null) => {
    if (key === null || stamps.get(key) === step) return;
    const object = picture.heap.get(key);
    if (!object) return;
    if (options.inlineScalars && isScalar(object)) return;
    stamps.set(key, step);
    if (!cache.has(object)) {
      const compact = !options.internals && isCompactKind(object);
      cache.set(object, { rows: compact ? [] : objectRows(object, picture.heap, options), compact });
    }
    keys.push(key);
  };
  for (const frame of picture.frames) for (const row of shownVars(frame.vars, options)) if (!('more' in row)) visit(row[1]);
  for (const [key, object] of picture.heap) if (object.unreachable) visit(key);
  for (let next = 0; next < keys.length; next++) {
    for (const row of cache.get(picture.heap.get(keys[next]!)!)!.rows) if (row.target) visit(row.target);
  }
  return keys;
}
