/**
 * The text alternative of a diagram step: what a screen reader announces and
 * what the figure's description holds. Pure.
 */

import { countText } from '../trace/counts.ts';
import type { Picture } from '../trace/picture.ts';
import type { HeapObject } from '../trace/schema.ts';
import { variablesOf } from './changes.ts';
import { isCompactKind } from './internals.ts';

/** A short phrase for an object: "list [3 items]", "int 42", "str 'hi'". */
export function objectPhrase(object: HeapObject): string {
  if (object.repr !== undefined) return `${object.type} ${object.repr}`;
  if (object.kind === 'function' || object.kind === 'class' || object.kind === 'module')
    return `${object.kind} ${object.name ?? ''}`.trim();
  if (object.length !== undefined) return `${object.type} of ${object.length} item${object.length === 1 ? '' : 's'}`;
  if (object.attrs) return `${object.type} object`;
  return object.type;
}

const REASON_WORDS: Record<string, string> = {
  constant: 'a constant in the code',
  compact: 'inside an object drawn closed',
  'frame-locals': "the frame's locals dict (3.12)",
  unlisted: 'from items not drawn (too many objects)',
  'init-self': 'the call building it',
  resurrected: 'revived by the deallocator while __del__ runs',
  exception: 'the exception being handled',
  argument: 'an argument in flight',
  iterator: "a for-loop's iterator or the interpreter's stack",
  hidden: 'places not drawn',
  borrowed: 'borrowed, not counted (3.14)',
};

/** Why an object's count differs from its arrows: "+1 a constant in the code, …". */
export function reasonsPhrase(object: HeapObject, separator = ', '): string {
  return (object.reasons ?? []).map((r) => `${r.count > 0 ? '+' : ''}${r.count} ${REASON_WORDS[r.kind] ?? r.kind}`).join(separator);
}

/** "refcount 2", or with the reason when CPython counts other than the arrows drawn. */
export function countPhrase(object: HeapObject): string {
  if (object.refcount === null) return 'immortal';
  if (!object.reasons?.length) return `refcount ${object.refcount}`;
  return `refcount ${object.refcount}, ${object.drawn} drawn: ${reasonsPhrase(object)}`;
}

const EVENT_WORDS: Record<string, string> = {
  line: 'about to run line',
  call: 'call starts at line',
  return: 'returning from line',
  exception: 'exception at line',
  end: 'finished after line',
  limit: 'stopped by a limit at line',
};

/** The mark of a jump in the trace: steps the program ran between two steps drawn. */
export function gapPhrase(skipped: number): string {
  return `… ${countText(skipped)} step${skipped === 1 ? '' : 's'} run, not drawn …`;
}

export interface DescribeOptions {
  /** Modules, classes and functions are drawn with their counts (else closed, without: internals.ts). */
  internals?: boolean;
}

/** Describes one step, with what changed since the previous one. */
export function describeStep(picture: Picture, previous?: Picture, { internals = true }: DescribeOptions = {}): string {
  const counted = (object: HeapObject) => (internals || !isCompactKind(object) ? ` (${countPhrase(object)})` : '');
  const parts: string[] = [`Step ${picture.index + 1}: ${EVENT_WORDS[picture.step.event] ?? 'line'} ${picture.step.line}.`];
  const { skipped } = picture.step;
  if (skipped) parts.unshift(`${countText(skipped)} step${skipped === 1 ? '' : 's'} ran since the previous one, not drawn.`);
  for (const frame of picture.frames) {
    const vars = frame.vars.map(([name, key]) => {
      const object = key === null ? undefined : picture.heap.get(key);
      return object ? `${name} → ${objectPhrase(object)}${counted(object)}` : `${name} → not shown`;
    });
    parts.push(`${frame.name === '<module>' ? 'Module' : `Function ${frame.name}`}: ${vars.length ? vars.join('; ') : 'no variables'}.`);
  }
  const unreachable = [...picture.heap.values()].filter((o) => o.unreachable);
  if (unreachable.length)
    parts.push(`Unreachable but alive, waiting for the garbage collector: ${unreachable.map(objectPhrase).join(', ')}.`);
  if (previous) {
    const changes: string[] = [];
    const before = variablesOf(previous);
    const now = variablesOf(picture);
    for (const [id, key] of now) {
      const name = id.split(':')[1]!;
      if (!before.has(id)) changes.push(`${name} was bound`);
      else if (before.get(id) !== key) changes.push(`${name} was rebound`);
    }
    for (const id of before.keys())
      if (!now.has(id) && picture.frames.some((f) => id.startsWith(`${f.key}:`))) changes.push(`${id.split(':')[1]} was deleted`);
    for (const [key, object] of picture.heap) {
      const old = previous.heap.get(key);
      if (old && old.refcount !== null && object.refcount !== null && old.refcount !== object.refcount && counted(object)) {
        changes.push(`${objectPhrase(object)} refcount ${old.refcount} → ${object.refcount}`);
      }
    }
    for (const event of picture.events) {
      if (event.kind === 'freed') changes.push(`a ${event.type} was freed`);
      else changes.push(`the garbage collector ran and collected ${event.collected ?? 0}`);
    }
    if (changes.length) parts.push(`Changes: ${changes.join('; ')}.`);
  }
  const stdout = picture.step.output?.map((c) => c.text).join('');
  if (stdout) parts.push(`Printed: ${stdout.trim()}`);
  return parts.join(' ');
}

/** An object as a reader would name it: "the list of 3 items", "the int 42", "the function f". */
function plainPhrase(object: HeapObject): string {
  if (object.kind === 'none') return 'None';
  if (object.kind === 'bool') return object.repr ?? 'a bool';
  if (object.repr !== undefined) return `the ${object.type} ${object.repr}`;
  if (object.kind === 'function' || object.kind === 'class' || object.kind === 'module' || object.kind === 'generator')
    return `the ${object.kind} ${object.name ?? ''}`.trim();
  if (object.length !== undefined)
    return object.length === 0 ? `an empty ${object.type}` : `a ${object.type} of ${object.length} item${object.length === 1 ? '' : 's'}`;
  if (object.kind === 'instance') return `a ${object.class ?? object.type} object`;
  return `a ${object.type}`;
}

const PLAIN_EVENTS: Record<string, (line: number) => string> = {
  line: (line) => `Line ${line} runs next.`,
  call: (line) => `A function call starts (line ${line}).`,
  return: (line) => `The function returns (line ${line}).`,
  exception: (line) => `An exception was raised at line ${line}.`,
  end: () => 'The program has finished.',
  limit: (line) => `The time limit stopped the program at line ${line}, still running.`,
};

/**
 * One step in plain words, for every reader: what runs next and what changed in memory, without
 * counts' fine print (describeStep has it all, one click away). Pure.
 */
export function narrateStep(picture: Picture, previous?: Picture): string {
  const parts = [(PLAIN_EVENTS[picture.step.event] ?? PLAIN_EVENTS.line!)(picture.step.line)];
  if (picture.step.event === 'return' && picture.step.returnValue) {
    const value = picture.heap.get(picture.step.returnValue);
    if (value) parts[0] = `The function returns ${plainPhrase(value)}.`;
  }
  if (picture.step.exception) parts.push(`It is a ${picture.step.exception.type}.`);
  const { skipped } = picture.step;
  if (skipped) parts.unshift(`(${countText(skipped)} step${skipped === 1 ? '' : 's'} ran since the one before, not drawn.)`);
  if (previous) {
    const before = variablesOf(previous);
    const changes: string[] = [];
    for (const [id, key] of variablesOf(picture)) {
      const name = id.split(':')[1]!;
      const object = key === null ? undefined : picture.heap.get(key);
      if (before.get(id) === key) continue;
      const sharing =
        object && object.refcount !== null && object.drawn > 1 && !object.immortal ? ', which another name already refers to' : '';
      const what = object ? plainPhrase(object) : 'an object not drawn';
      changes.push(before.has(id) ? `Now ${name} refers to ${what} instead.` : `Now ${name} refers to ${what}${sharing}.`);
    }
    const now = variablesOf(picture);
    for (const id of before.keys())
      if (!now.has(id) && picture.frames.some((f) => id.startsWith(`${f.key}:`))) changes.push(`The name ${id.split(':')[1]} is gone.`);
    for (const event of picture.events) {
      if (event.kind === 'freed') changes.push(`A ${event.type} was freed: nothing referred to it any more.`);
      else changes.push(`The garbage collector ran and freed ${event.collected ?? 0} object${event.collected === 1 ? '' : 's'}.`);
    }
    if (changes.length) parts.push(...changes);
    else if (picture.step.event === 'line') parts.push('No name changed.');
  }
  const unreachable = [...picture.heap.values()].filter((o) => o.unreachable).length;
  if (unreachable)
    parts.push(
      `${unreachable} object${unreachable === 1 ? ' is' : 's are'} alive but unreachable (dashed red): a cycle waiting for the garbage collector.`,
    );
  const printed = picture.step.output
    ?.map((c) => c.text)
    .join('')
    .trim();
  if (printed) parts.push(`It printed: ${printed}`);
  return parts.join(' ');
}
