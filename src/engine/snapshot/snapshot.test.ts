import { gunzipSync } from 'node:zlib';
import * as pyodideModule from 'pyodide';
import { loadPyodide, type PyodideAPI } from 'pyodide';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseTrace } from '../../trace/wire.ts';
import { pyodideDir, pythonSourcesFromDisk } from '../node/engine.ts';
import type { Runner } from '../python/runner.ts';
import { bootEngine } from '../worker/boot.ts';
import { type EngineSnapshot, makeEngineSnapshot, snapshotHash } from './build.ts';
import { PageUnpacker } from './pages.ts';
import { runnerFromSnapshot } from './stash.ts';

let snapshot: EngineSnapshot;
let memory: Uint8Array;
beforeAll(async () => {
  snapshot = await makeEngineSnapshot();
  const pages = new PageUnpacker(snapshot.rawBytes);
  pages.push(new Uint8Array(gunzipSync(snapshot.gzipped)));
  memory = pages.finish();
}, 120_000);

async function boot(): Promise<{ pyodide: PyodideAPI; runner: Runner }> {
  const pyodide = await loadPyodide({ indexURL: pyodideDir(), _loadSnapshot: memory.slice() });
  const runner = runnerFromSnapshot(pyodide);
  if (!runner) throw new Error('no runner in the snapshot');
  return { pyodide, runner };
}

const collect = (runner: Runner, code: string) => {
  let out = '';
  const result = runner.run(code, (_, text) => (out += text));
  return { result, out };
};

describe('engine memory snapshot (Pyodide private API, pinned version)', () => {
  it('is packed and gzipped, named after what made it', () => {
    expect(snapshot.fileName).toMatch(/^snapshot-[0-9a-f]{12}\.bin\.gz$/);
    expect(memory.byteLength).toBe(snapshot.rawBytes);
    expect(snapshot.gzipped.byteLength).toBeLessThan(snapshot.rawBytes / 2);
    // Same engine, same name (the bytes differ a little between builds); another engine, another name.
    const sources = pythonSourcesFromDisk();
    expect(snapshot.fileName).toBe(`snapshot-${snapshotHash(sources)}.bin.gz`);
    expect(snapshotHash({ ...sources, tracer: `${sources.tracer}\n# changed\n` })).not.toBe(snapshotHash(sources));
  });

  it('boots into a ready runner that runs and traces, and hides its own module', async () => {
    const { pyodide, runner } = await boot();
    const { result, out } = collect(runner, 'import sys\nx = [1, 2, 3]\nprint(sys.version_info[:2], sum(x))');
    expect(result.status).toBe('ok');
    expect(out).toBe('(3, 14) 6\n');
    const error = collect(runner, 'print(undefined_name)').result;
    expect(error.status === 'error' && error.error.type).toBe('NameError');
    const trace = parseTrace(runner.trace('a = [1]\nb = a\ndel a\n', () => undefined));
    expect(trace.end.status).toBe('ok');
    expect(trace.steps.map((s) => s.line)).toEqual([1, 2, 3, 3]);
    expect(collect(runner, 'print(sorted(k for k in globals() if "ipm" in k))').out).toBe('[]\n');
    expect(pyodide.runPython('"__ipm_engine_runner__" in globals()')).toBe(false);
    expect(pyodide.runPython('import sys; sys.path.count("")')).toBe(1);
  });

  it('needs no import on a first run, trace or exercise check: the warm-up imported it all', async () => {
    const { pyodide, runner } = await boot();
    const modules = () => new Set(pyodide.runPython('import sys; list(sys.modules)').toJs() as string[]);
    const before = modules();
    collect(runner, 'class A:\n    pass\na = A()\nprint(a is a, [1] * 3, {"k": 1})\nlen(undefined_name)');
    runner.trace('x = [1, 2]\ny = {"x": x}\nx.append(y)\ndel x, y\nimport gc\ngc.collect()\n', () => undefined);
    const checked = runner.check(
      'n = [0] * 3',
      'def check_n(run):\n    "n has 3 items"\n    assert len(run.ns["n"]) == 3, "not 3"\n',
      () => undefined,
      {},
      undefined,
      'm = 1',
    );
    expect(checked.verdict.verdict).toBe('pass');
    expect([...modules()].filter((m) => !before.has(m))).toEqual([]);
  });

  it('gives every boot its own random numbers (the memory is the same for every reader)', async () => {
    const draw = async () => collect((await boot()).runner, 'import random\nprint(random.random())').out;
    expect(await draw()).not.toBe(await draw());
  });

  it('refuses a snapshot made by another Pyodide build', async () => {
    const other = memory.slice();
    other[16] = other[16]! ^ 0xff; // the build id is stored in bytes 16..47
    await expect(loadPyodide({ indexURL: pyodideDir(), _loadSnapshot: other })).rejects.toThrow(/build id mismatch/);
  });
});

describe('bootEngine: the snapshot when it can, a normal boot otherwise', () => {
  const info = (pyodideVersion = pyodideModule.version) => ({ url: 'http://x/snapshot.bin.gz', bytes: memory.byteLength, pyodideVersion });
  async function bootWith(snapshot: Parameters<typeof bootEngine>[0]['snapshot']) {
    const warnings: string[] = [];
    const engine = await bootEngine({
      pyodide: pyodideModule,
      indexURL: pyodideDir(),
      sources: pythonSourcesFromDisk(),
      warn: (m) => warnings.push(m),
      ...(snapshot ? { snapshot } : {}),
    });
    const { result } = collect(engine.runner, 'print(6 * 7)');
    return { boot: engine.boot, status: result.status, warnings };
  }

  it('boots from the snapshot, silently', async () => {
    expect(await bootWith({ info: info(), download: Promise.resolve({ memory: Promise.resolve(memory.slice()) }) })).toEqual({
      boot: 'snapshot',
      status: 'ok',
      warnings: [],
    });
  });

  it('boots normally, and says why, when the snapshot is missing, broken, or from another Pyodide', async () => {
    const cases = [
      [() => ({ info: info(), download: Promise.reject(new Error('HTTP 404 for http://x/snapshot.bin.gz')) }), /HTTP 404/],
      [
        () => ({ info: info(), download: Promise.resolve({ memory: Promise.reject(new Error('incorrect header check')) }) }),
        /incorrect header check/,
      ],
      [
        () => ({ info: info('0.27.0'), download: Promise.resolve({ memory: Promise.resolve(memory.slice()) }) }),
        /made by Pyodide 0\.27\.0/,
      ],
    ] as const;
    for (const [snapshot, why] of cases) {
      const outcome = await bootWith(snapshot());
      expect(outcome).toMatchObject({ boot: 'normal', status: 'ok' });
      expect(outcome.warnings).toHaveLength(1);
      expect(outcome.warnings[0]).toMatch(why);
    }
  }, 60_000);

  it('boots normally when the build made no snapshot', async () => {
    expect(await bootWith(undefined)).toEqual({ boot: 'normal', status: 'ok', warnings: [] });
  });
});
