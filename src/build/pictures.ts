/**
 * The pictures' figures, measured in the engine at build time (the same
 * CPython the reader's page runs): an object's sizes for its byte strip, a
 * list's sizes as it grows. The remark plugin puts them in the page as JSON;
 * the shaping and drawing are pure (src/pictures/). A probe that does not run
 * cleanly, or figures the picture cannot account for, fail the build.
 */
import type { Runner } from '../engine/python/runner.ts';
import { collectedAfter, disagreements, lastNames, passOver } from '../pictures/collector-pass.ts';
import type { GrowthMeasure } from '../pictures/growth.ts';
import { checkMeasured, type ObjectMeasure } from '../pictures/object-layout.ts';
import { expandTrace } from '../trace/picture.ts';
import { parseTrace } from '../trace/wire.ts';
import { buildTrace } from './cells.ts';

/** Runs `code` and returns what it printed: the probes print one JSON value. */
function probe(runner: Runner, code: string, what: string): unknown {
  let out = '';
  let err = '';
  const result = runner.run(code, (stream, text) => {
    if (stream === 'stdout') out += text;
    else err += text;
  });
  if (result.status !== 'ok') throw new Error(`${what}: the engine's probe ended ${result.status}: ${err}`);
  return JSON.parse(out);
}

const OBJECT_PROBE = `
import json, struct, sys
def measure(expr):
    o = eval(expr, {})
    t = type(o)
    m = {"expr": expr, "type": t.__name__, "getsizeof": sys.getsizeof(o), "sizeof": o.__sizeof__(),
         "basicsize": t.__basicsize__, "pointer": struct.calcsize("P"),
         "digitBits": sys.int_info.bits_per_digit, "digitBytes": sys.int_info.sizeof_digit}
    if isinstance(o, (str, tuple, list)):
        m["length"] = len(o)
    if isinstance(o, int):
        m["bits"] = abs(o).bit_length()
    return m
print(json.dumps([measure(e) for e in EXPRS]))
`;

/** Each expression's object measured in the engine, checked to add up field by field (else the build fails). */
export function measureObjects(runner: Runner, exprs: readonly string[]): ObjectMeasure[] {
  const measures = probe(runner, `EXPRS = ${JSON.stringify(exprs)}\n${OBJECT_PROBE}`, 'object sizes') as ObjectMeasure[];
  for (const m of measures) checkMeasured(m);
  return measures;
}

const GROWTH_PROBE = `
import json, struct, sys
grown = []
sizes = [sys.getsizeof(grown)]
for n in range(COUNT):
    grown.append(n)
    sizes.append(sys.getsizeof(grown))
print(json.dumps({"sizes": sizes, "pointer": struct.calcsize("P")}))
`;

/** `sys.getsizeof` of a list after each of `count` appends (index 0: empty), from the engine. */
export function measureGrowth(runner: Runner, count: number): GrowthMeasure {
  return probe(runner, `COUNT = ${Math.trunc(count)}\n${GROWTH_PROBE}`, 'list growth') as GrowthMeasure;
}

/** A collector-pass picture: the program's trace, and the step where its cycle is unreachable, just before the collection. */
export interface CollectorPassData {
  trace: string;
  step: number;
}

/**
 * The step of `trace` the pass is drawn on: the last one before the first collection, where the tracer
 * flags objects unreachable. The pass must find exactly what the tracer flags and what the collector
 * then collected, or the build fails.
 */
export function collectorPassStep(json: string, where: string): number {
  const trace = parseTrace(json);
  const pictures = expandTrace(trace);
  const collection = pictures.findIndex((p) => p.events.some((e) => e.kind === 'gc'));
  const picture = pictures[collection - 1];
  if (!picture || ![...picture.heap.values()].some((o) => o.unreachable))
    throw new Error(`${where}: a collector pass needs a step with an unreachable cycle just before a collection`);
  const pass = passOver(picture, lastNames(pictures.slice(0, collection)));
  const problems = disagreements(picture, pass);
  const collected = collectedAfter(pictures, picture.index);
  if (collected !== pass.garbage.length) problems.push(`the collector collected ${collected}, the pass finds ${pass.garbage.length}`);
  if (problems.length) throw new Error(`${where}: the collector pass does not match the engine:\n${problems.join('\n')}`);
  return picture.index;
}

/** `<CollectorPass>`'s program traced in the engine, and the step its pass is drawn on. */
export async function buildCollectorPass(code: string, where: string): Promise<CollectorPassData> {
  const trace = await buildTrace(code, where);
  return { trace, step: collectorPassStep(trace, where) };
}
