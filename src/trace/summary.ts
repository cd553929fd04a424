/** A readable, step-by-step listing of a trace (the CLI's --summary). Pure. */

import { expandTrace } from './picture.ts';
import type { HeapObject, Trace } from './schema.ts';

function describeObject(key: string, o: HeapObject): string {
  const count = o.refcount === null ? 'immortal' : `refcount ${o.refcount}`;
  const drawn =
    o.refcount !== null && o.refcount !== o.drawn
      ? ` (drawn ${o.drawn}: ${o.reasons?.map((r) => `${r.kind} ${r.count > 0 ? '+' : ''}${r.count}`).join(', ')})`
      : '';
  const flags = [o.smallInt && 'small-int', o.interned && 'interned', o.unreachable && 'UNREACHABLE'].filter(Boolean).join(' ');
  const value =
    o.repr ??
    (o.items ? `[${o.items.map((k) => k ?? '…').join(', ')}${o.more ? `, +${o.more}` : ''}]` : undefined) ??
    (o.entries ? `{${o.entries.map(([k, v]) => `${k ?? '…'}: ${v ?? '…'}`).join(', ')}}` : undefined) ??
    (o.attrs ? `${o.class}(${o.attrs.map(([n, v]) => `${n}=${v ?? '…'}`).join(', ')})` : undefined) ??
    o.name ??
    '';
  const size = o.size === undefined ? '' : ` ${o.size} B`;
  return `    ${key} ${o.type}${size} ${count}${drawn}${flags ? ` ${flags}` : ''}  ${value}`;
}

export function summarizeTrace(trace: Trace): string {
  const { steps, stepsRun } = trace.stats;
  const counted = stepsRun > steps ? `${steps} steps drawn of ${stepsRun} run` : `${steps} steps`;
  const lines: string[] = [`CPython ${trace.python}, ${trace.pointerSize * 8}-bit pointers, ${counted}`];
  for (const picture of expandTrace(trace)) {
    const { step } = picture;
    if (step.skipped) lines.push(`… ${step.skipped} steps run, not drawn …`);
    lines.push(`step ${picture.index}: ${step.event} line ${step.line}`);
    for (const frame of picture.frames) {
      lines.push(`  ${frame.name}: ${frame.vars.map((v) => `${v[0]} → ${v[1] ?? '…'}`).join(', ')}`);
    }
    for (const [key, object] of picture.heap) lines.push(describeObject(key, object));
    for (const event of picture.events) {
      lines.push(
        event.kind === 'freed'
          ? `  freed ${event.key} (${event.type})`
          : `  gc: generation ${event.generation}, collected ${event.collected}`,
      );
    }
    for (const chunk of step.output ?? []) lines.push(`  ${chunk.stream}: ${JSON.stringify(chunk.text)}`);
  }
  const end = trace.end;
  lines.push(
    `end: ${end.status}${end.limit ? ` (${end.limit} limit${end.seconds ? `, ${end.seconds} s` : ''})` : ''}${end.error ? ` ${end.error.type}: ${end.error.message}` : ''}`,
  );
  return lines.join('\n');
}
