/**
 * Diagram questions: a predict question about the memory diagram rather than the
 * printed output ("after line 4 runs, how many references does the list have?").
 * The answer is read from the program's real trace at build time, so no author
 * types it: these pure functions find the picture the question is about, read the
 * answer from it, and pick the author's choice that says it (content/AUTHORING.md).
 */
import { layoutTrace } from '../diagram/layout.ts';
import { expandTrace, type Picture, variable } from '../trace/picture.ts';
import type { Trace } from '../trace/schema.ts';

/** What a diagram question asks, from the quiz file's `diagram:` frontmatter. */
export interface DiagramAsk {
  /** The picture right after this line's first execution has finished. */
  line: number;
  /** refcount: the badge of the object `name` refers to; objects: how many objects are drawn; freed: whose objects the line freed. */
  ask: 'refcount' | 'objects' | 'freed';
  /** For refcount: the variable (innermost frame that has it). */
  name?: string;
}

/** The engine's answer: the step the diagram opens on, and what it shows there. */
export interface DiagramAnswer {
  /** Index of the step (the picture) the question is about. */
  step: number;
  /** refcount and objects: the number (or "immortal"); freed: the names (or types) of the objects freed, sorted. */
  shows: string | string[];
}

/**
 * The step right after `line` first ran to completion: the first later step back in the frame that ran it
 * (or out of it), so a call made by the line is stepped over. Its freed events, and those of the steps of
 * any calls in between, are what the line freed.
 */
export function stepAfterLine(trace: Trace, line: number): { before: number; after: number } {
  const before = trace.steps.findIndex((s) => s.event === 'line' && s.line === line);
  if (before < 0) throw new Error(`line ${line} never runs`);
  const depth = trace.steps[before]!.frames.length;
  for (let i = before + 1; i < trace.steps.length; i++) if (trace.steps[i]!.frames.length <= depth) return { before, after: i };
  throw new Error(`line ${line} never finishes (the trace ends inside it)`);
}

/**
 * The name a freed object is known by: the last variable that referred to it while the line ran (a
 * called function's local too), innermost frame first; else its type.
 */
function freedName(pictures: readonly Picture[], key: string, type: string): string {
  for (const picture of pictures.toReversed())
    for (const frame of picture.frames.toReversed()) {
      const found = frame.vars.find((v) => v[1] === key);
      if (found) return found[0];
    }
  return type;
}

export function diagramAnswer(trace: Trace, ask: DiagramAsk): DiagramAnswer {
  const { before, after } = stepAfterLine(trace, ask.line);
  const pictures = expandTrace(trace);
  const picture = pictures[after]!;
  switch (ask.ask) {
    case 'refcount': {
      if (!ask.name) throw new Error('a refcount question names its variable (name: …)');
      const object = variable(picture, ask.name);
      if (!object) throw new Error(`after line ${ask.line}, no frame has a variable \`${ask.name}\` referring to an object`);
      return { step: after, shows: object.refcount === null ? 'immortal' : String(object.refcount) };
    }
    case 'objects': {
      // As drawn in the question's diagram (Predict.tsx shows values as boxes), after the diagram's own hiding rules.
      const drawn = layoutTrace(trace, { inlineScalars: false }).steps[after]!.objects.filter((o) => !o.freed);
      return { step: after, shows: String(drawn.length) };
    }
    case 'freed': {
      const names: string[] = [];
      for (let k = before + 1; k <= after; k++) {
        const freed = new Set<string>();
        for (const e of pictures[k]!.events)
          if (e.kind === 'freed') {
            freed.add(e.key);
            names.push(freedName(pictures.slice(before, k), e.key, e.type));
          }
        // An object that left the picture without a freed event is one the tracer cannot follow to its end (an
        // int or str: no weak references, not tracked by the collector). Immortal ones are never freed; for the
        // others the engine cannot say, and a question must not guess.
        const unknown = (trace.steps[k]!.removed ?? [])
          .filter((key) => !freed.has(key))
          .map((key) => pictures[k - 1]!.heap.get(key))
          .filter((object) => object && !object.immortal);
        if (unknown.length)
          throw new Error(
            `line ${ask.line} drops ${unknown.map((o) => `${/^[aeiou]/i.test(o!.type) ? 'an' : 'a'} ${o!.type}`).join(', ')} whose end the tracer cannot see (no weak references, not tracked by the collector), so whether it was freed is not known: ask about lists, dicts, sets or instances`,
          );
      }
      return { step: after, shows: names.sort() };
    }
  }
}

const NOTHING = new Set(['nothing', 'none', 'no object', 'no objects', 'nothing is freed']);

/** The names a `freed` choice lists: "a", "a and b", "`a`, `b`", "a list" (a type, its article dropped), "nothing" (none). */
export function choiceNames(choice: string): string[] {
  const plain = choice.replace(/`/g, '').trim().toLowerCase();
  if (NOTHING.has(plain)) return [];
  return plain
    .split(/\s*(?:,|\band\b)\s*/)
    .map((s) => s.trim().replace(/^(?:an?|the)\s+(?=\S)/, ''))
    .filter(Boolean)
    .sort();
}

/** Whether `choice` says what the diagram shows. */
export function choiceSays(ask: DiagramAsk['ask'], choice: string, shows: DiagramAnswer['shows']): boolean {
  if (Array.isArray(shows))
    return (
      choiceNames(choice).join('\n') ===
      shows
        .map((s) => s.toLowerCase())
        .sort()
        .join('\n')
    );
  const plain = choice.trim().toLowerCase();
  if (ask === 'refcount' && shows === 'immortal') return plain === 'immortal' || plain === '∞';
  return plain === shows;
}

/** What the diagram shows, in words for an error message. */
export function showsInWords(ask: DiagramAsk, shows: DiagramAnswer['shows']): string {
  if (ask.ask === 'refcount') return `the object \`${ask.name}\` refers to has reference count ${shows}`;
  if (ask.ask === 'objects') return `${shows} objects are drawn`;
  return shows.length ? `the line frees ${(shows as string[]).join(', ')}` : 'the line frees nothing';
}
