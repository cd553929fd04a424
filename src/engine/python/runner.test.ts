import { beforeAll, describe, expect, it } from 'vitest';
import { type NodeEngine, startNodeEngine } from '../../../test/support/engine.ts';
import { appendOutput, type OutputChunk } from '../../verdicts/run-report.ts';

let engine: NodeEngine;
beforeAll(async () => {
  engine = await startNodeEngine();
});

describe('the Python runner (real CPython in Pyodide)', () => {
  it('runs CPython 3.14 and streams stdout', () => {
    const { result, stdout } = engine.run('import sys\nprint(sys.version_info[:2])\nprint("a", 1 + 1)');
    expect(result.status).toBe('ok');
    expect(stdout).toBe('(3, 14)\na 2\n');
  });

  it('keeps stdout and stderr apart and in order', () => {
    const { chunks } = engine.run('import sys\nprint("out")\nprint("err", file=sys.stderr)\nprint("out2")');
    const merged = chunks.reduce((all, c) => appendOutput(all, c.stream, c.text), [] as OutputChunk[]);
    expect(merged).toEqual([
      { stream: 'stdout', text: 'out\n' },
      { stream: 'stderr', text: 'err\n' },
      { stream: 'stdout', text: 'out2\n' },
    ]);
  });

  it("sends a program's first writes at once, then batches", () => {
    const { chunks } = engine.run('for i in range(3000):\n    print(i)');
    // 1,000 unbuffered writes (each print is two: the text and the newline), then batches.
    expect(chunks.length).toBeGreaterThan(1000);
    expect(chunks.length).toBeLessThan(1100);
    expect(chunks.map((c) => c.text).join('')).toBe(Array.from({ length: 3000 }, (_, i) => `${i}\n`).join(''));
  });

  it("frees a run's cycles before the next run, even after a deep recursion moved them", () => {
    // Past the recursion limit, CPython runs a collection that gc.get_stats does not count,
    // and the cycle leaves the young generation before the run ends. (Traced, the same
    // program ends at its step limit, inside the recursion.)
    const cycle = 'loop = []\nloop.append(loop)\ndef f(n):\n    return f(n + 1)\ntry:\n    f(0)\nexcept RecursionError:\n    pass\n';
    for (const run of [() => engine.run(cycle), () => engine.runner.trace(cycle, () => undefined, { maxSteps: 100, maxSeconds: 60 })]) {
      run();
      expect(engine.run('import gc\nprint(gc.collect())').stdout).toBe('0\n');
    }
  });

  it("starts every run with CPython's free lists as the engine leaves them, not as the last program did", () => {
    // A full collection empties them; what a program freed must not be reused by the next
    // one's allocations, or tracemalloc would not see them.
    const measure = () =>
      engine.run(
        'import tracemalloc\ntracemalloc.start()\nys = [{} for _ in range(50)]\nprint(tracemalloc.get_traced_memory()[0])\ntracemalloc.stop()',
      ).stdout;
    const plain = (code: string) => engine.run(code);
    const traced = (code: string) => engine.runner.trace(code, () => undefined);
    for (const run of [plain, traced]) {
      run('pass');
      const after = measure();
      run('xs = [{} for _ in range(500)]\ndel xs'); // 500 dicts freed: CPython keeps some for reuse
      expect(measure()).toBe(after);
    }
  });

  it("reports an exception with its type, message and the reader's line", () => {
    const { result, stdout } = engine.run('print("start")\n\ndef f(n):\n    return 10 / n\n\nf(0)\n');
    expect(stdout).toBe('start\n');
    expect(result.status).toBe('error');
    if (result.status !== 'error') return;
    expect(result.error).toMatchObject({ kind: 'exception', type: 'ZeroDivisionError', message: 'division by zero', line: 4 });
    expect(result.error.traceback).toContain('File "<cell>", line 6, in <module>');
    expect(result.error.traceback).toContain('return 10 / n');
    // The runner's own frames are not shown to the reader.
    expect(result.error.traceback).not.toContain('<ipm_runner>');
  });

  it('reports a syntax error with line and caret', () => {
    const { result } = engine.run('x = 1\nprint(x\n');
    expect(result.status).toBe('error');
    if (result.status !== 'error') return;
    expect(result.error).toMatchObject({ kind: 'syntax', type: 'SyntaxError', line: 2 });
    expect(result.error.message).toContain("'(' was never closed");
    expect(result.error.traceback).toMatch(/print\(x\n\s*\^/);
  });

  it('hints at a misspelt keyword as CPython does, only when the keyword makes the code compile', () => {
    const typo = engine.run('x = 1\nwhille x:\n    x = 0\n').result;
    expect(typo.status).toBe('error');
    if (typo.status !== 'error') return;
    // The summary, the line and the columns point where the traceback's caret does: at the typo.
    expect(typo.error).toMatchObject({ message: "invalid syntax. Did you mean 'while'?", line: 2, column: 1, endColumn: 7 });
    expect(typo.error.traceback).toBe(
      '  File "<cell>", line 2\n    whille x:\n    ^^^^^^\nSyntaxError: invalid syntax. Did you mean \'while\'?\n',
    );
    // Two letters swapped, inside a block.
    const swapped = engine.run('if True:\n    pass\nesle:\n    pass\n').result;
    if (swapped.status === 'error') expect(swapped.error).toMatchObject({ message: "invalid syntax. Did you mean 'else'?", line: 3 });
    // `sa` nearly spells `as`, but `as` there would not compile: no hint, the caret stays.
    const none = engine.run('x = 5\nfor x haslk;fjlasfhlkjl;sa\n').result;
    expect(none.status).toBe('error');
    if (none.status !== 'error') return;
    expect(none.error).toMatchObject({ message: 'invalid syntax', line: 2, column: 7, endColumn: 12 });
    expect(none.error.traceback).toMatch(/for x haslk;fjlasfhlkjl;sa\n {10}\^{5}\nSyntaxError: invalid syntax\n$/);
  });

  it("writes a syntax error exactly as CPython's traceback module does, its keyword hints included", () => {
    const programs = [
      'x = 1\nwhille x:\n    x = 0\n',
      'def f():\n    x = 1\n    retrun x\n',
      'imprt os\n',
      'x = 1\ny = 2\nfor i inn range(3):\n    pass\n',
      'if True:\n    pass\nesle:\n    pass\n',
      'dfe f():\n    pass\n',
      'x = [i fro i in range(3)]\n',
      'form math import pi\n',
      'def f():\n    yeild 1\n',
      'x = 5\nfor x haslk;fjlasfhlkjl;sa\n',
      'print("a" "b" c)\n',
      'x = 1 iff x else 2\n',
      'ture = 1\nif ture\n',
    ];
    for (const source of programs) {
      // CPython's own words: the program compiled and its error formatted by the traceback module, in the engine.
      const cpython = engine.run(
        `import traceback\ntry:\n    compile(${JSON.stringify(source)}, "<cell>", "exec")\nexcept SyntaxError as e:\n    print("".join(traceback.format_exception_only(e)), end="")\n`,
      );
      expect(cpython.stdout).toContain('SyntaxError');
      const { result } = engine.run(source);
      expect(result.status).toBe('error');
      if (result.status === 'error') expect(result.error.traceback, source).toBe(cpython.stdout);
    }
  });

  it('gives every run a fresh namespace', () => {
    engine.run('leftover = 1');
    const { result, stdout } = engine.run('print("leftover" in globals(), __name__)');
    expect(result.status).toBe('ok');
    expect(stdout).toBe('False __main__\n');
  });

  it('explains that input() has no console', () => {
    const { result } = engine.run('name = input("Your name? ")');
    expect(result.status).toBe('error');
    if (result.status !== 'error') return;
    expect(result.error).toMatchObject({ kind: 'input', line: 1 });
    expect(result.error.message).toContain('needs a console');
    // The engine's stand-in for input() is not the reader's frame.
    expect(result.error.traceback).toContain('File "<cell>", line 1, in <module>');
    expect(result.error.traceback).not.toContain('ipm_');
  });

  it('says a third-party package is not shipped, and what the standard library offers', () => {
    const { result } = engine.run('import numpy as np\n');
    expect(result.status).toBe('error');
    if (result.status !== 'error') return;
    expect(result.error).toMatchObject({ type: 'ModuleNotFoundError', line: 1 });
    expect(result.error.message).toMatch(/^No module named 'numpy'\. .*standard library only.*numpy are not installed/);
    expect(result.error.traceback).toContain('standard library only');
    // A module of the standard library missing from the browser build is not called third-party.
    const stdlib = engine.run('import tkinter\n').result;
    if (stdlib.status === 'error') expect(stdlib.error.message).not.toContain('third-party');
  });

  it('treats sys.exit as an ending, not a crash', () => {
    expect(engine.run('import sys\nsys.exit()').result).toMatchObject({ status: 'exit', exitCode: null });
    expect(engine.run('import sys\nsys.exit(3)').result).toMatchObject({ status: 'exit', exitCode: 3 });
    expect(engine.run('raise SystemExit("bye")').result).toMatchObject({ status: 'exit', exitCode: 'bye' });
  });

  it('undoes what a program does to builtins, sys and gc', () => {
    const tamper = [
      'import builtins, sys, gc',
      'builtins.len = None',
      'list = None',
      'sys.stdout = None',
      'sys.modules["json"] = None',
      'sys.setrecursionlimit(50)',
      'gc.disable()',
      'gc.callbacks.append(lambda *a: 1/0)',
    ].join('\n');
    expect(engine.run(tamper).result.status).toBe('ok');
    const { result, stdout } = engine.run(
      'import sys, gc, json\nprint(len([1]), list, sys.getrecursionlimit(), gc.isenabled(), len(gc.callbacks), json.dumps(1))',
    );
    expect(result.status).toBe('ok');
    expect(stdout).toBe("1 <class 'list'> 1000 True 0 1\n");
  });

  it('caps the recursion limit below what would crash the browser', () => {
    const { result, stderr, stdout } = engine.run(
      'import sys\nsys.setrecursionlimit(100_000)\nprint(sys.getrecursionlimit())\ndef f(n): return f(n + 1)\nf(0)',
    );
    expect(stdout).toBe('2000\n');
    expect(stderr).toContain('recursion limit capped at 2000');
    expect(result).toMatchObject({ status: 'error', error: { type: 'RecursionError' } });
  });

  it('caps huge output and says how much was dropped', () => {
    const { result, stdout } = engine.run('for i in range(300_000):\n    print("0123456789")');
    expect(result.status).toBe('ok');
    expect(stdout.length).toBe(1_000_000);
    expect(result.outputChars).toBe(1_000_000);
    expect(result.droppedChars).toBe(300_000 * 11 - 1_000_000);
  });

  it("reports MemoryError as the reader's error, and keeps working", () => {
    const { result } = engine.run('x = [0] * 10**9');
    expect(result).toMatchObject({ status: 'error', error: { type: 'MemoryError', line: 1 } });
    expect(engine.run('print("still here")').stdout).toBe('still here\n');
  });

  it("keeps every module of the engine out of sight of a program's sys.monitoring callbacks, traced or not", () => {
    // The engine's code that runs while the program does (its streams, the tracer's output,
    // weakref and recursion-limit stand-ins, the guarded sys.monitoring) is in several modules:
    // _ENGINE_FILES in runner.py must name each of them.
    const code = [
      'import sys, weakref',
      'M = sys.monitoring',
      'seen = set()',
      'M.use_tool_id(3, "mine")',
      'M.register_callback(3, M.events.PY_START, lambda code, offset: seen.add(code.co_filename))',
      'M.set_events(3, M.events.PY_START)',
      'class C:',
      '    pass',
      'print(len(weakref.getweakrefs(C())), sys.getrecursionlimit())',
      'sys.setrecursionlimit(900)',
      'M.set_events(3, 0)',
      'print(sorted(name for name in seen if name != "<cell>"))',
    ].join('\n');
    expect(engine.run(code).stdout).toBe('0 1000\n[]\n');
    let traced = '';
    engine.runner.trace(code, (stream, text) => {
      if (stream === 'stdout') traced += text;
    });
    expect(traced).toBe('0 1000\n[]\n');
  });

  it('survives an exception whose __str__ fails', () => {
    const { result } = engine.run('class E(Exception):\n    def __str__(self):\n        raise ValueError\nraise E()');
    expect(result).toMatchObject({ status: 'error', error: { type: 'E', line: 4 } });
  });
});
