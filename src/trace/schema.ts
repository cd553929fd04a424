/**
 * The trace format (version 4: version 3 plus `unreported`, what an older CPython cannot tell): what the tracer (src/engine/python/tracer.py)
 * records of the steps of a reader's program: every step up to its step budget,
 * then a sample (a step's `skipped` counts the steps run but not drawn before it),
 * and always the final state. Shared by the engine, the
 * diagrams, exercises, tests and the CLI; imports nothing heavy.
 *
 * Steps are stored as deltas: a step's `heap` holds only objects that are new
 * or changed since the previous step, and `removed` the keys that left the
 * picture. `pictureAt` (picture.ts) rebuilds the full picture of any step.
 */
import { z } from 'zod';

import { TRACE_VERSION } from './version.ts';

/** An object key ("o12"), stable for one object across the whole trace; null when not shown (cap). */
const ObjectRef = z.string().nullable();

/** Why CPython's reference count differs from the references drawn, where it can be known. */
export const RefcountReason = z.object({
  /**
   * constant: held by the program's compiled code (co_consts / names);
   * compact: held inside an object the diagram shows closed (function, class, module…);
   * unlisted: held by a container's items left out of the picture past its object budget;
   * init-self: the object under construction, also held by the call to its class;
   * resurrected: the object whose __del__ is running, given a count of 1 again by its deallocator for the call;
   * exception: the exception being raised or handled;
   * argument: an argument in flight to the newest call;
   * iterator: probably a running for-loop's iterator, or a value on the interpreter's stack;
   * hidden: references from places the tracer cannot see;
   * borrowed: fewer counted than drawn — CPython 3.14 lets a frame borrow a reference it does not count;
   * frame-locals: CPython 3.12's dict of a function's locals, kept on its frame once anything (the tracer,
   * locals(), a debugger) reads them; 3.13 reads them through a proxy instead (PEP 667).
   */
  kind: z.enum([
    'constant',
    'compact',
    'frame-locals',
    'unlisted',
    'init-self',
    'resurrected',
    'exception',
    'argument',
    'iterator',
    'hidden',
    'borrowed',
  ]),
  /** How many references this reason accounts for (negative for borrowed). */
  count: z.number().int(),
});

export const HeapObject = z.object({
  /** CPython's id() of the object (its address). */
  id: z.number().int(),
  /** Type name, e.g. "list" or a class name. */
  type: z.string(),
  /** What the diagram draws. */
  kind: z.enum([
    'int',
    'float',
    'complex',
    'bool',
    'str',
    'bytes',
    'none',
    'list',
    'tuple',
    'set',
    'frozenset',
    'dict',
    'instance',
    'function',
    'class',
    'module',
    'generator',
    'coroutine',
    'builtin',
    'other',
  ]),
  /** sys.getsizeof in bytes (absent when the class overrides __sizeof__: the tracer never runs it). */
  size: z.number().int().optional(),
  /**
   * The real repr, for scalars only (bools by name). A str or bytes longer than the tracer's
   * maxRepr shows its true start and end around "…", quoted as the whole repr would be.
   */
  repr: z.string().optional(),
  /** Exact length of a str, bytes or container. */
  length: z.number().int().optional(),
  /** Items of a list/tuple/set/frozenset: all of them, or the first maxItems − 2 when longer than maxItems. */
  items: z.array(ObjectRef).optional(),
  /** The last items of a container longer than maxItems (its true end; its indices count back from `length`). */
  tail: z.array(ObjectRef).optional(),
  /** Entries of a dict as [key, value]: all of them, or the first maxItems − 2 when longer than maxItems. */
  entries: z.array(z.tuple([ObjectRef, ObjectRef])).optional(),
  /** The last entries of a dict longer than maxItems. */
  tailEntries: z.array(z.tuple([ObjectRef, ObjectRef])).optional(),
  /** Items or entries listed in neither the head nor the tail (length − head − tail). */
  more: z.number().int().optional(),
  /** Attributes of an instance ([name, ref]), from __dict__ and __slots__. */
  attrs: z.array(z.tuple([z.string(), ObjectRef])).optional(),
  /** The instance's class name. */
  class: z.string().optional(),
  /** True when the class replaces __dict__ with something the tracer will not call. */
  hiddenAttributes: z.boolean().optional(),
  /** A subclass of a built-in container. */
  subclass: z.boolean().optional(),
  /** Function, class, module or generator name. */
  name: z.string().optional(),
  /** Values a function's closure cells hold ([free variable name, ref]). */
  closure: z.array(z.tuple([z.string(), ObjectRef])).optional(),
  /** Generator state. */
  state: z.enum(['created', 'running', 'suspended', 'closed']).optional(),
  /** PEP 683 immortal object: its count never changes (refcount is null). */
  immortal: z.boolean().optional(),
  /** An interned str (sys._is_interned). */
  interned: z.boolean().optional(),
  /** An int from the small-int cache (−5..256; −5..1024 from 3.15, as measured by the tracer). */
  smallInt: z.boolean().optional(),
  /** Tracked by the cyclic garbage collector. */
  tracked: z.boolean().optional(),
  /** Alive, but no frame reaches it (e.g. a cycle waiting for the collector). */
  unreachable: z.boolean().optional(),
  /** CPython's reference count (ob_refcnt) at this step, without the tracer's own; null if immortal. */
  refcount: z.number().int().nullable(),
  /** References drawn to it in this picture (variables and slots). */
  drawn: z.number().int(),
  /** Why refcount and drawn differ (sums to refcount − drawn). */
  reasons: z.array(RefcountReason).optional(),
});

/** A variable: [name, ref] or [name, ref, 1] when it lives in a closure cell. */
const Variable = z.union([z.tuple([z.string(), ObjectRef]), z.tuple([z.string(), ObjectRef, z.literal(1)])]);

export const Frame = z.object({
  /** Stable key of the frame while it lives. */
  key: z.string(),
  /** "<module>" or the function's qualified name. */
  name: z.string(),
  /** The frame's current line. */
  line: z.number().int(),
  /** Variables in definition order. */
  vars: z.array(Variable),
  /** A generator's frame. */
  generator: z.boolean().optional(),
});

export const OutputChunk = z.object({ stream: z.enum(['stdout', 'stderr']), text: z.string() });

export const TraceEvent = z.discriminatedUnion('kind', [
  /** An object died (its key leaves the picture). */
  z.object({ kind: z.literal('freed'), key: z.string(), type: z.string() }),
  /** The cyclic collector ran (automatically or by gc.collect()). */
  z.object({
    kind: z.literal('gc'),
    generation: z.number().int().nullable().optional(),
    collected: z.number().int().nullable().optional(),
    uncollectable: z.number().int().nullable().optional(),
  }),
]);

export const Step = z.object({
  /** Steps the program ran between the previous step drawn and this one that are not drawn (past the step budget). */
  skipped: z.number().int().positive().optional(),
  /**
   * line: about to run `line`; call: a function (or resumed generator) starts;
   * return: a function returns (or yields) `returnValue`; exception: `exception` was raised;
   * end: the program finished (after its last line); limit: the time limit stopped it here.
   */
  event: z.enum(['line', 'call', 'return', 'exception', 'end', 'limit']),
  line: z.number().int(),
  /** Oldest (module) first. */
  frames: z.array(Frame),
  /** Objects new or changed since the previous step. */
  heap: z.record(z.string(), HeapObject),
  /** Keys no longer in the picture. */
  removed: z.array(z.string()).optional(),
  returnValue: ObjectRef.optional(),
  exception: z.object({ type: z.string(), key: ObjectRef }).optional(),
  /** Frames left out between the module frame and the newest ones. */
  hiddenFrames: z.number().int().optional(),
  /** Objects not described because of the per-picture cap (their containers count them in `more`). */
  truncatedObjects: z.number().int().optional(),
  /** Output written since the previous step. */
  output: z.array(OutputChunk).optional(),
  /** What happened since the previous step. */
  events: z.array(TraceEvent).optional(),
});

const ProgramError = z.object({
  kind: z.enum(['syntax', 'exception', 'input']),
  type: z.string(),
  message: z.string(),
  line: z.number().int().nullable(),
  column: z.number().int().nullable().optional(),
  endColumn: z.number().int().nullable().optional(),
  traceback: z.string(),
});

export const TraceEnd = z.object({
  /**
   * How the program ended; `limit`: the tracer's time limit ended it (the only limit that ends a program;
   * `seconds` says how long it was). `interrupted` with a `reason` means
   * the page stopped the engine (timeout or the reader's Stop): the trace holds the steps streamed until then.
   */
  status: z.enum(['ok', 'error', 'exit', 'interrupted', 'limit']),
  error: ProgramError.optional(),
  exitCode: z.union([z.number(), z.string(), z.null()]).optional(),
  limit: z.literal('time').optional(),
  /** The time limit that ended the program, in seconds. */
  seconds: z.number().optional(),
  reason: z.enum(['timeout', 'stopped']).optional(),
  durationMs: z.number(),
  outputChars: z.number().int(),
  droppedChars: z.number().int(),
  /** Output written after the last step (e.g. by __del__ as the program's namespace is cleared). */
  output: z.array(OutputChunk).optional(),
  /** Set if the tracer itself failed: the program ran on untraced from that point. */
  tracerError: z.string().optional(),
});

export const Trace = z.object({
  version: z.literal(TRACE_VERSION),
  /** CPython version that made the trace, e.g. "3.14.2". */
  python: z.string(),
  /** 4 in the browser engine (wasm32), 8 on 64-bit desktop CPython. */
  pointerSize: z.number().int(),
  /**
   * What this CPython cannot report, so the trace leaves it out rather than guessing:
   * `interned` before 3.13 (no sys._is_interned), `immortal` where neither sys._is_immortal
   * (3.14) nor a 32-bit build's immortal count can tell. Absent: everything is reported.
   */
  unreported: z.array(z.enum(['immortal', 'interned'])).optional(),
  end: TraceEnd,
  stats: z.object({
    /** Steps recorded (drawn). */
    steps: z.number().int(),
    /** Steps the program ran: those drawn and those counted in the gaps (`skipped`). */
    stepsRun: z.number().int(),
    /** Time spent making pictures. */
    snapshotMs: z.number(),
  }),
  steps: z.array(Step),
});

export type Trace = z.infer<typeof Trace>;
export type TraceEnd = z.infer<typeof TraceEnd>;
export type Step = z.infer<typeof Step>;
export type HeapObject = z.infer<typeof HeapObject>;
export type Frame = z.infer<typeof Frame>;
export type TraceEvent = z.infer<typeof TraceEvent>;
export type RefcountReason = z.infer<typeof RefcountReason>;
