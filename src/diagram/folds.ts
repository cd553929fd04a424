/**
 * Long runs folded: the middle of a long chain (a linked list of 190 nodes) drawn as one "… N more"
 * box, so a large graph keeps a readable size instead of wrapping into dozens of bands. Pure.
 *
 * A run is a path of objects of one type where each next object has exactly one referrer among the
 * objects (its previous one) and is that object's only such reference: a list's `next` chain, not a
 * tree's two children. It is found on the union of every step's graph (what layout.ts lays out), so
 * what is folded is decided once for the whole trace and nothing jumps while stepping. The run keeps
 * its first `FOLD.head` and last `FOLD.tail` objects; the middle folds, with what only it refers to
 * (each node's value drawn as a box), even where a variable refers to it at some step: its arrow then
 * ends at the fold's box, as an arrow to a folded node does.
 */

import type { Box } from './layout.ts';

export const FOLD = {
  /** Runs at least this long fold their middle. */
  minRun: 16,
  /** Objects kept drawn at the run's start and at its end. */
  head: 3,
  tail: 2,
} as const;

export interface Fold {
  /** The folded box's key (never an object's: objects' keys are the tracer's). */
  key: string;
  /** The folded middle of the run. */
  spine: Set<string>;
  /** Everything folded: the spine and what only it refers to. */
  members: Set<string>;
  /** The type the run's objects share (an instance's class). */
  type: string;
}

/** The graph folds are found in: each object's references (target, row) and edges that close a cycle (`from→to`). */
export interface FoldGraph {
  edges: ReadonlyMap<string, readonly (readonly [string, number])[]>;
  back: ReadonlySet<string>;
  /** Every object, in the order first seen. */
  order: readonly string[];
  typeOf: (key: string) => string;
}

/** The folds of a graph's long runs, and which fold each folded object is in. */
export function findFolds(graph: FoldGraph): { folds: Fold[]; foldOf: Map<string, Fold> } {
  const referrers = new Map<string, Set<string>>();
  for (const [from, out] of graph.edges)
    for (const [to] of out) {
      if (graph.back.has(`${from}→${to}`) || from === to) continue;
      const set = referrers.get(to) ?? new Set<string>();
      set.add(from);
      referrers.set(to, set);
    }
  const next = new Map<string, string>();
  for (const key of graph.order) {
    const candidates = new Set<string>();
    for (const [to] of graph.edges.get(key) ?? [])
      if (!graph.back.has(`${key}→${to}`) && to !== key && graph.typeOf(to) === graph.typeOf(key) && referrers.get(to)?.size === 1)
        candidates.add(to);
    if (candidates.size === 1) next.set(key, [...candidates][0]!);
  }
  const hasPrevious = new Set(next.values());
  const folds: Fold[] = [];
  const foldOf = new Map<string, Fold>();
  // The objects a run keeps drawn at its ends (its tail is referred to from the fold alone, yet stays).
  const kept = new Set<string>();
  for (const start of graph.order) {
    if (hasPrevious.has(start) || !next.has(start)) continue;
    const run = [start];
    const inRun = new Set(run);
    for (let at = next.get(start); at !== undefined && !inRun.has(at); at = next.get(at)) {
      run.push(at);
      inRun.add(at);
    }
    if (run.length < FOLD.minRun) continue;
    const spine = run.slice(FOLD.head, run.length - FOLD.tail);
    for (const key of [...run.slice(0, FOLD.head), ...run.slice(run.length - FOLD.tail)]) kept.add(key);
    const fold: Fold = { key: `fold:${spine[0]}`, spine: new Set(spine), members: new Set(spine), type: graph.typeOf(start) };
    folds.push(fold);
    for (const key of spine) foldOf.set(key, fold);
  }
  // What only folded objects refer to (a node's value drawn as a box) folds with them, until nothing more does.
  for (let grew = folds.length > 0; grew; ) {
    grew = false;
    for (const key of graph.order) {
      if (foldOf.has(key) || kept.has(key)) continue;
      const from = referrers.get(key);
      if (!from || from.size === 0) continue;
      const owners = new Set([...from].map((k) => foldOf.get(k)));
      const [owner] = owners;
      if (owners.size === 1 && owner) {
        owner.members.add(key);
        foldOf.set(key, owner);
        grew = true;
      }
    }
  }
  return { folds, foldOf };
}

/** The folded middle of a long run at one step: one box, "… N more", in the place the fold has for the whole trace. */
export interface FoldView extends Box {
  /** The run's objects alive at this step and folded. */
  count: number;
  /** Their type (an instance's class). */
  type: string;
  /** Other folded objects alive at this step: what only the folded run refers to. */
  others: number;
}

/** What one fold box stands for, in words: "35 Node objects of a long chain (and the 35 objects only they refer to)". */
export function foldPhrase(fold: Pick<FoldView, 'count' | 'type' | 'others'>): string {
  const run = `${fold.count} ${fold.type} object${fold.count === 1 ? '' : 's'} of a long chain`;
  return fold.others > 0 ? `${run} (and the ${fold.others} object${fold.others === 1 ? '' : 's'} only they refer to)` : run;
}

/** The text alternative's part on folds: what a step's folded boxes hold, or nothing when none is drawn. */
export function foldsSentence(folds: readonly FoldView[]): string {
  if (folds.length === 0) return '';
  return `Drawn folded, each as one "… N more" box: ${folds.map(foldPhrase).join('; ')}.`;
}
