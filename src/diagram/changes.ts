/** What changed between two steps, for highlighting. Pure. */
import type { Picture } from '../trace/picture.ts';

export interface StepChanges {
  /** Objects that appeared. */
  added: Set<string>;
  /** Objects whose reference count went up or down. */
  refcount: Map<string, number>;
  /** Variables bound or rebound, as "frameKey:name". */
  rebound: Set<string>;
}

/** Every variable of a step as "frameKey:name" → object key. */
export function variablesOf(picture: Picture): Map<string, string | null> {
  return new Map(picture.frames.flatMap((f) => f.vars.map(([n, k]) => [`${f.key}:${n}`, k] as const)));
}

export function stepChanges(picture: Picture, previous?: Picture): StepChanges {
  const changes: StepChanges = { added: new Set(), refcount: new Map(), rebound: new Set() };
  if (!previous) return changes;
  for (const [key, object] of picture.heap) {
    const old = previous.heap.get(key);
    if (!old) changes.added.add(key);
    else if (old.refcount !== null && object.refcount !== null && old.refcount !== object.refcount) {
      changes.refcount.set(key, object.refcount - old.refcount);
    }
  }
  const before = variablesOf(previous);
  for (const frame of picture.frames) {
    for (const [name, key] of frame.vars) {
      const id = `${frame.key}:${name}`;
      if (before.get(id) !== key) changes.rebound.add(id);
    }
  }
  return changes;
}
