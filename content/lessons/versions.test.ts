/**
 * Every version claim in the lessons is checked on its engine: a
 * ```python runs-on=3.12,3.13 program, or a live cell marked `runs-on=…`, must
 * print its stated ```output on each version it names (a live cell without one:
 * what it prints on 3.14), and every
 * ```python versions probe (a table the build makes) must run cleanly on all
 * four. So must a claim in a predict question's explanation. Each version runs in a process of its own (engine/node/version-runs.ts),
 * cached by content hash like the build's tables.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPredict } from '../../src/build/activity-files.ts';
import { extractLiveCells, extractVersionCells } from '../../src/build/fences.ts';
import { runOnVersions, type VersionProgram, type VersionRun } from '../../src/engine/node/version-runs.ts';
import { DEFAULT_VERSION, PYTHON_VERSIONS, type PythonVersion } from '../../src/engine/versions.ts';

const root = path.dirname(new URL(import.meta.url).pathname);
const sources = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => ({ lesson: d.name, dir: path.join(root, d.name), source: readFileSync(path.join(root, d.name, 'index.mdx'), 'utf8') }));

/** The ids of a lesson's predict questions (their explanations may hold version claims too). */
const quizzesOf = (dir: string) =>
  existsSync(path.join(dir, 'quizzes'))
    ? readdirSync(path.join(dir, 'quizzes'))
        .filter((f) => f.endsWith('.md'))
        .map((f) => f.slice(0, -3))
    : [];

/** A program the test runs, where it is, and what the lesson says it prints on which versions. */
interface Checked extends VersionProgram {
  where: string;
  kind: 'table' | 'claim';
  versions: readonly PythonVersion[];
  statedOutput?: string;
}

const checked: Checked[] = sources.flatMap(({ lesson, dir, source }) => [
  ...quizzesOf(dir).flatMap((id) =>
    loadPredict(dir, id).versionClaims.map(({ code, versions, statedOutput, line }) => ({
      where: `${lesson}/quizzes/${id}.md:${line}`,
      kind: 'claim' as const,
      code,
      versions,
      ...(statedOutput !== undefined ? { statedOutput } : {}),
    })),
  ),
  ...extractVersionCells(source).map(({ kind, code, versions, statedOutput, line }) => ({
    where: `${lesson}:${line}`,
    kind,
    code,
    versions: kind === 'table' ? PYTHON_VERSIONS : versions,
    ...(statedOutput !== undefined ? { statedOutput } : {}),
  })),
  ...extractLiveCells(source)
    .filter((cell) => cell.runsOn)
    .map(({ code, setup, runsOn, statedOutput, line }) => ({
      where: `${lesson}:${line} (live)`,
      kind: 'claim' as const,
      code,
      setup,
      versions: runsOn!,
      ...(statedOutput !== undefined ? { statedOutput } : {}),
    })),
]);

const trimLines = (s: string) => s.replace(/[ \t]+$/gm, '').replace(/\n+$/, '');
let runs: Record<string, VersionRun[]>;
const runOf = (program: Checked, version: PythonVersion) => runs[version]![checked.indexOf(program)]!;

beforeAll(async () => {
  runs = await runOnVersions(checked, PYTHON_VERSIONS);
}, 300_000);

describe('version claims', () => {
  const claims = checked.filter((c) => c.kind === 'claim');
  it('exist: the lessons state their version facts as checked claims', () => {
    expect(claims.length).toBeGreaterThan(0);
  });
  it.each(claims.flatMap((claim) => claim.versions.map((version) => [claim.where, version, claim] as const)))(
    '%s prints what the lesson says on %s',
    (_where, version, claim) => {
      // A live cell without a stated output claims it prints on `version` what it prints on the course's.
      const live = claim.where.endsWith('(live)');
      expect(claim.statedOutput ?? (live ? '' : undefined), 'a runs-on= program needs the ```output the lesson states').toBeDefined();
      const run = runOf(claim, version);
      expect(run.error ?? run.status).toBe('ok');
      expect(trimLines(run.stdout)).toBe(trimLines(claim.statedOutput ?? runOf(claim, DEFAULT_VERSION).stdout));
    },
  );
});

describe('version tables', () => {
  it.each(checked.filter((c) => c.kind === 'table').map((c) => [c.where, c] as const))(
    'the probe at %s runs on every Python',
    (_where, probe) => {
      for (const version of PYTHON_VERSIONS) expect(runOf(probe, version).error ?? 'ok', version).toBe('ok');
    },
  );
});
