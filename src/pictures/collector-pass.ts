/**
 * The cycle collector's pass, step by step, over a real picture of a
 * program's memory (a trace step where a cycle is unreachable): copy each
 * tracked object's reference count into gc_refs, subtract one for every
 * reference from inside the group, call what stays at zero tentatively
 * unreachable, then restore everything reachable from an object still above
 * zero. What is left is the garbage; `passOver` checks it against the
 * tracer's own finding (its `unreachable` flags). Pure: no I/O.
 */
import type { Picture } from '../trace/picture.ts';
import type { HeapObject } from '../trace/schema.ts';

/** Where an object stands at a step of the pass. */
export type PassStatus = 'unknown' | 'counted' | 'tentative' | 'reachable' | 'unreachable';

export interface PassStep {
  stage: 'copy' | 'subtract' | 'tentative' | 'restore' | 'result';
  /** What happens at this step, in plain words. */
  text: string;
  /** gc_refs of each object in the group (absent before the copy). */
  gcRefs: Record<string, number>;
  status: Record<string, PassStatus>;
  /** The reference this step follows: its owner and target keys. */
  edge?: { from: string; to: string };
  /** The object this step is about. */
  focus?: string;
}

export interface CollectorPass {
  /** The group examined: tracked containers in the picture, in picture order. */
  group: string[];
  /** A name per object ("list a"), for the words and the table. */
  labels: Record<string, string>;
  steps: PassStep[];
  /** What the pass finds unreachable (the garbage). */
  garbage: string[];
}

const CONTAINERS = new Set(['list', 'tuple', 'dict', 'set', 'instance']);

/** Keys an object refers to, in order: items, entries (keys and values), attributes, closure cells. */
export function referencesOf(object: HeapObject): string[] {
  const refs = [
    ...(object.items ?? []),
    ...(object.tail ?? []),
    ...(object.entries ?? []).flat(),
    ...(object.tailEntries ?? []).flat(),
    ...(object.attrs ?? []).map(([, ref]) => ref),
    ...(object.closure ?? []).map(([, ref]) => ref),
  ];
  return refs.filter((ref): ref is string => ref !== null);
}

/** Each object's last variable name in the pictures up to `picture` (a deleted name still says which object it was). */
export function lastNames(pictures: readonly Picture[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const picture of pictures) for (const frame of picture.frames) for (const [name, key] of frame.vars) if (key) names.set(key, name);
  return names;
}

/**
 * The pass over `picture`'s tracked containers. `names`: a variable name per object key (lastNames).
 * Throws when the picture's objects cannot be accounted for (a count the tracer could not read).
 */
export function passOver(picture: Picture, names: ReadonlyMap<string, string> = new Map()): CollectorPass {
  const group = [...picture.heap].filter(([, o]) => o.tracked && CONTAINERS.has(o.kind)).map(([key]) => key);
  const inGroup = new Set(group);
  const labels: Record<string, string> = {};
  group.forEach((key, i) => {
    const o = picture.heap.get(key)!;
    const name = names.get(key);
    labels[key] = name ? `${o.type} ${name}` : `${o.type} #${i + 1}`;
  });
  const steps: PassStep[] = [];
  const gcRefs: Record<string, number> = {};
  const status: Record<string, PassStatus> = Object.fromEntries(group.map((key) => [key, 'unknown' as PassStatus]));
  const push = (step: Omit<PassStep, 'gcRefs' | 'status'>) => steps.push({ ...step, gcRefs: { ...gcRefs }, status: { ...status } });

  for (const key of group) {
    const count = picture.heap.get(key)!.refcount;
    if (count === null) throw new Error(`${labels[key]}: no reference count to copy (immortal)`);
    gcRefs[key] = count;
    status[key] = 'counted';
  }
  push({
    stage: 'copy',
    text: `Copy each object's reference count into gc_refs: ${group.map((k) => `${labels[k]} ${gcRefs[k]}`).join(', ')}.`,
  });

  for (const from of group)
    for (const to of referencesOf(picture.heap.get(from)!)) {
      if (!inGroup.has(to)) continue;
      gcRefs[to]! -= 1;
      push({
        stage: 'subtract',
        text: `${labels[from]} refers to ${labels[to]}, a reference from inside the group: ${labels[to]}'s gc_refs goes down to ${gcRefs[to]}.`,
        edge: { from, to },
        focus: to,
      });
    }

  const zero = group.filter((key) => gcRefs[key] === 0);
  for (const key of group) status[key] = gcRefs[key]! > 0 ? 'reachable' : 'tentative';
  push({
    stage: 'tentative',
    text:
      `Above zero, a count comes from outside the group (a variable): ${listOf(group.filter((k) => gcRefs[k]! > 0).map((k) => labels[k]!))} reachable. ` +
      `At zero: ${listOf(zero.map((k) => labels[k]!))} tentatively unreachable.`,
  });

  const queue = group.filter((key) => status[key] === 'reachable');
  while (queue.length) {
    const from = queue.shift()!;
    for (const to of referencesOf(picture.heap.get(from)!)) {
      if (!inGroup.has(to) || status[to] !== 'tentative') continue;
      status[to] = 'reachable';
      queue.push(to);
      push({
        stage: 'restore',
        text: `${labels[from]} is reachable and refers to ${labels[to]}: ${labels[to]} is reachable after all, though its gc_refs was 0.`,
        edge: { from, to },
        focus: to,
      });
    }
  }

  const garbage = group.filter((key) => status[key] === 'tentative');
  for (const key of garbage) status[key] = 'unreachable';
  push({
    stage: 'result',
    text: garbage.length
      ? `What is still tentative is garbage: ${listOf(garbage.map((k) => labels[k]!))}. The collector clears their references, and counting frees them.`
      : 'Everything was restored: the collector finds no garbage here.',
  });
  return { group, labels, steps, garbage };
}

const listOf = (names: string[]) => (names.length ? names.join(', ') : 'none');

/** Where the pass and the tracer disagree about what is unreachable (empty when they agree). */
export function disagreements(picture: Picture, pass: CollectorPass): string[] {
  const flagged = pass.group.filter((key) => picture.heap.get(key)!.unreachable);
  const found = new Set(pass.garbage);
  return [
    ...flagged.filter((k) => !found.has(k)).map((k) => `${pass.labels[k]}: the tracer finds it unreachable, the pass keeps it`),
    ...pass.garbage
      .filter((k) => !picture.heap.get(k)!.unreachable)
      .map((k) => `${pass.labels[k]}: the pass finds it garbage, the tracer reaches it`),
  ];
}

/** What the engine's collector collected at the first collection after step `index` (null: none in the trace). */
export function collectedAfter(pictures: readonly Picture[], index: number): number | null {
  for (const picture of pictures.slice(index + 1))
    for (const event of picture.events) if (event.kind === 'gc') return event.collected ?? null;
  return null;
}
