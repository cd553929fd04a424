/**
 * The interpreter's bookkeeping, kept out of a diagram unless the reader asks for it: a class body's
 * `__module__`, `__qualname__`, `__firstlineno__`…, a class's `__dict__`/`__weakref__` descriptors,
 * and the insides of modules, classes and functions (drawn as one compact line without a count).
 * The same filtered picture feeds the drawing and its text alternative, so both say the same. Pure.
 */
import type { Picture } from '../trace/picture.ts';
import type { HeapObject } from '../trace/schema.ts';

/** Names CPython puts in every class namespace (and class body frame) for its own use. */
export const BOOKKEEPING = new Set([
  '__module__',
  '__qualname__',
  '__firstlineno__',
  '__static_attributes__',
  '__classdictcell__',
  '__classcell__',
  '__dict__',
  '__weakref__',
  '__doc__',
  '__annotate__',
  '__annotate_func__',
  '__annotations__',
  '__annotations_cache__',
  '__type_params__',
  '__orig_bases__',
]);

const COMPACT_KINDS = new Set<HeapObject['kind']>(['module', 'class', 'function']);

/** A module, class or function: drawn as one line, without its insides or a count, unless internals are shown. */
export function isCompactKind(object: HeapObject): boolean {
  return COMPACT_KINDS.has(object.kind);
}

function withoutInsides(object: HeapObject): HeapObject {
  const { attrs: _attrs, closure: _closure, ...rest } = object;
  return rest;
}

/** The picture without bookkeeping names, and with modules, classes and functions closed. */
export function hideInternals(picture: Picture): Picture {
  const heap = new Map<string, HeapObject>();
  for (const [key, object] of picture.heap) {
    if (isCompactKind(object)) heap.set(key, withoutInsides(object));
    else if (object.attrs?.some(([name]) => BOOKKEEPING.has(name)))
      heap.set(key, { ...object, attrs: object.attrs.filter(([name]) => !BOOKKEEPING.has(name)) });
    else heap.set(key, object);
  }
  const frames = picture.frames.map((frame) =>
    frame.vars.some(([name]) => BOOKKEEPING.has(name)) ? { ...frame, vars: frame.vars.filter(([name]) => !BOOKKEEPING.has(name)) } : frame,
  );
  return { ...picture, frames, heap };
}
