/** Test helper: trace a program in the Node engine, validate it, expand it. */
import type { NodeEngine } from '../engine/test-engine.ts';
import type { TraceLimits } from '../engine/runner.ts';
import { Trace } from './schema.ts';
import { expandTrace, type Snapshot } from './snapshot.ts';

export function traceIn(engine: NodeEngine, code: string, limits?: TraceLimits): { trace: Trace; snapshots: Snapshot[]; stdout: string } {
  let stdout = '';
  const json = engine.runner.trace(code, (stream, text) => {
    if (stream === 'stdout') stdout += text;
  }, limits);
  const trace = Trace.parse(JSON.parse(json));
  return { trace, snapshots: expandTrace(trace), stdout };
}

/** The snapshot taken when `line` was about to run for the `nth` time (1-based). */
export function atLine(snapshots: Snapshot[], line: number, nth = 1): Snapshot {
  const matches = snapshots.filter((s) => s.step.event === 'line' && s.step.line === line);
  const found = matches[nth - 1];
  if (!found) throw new Error(`line ${line} never ran ${nth} time(s)`);
  return found;
}

/** The final snapshot (after the last line). */
export function atEnd(snapshots: Snapshot[]): Snapshot {
  const last = snapshots[snapshots.length - 1];
  if (!last) throw new Error('empty trace');
  return last;
}
