/**
 * What differs when one program runs on several Pythons (the compare view):
 * its output line by line, and at each line run on every version (the same
 * line's n-th run), each variable's object: its reference count, its size,
 * its flags, and whether two names share one object. Pure, so it is tested on
 * real traces of each version (engine/versions.test.ts).
 */
import { expandTrace, type Picture } from '../trace/picture.ts';
import type { HeapObject, Trace } from '../trace/schema.ts';

export interface VersionRun {
  /** The version's name as the reader reads it, e.g. "3.14". */
  label: string;
  output: string;
  /** Null when the version ran untraced or its run failed before a trace. */
  trace: Trace | null;
}

export interface Difference {
  /** What differs, e.g. "refcount of local in f()". */
  what: string;
  /** The line about to run where it shows, or the program's end (null for output). */
  line: number | 'end' | null;
  /** Each version's value, in the order of the runs. */
  values: { label: string; value: string }[];
  /** The step (0-based) of each version's diagram where it shows, by label. */
  steps: Record<string, number>;
}

/** Most differences listed: the first of each kind says what changed; the rest repeat it. */
export const MAX_DIFFERENCES = 12;

const OUTPUT_LINES = 200;

interface Aspect {
  name: string;
  value: (object: HeapObject, trace: Trace) => string | null;
}

const SCALARS = new Set<HeapObject['kind']>(['int', 'float', 'complex', 'bool', 'str', 'bytes', 'none']);

/** What is compared of each variable's object; null: this version cannot tell (the trace's `unreported`). */
const ASPECTS: Aspect[] = [
  { name: 'type', value: (o) => o.type },
  { name: 'refcount', value: (o) => (o.refcount === null ? 'immortal' : String(o.refcount)) },
  { name: 'size', value: (o) => (o.size === undefined ? null : `${o.size} bytes`) },
  { name: 'small-int cache', value: (o) => (o.kind === 'int' ? (o.smallInt ? 'cached' : 'not cached') : null) },
  {
    name: 'interned',
    value: (o, trace) => (o.kind !== 'str' || trace.unreported?.includes('interned') ? null : o.interned ? 'interned' : 'not interned'),
  },
  // Scalars are never described as tracked or not; for everything else an absent flag means untracked.
  { name: 'collector tracking', value: (o) => (SCALARS.has(o.kind) ? null : o.tracked ? 'tracked' : 'not tracked') },
];

function outputDifferences(runs: readonly VersionRun[]): Difference[] {
  const lines = runs.map((run) => run.output.split('\n'));
  const count = Math.min(OUTPUT_LINES, Math.max(...lines.map((l) => l.length)));
  const found: Difference[] = [];
  for (let i = 0; i < count; i++) {
    const values = runs.map((run, r) => ({ label: run.label, value: lines[r]![i] ?? '(no line)' }));
    if (new Set(values.map((v) => v.value)).size > 1) {
      const steps = Object.fromEntries(runs.flatMap((run) => (run.trace ? [[run.label, run.trace.steps.length - 1]] : [])));
      found.push({ what: `output line ${i + 1}`, line: null, values, steps });
    }
  }
  return found;
}

/** Each line step by "line:nth run", and the end, the picture's index. */
function lineSteps(pictures: readonly Picture[]): Map<string, number> {
  const seen = new Map<number, number>();
  const steps = new Map<string, number>();
  pictures.forEach((picture, index) => {
    const { event, line } = picture.step;
    if (event === 'end') steps.set('end', index);
    if (event !== 'line') return;
    const nth = (seen.get(line) ?? 0) + 1;
    seen.set(line, nth);
    steps.set(`${line}:${nth}`, index);
  });
  return steps;
}

/** A frame's variables by "frame / name", each with its object's key. */
function variablesOf(picture: Picture): Map<string, { frame: string; name: string; key: string }> {
  const vars = new Map<string, { frame: string; name: string; key: string }>();
  for (const frame of picture.frames) {
    for (const [name, key] of frame.vars) {
      if (key !== null) vars.set(`${frame.name}/${name}`, { frame: frame.name, name, key });
    }
  }
  return vars;
}

const where = (frame: string) => (frame === '<module>' ? '' : ` in ${frame}()`);

function variableDifferences(runs: readonly VersionRun[]): Difference[] {
  const traced = runs.filter((run): run is VersionRun & { trace: Trace } => run.trace !== null);
  if (traced.length < 2) return [];
  const pictures = traced.map((run) => expandTrace(run.trace));
  const steps = pictures.map(lineSteps);
  const found: Difference[] = [];
  const reported = new Set<string>();
  for (const [at] of steps[0]!) {
    if (!steps.every((s) => s.has(at))) continue;
    const shown = traced.map((_, r) => pictures[r]![steps[r]!.get(at)!]!);
    const stepsOf = Object.fromEntries(traced.map((run, r) => [run.label, steps[r]!.get(at)!]));
    const line = at === 'end' ? 'end' : shown[0]!.step.line;
    const vars = shown.map(variablesOf);
    const names = [...vars[0]!.keys()].filter((name) => vars.every((v) => v.has(name)));
    for (const name of names) {
      const { frame, name: variable } = vars[0]!.get(name)!;
      for (const aspect of ASPECTS) {
        const id = `${name}|${aspect.name}`;
        if (reported.has(id)) continue;
        const values = traced.map((run, r) => {
          const object = shown[r]!.heap.get(vars[r]!.get(name)!.key);
          // A module's count and size are the interpreter's business (each version imports differently).
          return { label: run.label, value: object && object.kind !== 'module' ? aspect.value(object, run.trace) : null };
        });
        const told = values.filter((v) => v.value !== null);
        if (told.length < 2 || new Set(told.map((v) => v.value)).size < 2) continue;
        reported.add(id);
        found.push({
          what: `${aspect.name} of ${variable}${where(frame)}`,
          line,
          values: values.map((v) => ({ label: v.label, value: v.value ?? 'not reported' })),
          steps: stepsOf,
        });
      }
    }
    // Two names, one object on some versions and two on others (a cache, interning…).
    for (let i = 0; i < names.length; i++) {
      for (let j = i + 1; j < names.length; j++) {
        const [a, b] = [names[i]!, names[j]!];
        const id = `${a}&${b}`;
        if (reported.has(id)) continue;
        const same = vars.map((v) => v.get(a)!.key === v.get(b)!.key);
        if (same.every((s) => s === same[0])) continue;
        reported.add(id);
        const [first, second] = [vars[0]!.get(a)!, vars[0]!.get(b)!];
        found.push({
          what: `${first.name}${where(first.frame)} and ${second.name}${where(second.frame)}`,
          line,
          values: traced.map((run, r) => ({ label: run.label, value: same[r] ? 'one object' : 'two objects' })),
          steps: stepsOf,
        });
      }
    }
  }
  return found;
}

/** The differences between the runs of one program on several versions: output first, then objects, in program order. */
export function versionDifferences(runs: readonly VersionRun[]): Difference[] {
  if (runs.length < 2) return [];
  return [...outputDifferences(runs), ...variableDifferences(runs)];
}

/** A difference in one line: "refcount of local in f(), line 7: 3.12 2 · 3.13 1 · …". */
export function differencePhrase(difference: Difference): string {
  const at = difference.line === null ? '' : difference.line === 'end' ? ', at the end' : `, line ${difference.line}`;
  return `${difference.what}${at}: ${difference.values.map((v) => `${v.label} ${v.value}`).join(' · ')}`;
}
