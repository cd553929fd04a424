/**
 * Traces a Python program with the course's engine and prints the trace.
 *
 *   npm run trace -- prog.py             trace JSON (steps as deltas)
 *   npm run trace -- prog.py --expand    every step as a full snapshot
 *   npm run trace -- prog.py --summary   a readable step-by-step listing
 *   options: --max-steps N --max-objects N
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { nodeEngine } from '../src/engine/node/engine.ts';
import { expandTrace } from '../src/trace/picture.ts';
import { Trace } from '../src/trace/schema.ts';
import { summarizeTrace } from '../src/trace/summary.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    expand: { type: 'boolean', default: false },
    summary: { type: 'boolean', default: false },
    'max-steps': { type: 'string' },
    'max-objects': { type: 'string' },
  },
});

const file = positionals[0];
if (!file) {
  console.error('usage: npm run trace -- <program.py> [--expand | --summary] [--max-steps N] [--max-objects N]');
  process.exit(2);
}

const runner = await nodeEngine();
const json = runner.trace(readFileSync(file, 'utf8'), () => undefined, {
  ...(values['max-steps'] ? { maxSteps: Number(values['max-steps']) } : {}),
  ...(values['max-objects'] ? { maxObjects: Number(values['max-objects']) } : {}),
});
const trace = Trace.parse(JSON.parse(json));
if (values.summary) {
  console.log(summarizeTrace(trace));
} else if (values.expand) {
  const steps = expandTrace(trace).map((s) => ({ ...s.step, heap: Object.fromEntries(s.heap), removed: undefined, output: s.output }));
  console.log(JSON.stringify({ ...trace, steps }, null, 2));
} else {
  console.log(json);
}
