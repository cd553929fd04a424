/**
 * What common objects ask the allocator for on 64-bit desktop CPython 3.14
 * (8-byte pointers, GIL build). Every figure follows the documented object
 * layouts and matches what `sys.getsizeof` reports there; the engine (wasm32,
 * 4-byte pointers) prints smaller numbers for the same objects.
 *
 * A garbage-collected object (list, tuple, dict) is allocated together with
 * its 16-byte GC header in one request; a list's item array is a second,
 * separate request.
 */

/** One call to the allocator. */
export interface Request {
  /** Bytes requested. */
  nbytes: number;
  /** What the memory is for, e.g. "list object". */
  part: string;
}

/** A kind of object a reader can allocate in the explorer. */
export interface Preset {
  id: string;
  /** Shown in the picker, e.g. "an int, like 1000". */
  label: string;
  /** Short name for the allocation list, e.g. "int". */
  name: string;
  /** The allocator calls that creating one such object makes, in order. */
  requests: Request[];
  /** Where the bytes come from. */
  note: string;
}

export const PRESETS: readonly Preset[] = [
  {
    id: 'int',
    label: 'an int, like 1000 (28 bytes)',
    name: 'int',
    requests: [{ nbytes: 28, part: 'int object' }],
    note: 'header 16 + size-and-sign field 8 + one 30-bit digit 4',
  },
  {
    id: 'float',
    label: 'a float, like 2.5 (24 bytes)',
    name: 'float',
    requests: [{ nbytes: 24, part: 'float object' }],
    note: 'header 16 + one C double 8',
  },
  {
    id: 'str',
    label: "a short str, 'hello' (46 bytes)",
    name: "str 'hello'",
    requests: [{ nbytes: 46, part: 'str object' }],
    note: 'ASCII string header 40 + 5 characters + a terminating zero',
  },
  {
    id: 'dict',
    label: 'an empty dict (64 bytes)',
    name: 'empty dict',
    requests: [{ nbytes: 64, part: 'dict object' }],
    note: 'GC header 16 + dict object 48; an empty dict shares one empty key table',
  },
  {
    id: 'tuple3',
    label: 'a 3-item tuple (72 bytes)',
    name: '3-item tuple',
    requests: [{ nbytes: 72, part: 'tuple object' }],
    note: 'GC header 16 + header and length 24 + cached hash 8 + 3 item pointers 24',
  },
  {
    id: 'list3',
    label: 'a 3-item list [1, 2, 3] (56 + 32 bytes)',
    name: 'list [1, 2, 3]',
    requests: [
      { nbytes: 56, part: 'list object' },
      { nbytes: 32, part: 'item array (4 slots)' },
    ],
    note: 'GC header 16 + list object 40, then a separate array of 4 item pointers (one spare)',
  },
  {
    id: 'list100',
    label: 'a 100-item list (56 + 800 bytes)',
    name: '100-item list',
    requests: [
      { nbytes: 56, part: 'list object' },
      { nbytes: 800, part: 'item array (100 slots)' },
    ],
    note: 'a small list object whose item array is too big for pymalloc',
  },
  {
    id: 'bytes479',
    label: 'a 479-byte bytes (512 bytes)',
    name: '479-byte bytes',
    requests: [{ nbytes: 512, part: 'bytes object' }],
    note: 'bytes header 32 + 479 bytes + a terminating zero: the largest small request',
  },
  {
    id: 'bytes600',
    label: 'a 600-byte bytes (633 bytes)',
    name: '600-byte bytes',
    requests: [{ nbytes: 633, part: 'bytes object' }],
    note: 'bytes header 32 + 600 bytes + a terminating zero: over the 512-byte threshold',
  },
];

/** The most a reader may request in one go in the explorer (a 1 GiB request would mean nothing more). */
export const MAX_CUSTOM_REQUEST = 1_000_000;

/**
 * Reads a custom request size typed by the reader. Returns the size or a
 * message saying what is wrong with the input.
 */
export function parseRequestSize(text: string): { ok: true; nbytes: number } | { ok: false; message: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: 'Type a size in bytes, for example 100.' };
  if (!/^\d+$/.test(trimmed)) return { ok: false, message: `“${trimmed}” is not a whole number of bytes.` };
  const nbytes = Number(trimmed);
  if (nbytes < 1) return { ok: false, message: 'A request needs at least 1 byte.' };
  if (nbytes > MAX_CUSTOM_REQUEST) {
    return {
      ok: false,
      message: `Keep it to ${MAX_CUSTOM_REQUEST.toLocaleString('en')} bytes or less: anything over 512 goes to the system allocator anyway.`,
    };
  }
  return { ok: true, nbytes };
}
