/**
 * The tracer's promise: it never breaks and never lies. Whatever a program does
 * (loops forever, recurses, floods the output, tampers with sys, gc, builtins or
 * sys.monitoring, defines objects whose every hook misbehaves), a traced run ends
 * with a clear result and the trace up to there, prints exactly what the untraced
 * program prints, and leaves the engine working normally for the next run.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type NodeEngine, startNodeEngine } from '../../../test/support/engine.ts';
import { atEnd, atLine, traceIn } from '../../../test/support/trace.ts';
import * as tracing from '../../../test/support/tracing.ts';
import { type Picture, variable } from '../../trace/picture.ts';
import type { TraceLimits } from './runner.ts';

let engine: NodeEngine;
beforeAll(async () => {
  engine = await startNodeEngine();
});

const trace = (code: string, limits?: TraceLimits) => traceIn(engine, code, limits);
const traceOutput = (code: string, limits?: TraceLimits) => tracing.traceOutput(engine, code, limits);
const expectInvisible = (code: string, limits?: TraceLimits) => tracing.expectInvisible(engine, code, limits);
const expectHealthy = () => tracing.expectHealthy(engine);

const lastStep = (pictures: Picture[]) => atEnd(pictures).step;

describe('only time ends a program, with a clear result and the partial trace', () => {
  // A short time limit: the step budget no longer ends anything, so these loops run until it.
  const quick = { maxSteps: 200, maxSeconds: 0.3 };

  it('stops `while True: pass` on one line at the time limit, past the step budget', () => {
    const { trace: t, pictures } = trace('x = 1\nwhile True: pass\n', quick);
    expect(t.end).toMatchObject({ status: 'limit', limit: 'time', seconds: 0.3 });
    expect(t.steps.length).toBeGreaterThan(1);
    expect(lastStep(pictures)).toMatchObject({ event: 'limit', line: 2 });
    expect(variable(atEnd(pictures), 'x')?.repr).toBe('1');
    expectHealthy();
  });

  it('stops a loop that catches BaseException, and nested infinite loops', () => {
    const catching = 'while True:\n    try:\n        pass\n    except BaseException:\n        pass\n';
    expect(trace(catching, quick).trace.end).toMatchObject({ status: 'limit', limit: 'time' });
    const nested = 'while True:\n    try:\n        while True: pass\n    except BaseException:\n        while True: pass\n';
    const { trace: t, pictures } = trace(nested, quick);
    expect(t.end).toMatchObject({ status: 'limit', limit: 'time' });
    expect(lastStep(pictures).event).toBe('limit');
    const suppressing = 'from contextlib import suppress\nwith suppress(BaseException):\n    while True: pass\nprint("escaped")\n';
    const s = traceOutput(suppressing, quick);
    expect(s.trace.end).toMatchObject({ status: 'limit', limit: 'time' });
    expect(s.stdout).toBe('');
    expectHealthy();
  });

  it('stops at the time limit when the step budget is huge', () => {
    for (const code of ['x = 0\nwhile True:\n    x += 1\n', 'while True: pass\n']) {
      const { trace: t, pictures } = trace(code, { maxSteps: 1e9, maxSeconds: 0.2 });
      expect(t.end).toMatchObject({ status: 'limit', limit: 'time' });
      expect(t.end.durationMs).toBeLessThan(3000);
      expect(lastStep(pictures).event).toBe('limit');
    }
    expectHealthy();
  });

  it('lists 100 items of a 5000-item list and counts the rest', () => {
    const { pictures } = trace('x = list(range(5000))\npass\n');
    const x = variable(atLine(pictures, 2), 'x')!;
    expect(x).toMatchObject({ kind: 'list', length: 5000, more: 4900 });
    expect(x.items).toHaveLength(100);
  });

  it('describes at most maxObjects objects per picture and summarises the rest per container', () => {
    const { pictures } = trace('xs = [[i] for i in range(500)]\npass\n', { maxObjects: 50 });
    const picture = atLine(pictures, 2);
    expect(picture.step.truncatedObjects).toBeGreaterThan(0);
    expect(picture.heap.size).toBeLessThanOrEqual(50);
    const xs = variable(picture, 'xs')!;
    // The first items drawn, the rest counted: no gaps, and the length stays exact.
    expect(xs.items!.length).toBeGreaterThan(10);
    expect(xs.items!.every((k) => k !== null)).toBe(true);
    expect(xs).toMatchObject({ length: 500, more: 500 - xs.items!.length });
    // Every box drawn is reached by an arrow: none is left floating by the cut.
    for (const object of picture.heap.values()) expect(object.drawn).toBeGreaterThan(0);
  });

  it('shows the module frame and the newest frames of a deep recursion', () => {
    const code = 'def f(n):\n    if n == 0:\n        return 0\n    return f(n - 1)\nf(100)\n';
    const { trace: t, pictures } = trace(code, { maxSteps: 100_000 });
    expect(t.end.status).toBe('ok');
    const deepest = atLine(pictures, 3);
    expect(deepest.step.hiddenFrames).toBeGreaterThan(0);
    expect(deepest.frames.length).toBeLessThanOrEqual(24);
    expect(deepest.frames.length + deepest.step.hiddenFrames!).toBe(102);
    expect(deepest.frames[0]!.name).toBe('<module>');
    const small = trace(code, { maxSteps: 100_000, maxFrames: 5 });
    for (const step of small.trace.steps) expect(step.frames.length).toBeLessThanOrEqual(5);
  });
});

describe('runaway programs', () => {
  it('ends infinite recursion with RecursionError, as untraced', () => {
    const code = 'def f(n):\n    return f(n + 1)\nf(0)\n';
    const untraced = engine.run(code).result;
    const { trace: t, pictures } = trace(code, { maxSteps: 100_000, maxSeconds: 30 });
    expect(t.end).toMatchObject({ status: 'error', error: { type: 'RecursionError', line: 2 } });
    expect(t.end.tracerError).toBeUndefined();
    // The tracer's own frames never show in the reader's traceback.
    if (t.end.status === 'error' && untraced.status === 'error') {
      expect(t.end.error!.traceback).toBe(untraced.error.traceback);
      expect(t.end.error!.traceback).not.toContain('ipm_');
    }
    expect(pictures.filter((s) => s.step.event === 'exception').length).toBeGreaterThan(0);
    expectHealthy();
  }, 60_000);

  it('reaches the same depth traced as untraced before RecursionError', () => {
    const code = [
      'import sys',
      'sys.setrecursionlimit(60)',
      'def f(n):',
      '    try:',
      '        return f(n + 1)',
      '    except RecursionError:',
      '        return n',
      'print(f(0), sys.getrecursionlimit())',
    ].join('\n');
    const { untraced } = expectInvisible(code, { maxSteps: 100_000 });
    expect(untraced.stdout).toMatch(/^\d+ 60\n$/);
    const uncaught = 'import sys\nsys.setrecursionlimit(60)\ndef f(n):\n    return f(n + 1)\nf(0)\n';
    const run = engine.run(uncaught).result;
    const traced = trace(uncaught, { maxSteps: 100_000 }).trace.end;
    expect(run.status === 'error' && traced.status === 'error').toBe(true);
    if (run.status === 'error') expect(traced.error?.traceback).toBe(run.error.traceback);
  });

  it('caps a huge recursion limit instead of crashing', () => {
    const code = 'import sys\nsys.setrecursionlimit(10**6)\nprint(sys.getrecursionlimit())\ndef f(n):\n    return f(n + 1)\nf(0)\n';
    const { result, stdout, stderr } = engine.run(code);
    expect(result).toMatchObject({ status: 'error', error: { type: 'RecursionError' } });
    expect(stdout).toBe('2000\n');
    expect(stderr).toContain('recursion limit capped at 2000');
    const traced = traceOutput(code);
    expect(traced.stdout).toBe('2000\n');
    expect(traced.stderr).toContain('recursion limit capped at 2000');
    expect(traced.trace.end).toMatchObject({ status: 'error', error: { type: 'RecursionError' } });
    expect(traced.stdout).toBe(stdout);
    expectHealthy();
  });

  it('reports MemoryError with the trace up to there', () => {
    const { trace: t, pictures } = trace('a = 1\nx = [0] * 10**9\nprint("no")\n');
    expect(t.end).toMatchObject({ status: 'error', error: { type: 'MemoryError', line: 2 } });
    expect(variable(atLine(pictures, 2), 'a')?.repr).toBe('1');
    expect(pictures.find((s) => s.step.event === 'exception')?.step.exception?.type).toBe('MemoryError');
    expectHealthy();
  });

  it('caps huge output, and the trace stays valid', () => {
    const code = 'print("start")\nprint("\\n".join(map(str, range(200_000))))\nprint("\\n".join(map(str, range(200_000))))\ny = 1\n';
    const { trace: t, pictures, stdout } = trace(code);
    expect(t.end.status).toBe('ok');
    expect(t.end.outputChars).toBe(1_000_000);
    expect(t.end.droppedChars).toBeGreaterThan(0);
    expect(stdout.length).toBe(1_000_000);
    expect(atEnd(pictures).output.length).toBe(1_000_000);
    expect(variable(atEnd(pictures), 'y')?.repr).toBe('1');
    expectHealthy();
  });

  it('explains input(), and treats sys.exit and SystemExit as endings', () => {
    const asked = traceOutput('x = input("name? ")');
    expect(asked.trace.end).toMatchObject({ status: 'error', error: { kind: 'input', line: 1 } });
    // The prompt is printed first, as untraced and as CPython's input() does.
    expect(asked.stdout).toBe('name? ');
    expect(engine.run('x = input("name? ")').stdout).toBe('name? ');
    expect(engine.run('x = input()').stdout).toBe('');
    expect(engine.run('x = input(1, 2)').result).toMatchObject({ status: 'error', error: { type: 'TypeError' } });
    expect(trace('import sys\nsys.exit(2)').trace.end).toMatchObject({ status: 'exit', exitCode: 2 });
    expect(trace('raise SystemExit').trace.end).toMatchObject({ status: 'exit', exitCode: null });
    expect(trace('raise SystemExit("bye")').trace.end).toMatchObject({ status: 'exit', exitCode: 'bye' });
    expectHealthy();
  });

  it('reports that threads cannot start', () => {
    const { trace: t } = trace('import threading\nthreading.Thread(target=print).start()\n');
    expect(t.end).toMatchObject({ status: 'error', error: { type: 'RuntimeError', line: 2 } });
    expectHealthy();
  });
});

describe('programs that tamper with the machinery', () => {
  const tampering: [string, string][] = [
    ['sys.settrace', 'import sys\nsys.settrace(lambda *a: None)'],
    ['sys.setprofile', 'import sys\nsys.setprofile(lambda *a: None)'],
    [
      'free every tool id',
      'import sys\nfor i in range(6):\n    try:\n        sys.monitoring.free_tool_id(i)\n    except ValueError:\n        pass',
    ],
    [
      'clear every tool id',
      'import sys\nfor i in range(6):\n    try:\n        sys.monitoring.clear_tool_id(i)\n    except ValueError:\n        pass',
    ],
    ["turn off the tracer's events", 'import sys\ntry:\n    sys.monitoring.set_events(4, 0)\nexcept ValueError:\n    pass'],
    ['gc.disable()', 'import gc\ngc.disable()'],
    ['gc.callbacks.clear()', 'import gc\ngc.callbacks.clear()'],
    ['rebind gc.callbacks', 'import gc\ngc.callbacks = None'],
    ['shadow list', 'list = None'],
    ['replace builtins', 'import builtins\nbuiltins.len = None\nbuiltins.isinstance = None\nbuiltins.str = None'],
    ['poison sys.modules', 'import sys\nsys.modules["json"] = None\nsys.modules["gc"] = None'],
    ['sys.stdout = None', 'import sys\nsys.stdout = None\nprint("lost")'],
    ['replace sys functions', 'import sys\nsys.settrace = None\nsys.setprofile = None\nsys.getrefcount = None\nsys._getframe = None'],
    ['replace sys.monitoring functions', 'import sys\nsys.monitoring.get_tool = None\nsys.monitoring.use_tool_id = None'],
    [
      'replace library functions',
      'import json, time, traceback, weakref\njson.dumps = None\ntime.monotonic = None\ntraceback.format_exception = None\nweakref.ref = None',
    ],
  ];

  for (const [name, code] of tampering) {
    it(`keeps tracing after: ${name}`, () => {
      const program = `${code}\nx = [1]\ny = x\npass\n`;
      const lines = program.split('\n').length - 1;
      const { trace: t, pictures } = trace(program);
      expect(t.end.status).toBe('ok');
      expect(t.end.tracerError).toBeUndefined();
      expect(variable(atLine(pictures, lines), 'y')).toMatchObject({ kind: 'list', refcount: 2, drawn: 2 });
      expect(lastStep(pictures).event).toBe('end');
      expectHealthy();
    });
  }

  it("keeps the reader's own sys.monitoring tool away from the engine, and frees it", () => {
    const code = [
      'import sys',
      'M = sys.monitoring',
      'M.use_tool_id(2, "mine")',
      'def hook(code, line):',
      '    print("line", line)',
      '    if code.co_filename != "<cell>":',
      '        raise RuntimeError("not my code")',
      'M.register_callback(2, M.events.LINE, hook)',
      'M.set_events(2, M.events.LINE)',
      'x = 1',
    ].join('\n');
    const { untraced, traced } = expectInvisible(code);
    expect(untraced.stdout).toBe('line 10\n');
    expect(traced.trace.end.status).toBe('ok');
    expectHealthy();
  });

  it("gives tracing back to the reader's trace function exactly as untraced", () => {
    expectInvisible('import sys\nsys.settrace(lambda f, e, a: print("trace", e, f.f_code.co_name))\ndef f():\n    return 1\nf()\n');
    expectHealthy();
  });

  it('prints normally with builtins.len = None, traced or not', () => {
    const { untraced } = expectInvisible('import builtins\nbuiltins.len = None\nprint("still prints")\n');
    expect(untraced.stdout).toBe('still prints\n');
    expectHealthy();
  });
});

describe('objects the walk must never call into', () => {
  const hostileClass = [
    'class Evil:',
    '    def __getattribute__(self, name):',
    '        print("CALLED __getattribute__", name)',
    '        raise RuntimeError("no")',
    '    def __getattr__(self, name):',
    '        print("CALLED __getattr__", name)',
    '        raise RuntimeError("no")',
    '    def __repr__(self):',
    '        print("CALLED __repr__")',
    '        raise RuntimeError("no")',
    '    def __eq__(self, other):',
    '        print("CALLED __eq__")',
    '        raise RuntimeError("no")',
    '    def __hash__(self):',
    '        print("CALLED __hash__")',
    '        return 1',
    '    def __len__(self):',
    '        print("CALLED __len__")',
    '        raise RuntimeError("no")',
    '    def __iter__(self):',
    '        print("CALLED __iter__")',
    '        raise RuntimeError("no")',
    '    def __sizeof__(self):',
    '        print("CALLED __sizeof__")',
    '        raise RuntimeError("no")',
    '    @property',
    '    def __class__(self):',
    '        print("CALLED __class__")',
    '        raise RuntimeError("no")',
    '    @property',
    '    def __dict__(self):',
    '        print("CALLED __dict__")',
    '        raise RuntimeError("no")',
  ].join('\n');

  it("never runs an instance's hooks, wherever the instance sits", () => {
    const code = `${hostileClass}\nprint("start")\ne = Evil()\nf = Evil()\nitems = [e, f]\nd = {e: f}\nt = (e,)\ns = {f}\nnested = {"k": [e, {"x": t}]}\nprint("end")\n`;
    const { traced } = expectInvisible(code);
    expect(traced.stdout).toBe('start\nCALLED __hash__\nCALLED __hash__\nend\n');
    expect(traced.trace.end.status).toBe('ok');
    const picture = atEnd(traced.pictures);
    const e = variable(picture, 'e')!;
    expect(e).toMatchObject({ kind: 'instance', class: 'Evil', hiddenAttributes: true });
    expect(e.size).toBeUndefined(); // __sizeof__ is the reader's: never called
    expect(variable(picture, 'items')?.items).toHaveLength(2);
    expect(variable(picture, 'd')?.entries).toHaveLength(1);
  });

  it("never runs a metaclass's hooks", () => {
    const code = [
      'class Meta(type):',
      '    def __instancecheck__(cls, obj):',
      '        print("CALLED __instancecheck__")',
      '        return True',
      '    def __subclasscheck__(cls, sub):',
      '        print("CALLED __subclasscheck__")',
      '        return True',
      '    def __getattribute__(cls, name):',
      '        if name in ("__mro__", "__name__", "__qualname__", "__dict__", "__sizeof__", "__class__", "__len__", "__iter__"):',
      '            print("CALLED Meta.__getattribute__", name)',
      '        return type.__getattribute__(cls, name)',
      '    def __eq__(cls, other):',
      '        print("CALLED Meta.__eq__")',
      '        return False',
      '    def __hash__(cls):',
      '        print("CALLED Meta.__hash__")',
      '        return 1',
      '    def __repr__(cls):',
      '        print("CALLED Meta.__repr__")',
      '        return "M"',
      'print("start")',
      'class Weird(metaclass=Meta):',
      '    pass',
      'class WeirdList(list, metaclass=Meta):',
      '    pass',
      'class WeirdDict(dict, metaclass=Meta):',
      '    pass',
      'w = Weird()',
      'wl = WeirdList([1, 2])',
      'wd = WeirdDict(a=1)',
      'k = [Weird, w, wl, wd]',
      'print("end")',
    ].join('\n');
    const { traced } = expectInvisible(code);
    expect(traced.stdout).toBe('start\nend\n');
    const picture = atEnd(traced.pictures);
    expect(variable(picture, 'w')).toMatchObject({ kind: 'instance', class: 'Weird' });
    expect(variable(picture, 'wl')).toMatchObject({ kind: 'list', subclass: true, length: 2 });
    expect(variable(picture, 'wd')).toMatchObject({ kind: 'dict', subclass: true, length: 1 });
    expect(variable(picture, 'Weird')).toMatchObject({ kind: 'class', name: 'Weird' });
  });

  it("walks subclasses of built-ins with the base methods, not the reader's", () => {
    const code = [
      'class L(list):',
      '    def __len__(self):',
      '        print("CALLED L.__len__")',
      '        return 0',
      '    def __iter__(self):',
      '        print("CALLED L.__iter__")',
      '        return iter([])',
      'class D(dict):',
      '    def items(self):',
      '        print("CALLED D.items")',
      '        return []',
      '    def __iter__(self):',
      '        print("CALLED D.__iter__")',
      '        return iter([])',
      'class S:',
      '    __slots__ = ("a", "b")',
      '    def __getattribute__(self, name):',
      '        print("CALLED S.__getattribute__", name)',
      '        return object.__getattribute__(self, name)',
      'class Str(str):',
      '    def __repr__(self):',
      '        print("CALLED Str.__repr__")',
      '        return "s"',
      'l = L([1, 2, 3])',
      'd = D(a=1)',
      's = S()',
      'object.__setattr__(s, "a", [1])',
      'st = Str("hello")',
      'print("end")',
    ].join('\n');
    const { traced } = expectInvisible(code);
    expect(traced.stdout).toBe('end\n');
    const picture = atEnd(traced.pictures);
    expect(variable(picture, 'l')).toMatchObject({ kind: 'list', length: 3, subclass: true });
    expect(variable(picture, 'd')).toMatchObject({ kind: 'dict', length: 1, subclass: true });
    expect(variable(picture, 's')?.attrs?.map((a) => a[0])).toEqual(['a']);
  });

  it('survives an exception class whose metaclass refuses every attribute', () => {
    const code =
      'class Meta(type):\n    def __getattribute__(cls, name):\n        raise RuntimeError("no")\nclass X(Exception, metaclass=Meta):\n    pass\nraise X()\n';
    expect(engine.run(code).result).toMatchObject({ status: 'error', error: { type: 'X', line: 6 } });
    expect(trace(code).trace.end).toMatchObject({ status: 'error', error: { type: 'X', line: 6 } });
    expectHealthy();
  });

  it('shows a huge int by its size, without converting it to decimal', () => {
    const { trace: t, pictures } = trace('x = 10**5000\nimport sys\nsys.set_int_max_str_digits(640)\ny = 10**700\npass\n');
    expect(t.end.tracerError).toBeUndefined();
    const picture = atLine(pictures, 5);
    expect(variable(picture, 'x')?.repr).toMatch(/^<int of \d+ bits>$/);
    expect(variable(picture, 'y')?.repr).toMatch(/^<int of \d+ bits>$/);
    expect(variable(picture, 'x')!.repr!.length).toBeLessThan(30);
  });
});
