/**
 * Diagram questions answered from real traces: each program is traced by the real
 * engine (CPython 3.14 in Pyodide), then asked about as a quiz file would ask.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type NodeEngine, startNodeEngine } from '../../test/support/engine.ts';
import { BUILD_TRACE_SECONDS } from '../engine/limits.ts';
import { parseTrace } from '../trace/wire.ts';
import { parsePredict } from './activity-files.ts';
import { choiceNames, choiceSays, diagramAnswer, stepAfterLine } from './diagram-question.ts';
import { answerPredict } from './verify.ts';

let engine: NodeEngine;
beforeAll(async () => {
  engine = await startNodeEngine();
});

const trace = (code: string) => parseTrace(engine.runner.trace(code, () => undefined, { maxSeconds: BUILD_TRACE_SECONDS }));

const ALIASES = ['a = [1, 2]', 'b = a', 'c = [a, a]', 'del b', 'c.clear()', 'print(len(a))'].join('\n');

describe('the picture after a line', () => {
  it('is the next step in the same frame, stepping over the calls the line makes', () => {
    const t = trace(['def make():', '    x = [1]', '    return x', 'a = make()', 'b = 1'].join('\n'));
    const { before, after } = stepAfterLine(t, 4);
    expect(t.steps[before]!.line).toBe(4);
    // Between them: the call, line 2, line 3, the return, all one frame deeper.
    expect(after - before).toBeGreaterThan(1);
    expect(t.steps[after]!.frames).toHaveLength(1);
    expect(t.steps[after]!.line).toBe(5);
  });

  it('is the end of the program after the last line', () => {
    const t = trace('x = 1');
    expect(t.steps[stepAfterLine(t, 1).after]!.event).toBe('end');
  });

  it('names a line that never runs', () => {
    expect(() => stepAfterLine(trace('x = 1\nif x > 5:\n    y = 2'), 3)).toThrow('line 3 never runs');
  });
});

describe('what a diagram shows', () => {
  it('refcount: the badge of the object a name refers to, as CPython counts it', () => {
    const t = trace(ALIASES);
    expect(diagramAnswer(t, { line: 2, ask: 'refcount', name: 'a' }).shows).toBe('2');
    expect(diagramAnswer(t, { line: 3, ask: 'refcount', name: 'a' }).shows).toBe('4');
    expect(diagramAnswer(t, { line: 4, ask: 'refcount', name: 'a' }).shows).toBe('3');
    expect(diagramAnswer(t, { line: 5, ask: 'refcount', name: 'a' }).shows).toBe('1');
  });

  it('refcount: "immortal" for an immortal object', () => {
    expect(diagramAnswer(trace('n = 7\nm = n'), { line: 2, ask: 'refcount', name: 'n' }).shows).toBe('immortal');
  });

  it('refcount: the innermost frame that has the name', () => {
    const t = trace(['a = [0]', 'def f(a):', '    b = a', '    return b', 'f([1, 2])'].join('\n'));
    // Inside f, `a` is the argument list: f's parameter and b (plus the call's argument in flight).
    const inside = diagramAnswer(t, { line: 3, ask: 'refcount', name: 'a' });
    expect(t.steps[inside.step]!.frames.at(-1)!.name).toBe('f');
    expect(Number(inside.shows)).toBeGreaterThanOrEqual(2);
    expect(diagramAnswer(t, { line: 1, ask: 'refcount', name: 'a' }).shows).toBe('1');
  });

  it('objects: the boxes drawn at that step, values included', () => {
    const t = trace(['a = [1, 2]', 'b = a', 'del a', 'del b'].join('\n'));
    expect(diagramAnswer(t, { line: 1, ask: 'objects' }).shows).toBe('3'); // the list and its two ints
    expect(diagramAnswer(t, { line: 2, ask: 'objects' }).shows).toBe('3'); // one list, two names
    expect(diagramAnswer(t, { line: 4, ask: 'objects' }).shows).toBe('0'); // freed: only its ghost is drawn
  });

  it('freed: the names whose objects the line freed, an unnamed object by its type', () => {
    const t = trace(['a = [1, 2]', 'b = a', 'del a', 'del b', 'c = [[5]]', 'c = None', 'd = 1'].join('\n'));
    expect(diagramAnswer(t, { line: 3, ask: 'freed' }).shows).toEqual([]);
    expect(diagramAnswer(t, { line: 4, ask: 'freed' }).shows).toEqual(['b']);
    expect(diagramAnswer(t, { line: 6, ask: 'freed' }).shows).toEqual(['c', 'list']);
  });

  it('freed: refuses a line that drops an object whose end the tracer cannot see (a big int), but not an immortal one', () => {
    const t = trace(['x = 10**20', 'x = None', 'y = [7]', 'y = None'].join('\n'));
    expect(() => diagramAnswer(t, { line: 2, ask: 'freed' })).toThrow('line 2 drops an int whose end the tracer cannot see');
    // The list goes; its 7 is immortal and only leaves the picture.
    expect(diagramAnswer(t, { line: 4, ask: 'freed' }).shows).toEqual(['y']);
  });

  it('freed: what a function call frees on its way out counts for the line that called it', () => {
    const t = trace(['def f():', '    tmp = [1, 2, 3]', '    return 0', 'x = f()'].join('\n'));
    expect(diagramAnswer(t, { line: 4, ask: 'freed' }).shows).toEqual(['tmp']);
  });
});

describe('matching the author’s choices', () => {
  it('reads the names a freed choice lists', () => {
    expect(choiceNames('`a` and `b`')).toEqual(['a', 'b']);
    expect(choiceNames('c, a list')).toEqual(['c', 'list']);
    expect(choiceNames('a')).toEqual(['a']);
    expect(choiceNames('Nothing')).toEqual([]);
  });

  it('compares numbers exactly and "immortal" or ∞ for an immortal object', () => {
    expect(choiceSays('refcount', ' 3 ', '3')).toBe(true);
    expect(choiceSays('refcount', '30', '3')).toBe(false);
    expect(choiceSays('refcount', '∞', 'immortal')).toBe(true);
    expect(choiceSays('freed', 'b and a', ['a', 'b'])).toBe(true);
    expect(choiceSays('freed', 'a', ['a', 'b'])).toBe(false);
    // A type's capital sorts before a name's lower case: the order never matters.
    expect(choiceSays('freed', 'box and a Node', ['Node', 'box'])).toBe(true);
  });
});

describe('a diagram question file', () => {
  const quiz = (frontmatter: string[], program = ALIASES) =>
    parsePredict('q', ['---', 'question: How many?', ...frontmatter, '---', '```python', program, '```', '', 'Why.'].join('\n'), 'q.md');

  it("gets the author's choice that says what the diagram shows, and the step to open on", () => {
    const question = quiz(['diagram:', '  line: 4', '  ask: refcount', '  name: a', 'choices: ["2", "3", "4"]']);
    const answer = answerPredict(engine.runner, question);
    expect(answer.output).toBe('3');
    expect(answer.step).toBe(stepAfterLine(parseTrace(answer.json), 4).after);
  });

  it('fails the build, saying what the engine found, when no choice is right', () => {
    const question = quiz(['diagram:', '  line: 4', '  ask: refcount', '  name: a', 'choices: ["1", "2"]']);
    expect(() => answerPredict(engine.runner, question)).toThrow(
      'q.md: no choice is the engine\'s answer: after line 4 runs, the object `a` refers to has reference count 3 (choices: ["1","2"])',
    );
  });

  it('fails when two choices say the same answer', () => {
    const question = quiz(['diagram:', '  line: 4', '  ask: freed', 'choices: ["nothing", "none", "b"]']);
    expect(() => answerPredict(engine.runner, question)).toThrow('more than one choice');
  });

  it('fails on a refcount question without a name, or without choices', () => {
    expect(() => quiz(['diagram:', '  line: 4', '  ask: refcount', 'choices: ["1", "2"]'])).toThrow('names its variable');
    expect(() => quiz(['diagram:', '  line: 4', '  ask: objects'])).toThrow('needs its choices');
  });

  it('names a variable the picture does not have', () => {
    const question = quiz(['diagram:', '  line: 4', '  ask: refcount', '  name: b', 'choices: ["1", "2"]']);
    expect(() => answerPredict(engine.runner, question)).toThrow('after line 4, no frame has a variable `b`');
  });
});
