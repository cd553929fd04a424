/**
 * Budgets limit what is drawn, never what runs: a program that finishes within
 * the time limit gets its whole output and a final picture equal to its real end
 * state, however many steps or objects it takes. Past the step budget the tracer
 * draws a sample (tracer.py's Sampler) and says where the gaps are; past the
 * object budget a picture keeps what the frames reach first and counts the rest.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type NodeEngine, startNodeEngine } from '../../../test/support/engine.ts';
import { atEnd } from '../../../test/support/trace.ts';
import * as tracing from '../../../test/support/tracing.ts';
import { type Picture, variable } from '../../trace/picture.ts';
import type { Trace } from '../../trace/schema.ts';
import { traceVerdict } from '../../verdicts/run-report.ts';
import type { TraceLimits } from './runner.ts';

let engine: NodeEngine;
beforeAll(async () => {
  engine = await startNodeEngine();
});

const expectInvisible = (code: string, limits?: TraceLimits) => tracing.expectInvisible(engine, code, limits);

/** Everything the trace says was printed: its steps' output, then what came after the last step. */
const printed = (trace: Trace) =>
  [...trace.steps.flatMap((s) => s.output ?? []), ...(trace.end.output ?? [])]
    .filter((c) => c.stream === 'stdout')
    .map((c) => c.text)
    .join('');

/** The steps drawn and those counted in the gaps add up to the steps run. */
function expectGapsAddUp(trace: Trace) {
  expect(trace.stats.steps).toBe(trace.steps.length);
  expect(trace.steps.reduce((n, s) => n + 1 + (s.skipped ?? 0), 0)).toBe(trace.stats.stepsRun);
}

/**
 * A picture as text, from its frames' variables down (keys left out: they number objects in the
 * order met, which differs between two traces of the same program), so two pictures can be compared.
 */
function rendered(picture: Picture, withCounts: boolean): string {
  const seen = new Set<string>();
  const show = (key: string | null, depth: number): string => {
    if (key === null) return '…';
    const o = picture.heap.get(key);
    if (!o) return '?';
    const head = `${o.type}${o.repr ? ` ${o.repr}` : ''}${o.length === undefined ? '' : ` len ${o.length}`}${o.more ? ` +${o.more}` : ''}${
      withCounts && o.refcount !== null ? ` rc ${o.refcount}` : ''
    }`;
    if (seen.has(key) || depth > 3) return head;
    seen.add(key);
    const items =
      o.items?.map((k) => show(k, depth + 1)) ?? o.entries?.map(([k, v]) => `${show(k, depth + 1)}: ${show(v, depth + 1)}`) ?? [];
    return items.length ? `${head} [${items.join(', ')}]` : head;
  };
  return picture.frames.map((f) => `${f.name}: ${f.vars.map(([name, key]) => `${name}=${show(key, 0)}`).join('; ')}`).join('\n');
}

describe('a program that finishes is run to its end, whatever its length', () => {
  it('runs a 10,000-iteration loop to the end: full output, a sample drawn, the final state', () => {
    const code = 'xs = []\nfor i in range(10_000):\n    xs.append(i)\nprint(len(xs), sum(xs))\nlast = xs[-1]\n';
    const { traced, untraced } = expectInvisible(code);
    expect(untraced.stdout).toBe('10000 49995000\n');
    const t = traced.trace;
    expect(t.end.status).toBe('ok');
    expect(printed(t)).toBe(untraced.stdout);
    expect(t.stats.stepsRun).toBeGreaterThan(20_000);
    expect(t.stats.steps).toBeLessThan(t.stats.stepsRun / 5);
    expectGapsAddUp(t);
    const end = atEnd(traced.pictures);
    expect(end.step.event).toBe('end');
    expect(variable(end, 'xs')).toMatchObject({ kind: 'list', length: 10_000 });
    expect(variable(end, 'last')?.repr).toBe('9999');
    // Every line is drawn at least once, the lines after the loop included.
    for (const line of [1, 2, 3, 4, 5]) expect(t.steps.some((s) => s.event === 'line' && s.line === line)).toBe(true);
    // The reader is told it finished, and how much is drawn: never that it might be an endless loop.
    const verdict = traceVerdict(t);
    expect(verdict.tone).toBe('ok');
    expect(verdict.summary).toBe(
      `Finished: ${t.stats.stepsRun.toLocaleString('en-US')} steps, ${t.steps.length.toLocaleString('en-US')} drawn`,
    );
  });

  it('builds a 1,000-key dict: its length exact, its first entries drawn, the rest counted', () => {
    const code =
      'table = {i: str(i) * 3 for i in range(1000)}\nprint(len(table))\nfor k in range(1000):\n    table[k] += "!"\nprint(table[999])\n';
    const { traced, untraced } = expectInvisible(code);
    expect(untraced.stdout).toBe('1000\n999999999!\n');
    expect(printed(traced.trace)).toBe(untraced.stdout);
    const table = variable(atEnd(traced.pictures), 'table')!;
    expect(table).toMatchObject({ kind: 'dict', length: 1000 });
    expect(table.entries!.length + table.more!).toBe(1000);
    expect(table.entries!.flat().every((k) => k !== null)).toBe(true);
    const first = atEnd(traced.pictures).heap.get(table.entries![0]![1]!);
    expect(first?.repr).toBe("'000!'");
  });

  it('allocates 3,000 objects: a picture of at most maxObjects, the totals exact', () => {
    const code = 'import sys\nxs = []\nfor _ in range(3000):\n    xs.append(object())\nprint(len(xs), sys.getsizeof(xs))\n';
    const { traced, untraced } = expectInvisible(code);
    expect(printed(traced.trace)).toBe(untraced.stdout);
    const end = atEnd(traced.pictures);
    expect(end.heap.size).toBeLessThanOrEqual(200);
    const xs = variable(end, 'xs')!;
    expect(xs).toMatchObject({ kind: 'list', length: 3000 });
    expect(xs.items!.length + xs.more!).toBe(3000);
    expect(untraced.stdout).toBe(`3000 ${xs.size}\n`);
    for (const object of end.heap.values()) expect(object.drawn).toBeGreaterThan(0);
  });

  it('fills a 50×50 nested list: the final picture is the real end state', () => {
    const code = [
      'grid = []',
      'for i in range(50):',
      '    row = []',
      '    for j in range(50):',
      '        row.append(i * j)',
      '    grid.append(row)',
      'print(sum(map(sum, grid)), len(grid), len(grid[-1]))',
    ].join('\n');
    const { traced, untraced } = expectInvisible(code);
    expect(untraced.stdout).toBe('1500625 50 50\n');
    expect(printed(traced.trace)).toBe(untraced.stdout);
    const end = atEnd(traced.pictures);
    // Past the object budget: the rows the frames reach first, whole, then the rest counted.
    expect(end.step.truncatedObjects).toBeGreaterThan(0);
    expect(end.heap.size).toBeLessThanOrEqual(200);
    const grid = variable(end, 'grid')!;
    expect(grid).toMatchObject({ kind: 'list', length: 50 });
    expect(grid.items!.every((k) => k !== null)).toBe(true);
    expect(grid.items!.length + (grid.more ?? 0)).toBe(50);
    for (const object of end.heap.values()) expect(object.drawn).toBeGreaterThan(0);
    const lastRow = variable(end, 'row')!;
    expect(lastRow).toMatchObject({ kind: 'list', length: 50 });
    expect(end.heap.get(lastRow.items![1]!)?.repr).toBe('49');
  });

  it('draws the same final picture as a trace that draws every step', () => {
    const code = [
      'class Node:',
      '    def __init__(self, value, next=None):',
      '        self.value = value',
      '        self.next = next',
      'head = None',
      'for i in range(60):',
      '    head = Node(i, head)',
      'names = {}',
      'for i in range(80):',
      '    names[str(i)] = [i] * (i % 4)',
      'del i',
      'print(head.value, len(names))',
    ].join('\n');
    const full = tracing.traceOutput(engine, code, { maxSteps: 100_000, maxSeconds: 60 });
    const sampled = tracing.traceOutput(engine, code, { maxSteps: 100 });
    expect(full.trace.end.status).toBe('ok');
    expect(full.trace.stats.stepsRun).toBe(full.trace.steps.length);
    expect(sampled.trace.stats.stepsRun).toBe(full.trace.stats.stepsRun);
    expect(sampled.trace.steps.length).toBeLessThan(full.trace.steps.length / 2);
    expectGapsAddUp(sampled.trace);
    expect(sampled.stdout).toBe(full.stdout);
    expect(rendered(atEnd(sampled.pictures), true)).toBe(rendered(atEnd(full.pictures), true));
  });

  it('draws the final state of a program that fails or exits after the step budget', () => {
    for (const [code, status] of [
      ['xs = []\nfor i in range(300):\n    xs.append(i)\nd = {}\nfor i in range(300):\n    d[i] = i\nd[-1]\n', 'error'],
      ['import sys\ndef f():\n    for i in range(500):\n        pass\n    sys.exit(3)\nn = 5\nf()\n', 'exit'],
    ] as const) {
      const full = tracing.traceOutput(engine, code, { maxSteps: 100_000, maxSeconds: 60 });
      const sampled = tracing.traceOutput(engine, code, { maxSteps: 100 });
      expect(full.trace.end.status).toBe(status);
      expect(sampled.trace.end.status).toBe(status);
      expectGapsAddUp(sampled.trace);
      const [a, b] = [atEnd(sampled.pictures), atEnd(full.pictures)];
      expect(a.step).toMatchObject({ event: 'exception', line: b.step.line, exception: { type: b.step.exception!.type } });
      expect(rendered(a, false)).toBe(rendered(b, false));
    }
  });

  it('draws the return of every call it drew, and every print reaches the trace', () => {
    const code =
      'def double(x):\n    y = x * 2\n    return y\ntotal = 0\nfor i in range(3000):\n    total += double(i)\n    if i % 500 == 0:\n        print(i, total)\n';
    const { traced, untraced } = expectInvisible(code, { maxSteps: 100 });
    expect(printed(traced.trace)).toBe(untraced.stdout);
    const steps = traced.trace.steps;
    steps.forEach((step, at) => {
      if (step.event !== 'call') return;
      const frame = step.frames.at(-1)!.key;
      const returned = steps.slice(at + 1).find((s) => s.event === 'return' && s.frames.at(-1)!.key === frame);
      expect(returned, `the call drawn at step ${at} returns`).toBeDefined();
    });
    expect(variable(atEnd(traced.pictures), 'total')?.repr).toBe(String(3000 * 2999));
  });

  it('still ends an endless loop at the time limit, with its output and the partial trace', () => {
    const code = 'i = 0\nwhile True:\n    i += 1\n    if i % 1000 == 0:\n        print(i)\n';
    const { trace: t, pictures, stdout } = tracing.traceOutput(engine, code, { maxSeconds: 0.5 });
    expect(t.end).toMatchObject({ status: 'limit', limit: 'time', seconds: 0.5 });
    expect(stdout.startsWith('1000\n2000\n')).toBe(true);
    expect(printed(t)).toBe(stdout);
    expectGapsAddUp(t);
    expect(atEnd(pictures).step.event).toBe('limit');
    expect(traceVerdict(t).summary).toBe(
      'Stopped after 0.5 s: the program was still running (a loop that never ends?). The diagram shows it up to there.',
    );
  });
});
