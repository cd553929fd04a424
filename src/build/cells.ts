/**
 * Memory cells traced at build time, in Node, with the same engine the browser
 * runs, so a cell's first diagram is in the HTML before Python loads. Used by
 * the remark plugin (cells and exercise starters) and the home page's demo.
 */
import { BUILD_TRACE_SECONDS } from '../engine/limits.ts';
import { nodeEngine } from '../engine/node/engine.ts';
import { traceEnd } from '../trace/wire.ts';

/**
 * Traces a program and returns the trace's JSON. A program that does not trace
 * cleanly fails the build: a lesson must never ship a diagram of an error
 * nobody meant. `allowError` is for a starter, which may end in the error the
 * reader is asked to fix; a tracer failure fails the build even then.
 */
export async function buildTrace(code: string, where: string, setup = '', allowError = false): Promise<string> {
  const runner = await nodeEngine();
  const json = runner.trace(code, () => undefined, { maxSeconds: BUILD_TRACE_SECONDS }, undefined, setup);
  const end = traceEnd(json);
  const clean = end.status === 'ok' || (allowError && end.status === 'error');
  if (!clean || end.tracerError) {
    throw new Error(
      `${where}: a memory cell's program did not trace cleanly (${end.status}): ${end.error?.traceback ?? end.tracerError ?? ''}`,
    );
  }
  return json;
}
