/**
 * Lints the engine's Python (every .py file under src/engine/python/) with ruff,
 * as ruff.toml configures it, and checks that each file is as `ruff format`
 * writes it. Ruff runs as WebAssembly (@astral-sh/ruff-wasm-nodejs), so no
 * Python or pip is needed. Prints `file:line:col code message` for each finding
 * and exits 1 if there is any.
 *
 *   npm run lint:py              lint and check the formatting
 *   npm run lint:py -- --write   first format the files in place (lint findings stay to fix by hand)
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Diagnostic, PositionEncoding, Workspace } from '@astral-sh/ruff-wasm-nodejs';
import { parse } from 'smol-toml';

const root = path.resolve(import.meta.dirname, '../..');
const PYTHON_DIR = 'src/engine/python';
const write = process.argv.includes('--write');

// ruff.toml's keys are ruff's own options, which is what the Workspace takes.
const settings = parse(readFileSync(path.join(root, 'ruff.toml'), 'utf8'));
const workspace = new Workspace(settings, PositionEncoding.Utf16);

const files = readdirSync(path.join(root, PYTHON_DIR), { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.py'))
  .map((file) => path.join(PYTHON_DIR, file))
  .sort();

/** The first line (1-based) where two texts differ. */
function firstDifference(a: string, b: string): number {
  const left = a.split('\n');
  const right = b.split('\n');
  let line = 0;
  while (line < left.length && left[line] === right[line]) line++;
  return line + 1;
}

const findings: string[] = [];
for (const file of files) {
  let source = readFileSync(path.join(root, file), 'utf8');
  const formatted = workspace.format(source);
  if (formatted !== source && write) {
    writeFileSync(path.join(root, file), formatted);
    source = formatted;
  }
  for (const d of workspace.check(source) as Diagnostic[]) {
    findings.push(`${file}:${d.start_location.row}:${d.start_location.column} ${d.code ?? 'syntax'} ${d.message}`);
  }
  if (formatted !== source) {
    findings.push(`${file}:${firstDifference(source, formatted)}:1 format differs from \`ruff format\` (npm run lint:py -- --write)`);
  }
}

for (const finding of findings) console.log(finding);
console.log(`ruff ${Workspace.version()}: ${files.length} files, ${findings.length === 0 ? 'clean' : `${findings.length} findings`}`);
process.exitCode = findings.length === 0 ? 0 : 1;
