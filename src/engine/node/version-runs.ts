/**
 * Programs run on each of the four Pythons, in Node: the version tables the
 * build puts in lessons and the version claims the content test checks.
 * One child process per version (version-child.ts; one Pyodide per process),
 * started only for programs not already in the cache. The cache
 * (.cache/version-runs/, one file per run) is keyed by a
 * hash of what decides the output: the program, the engine build and the
 * runner's Python files, so a build or a test run with nothing changed boots
 * no engine at all: the content test fills it, and the build after it in the
 * same CI run reads its tables from it. It sits outside node_modules, so
 * `npm ci` keeps it where the workspace persists.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ENGINE_BUILDS, type PythonVersion } from '../versions.ts';
import { pythonSourcesFromDisk } from './engine.ts';

/** What one program did on one version. */
export interface VersionRun {
  status: string;
  /** Its standard output. */
  stdout: string;
  /** Why it did not end `ok`: the traceback, or the status. */
  error?: string;
}

const CACHE_DIR = path.join(process.cwd(), '.cache/version-runs');

/** A program to run: its code, and code run first, silently (a `continue` cell's earlier cells). */
export interface VersionProgram {
  code: string;
  setup?: string;
}

/** The cache key of `program` on `version`. */
export function versionRunKey(version: PythonVersion, program: VersionProgram): string {
  const hash = createHash('sha256');
  const { code, setup = '' } = program;
  hash.update(JSON.stringify({ version, build: ENGINE_BUILDS[version], sources: pythonSourcesFromDisk(), code, setup }));
  return hash.digest('hex').slice(0, 24);
}

/** The child script, beside this file (or from the project when Astro has bundled this one). */
function childScript(): string {
  const beside = fileURLToPath(new URL('./version-child.ts', import.meta.url));
  return existsSync(beside) ? beside : path.join(process.cwd(), 'src/engine/node/version-child.ts');
}

const execute = promisify(execFile);

/** Runs `programs` on one version in a process of its own. */
async function runInChild(version: PythonVersion, programs: VersionProgram[]): Promise<VersionRun[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ipm-version-runs-'));
  try {
    const [input, output] = [path.join(dir, 'in.json'), path.join(dir, 'out.json')];
    writeFileSync(input, JSON.stringify(programs));
    try {
      await execute(process.execPath, [childScript(), '--python', version, '--in', input, '--out', output], { maxBuffer: 1 << 26 });
    } catch (error) {
      // Its stderr can hold a whole minified Pyodide line: say the end of it, where the reason is.
      const stderr = String((error as { stderr?: unknown }).stderr ?? error);
      throw new Error(`Python ${version}'s engine process failed: …${stderr.slice(-1500)}`);
    }
    return JSON.parse(readFileSync(output, 'utf8')) as VersionRun[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * What each program printed on each version, from the cache or from the engines (the versions' processes
 * side by side). `runs[v][i]` is program i on version v.
 */
export async function runOnVersions(
  programs: readonly VersionProgram[],
  versions: readonly PythonVersion[],
): Promise<Record<string, VersionRun[]>> {
  mkdirSync(CACHE_DIR, { recursive: true });
  const entries = await Promise.all(
    versions.map(async (version) => {
      const keys = programs.map((program) => versionRunKey(version, program));
      const file = (key: string) => path.join(CACHE_DIR, `${key}.json`);
      const missing = [...new Map(programs.map((program, i) => [keys[i]!, program] as const)).entries()].filter(
        ([key]) => !existsSync(file(key)),
      );
      if (missing.length) {
        const fresh = await runInChild(
          version,
          missing.map(([, program]) => program),
        );
        missing.forEach(([key], i) => {
          writeFileSync(file(key), JSON.stringify(fresh[i]));
        });
      }
      return [version, keys.map((key) => JSON.parse(readFileSync(file(key), 'utf8')) as VersionRun)] as const;
    }),
  );
  return Object.fromEntries(entries);
}
