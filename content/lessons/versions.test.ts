/**
 * Every version claim in the lessons is checked on its engine: a
 * ```python runs-on=3.12,3.13 program must print its stated ```output on each
 * version it names, and every ```python versions probe (a table the build makes)
 * must run cleanly on all four. Each version runs in a process of its own
 * (engine/node/version-runs.ts), cached by content hash like the build's tables.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runOnVersions, type VersionRun } from '../../src/engine/node/version-runs.ts';
import { PYTHON_VERSIONS, type PythonVersion } from '../../src/engine/versions.ts';
import { type AuthoredVersionCell, extractVersionCells } from '../../src/build/fences.ts';

const root = path.dirname(new URL(import.meta.url).pathname);
const cells = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) =>
    extractVersionCells(readFileSync(path.join(root, d.name, 'index.mdx'), 'utf8')).map((cell) => ({ ...cell, lesson: d.name })),
  );

const trimLines = (s: string) => s.replace(/[ \t]+$/gm, '').replace(/\n+$/, '');
const programs = [...new Set(cells.map((cell) => cell.code))];
let runs: Record<string, VersionRun[]>;
const runOf = (cell: AuthoredVersionCell, version: PythonVersion) => runs[version]![programs.indexOf(cell.code)]!;

beforeAll(async () => {
  runs = await runOnVersions(programs, PYTHON_VERSIONS);
}, 180_000);

describe('version claims', () => {
  const claims = cells.filter((cell) => cell.kind === 'claim');
  it('exist: the lessons state their version facts as checked claims', () => {
    expect(claims.length).toBeGreaterThan(0);
  });
  it.each(
    claims.flatMap((cell) => cell.versions.map((version) => [`${cell.lesson}:${cell.line}`, version, cell] as const)),
  )('%s prints what the lesson says on %s', (_where, version, cell) => {
    expect(cell.statedOutput, 'a ```python runs-on= block needs the ```output the lesson states').toBeDefined();
    const run = runOf(cell, version);
    expect(run.error ?? run.status).toBe('ok');
    expect(trimLines(run.stdout)).toBe(trimLines(cell.statedOutput!));
  });
});

describe('version tables', () => {
  it.each(cells.filter((cell) => cell.kind === 'table').map((cell) => [`${cell.lesson}:${cell.line}`, cell] as const))(
    'the probe at %s runs on every Python',
    (_where, cell) => {
      for (const version of PYTHON_VERSIONS) expect(runOf(cell, version).error ?? 'ok', version).toBe('ok');
    },
  );
});
