/**
 * The four Pythons (versions.ts), each in a process of its own (a second Pyodide
 * in one process fails: node/versions.ts): the table matches the installed
 * packages, and one small program traced on each shows what really differs.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { expandTrace, type Picture, variable } from '../trace/picture.ts';
import type { Trace } from '../trace/schema.ts';
import { parseTrace } from '../trace/wire.ts';
import { differencePhrase, versionDifferences } from '../verdicts/version-diff.ts';
import { PYODIDE_DIR, PYODIDE_FILES } from './assets.ts';
import { DEFAULT_VERSION, ENGINE_BUILDS, engineDir, engineFiles, PYTHON_VERSIONS, type PythonVersion } from './versions.ts';

const require = createRequire(import.meta.url);
const run = promisify(execFile);

describe('the engine table', () => {
  it.each(PYTHON_VERSIONS)('names the installed Pyodide of %s, its CPython and its files', (version) => {
    const build = ENGINE_BUILDS[version];
    const dir = path.dirname(require.resolve(`${build.packageName}/package.json`));
    expect(JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version).toBe(build.pyodide);
    expect(JSON.parse(readFileSync(path.join(dir, 'pyodide-lock.json'), 'utf8')).info.python).toBe(build.python);
    for (const file of engineFiles(version)) expect(() => readFileSync(path.join(dir, file)), file).not.toThrow();
  });

  it("names the course's engine as the page's engine does (assets.ts keeps its own list out of the table, for the lesson's JS)", () => {
    expect(engineFiles(DEFAULT_VERSION)).toEqual([...PYODIDE_FILES]);
    expect(engineDir(DEFAULT_VERSION)).toBe(PYODIDE_DIR);
  });
});

const PROGRAM = `import sys, gc
x = 257
y = int("257")
print(x is y, gc.get_threshold()[0])
def f():
    local = [1]
    print(sys.getrefcount(local))
    return local
kept = f()
pair = [[], None]
pair[0].append(pair)
del pair
gc.collect()
word = "hello"
class K:
    __slots__ = ("v", "nxt")
    def __init__(self, v): self.v = v; self.nxt = None
    def noted(value): return value
    size = noted(2)
`;

const traces = new Map<PythonVersion, Trace>();

/** The picture at the first step drawn on `line`. */
function atLine(trace: Trace, line: number): Picture {
  const pictures = expandTrace(trace);
  const found = pictures.find((p) => p.step.line === line && p.step.event === 'line');
  if (!found) throw new Error(`no step on line ${line}`);
  return found;
}

describe('one program on four Pythons', () => {
  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ipm-versions-'));
    const file = path.join(dir, 'program.py');
    writeFileSync(file, PROGRAM);
    // One process per version (the CLI, on the Node running this test), side by side.
    await Promise.all(
      PYTHON_VERSIONS.map(async (version) => {
        const { stdout } = await run(process.execPath, ['scripts/trace.ts', file, '--python', version], { maxBuffer: 1 << 26 });
        traces.set(version, parseTrace(stdout));
      }),
    );
  }, 120_000);

  const output = (version: PythonVersion) => expandTrace(traces.get(version)!).at(-1)!.output;

  it.each(PYTHON_VERSIONS)('%s traces the program on its own CPython', (version) => {
    const trace = traces.get(version)!;
    expect(trace.python.startsWith(`${version}.`)).toBe(true);
    expect(trace.end.status).toBe('ok');
  });

  it('shares 257 only on 3.15, whose small-int cache goes up to 1024', () => {
    for (const version of PYTHON_VERSIONS) {
      const picture = atLine(traces.get(version)!, 4);
      const [x, y] = [variable(picture, 'x')!, variable(picture, 'y')!];
      const shared = version === '3.15';
      expect(
        output(version)
          .split('\n')[0]!
          .startsWith(shared ? 'True' : 'False'),
        version,
      ).toBe(true);
      expect(x.id === y.id, version).toBe(shared);
      expect(Boolean(x.smallInt), version).toBe(shared);
      expect(x.refcount === null, `${version}: immortal`).toBe(shared);
    }
  });

  it('collects a generation at 700 allocations on 3.12 and 2000 from 3.13', () => {
    expect(PYTHON_VERSIONS.map((v) => output(v).split('\n')[0]!.split(' ')[1])).toEqual(['700', '2000', '2000', '2000']);
  });

  it("counts a function's local as 3.14 borrows it, and says why 3.12 counts one more", () => {
    // What the program prints: the argument's reference, the frame's (not from 3.14), and on 3.12 the
    // dict of locals the tracer's read of f_locals left on the frame.
    expect(PYTHON_VERSIONS.map((v) => output(v).split('\n')[1])).toEqual(['3', '2', '1', '1']);
    const locals = PYTHON_VERSIONS.map((v) => variable(atLine(traces.get(v)!, 7), 'local', 'f')!);
    expect(locals.map((o) => o.refcount)).toEqual([2, 1, 1, 1]);
    expect(locals[0]!.reasons).toEqual([{ kind: 'frame-locals', count: 1 }]);
    expect(locals.slice(1).every((o) => o.reasons === undefined)).toBe(true);
    // A class body's locals are its namespace, a real dict on every version: nothing of 3.12's own there.
    // (A class statement is one step: its frame is drawn while a function its body calls runs.)
    for (const version of PYTHON_VERSIONS) {
      const slots = variable(atLine(traces.get(version)!, 18), '__slots__', 'K')!;
      const kinds = slots.reasons?.map((r) => r.kind);
      expect(kinds, version).toContain('constant');
      expect(kinds, version).not.toContain('frame-locals');
    }
  });

  it('frees the cycle with gc.collect() on every version', () => {
    for (const version of PYTHON_VERSIONS) {
      const events = expandTrace(traces.get(version)!).flatMap((p) => p.events);
      expect(events.filter((e) => e.kind === 'freed' && e.type === 'list').length, version).toBeGreaterThanOrEqual(2);
      expect(
        events.some((e) => e.kind === 'gc' && (e.collected ?? 0) >= 2),
        version,
      ).toBe(true);
    }
  });

  it('says what a version cannot report instead of guessing: interning before 3.13', () => {
    expect(PYTHON_VERSIONS.map((v) => traces.get(v)!.unreported)).toEqual([['interned'], undefined, undefined, undefined]);
    const words = PYTHON_VERSIONS.map((v) => variable(expandTrace(traces.get(v)!).at(-1)!, 'word')!);
    expect(words.map((w) => w.interned)).toEqual([undefined, true, true, true]);
    // Immortality is told on all four: sys._is_immortal from 3.14, the 32-bit build's own test before.
    for (const version of PYTHON_VERSIONS) {
      const picture = atLine(traces.get(version)!, 11);
      const none = picture.heap.get(variable(picture, 'pair')!.items![1]!)!;
      expect(none, version).toMatchObject({ kind: 'none', immortal: true, refcount: null });
    }
  });
});

describe('the differences the compare view lists', () => {
  it('finds the shared 257, the borrowed local and the printed counts, each with its line', () => {
    const runs = PYTHON_VERSIONS.map((label) => {
      const trace = traces.get(label)!;
      return { label, trace, output: expandTrace(trace).at(-1)!.output };
    });
    const phrases = versionDifferences(runs).map(differencePhrase);
    expect(phrases).toContain('output line 1: 3.12 False 700 · 3.13 False 2000 · 3.14 False 2000 · 3.15 True 2000');
    expect(phrases).toContain('output line 2: 3.12 3 · 3.13 2 · 3.14 1 · 3.15 1');
    expect(phrases).toContain('x and y, line 4: 3.12 two objects · 3.13 two objects · 3.14 two objects · 3.15 one object');
    expect(phrases).toContain('refcount of local in f(), line 7: 3.12 2 · 3.13 1 · 3.14 1 · 3.15 1');
    expect(phrases).toContain('size of f, line 9: 3.12 80 bytes · 3.13 80 bytes · 3.14 84 bytes · 3.15 84 bytes');
    // Alike where told (3.12 cannot tell interning), or the interpreter's own business (a module's count): not listed.
    expect(phrases.filter((p) => /^(type|interned) of|of (sys|gc),/.test(p))).toEqual([]);
  });
});
