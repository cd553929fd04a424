/**
 * Traces a Python program with the course's engine and prints the trace.
 *
 *   npm run trace -- prog.py             trace JSON (steps as deltas)
 *   npm run trace -- prog.py --expand    every step as a full snapshot
 *   npm run trace -- prog.py --summary   a readable step-by-step listing
 *   npm run trace -- prog.py --python 3.12   on another Python (src/engine/versions.ts)
 *   options: --max-steps N --max-objects N
 *
 * How the program ended goes to stderr, in the page's words ("Finished: 20,006 steps,
 * 1,651 drawn"); a program that ends the engine itself (os._exit) is reported there too,
 * with what it printed, and the command exits with status 1.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { versionNodeEngine } from '../src/engine/node/versions.ts';
import { DEFAULT_VERSION, isPythonVersion, PYTHON_VERSIONS } from '../src/engine/versions.ts';
import { expandTrace } from '../src/trace/picture.ts';
import { Trace } from '../src/trace/schema.ts';
import { summarizeTrace } from '../src/trace/summary.ts';
import { traceVerdict } from '../src/verdicts/run-report.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    expand: { type: 'boolean', default: false },
    summary: { type: 'boolean', default: false },
    'max-steps': { type: 'string' },
    'max-objects': { type: 'string' },
    python: { type: 'string', default: DEFAULT_VERSION },
  },
});

const file = positionals[0];
if (!file) {
  console.error('usage: npm run trace -- <program.py> [--expand | --summary] [--python 3.12] [--max-steps N] [--max-objects N]');
  process.exit(2);
}

const python = values.python;
if (!isPythonVersion(python)) {
  console.error(`--python ${python}: the engines are ${PYTHON_VERSIONS.join(', ')}`);
  process.exit(2);
}
const { runner } = await versionNodeEngine(python);
let printed = '';
let json: string | undefined;
try {
  json = runner.trace(
    readFileSync(file, 'utf8'),
    (_stream, text) => {
      printed += text;
    },
    {
      ...(values['max-steps'] ? { maxSteps: Number(values['max-steps']) } : {}),
      ...(values['max-objects'] ? { maxObjects: Number(values['max-objects']) } : {}),
    },
  );
} catch (error) {
  // Only the engine itself fails here (a program's errors are results): os._exit() ends the
  // Python runtime under the tracer, as it does in the page, where the run is reported as a crash.
  const reason = error instanceof Error ? error.message : String(error);
  console.error(`The program ended the Python engine itself (${reason}), so there is no trace.`);
  if (printed) console.error(`It printed:\n${printed}`);
  process.exitCode = 1;
}
if (json !== undefined) {
  const trace = Trace.parse(JSON.parse(json));
  if (values.summary) {
    console.log(summarizeTrace(trace));
  } else if (values.expand) {
    const steps = expandTrace(trace).map((s) => ({ ...s.step, heap: Object.fromEntries(s.heap), removed: undefined, output: s.output }));
    console.log(JSON.stringify({ ...trace, steps }, null, 2));
  } else {
    console.log(json);
  }
  console.error(traceVerdict(trace).summary);
}
