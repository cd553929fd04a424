/**
 * The golden traces are what the tracer makes today: each program of
 * programs.ts is traced in real CPython (Pyodide in Node) and compared, after
 * `normaliseTrace`, with its fixture in traces/. A failure here is a tracer
 * change: read the diff, and if it is meant, rewrite the fixtures with
 *
 *   UPDATE_GOLDEN=1 npx vitest run test/golden
 *
 * and commit them with the change, so the review shows what it does to traces.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Trace } from '../../src/trace/schema.ts';
import { parseTrace } from '../../src/trace/wire.ts';
import { type NodeEngine, startNodeEngine } from '../support/engine.ts';
import { goldenFile, goldenText, normaliseTrace } from '../support/golden.ts';
import { GOLDEN_PROGRAMS, type GoldenName } from './programs.ts';

const UPDATE = process.env.UPDATE_GOLDEN === '1';
const NAMES = Object.keys(GOLDEN_PROGRAMS) as GoldenName[];
const TRACES = path.join(import.meta.dirname, 'traces');

let engine: NodeEngine;
beforeAll(async () => {
  engine = await startNodeEngine();
});

describe('golden traces', () => {
  it.each(NAMES)('%s is traced as its fixture says', (name) => {
    // The tracer's own JSON, not the schema's parse of it: zod drops fields it does not know, and a new field is a change too.
    const trace = parseTrace(engine.runner.trace(GOLDEN_PROGRAMS[name], () => undefined));
    expect(() => Trace.parse(trace)).not.toThrow();
    const text = goldenText(normaliseTrace(trace));
    const file = goldenFile(name);
    if (UPDATE) {
      writeFileSync(file, text);
      return;
    }
    expect(existsSync(file), `${path.relative(process.cwd(), file)} is missing: UPDATE_GOLDEN=1 npx vitest run test/golden`).toBe(true);
    expect(text, 'the tracer changed: if that is meant, UPDATE_GOLDEN=1 npx vitest run test/golden').toBe(readFileSync(file, 'utf8'));
  });

  it('keeps no fixture for a program that is gone', () => {
    const stale = readdirSync(TRACES).filter((file) => !NAMES.includes(path.basename(file, '.json') as GoldenName));
    expect(stale, 'delete these from test/golden/traces/').toEqual([]);
  });
});
