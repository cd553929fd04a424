/** Test helper: trace a program in the Node engine, validate it, expand it. */

import type { TraceLimits } from '../../src/engine/python/runner.ts';
import { expandTrace, type Picture } from '../../src/trace/picture.ts';
import { Trace } from '../../src/trace/schema.ts';
import type { NodeEngine } from './engine.ts';

export function traceIn(engine: NodeEngine, code: string, limits?: TraceLimits): { trace: Trace; pictures: Picture[]; stdout: string } {
  let stdout = '';
  const json = engine.runner.trace(
    code,
    (stream, text) => {
      if (stream === 'stdout') stdout += text;
    },
    limits,
  );
  const trace = Trace.parse(JSON.parse(json));
  return { trace, pictures: expandTrace(trace), stdout };
}

/** The picture taken when `line` was about to run for the `nth` time (1-based). */
export function atLine(pictures: Picture[], line: number, nth = 1): Picture {
  const matches = pictures.filter((s) => s.step.event === 'line' && s.step.line === line);
  const found = matches[nth - 1];
  if (!found) throw new Error(`line ${line} never ran ${nth} time(s)`);
  return found;
}

/** The final picture (after the last line). */
export function atEnd(pictures: Picture[]): Picture {
  const last = pictures[pictures.length - 1];
  if (!last) throw new Error('empty trace');
  return last;
}
