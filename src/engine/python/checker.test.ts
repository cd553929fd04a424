/**
 * The exercise checker protocol (python/checker.py) in real CPython: each way a
 * check can end, memory facts from the trace, and the reader's code never
 * confused with the author's.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type NodeEngine, startNodeEngine } from '../../../test/support/engine.ts';

let engine: NodeEngine;
beforeAll(async () => {
  engine = await startNodeEngine();
});

const CHECKER = `
def check_defines_total(run):
    "defines total"
    assert "total" in run.ns, "Define a variable called total."

def check_total_is_six(run):
    "total is 6"
    assert run.ns["total"] == 6, f"total is {run.ns['total']!r}, not 6."
`;

describe('exercise checks', () => {
  it('passes when every check holds, naming each check by its docstring', () => {
    const { verdict } = engine.check('total = sum([1, 2, 3])', CHECKER);
    expect(verdict).toEqual({
      verdict: 'pass',
      checks: [
        { name: 'defines total', status: 'passed' },
        { name: 'total is 6', status: 'passed' },
      ],
    });
  });

  it('stops at the first failed check and gives its message; later checks are skipped', () => {
    const { verdict } = engine.check('tot = 6', CHECKER);
    expect(verdict.verdict).toBe('fail');
    expect(verdict.message).toBe('Define a variable called total.');
    expect(verdict.checks.map((c) => c.status)).toEqual(['failed', 'skipped']);
  });

  it('reports a program that did not finish as not run, with the error in the trace', () => {
    const { verdict, json } = engine.check('total = 1 / 0', CHECKER);
    expect(verdict.verdict).toBe('not-run');
    expect(verdict.checks).toEqual([]);
    expect(JSON.parse(json).end.error.type).toBe('ZeroDivisionError');
  });

  it('reports a syntax error as not run', () => {
    const { verdict, json } = engine.check('total = (', CHECKER);
    expect(verdict.verdict).toBe('not-run');
    expect(JSON.parse(json).end.error.kind).toBe('syntax');
  });

  it("reports the time limit as not run, with the trace's limit ending", () => {
    const out = engine.runner.check('while True:\n    total = 6', CHECKER, () => undefined, { maxSteps: 200, maxSeconds: 0.3 });
    expect(out.verdict.verdict).toBe('not-run');
    expect(JSON.parse(out.json).end).toMatchObject({ status: 'limit', limit: 'time' });
  });

  it('checks a program that runs past the step budget: the checks see it finished', () => {
    const code = 'total = 0\nfor i in range(4):\n    total += 1.5\nfor i in range(3000):\n    pass\n';
    const out = engine.runner.check(code, CHECKER, () => undefined, { maxSteps: 200 });
    expect(JSON.parse(out.json).end.status).toBe('ok');
    expect(out.verdict.verdict).toBe('pass');
    // run.steps counts every step the program ran, not only those drawn.
    const counting = 'def check_steps(run):\n    "ran them all"\n    assert run.steps > 6000, run.steps\n';
    expect(engine.runner.check(code, counting, () => undefined, { maxSteps: 200 }).verdict.verdict).toBe('pass');
  });

  it("blames the reader's code, with their line, when a check calls it and it raises", () => {
    const checker = `
def check_double(run):
    "double(2) is 4"
    assert run.ns["double"](2) == 4, "double(2) should be 4"
`;
    const { verdict } = engine.check('def double(x):\n    return x * undefined_name', checker);
    expect(verdict.verdict).toBe('error');
    expect(verdict.message).toBe("Your code raised NameError on line 2: name 'undefined_name' is not defined");
  });

  it('reports a broken checker as a fault of the exercise, not of the reader', () => {
    const broken = `
def check_x(run):
    "x"
    return run.ns["missing"]
`;
    const { verdict } = engine.check('total = 6', broken);
    expect(verdict.verdict).toBe('fault');
    expect(verdict.message).toMatch(/^The checker itself failed \(KeyError on its line 4: 'missing'\)\. This is a bug in the exercise/);
    expect(engine.check('total = 6', 'def nothing(): pass').verdict).toMatchObject({
      verdict: 'fault',
      message: 'The checker defines no check_* function.',
    });
    expect(engine.check('total = 6', 'def check_x(run) pass').verdict.verdict).toBe('fault');
  });

  it('gives the checks what the program printed, not what the checks print', () => {
    const checker = `
def check_output(run):
    "prints hello"
    print("checker noise")
    assert run.output == "hello\\n", repr(run.output)
`;
    const result = engine.check('print("hello")', checker);
    expect(result.verdict.verdict).toBe('pass');
    expect(result.stdout).toBe('hello\n');
  });

  it('measures reference counts without the checker’s own reference', () => {
    const checker = `
def check_counts(run):
    "counts"
    assert run.refcount(run.ns["one"]) == 1, run.refcount(run.ns["one"])
    two = run.ns["two"]
    assert run.refcount(two) == 2, run.refcount(two)
    assert run.refcount(run.ns["small"]) is None  # small ints are immortal
`;
    expect(engine.check('one = [1]\ntwo = [2]\nalias = two\nsmall = 5', checker).verdict).toMatchObject({ verdict: 'pass' });
  });

  it('reports frees, collections and unreachable cycles from the trace', () => {
    const checker = `
def check_facts(run):
    "facts"
    assert run.freed.count("list") == 1, run.freed
    assert run.unreachable == ["Node", "Node"], run.unreachable
    assert len(run.collections) == 0, run.collections
    assert run.steps > 5, run.steps
`;
    const code = [
      'class Node:',
      '    pass',
      'a = Node()',
      'b = Node()',
      'a.other = b',
      'b.other = a',
      'del a, b',
      'temp = [1, 2]',
      'del temp',
    ].join('\n');
    expect(engine.check(code, checker).verdict).toMatchObject({ verdict: 'pass' });
    const collected = `
def check_collected(run):
    "collected"
    assert run.collections and run.collections[-1]["collected"] >= 2, run.collections
    assert run.unreachable == [], run.unreachable
`;
    expect(engine.check(`${code}\nimport gc\ngc.collect()`, collected).verdict).toMatchObject({ verdict: 'pass' });
  });

  it('runs a setup (earlier cells) first, silently and untraced', () => {
    const result = engine.check('total = base * 2', CHECKER, 'print("setup noise")\nbase = 3');
    expect(result.verdict.verdict).toBe('pass');
    expect(result.stdout).toBe('');
    const failing = engine.run('print(x)', 'x = 1 / 0');
    expect(failing.result).toMatchObject({ status: 'error', error: { type: 'ZeroDivisionError' } });
  });

  it('keeps working after a program that tampers with builtins', () => {
    const checker = `
def check_len(run):
    "len works"
    assert len(run.ns["items"]) == 2
`;
    expect(engine.check('import builtins\nbuiltins.len = None\nitems = [1, 2]', checker).verdict.verdict).toBe('pass');
  });
});
