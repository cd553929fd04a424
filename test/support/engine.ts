/**
 * Test helper: one Pyodide (real CPython 3.14) per test file, in Node, started
 * by the engine's one Node starter (src/engine/node/engine.ts), with helpers
 * that collect a run's output.
 */

import { freshNodeEngine, type StartedEngine } from '../../src/engine/node/engine.ts';
import type { RunResult, Stream } from '../../src/engine/protocol.ts';
import type { CheckOutput } from '../../src/engine/python/runner.ts';

export interface NodeEngine extends StartedEngine {
  /** Runs a program and collects its output per stream. */
  run(code: string, setup?: string): { result: RunResult; stdout: string; stderr: string; chunks: { stream: Stream; text: string }[] };
  /** Traces a program, then runs an exercise checker against it (see python/checker.py). */
  check(code: string, checker: string, setup?: string): CheckOutput & { stdout: string };
}

export async function startNodeEngine(): Promise<NodeEngine> {
  const { pyodide, runner } = await freshNodeEngine();
  return {
    pyodide,
    runner,
    run(code, setup) {
      const chunks: { stream: Stream; text: string }[] = [];
      const result = runner.run(code, (stream, text) => chunks.push({ stream, text }), setup);
      const join = (s: Stream) =>
        chunks
          .filter((c) => c.stream === s)
          .map((c) => c.text)
          .join('');
      return { result, stdout: join('stdout'), stderr: join('stderr'), chunks };
    },
    check(code, checker, setup) {
      let stdout = '';
      const output = runner.check(
        code,
        checker,
        (stream, text) => {
          if (stream === 'stdout') stdout += text;
        },
        {},
        undefined,
        setup,
      );
      return { ...output, stdout };
    },
  };
}
