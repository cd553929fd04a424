/**
 * Test helpers for the tracer's promises (tracer.hostile.test.ts and
 * tracer.invisible.test.ts): a traced run with both streams, the same program
 * traced and untraced, and a check that the engine still works afterwards.
 */
import { expect } from 'vitest';
import type { TraceLimits } from '../../src/engine/python/runner.ts';
import { expandTrace, variable } from '../../src/trace/picture.ts';
import { Trace } from '../../src/trace/schema.ts';
import type { NodeEngine } from './engine.ts';
import { atLine, traceIn } from './trace.ts';

/** A traced run with both streams, as the page would show them. */
export function traceOutput(engine: NodeEngine, code: string, limits?: TraceLimits) {
  let stdout = '';
  let stderr = '';
  const json = engine.runner.trace(
    code,
    (stream, text) => {
      if (stream === 'stdout') stdout += text;
      else stderr += text;
    },
    limits,
  );
  const parsed = Trace.parse(JSON.parse(json));
  return { trace: parsed, pictures: expandTrace(parsed), stdout, stderr };
}

/** The same program untraced and traced prints exactly the same. */
export function expectInvisible(engine: NodeEngine, code: string, limits?: TraceLimits) {
  const untraced = engine.run(code);
  const traced = traceOutput(engine, code, limits);
  expect(traced.trace.end.tracerError).toBeUndefined();
  expect(traced.trace.end.status).toBe(untraced.result.status);
  expect(traced.stdout).toBe(untraced.stdout);
  expect(traced.stderr).toBe(untraced.stderr);
  return { untraced, traced };
}

/** The engine still traces and runs ordinary programs correctly. */
export function expectHealthy(engine: NodeEngine) {
  const code = 'import gc\na = [1, 2, 3]\nb = a\nfound = gc.collect()\npass\n';
  const { trace: t, pictures } = traceIn(engine, code);
  expect(t.end.status).toBe('ok');
  expect(t.end.tracerError).toBeUndefined();
  expect(t.steps.map((s) => [s.event, s.line])).toEqual([
    ['line', 1],
    ['line', 2],
    ['line', 3],
    ['line', 4],
    ['line', 5],
    ['end', 5],
  ]);
  expect(variable(atLine(pictures, 4), 'a')).toMatchObject({ kind: 'list', refcount: 2, drawn: 2 });
  expect(atLine(pictures, 5).events.some((e) => e.kind === 'gc')).toBe(true);
  const { result, stdout } = engine.run('import sys\nprint([sys.monitoring.get_tool(i) for i in range(6)], len([1]))');
  expect(result.status).toBe('ok');
  expect(stdout).toBe('[None, None, None, None, None, None] 1\n');
}
