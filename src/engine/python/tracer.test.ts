import { beforeAll, describe, expect, it } from 'vitest';
import { type NodeEngine, startNodeEngine } from '../../../test/support/engine.ts';
import { atEnd, atLine, traceIn } from '../../../test/support/trace.ts';
import { variable } from '../../trace/picture.ts';

let engine: NodeEngine;
beforeAll(async () => {
  engine = await startNodeEngine();
});

const trace = (code: string, limits?: Parameters<typeof traceIn>[2]) => traceIn(engine, code, limits);

describe('tracer: steps', () => {
  it('records one step per line, then the end, with variables in definition order', () => {
    const { trace: t, pictures } = trace('x = 1\ny = 2\nx = 3\n');
    expect(t.steps.map((s) => [s.event, s.line])).toEqual([
      ['line', 1],
      ['line', 2],
      ['line', 3],
      ['end', 3],
    ]);
    expect(atEnd(pictures).frames[0]!.vars.map((v) => v[0])).toEqual(['x', 'y']);
    expect(variable(atEnd(pictures), 'x')?.repr).toBe('3');
    expect(t.end.status).toBe('ok');
  });

  it('records calls and returns with the return value, and function frames', () => {
    const { pictures } = trace('def square(n):\n    result = n * n\n    return result\n\nv = square(12)\n');
    const events = pictures.map((s) => s.step.event);
    expect(events).toEqual(['line', 'line', 'call', 'line', 'line', 'return', 'end']);
    const inside = atLine(pictures, 3);
    expect(inside.frames.map((f) => f.name)).toEqual(['<module>', 'square']);
    expect(inside.frames[1]!.vars.map((v) => v[0])).toEqual(['n', 'result']);
    const ret = pictures.find((s) => s.step.event === 'return')!;
    expect(ret.heap.get(ret.step.returnValue!)?.repr).toBe('144');
    expect(variable(atEnd(pictures), 'v')?.repr).toBe('144');
  });

  it('records an exception step and ends with the error', () => {
    const { trace: t, pictures } = trace('a = 1\nb = a / 0\n');
    const exc = pictures.find((s) => s.step.event === 'exception')!;
    expect(exc.step.exception?.type).toBe('ZeroDivisionError');
    expect(exc.step.line).toBe(2);
    expect(t.end).toMatchObject({ status: 'error', error: { type: 'ZeroDivisionError', line: 2 } });
  });

  it('streams steps while recording, in batches that add up to the trace', () => {
    const fragments: string[] = [];
    const json = engine.runner.trace(
      'total = 0\nfor i in range(150):\n    total += i\n',
      () => undefined,
      { maxSteps: 10_000 },
      (f) => fragments.push(f),
    );
    const steps = (JSON.parse(json) as { steps: unknown[] }).steps;
    const streamed = JSON.parse(`[${fragments.join(',')}]`) as unknown[];
    expect(fragments.length).toBeGreaterThan(1);
    expect(streamed.length).toBeGreaterThan(0);
    expect(streamed).toEqual(steps.slice(0, streamed.length));
  });

  it('takes a class statement in one step: its body (and a generic class parameter scope) runs without steps of its own', () => {
    const code = [
      'class Noisy:',
      '    kind = "noisy"',
      '    def __del__(self):',
      '        print("bye")',
      'class Box[T]:',
      '    pass',
      'a = Noisy()',
      'del a',
    ].join('\n');
    const { pictures } = trace(code);
    expect(pictures.map((s) => [s.step.event, s.step.line])).toEqual([
      ['line', 1],
      ['line', 5],
      ['line', 7],
      ['line', 8],
      ['call', 3],
      ['line', 4],
      ['return', 4],
      ['end', 8],
    ]);
    // The class exists, with what its body made, from the step after its statement.
    expect(atLine(pictures, 5).frames.map((f) => f.name)).toEqual(['<module>']);
    expect(variable(atLine(pictures, 5), 'Noisy')?.kind).toBe('class');
  });

  it('still steps a function a class body calls, and draws an error raised in a class body where it leaves the statement', () => {
    const code = 'def three():\n    return 3\nclass A:\n    x = three()\nclass Bad:\n    y = 1 / 0\n';
    const { trace: t, pictures } = trace(code);
    expect(pictures.map((s) => [s.step.event, s.step.line, s.frames.map((f) => f.name)])).toEqual([
      ['line', 1, ['<module>']],
      ['line', 3, ['<module>']],
      ['call', 1, ['<module>', 'A', 'three']],
      ['line', 2, ['<module>', 'A', 'three']],
      ['return', 2, ['<module>', 'A', 'three']],
      ['line', 5, ['<module>']],
      ['exception', 5, ['<module>']],
    ]);
    expect(t.end).toMatchObject({ status: 'error', error: { type: 'ZeroDivisionError', line: 6 } });
  });

  it('attributes output to the step that printed it', () => {
    const { pictures } = trace('print("one")\nprint("two")\nx = 1\n');
    expect(atLine(pictures, 2).output).toBe('one\n');
    expect(atLine(pictures, 3).output).toBe('one\ntwo\n');
  });

  it("gives each call its own frame key, even when a new frame reuses a finished one's memory", () => {
    // CPython builds a call's frame object where the last finished one was freed: same id(), new frame.
    const { pictures } = trace(
      'def f(x):\n    y = x + 1\n    return y\n\ndef g(x):\n    z = x * 2\n    return z\n\nfor i in range(4):\n    f(i)\n    g(i)\n',
    );
    const calls = pictures.filter((p) => p.step.event === 'call').map((p) => p.frames.at(-1)!.key);
    expect(calls).toHaveLength(8);
    expect(new Set(calls).size).toBe(8);
  });

  it("keeps a generator frame's key while it is suspended and resumed", () => {
    const { pictures } = trace('def gen():\n    yield 1\n    yield 2\n\ng = gen()\nfirst = next(g)\nsecond = next(g)\n');
    const keys = pictures.filter((p) => p.frames.length === 2).map((p) => p.frames[1]!.key);
    expect(keys.length).toBeGreaterThan(2);
    expect(new Set(keys).size).toBe(1);
  });

  it('shows generator frames while they run', () => {
    const { pictures } = trace('def gen():\n    yield 1\n    yield 2\n\ng = gen()\nfirst = next(g)\nsecond = next(g)\n');
    const inGen = atLine(pictures, 3);
    expect(inGen.frames.map((f) => f.name)).toEqual(['<module>', 'gen']);
    expect(inGen.frames[1]!.generator).toBe(true);
    expect(variable(atEnd(pictures), 'g')).toMatchObject({ kind: 'generator', state: 'suspended' });
  });
});

describe('tracer: reference counts', () => {
  it('a = [1, 2, 3]; b = a → 2; del a → 1', () => {
    const { pictures } = trace('a = [1, 2, 3]\nb = a\ndel a\npass\n');
    expect(variable(atLine(pictures, 3), 'a')).toMatchObject({ refcount: 2, drawn: 2 });
    const after = variable(atLine(pictures, 4), 'b');
    expect(after).toMatchObject({ refcount: 1, drawn: 1 });
    expect(after?.reasons).toBeUndefined();
  });

  it('matches what sys.getrefcount printed by the program itself implies', () => {
    // At module level the argument adds one reference; inside a function 3.14 borrows it.
    const code = [
      'import sys',
      'a = [1, 2, 3]',
      'b = a',
      'c = [a, a]',
      'print(sys.getrefcount(a) - 1)',
      'def f():',
      '    x = {"k": 1}',
      '    y = x',
      '    print(sys.getrefcount(x))',
      'f()',
    ].join('\n');
    const { pictures, stdout } = trace(code);
    const [atModule, inF] = stdout.trim().split('\n').map(Number);
    expect(variable(atLine(pictures, 5), 'a')?.refcount).toBe(atModule);
    expect(atModule).toBe(4);
    expect(variable(atLine(pictures, 9), 'x', 'f')?.refcount).toBe(inF);
    expect(inF).toBe(2);
  });

  it("counts a class and its slot descriptor as the program does, though the walk read the class's layout", () => {
    // Describing an instance reads its class's __dict__ descriptor and slots once per picture: none
    // of what the walk keeps of them may show in the counts.
    const code = [
      'import sys',
      'class P:',
      '    __slots__ = ("x",)',
      'p = P()',
      'p.x = [1]',
      'slot = P.__dict__["x"]',
      'print(sys.getrefcount(P) - 1, sys.getrefcount(slot) - 1)',
      'end = 1',
    ].join('\n');
    const { pictures, stdout } = trace(code);
    const [cls, slot] = stdout.trim().split(' ').map(Number);
    const last = atLine(pictures, 8);
    expect(variable(last, 'P')?.refcount).toBe(cls);
    expect(variable(last, 'slot')?.refcount).toBe(slot);
    expect(variable(last, 'p')?.attrs).toHaveLength(1);
  });

  it('counts container slots and explains a code constant', () => {
    const { pictures } = trace('s = "hello world"\nt = (s, s)\npass\n');
    const s = variable(atLine(pictures, 3), 's')!;
    // s, two tuple slots, and the constant in the compiled code.
    expect(s).toMatchObject({ refcount: 4, drawn: 3, reasons: [{ kind: 'constant', count: 1 }] });
  });

  it('shows 3.14 borrowed references: a local passed on is counted fewer times than drawn', () => {
    const code = 'def inner(p):\n    return p\n\ndef outer():\n    y = [0]\n    inner(y)\n\nouter()\n';
    const { pictures } = trace(code);
    const call = atLine(pictures, 2);
    const list = variable(call, 'p', 'inner')!;
    expect(list.drawn).toBe(2);
    expect(list.refcount).toBe(1);
    expect(list.reasons).toEqual([{ kind: 'borrowed', count: -1 }]);
  });

  it('counts an argument passed from module level', () => {
    const { pictures } = trace('def f(x):\n    return len(x)\n\ndata = [1]\nf(data)\n');
    const obj = variable(atLine(pictures, 2), 'x', 'f')!;
    expect(obj.drawn).toBe(2);
    expect(obj.refcount).toBe(2);
  });

  it('explains self in __init__ and a for-loop iterator', () => {
    const code = 'class P:\n    def __init__(self):\n        self.v = 1\n\np = P()\nitems = [1, 2]\nfor i in items:\n    pass\n';
    const { pictures } = trace(code);
    expect(variable(atLine(pictures, 3), 'self', 'P.__init__')?.reasons).toEqual([{ kind: 'init-self', count: 1 }]);
    expect(variable(atLine(pictures, 8), 'items')?.reasons).toEqual([{ kind: 'iterator', count: 1 }]);
    // A string the code holds as a constant, iterated: both reasons, in that order.
    const word = trace('word = "a, b"\nfor ch in word:\n    pass\n').pictures;
    expect(variable(atLine(word, 3), 'word')?.reasons).toEqual([
      { kind: 'constant', count: 1 },
      { kind: 'iterator', count: 1 },
    ]);
  });

  it("explains the dying object's extra reference inside __del__ as the deallocator's, not an argument's", () => {
    const code = 'class N:\n    def __del__(self):\n        pass\n\nn = N()\nn = None\n';
    const self = variable(atLine(trace(code).pictures, 3), 'self', 'N.__del__')!;
    expect([self.refcount, self.drawn]).toEqual([2, 1]);
    expect(self.reasons).toEqual([{ kind: 'resurrected', count: 1 }]);
  });

  it('follows closure cells', () => {
    const code = 'def make():\n    total = [0]\n    def add():\n        return total\n    return add\n\nadder = make()\npass\n';
    const { pictures } = trace(code);
    const fn = variable(atLine(pictures, 8), 'adder')!;
    expect(fn.kind).toBe('function');
    expect(fn.closure?.map((c) => c[0])).toEqual(['total']);
    const total = atLine(pictures, 8).heap.get(fn.closure![0]![1]!)!;
    expect(total).toMatchObject({ kind: 'list', refcount: 1, drawn: 1 });
  });
});

describe('tracer: flags', () => {
  it('labels immortal, small-int, interned objects without a count', () => {
    const { pictures } = trace('a = 256\nb = int("257")\nc = None\nd = "name"\ne = "".join(["a", "b c"])\npass\n');
    const picture = atLine(pictures, 6);
    expect(variable(picture, 'a')).toMatchObject({ immortal: true, smallInt: true, refcount: null });
    expect(variable(picture, 'b')).toMatchObject({ refcount: 1 });
    expect(variable(picture, 'b')?.smallInt).toBeUndefined();
    expect(variable(picture, 'c')).toMatchObject({ kind: 'none', immortal: true });
    expect(variable(picture, 'd')).toMatchObject({ interned: true });
    expect(variable(picture, 'e')?.interned).toBeUndefined();
  });

  it('reports real sizes and GC tracking', () => {
    const { pictures } = trace('x = []\ny = 0\nz = {}\npass\n');
    const picture = atLine(pictures, 4);
    expect(variable(picture, 'x')).toMatchObject({ size: 28, tracked: true });
    expect(variable(picture, 'y')).toMatchObject({ size: 16 });
    expect(variable(picture, 'y')?.tracked).toBeUndefined();
    expect(variable(picture, 'z')).toMatchObject({ size: 40, tracked: true });
  });

  it('describes instances, __slots__ and dicts', () => {
    const code =
      'class A:\n    pass\nclass S:\n    __slots__ = ("p", "q")\na = A()\na.name = "n"\ns = S()\ns.p = 1\nd = {"k": [1]}\npass\n';
    const picture = atLine(trace(code).pictures, 10);
    expect(variable(picture, 'a')).toMatchObject({ kind: 'instance', class: 'A' });
    expect(variable(picture, 'a')?.attrs?.map((x) => x[0])).toEqual(['name']);
    expect(variable(picture, 's')?.attrs?.map((x) => x[0])).toEqual(['p']);
    const d = variable(picture, 'd')!;
    expect(d.kind).toBe('dict');
    expect(picture.heap.get(d.entries![0]![1]!)).toMatchObject({ kind: 'list', length: 1 });
    expect(variable(picture, 'A')).toMatchObject({ kind: 'class', name: 'A' });
  });

  it('redraws a function or a class renamed between steps (their descriptions are kept while the same)', () => {
    const code =
      'import sys\nclass A:\n    pass\ndef f():\n    pass\na = A()\nf.__qualname__ = "g"\nA.__qualname__ = "B"\nsize = sys.getsizeof(A)\npass\n';
    const { pictures } = trace(code);
    expect(variable(atLine(pictures, 7), 'f')).toMatchObject({ kind: 'function', name: 'f' });
    expect(variable(atLine(pictures, 8), 'f')).toMatchObject({ kind: 'function', name: 'g' });
    expect(variable(atLine(pictures, 8), 'A')).toMatchObject({ kind: 'class', name: 'A' });
    const end = atLine(pictures, 10);
    expect(variable(end, 'A')).toMatchObject({ kind: 'class', name: 'B' });
    expect(variable(end, 'A')?.size).toBe(Number(variable(end, 'size')?.repr));
  });
});

describe('tracer: frees and the collector', () => {
  it('reports an instance freed at the step after the line that dropped it', () => {
    const { pictures } = trace('class T:\n    pass\nt = T()\ndel t\npass\n');
    const key = atLine(pictures, 4).frames[0]!.vars.find((v) => v[0] === 't')![1]!;
    expect(atLine(pictures, 5).events).toContainEqual({ kind: 'freed', key, type: 'T' });
    expect(atLine(pictures, 5).heap.has(key)).toBe(false);
  });

  it('reports a list freed (no weak references for lists)', () => {
    const { pictures } = trace('a = [1]\ndel a\npass\n');
    const key = atLine(pictures, 2).frames[0]!.vars[0]![1]!;
    expect(atLine(pictures, 3).events).toContainEqual({ kind: 'freed', key, type: 'list' });
  });

  it('keeps the exception being handled while its handler runs, and reports it freed after', () => {
    const { pictures } = trace('try:\n    1 / 0\nexcept ZeroDivisionError:\n    x = 1\n    y = 2\nz = 3\npass\n');
    const raised = pictures.find((p) => p.step.event === 'exception')!;
    const key = raised.step.exception!.key!;
    for (const line of [4, 5]) expect(atLine(pictures, line).heap.get(key)).toMatchObject({ type: 'ZeroDivisionError' });
    expect(atLine(pictures, 6).events).toContainEqual({ kind: 'freed', key, type: 'ZeroDivisionError' });
    expect(atLine(pictures, 7).heap.has(key)).toBe(false);
  });

  it('keeps a two-node cycle as unreachable after del, and sees the collector free it', () => {
    const code = [
      'import gc',
      'class Node:',
      '    pass',
      'a = Node()',
      'b = Node()',
      'a.other = b',
      'b.other = a',
      'del a, b',
      'found = gc.collect()',
      'pass',
    ].join('\n');
    const { pictures } = trace(code);
    const before = atLine(pictures, 8);
    const keys = before.frames[0]!.vars.filter((v) => v[0] === 'a' || v[0] === 'b').map((v) => v[1]!);
    const waiting = atLine(pictures, 9);
    for (const key of keys) expect(waiting.heap.get(key)).toMatchObject({ unreachable: true, refcount: 1 });
    const after = atLine(pictures, 10);
    const gcEvent = after.events.find((e) => e.kind === 'gc');
    expect(gcEvent && gcEvent.kind === 'gc' && gcEvent.collected).toBeGreaterThanOrEqual(2);
    for (const key of keys) {
      expect(after.events).toContainEqual({ kind: 'freed', key, type: 'Node' });
      expect(after.heap.has(key)).toBe(false);
    }
    expect(Number(variable(after, 'found')?.repr)).toBeGreaterThanOrEqual(2);
  });

  it('sees a self-referencing list wait for the collector', () => {
    const { pictures } = trace('import gc\nx = []\nx.append(x)\ndel x\ngc.collect()\npass\n');
    const key = atLine(pictures, 4).frames[0]!.vars.find((v) => v[0] === 'x')![1]!;
    expect(atLine(pictures, 5).heap.get(key)).toMatchObject({ unreachable: true, refcount: 1, drawn: 1 });
    expect(atLine(pictures, 6).events).toContainEqual({ kind: 'freed', key, type: 'list' });
  });

  it('still finds a waiting cycle after the collector moved the young generation', () => {
    // 3,000 lists in one line start an automatic collection, which moves the young
    // generation (the list cycle with it) to the old one: the list must still be drawn
    // waiting, not reported freed.
    const code = 'x = []\nx.append(x)\njunk = list(map(list, [()] * 3000))\ndel x\ndel junk\npass\n';
    const { pictures } = trace(code);
    const key = atLine(pictures, 4).frames[0]!.vars.find((v) => v[0] === 'x')![1]!;
    for (const line of [5, 6]) {
      expect(atLine(pictures, line).heap.get(key), `line ${line}`).toMatchObject({ unreachable: true, refcount: 1 });
      expect(atLine(pictures, line).events).not.toContainEqual({ kind: 'freed', key, type: 'list' });
    }
  });

  it('never calls what a closed box still holds unreachable: a class keeps its methods', () => {
    const code = 'class Counter:\n    def up(self):\n        return 1\n    def down(self):\n        return -1\nc = Counter()\npass\n';
    const { pictures } = trace(code);
    for (const s of pictures) for (const [, obj] of s.heap) expect(obj.unreachable, `${obj.type} at line ${s.step.line}`).toBeUndefined();
  });

  it('draws a bound method with its object and function, so the object it keeps alive stays reachable', () => {
    const code = [
      'class Button:',
      '    def clicked(self):',
      '        return 1',
      'listeners = []',
      'b = Button()',
      'listeners.append(b.clicked)',
      'del b',
      'pass',
    ].join('\n');
    const { pictures } = trace(code);
    const end = atLine(pictures, 8);
    const list = variable(end, 'listeners')!;
    const method = end.heap.get(list.items![0]!)!;
    expect(method).toMatchObject({ type: 'method', kind: 'instance', class: 'method', refcount: 1, drawn: 1 });
    expect(method.attrs!.map(([name]) => name)).toEqual(['__self__', '__func__']);
    const button = end.heap.get(method.attrs![0]![1]!)!;
    expect(button).toMatchObject({ type: 'Button', refcount: 1, drawn: 1 });
    expect(button.unreachable).toBeUndefined();
    const func = end.heap.get(method.attrs![1]![1]!)!;
    expect(func).toMatchObject({ kind: 'function', name: 'Button.clicked' });
  });

  it('flags the garbage of a cycle, but not the immortal small ints it holds', () => {
    const { pictures } = trace('b = [1, 2, 3]\nb.append(b)\ndel b\npass\n');
    const waiting = atLine(pictures, 4);
    const flagged = [...waiting.heap.values()].filter((o) => o.unreachable).map((o) => o.type);
    expect(flagged).toEqual(['list']);
    expect([...waiting.heap.values()].filter((o) => o.type === 'int').length).toBe(3);
  });

  it('shows __del__ output in order', () => {
    const code = 'class D:\n    def __del__(self):\n        print("bye")\nd = D()\nprint("before")\ndel d\nprint("after")\n';
    const { stdout } = trace(code);
    expect(stdout).toBe('before\nbye\nafter\n');
  });
});
