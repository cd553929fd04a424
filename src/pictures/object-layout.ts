/**
 * An object's bytes, field by field, as its C struct lays them out: the GC
 * pre-header (for a GC type), the header, the type's own fields, and, for a
 * list, its separate array of item slots. Built from what the engine measured
 * of one object (`ObjectMeasure`, src/build/pictures.ts) for any pointer size:
 * the engine's own (4 on wasm32), whose total must be the engine's
 * `sys.getsizeof` (`checkMeasured`), and 8, computed from the same fields for
 * 64-bit CPython. Pure: no I/O.
 */

/** What the engine measured of one object, in its own build (all sizes in bytes). */
export interface ObjectMeasure {
  /** The Python expression that made it, as the reader reads it. */
  expr: string;
  /** `type(o).__name__`. */
  type: string;
  /** `sys.getsizeof(o)`: `o.__sizeof__()` plus the pre-header. */
  getsizeof: number;
  /** `o.__sizeof__()`. */
  sizeof: number;
  /** `type(o).__basicsize__`. */
  basicsize: number;
  /** `struct.calcsize('P')`: the engine's pointer size. */
  pointer: number;
  /** `len(o)`, for a sized object. */
  length?: number;
  /** An int's `abs(o).bit_length()`. */
  bits?: number;
  /** `sys.int_info`: bits and bytes per digit of an int. */
  digitBits: number;
  digitBytes: number;
}

/** Where a field's bytes sit: before the header, in it, the type's own data, or a separate block. */
export type FieldPart = 'pre-header' | 'header' | 'data' | 'items' | 'padding';

export interface Field {
  name: string;
  bytes: number;
  part: FieldPart;
  /** What the field holds, in plain words. */
  note: string;
  /** A slot reserved but not used (a list's spare capacity). */
  spare?: boolean;
}

/** One object's layout at one pointer size: the object's own block, and a list's item array. */
export interface ObjectLayout {
  expr: string;
  type: string;
  pointer: number;
  fields: Field[];
  /** A list's item slots: a second allocation the `ob_item` field points at. */
  items: Field[];
  /** Bytes of the object's block, and of everything (what `sys.getsizeof` reports). */
  objectBytes: number;
  total: number;
}

const sum = (fields: readonly Field[]) => fields.reduce((n, f) => n + f.bytes, 0);
const roundUp = (n: number, to: number) => Math.ceil(n / to) * to;

/** The types this picture knows the fields of. */
export const DRAWN_TYPES = ['object', 'int', 'bool', 'float', 'str', 'tuple', 'list'] as const;

/** A list's reserved slots, read from the engine's figures: `__sizeof__` is the struct plus one pointer per slot. */
export function listCapacity(m: ObjectMeasure): number {
  return (m.sizeof - m.basicsize) / m.pointer;
}

/** The layout of the measured object with pointers (and Py_ssize_t, Py_hash_t, uintptr_t) of `pointer` bytes. */
export function layoutObject(m: ObjectMeasure, pointer: number): ObjectLayout {
  const preHeaderBytes = m.getsizeof - m.sizeof;
  const fields: Field[] = [];
  const items: Field[] = [];
  if (preHeaderBytes > 0) {
    if (preHeaderBytes !== 2 * m.pointer)
      throw new Error(`${m.expr}: a ${preHeaderBytes}-byte pre-header is not the GC head this picture draws`);
    fields.push(
      { name: '_gc_next', bytes: pointer, part: 'pre-header', note: 'the collector’s list: next object' },
      {
        name: '_gc_prev',
        bytes: pointer,
        part: 'pre-header',
        note: 'the collector’s list: previous object, and gc_refs during a collection',
      },
    );
  }
  fields.push(
    { name: 'ob_refcnt', bytes: pointer, part: 'header', note: 'reference count' },
    { name: 'ob_type', bytes: pointer, part: 'header', note: `pointer to the type (${m.type})` },
  );
  const length = m.length ?? 0;
  switch (m.type) {
    case 'object':
      break;
    case 'int':
    case 'bool': {
      const digits = Math.max(1, Math.ceil((m.bits ?? 0) / m.digitBits));
      fields.push({ name: 'lv_tag', bytes: pointer, part: 'data', note: 'sign and number of digits' });
      for (let i = 0; i < digits; i++)
        fields.push({ name: `ob_digit[${i}]`, bytes: m.digitBytes, part: 'data', note: `${m.digitBits} bits of the magnitude` });
      break;
    }
    case 'float':
      fields.push({ name: 'ob_fval', bytes: 8, part: 'data', note: 'the C double' });
      break;
    case 'str': {
      // Compact ASCII only: PyASCIIObject, padded to its alignment, then the characters and a NUL.
      if (m.sizeof !== m.getsizeof || m.length === undefined) throw new Error(`${m.expr}: only a compact str is drawn`);
      fields.push(
        { name: 'length', bytes: pointer, part: 'data', note: 'number of characters' },
        { name: 'hash', bytes: pointer, part: 'data', note: 'cached hash (−1 until computed)' },
        { name: 'state', bytes: 4, part: 'data', note: 'flags: interned, kind, compact, ascii' },
      );
      const padding = roundUp(sum(fields), pointer) - sum(fields);
      if (padding)
        fields.push({ name: 'padding', bytes: padding, part: 'padding', note: 'unused: the struct is rounded to pointer alignment' });
      fields.push(
        { name: 'characters', bytes: length, part: 'data', note: `${length} ASCII characters, one byte each` },
        { name: 'NUL', bytes: 1, part: 'data', note: 'terminating zero byte' },
      );
      break;
    }
    case 'tuple':
      fields.push(
        { name: 'ob_size', bytes: pointer, part: 'header', note: 'number of items' },
        { name: 'ob_hash', bytes: pointer, part: 'data', note: 'cached hash (new in 3.14)' },
      );
      for (let i = 0; i < length; i++) fields.push({ name: `ob_item[${i}]`, bytes: pointer, part: 'data', note: `reference to item ${i}` });
      break;
    case 'list': {
      fields.push(
        { name: 'ob_size', bytes: pointer, part: 'header', note: 'number of items' },
        { name: 'ob_item', bytes: pointer, part: 'data', note: 'pointer to the array of item slots' },
        { name: 'allocated', bytes: pointer, part: 'data', note: 'slots reserved' },
      );
      const capacity = listCapacity(m);
      for (let i = 0; i < capacity; i++)
        items.push(
          i < length
            ? { name: `[${i}]`, bytes: pointer, part: 'items', note: `reference to item ${i}` }
            : { name: `[${i}]`, bytes: pointer, part: 'items', note: 'reserved, not used yet', spare: true },
        );
      break;
    }
    default:
      throw new Error(`${m.expr}: no layout for a ${m.type} (drawn: ${DRAWN_TYPES.join(', ')})`);
  }
  const objectBytes = sum(fields);
  return { expr: m.expr, type: m.type, pointer, fields, items, objectBytes, total: objectBytes + sum(items) };
}

/**
 * The layout at the engine's own pointer size, after checking that its fields add up to what the engine
 * measured: the object's block to `__sizeof__` less the item array, the whole to `sys.getsizeof`.
 */
export function checkMeasured(m: ObjectMeasure): ObjectLayout {
  const layout = layoutObject(m, m.pointer);
  if (layout.total !== m.getsizeof)
    throw new Error(`${m.expr}: the fields drawn add up to ${layout.total} bytes, the engine's sys.getsizeof says ${m.getsizeof}`);
  return layout;
}

/** One field in both builds, for the text alternative: its bytes and offset in its block at each pointer size. */
export interface FieldRow {
  name: string;
  note: string;
  part: FieldPart;
  block: 'object' | 'items';
  spare: boolean;
  measured: { offset: number; bytes: number };
  computed: { offset: number; bytes: number };
}

/** The engine's layout (measured) beside the one computed for `pointer`-byte pointers, field by field. */
export function fieldRows(measured: ObjectLayout, computed: ObjectLayout): FieldRow[] {
  const rows = (block: 'object' | 'items', a: Field[], b: Field[]) => {
    let offsetA = 0;
    let offsetB = 0;
    return a.map((field, i) => {
      const other = b[i]!;
      const row: FieldRow = {
        name: field.name,
        note: field.note,
        part: field.part,
        block,
        spare: field.spare ?? false,
        measured: { offset: offsetA, bytes: field.bytes },
        computed: { offset: offsetB, bytes: other.bytes },
      };
      offsetA += field.bytes;
      offsetB += other.bytes;
      return row;
    });
  };
  // Padding exists at one pointer size and not the other (a str's struct): pair fields by name.
  const named = (fields: Field[]) => new Map(fields.map((f) => [f.name, f]));
  const objectNames = [...new Set([...measured.fields, ...computed.fields].map((f) => f.name))];
  const pick = (fields: Map<string, Field>, name: string, like: Field): Field => fields.get(name) ?? { ...like, bytes: 0 };
  const inMeasured = named(measured.fields);
  const inComputed = named(computed.fields);
  const ordered = objectNames.sort((x, y) => order(computed.fields, x) - order(computed.fields, y));
  const objectA = ordered.map((name) => pick(inMeasured, name, inComputed.get(name)!));
  const objectB = ordered.map((name) => pick(inComputed, name, inMeasured.get(name)!));
  return [...rows('object', objectA, objectB), ...rows('items', measured.items, computed.items)];
}

const order = (fields: Field[], name: string) => {
  const i = fields.findIndex((f) => f.name === name);
  return i < 0 ? fields.length : i;
};
