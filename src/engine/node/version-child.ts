/**
 * One process, one Python (node/versions.ts: a second Pyodide in a process
 * fails): runs the programs it is given on `--python <version>` and writes
 * what each printed, and how it ended, to `--out`. version-runs.ts starts it.
 *
 *   node src/engine/node/version-child.ts --python 3.12 --in programs.json --out results.json
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isPythonVersion } from '../versions.ts';
import type { VersionProgram, VersionRun } from './version-runs.ts';
import { versionNodeEngine } from './versions.ts';

const { values } = parseArgs({ options: { python: { type: 'string' }, in: { type: 'string' }, out: { type: 'string' } } });
const { python, in: input, out } = values;
if (!python || !isPythonVersion(python) || !input || !out) {
  console.error('usage: version-child.ts --python <3.12|3.13|3.14|3.15> --in programs.json --out results.json');
  process.exit(2);
}
const programs = JSON.parse(readFileSync(input, 'utf8')) as VersionProgram[];
const { runner } = await versionNodeEngine(python);
const results: VersionRun[] = programs.map(({ code, setup }) => {
  let stdout = '';
  const result = runner.run(
    code,
    (stream, text) => {
      if (stream === 'stdout') stdout += text;
    },
    setup,
  );
  return result.status === 'ok'
    ? { status: 'ok', stdout }
    : { status: result.status, stdout, error: result.status === 'error' ? result.error.traceback : result.status };
});
writeFileSync(out, JSON.stringify(results));
