/**
 * The tracer's other promise: tracing is invisible. A traced program sees the
 * same reference counts, prints the same output and leaves the same world for
 * the next run as the same program untraced (tracer.hostile.test.ts covers
 * programs that misbehave).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type NodeEngine, startNodeEngine } from '../../../test/support/engine.ts';
import { traceIn } from '../../../test/support/trace.ts';
import * as tracing from '../../../test/support/tracing.ts';
import type { TraceLimits } from './runner.ts';

let engine: NodeEngine;
beforeAll(async () => {
  engine = await startNodeEngine();
});

const trace = (code: string, limits?: TraceLimits) => traceIn(engine, code, limits);
const traceOutput = (code: string, limits?: TraceLimits) => tracing.traceOutput(engine, code, limits);
const expectInvisible = (code: string, limits?: TraceLimits) => tracing.expectInvisible(engine, code, limits);
const expectHealthy = () => tracing.expectHealthy(engine);

describe('tracing is invisible to the program', () => {
  const programs: [string, string][] = [
    [
      'refcounts at module level and in functions',
      [
        'import sys',
        'a = [1, 2, 3]',
        'b = a',
        'print(sys.getrefcount(a))',
        'def f(x):',
        '    y = x',
        '    print(sys.getrefcount(x), sys.getrefcount(y))',
        '    z = [x, x]',
        '    print(sys.getrefcount(x))',
        '    return z',
        'r = f(a)',
        'print(sys.getrefcount(a), sys.getrefcount(r))',
        's = "hello world"',
        'n = int("1000")',
        'print(sys.getrefcount(s), sys.getrefcount(n))',
        'class P:',
        '    pass',
        'p = P()',
        'print(sys.getrefcount(p), sys.getrefcount(P))',
      ].join('\n'),
    ],
    [
      // The tracer pauses the collector while it draws a picture: the program's own setting is what it sees.
      'the collector switched off and on by the program',
      [
        'import gc',
        'gc.disable()',
        'data = [[i] for i in range(50)]',
        'print(gc.isenabled())',
        'gc.enable()',
        'more = [[i] for i in range(50)]',
        'print(gc.isenabled())',
      ].join('\n'),
    ],
    [
      'identity',
      [
        'x = [1]',
        'y = [1]',
        'print(id(x) == id(y), x is y)',
        'a = int("257"); b = int("257")',
        'print(a is b, id(a) == id(b), int("256") is int("256"))',
        'print(len({id(object()) for _ in range(3)}) >= 1)',
      ].join('\n'),
    ],
    [
      'gc.collect() with cycles',
      [
        'import gc',
        'print(gc.collect())',
        'class Node:',
        '    def __init__(self, name):',
        '        self.name = name',
        '        self.other = None',
        'a = Node("a"); b = Node("b")',
        'a.other = b; b.other = a',
        'del a, b',
        'print(gc.collect())',
        'x = []',
        'x.append(x)',
        'del x',
        'print(gc.collect())',
        'print(gc.collect())',
      ].join('\n'),
    ],
    [
      '__del__ ordering',
      [
        'import gc',
        'class D:',
        '    def __init__(self, name):',
        '        self.name = name',
        '    def __del__(self):',
        '        print("del", self.name)',
        'a = D("a")',
        'b = D("b")',
        'del b',
        'print("after b")',
        'a = None',
        'l = [D("x"), D("y")]',
        'del l',
        'c = D("cycle")',
        'c.me = c',
        'del c',
        'print("collect", gc.collect() >= 1)',
        'last = D("at exit")',
        'print("end")',
      ].join('\n'),
    ],
    [
      'generators and closures',
      [
        'def gen(n):',
        '    for i in range(n):',
        '        yield i * i',
        'g = gen(4)',
        'print(next(g), list(g))',
        'def counter():',
        '    count = 0',
        '    def inc():',
        '        nonlocal count',
        '        count += 1',
        '        return count',
        '    return inc',
        'c = counter()',
        'c(); c()',
        'print(c(), c.__closure__[0].cell_contents)',
      ].join('\n'),
    ],
    [
      'exceptions caught',
      [
        'import sys',
        'def risky(n):',
        '    if n > 2:',
        '        raise ValueError(f"too big: {n}")',
        '    return n',
        'for i in range(5):',
        '    try:',
        '        print(risky(i))',
        '    except ValueError as e:',
        '        print("caught", e, sys.getrefcount(e))',
        'try:',
        '    {}["missing"]',
        'except KeyError as e:',
        '    print(repr(e))',
        'finally:',
        '    print("finally")',
      ].join('\n'),
    ],
    [
      'weakref callbacks',
      [
        'import weakref',
        'class Obj:',
        '    pass',
        'def gone(ref):',
        '    print("callback", ref() is None)',
        'o = Obj()',
        'r = weakref.ref(o, gone)',
        'print(r() is o, weakref.getweakrefcount(o))',
        'del o',
        'print("after del", r())',
        'd = weakref.WeakValueDictionary()',
        'k = Obj()',
        'd["k"] = k',
        'print(len(d))',
        'del k',
        'print(len(d))',
      ].join('\n'),
    ],
    [
      'a small printing loop',
      'total = 0\nfor i in range(10):\n    total += i\n    if i % 3 == 0:\n        print(i, total)\nprint("total", total)',
    ],
    [
      'sizes, tracking and referrers',
      [
        'import sys, gc',
        'x = [1, 2]',
        'y = {"a": x}',
        'print(sys.getsizeof(x), sys.getsizeof(y), gc.is_tracked(x), gc.is_tracked(1))',
        'print(len(gc.get_referrers(x)), len(gc.get_referents(y)))',
        'print(sys.getrecursionlimit(), gc.isenabled(), gc.get_threshold())',
      ].join('\n'),
    ],
    [
      'tracemalloc',
      [
        'import tracemalloc',
        'tracemalloc.start()',
        'data = [bytes(1000) for _ in range(10)]',
        'current, peak = tracemalloc.get_traced_memory()',
        'print(current >= 10_000, peak >= current)',
        'tracemalloc.stop()',
      ].join('\n'),
    ],
  ];

  for (const [name, code] of programs) {
    it(`prints the same traced and untraced: ${name}`, () => {
      expectInvisible(code);
    });
  }

  it('leaves no garbage of its own for the next program to collect', () => {
    trace('class A:\n    pass\nxs = [A() for _ in range(20)]\nd = {i: [i] for i in range(20)}\ndef f(n):\n    return n\nf(1)\n');
    expect(engine.run('import gc\nprint(gc.collect())').stdout).toBe('0\n');
    trace('x = [1]\n');
    expect(trace('import gc\nprint(gc.collect())').stdout).toBe('0\n');
  });

  it("shows what __del__ prints as the program's namespace is torn down", () => {
    const code = 'class D:\n    def __del__(self):\n        print("bye")\nd = D()\nprint("end")\n';
    expect(engine.run(code).stdout).toBe('end\nbye\n');
    const { trace: t, stdout } = traceOutput(code);
    expect(stdout).toBe('end\nbye\n');
    expect(t.end.output).toEqual([{ stream: 'stdout', text: 'bye\n' }]);
  });
});

describe('nothing leaks from one run into the next', () => {
  it("forgets a traced run's globals and imports, and frees the tracer's tool id", () => {
    const { trace: t } = trace('import json as leaked_json\nleaked = [1]\ndef leaked_fn():\n    pass\n');
    expect(t.end.status).toBe('ok');
    const { stdout } = engine.run(
      'import sys\nprint([n for n in ("leaked", "leaked_json", "leaked_fn") if n in globals()])\nprint([sys.monitoring.get_tool(i) for i in range(6)])',
    );
    expect(stdout).toBe('[]\n[None, None, None, None, None, None]\n');
    const again = trace('print("leaked" in globals())\n');
    expect(again.stdout).toBe('False\n');
  });

  it('undoes settings a memory lesson may change', () => {
    const code = [
      'import gc, sys, tracemalloc, types',
      'gc.set_debug(gc.DEBUG_SAVEALL)',
      'gc.set_threshold(5, 2, 2)',
      'gc.freeze()',
      'sys.set_int_max_str_digits(640)',
      'tracemalloc.start()',
      'sys.path.insert(0, "/tmp")',
      'planted = types.ModuleType("planted")',
      'sys.modules["planted"] = planted',
      'sys.unraisablehook = lambda *a: print("hook")',
      'x = []',
      'x.append(x)',
    ].join('\n');
    expect(trace(code).trace.end.status).toBe('ok');
    const { stdout } = engine.run(
      [
        'import gc, sys, tracemalloc',
        'print(gc.get_debug(), gc.get_threshold()[0], gc.get_freeze_count(), len(gc.garbage))',
        'print(sys.get_int_max_str_digits(), tracemalloc.is_tracing(), "/tmp" in sys.path, "planted" in sys.modules)',
        'print(sys.unraisablehook is sys.__unraisablehook__, gc.collect())',
      ].join('\n'),
    );
    expect(stdout).toBe('0 2000 0 0\n4300 False False False\nTrue 0\n');
    expectHealthy();
  });
});
