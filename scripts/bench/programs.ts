/** The programs both tracer benches (in Node, engine.ts, and in the browser, tracer-browser.ts) trace. */

/** A loop whose every step sees about `objects` objects. */
export function stepProgram(objects: number, iterations: number): string {
  return [
    `data = [[i] for i in range(${Math.max(1, Math.floor((objects - 2) / 2))})]`,
    'total = 0',
    `for n in range(${iterations}):`,
    '    total += 1',
  ].join('\n');
}

/** Many cheap steps: what tracing adds to a tight loop. */
export const LOOP_10K = 'total = 0\nfor i in range(10_000):\n    total += i\n';

/** Limits high enough that the bench's programs always finish. */
export const UNLIMITED = { maxSteps: 10_000_000, maxSeconds: 600 };
