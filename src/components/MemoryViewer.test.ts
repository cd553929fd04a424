import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { golden } from '../../test/support/golden.ts';
import { describeStep } from '../diagram/describe.ts';
import { expandTrace, runNumbers } from '../trace/picture.ts';
import type { Trace } from '../trace/schema.ts';
import { MemoryViewer } from './MemoryViewer.tsx';

/** The golden for-loop trace as a sampled one: 9,412 steps ran, not drawn, before its last step. */
function withGap(): Trace {
  const trace = structuredClone(golden('for-loop').trace);
  const last = trace.steps.length - 1;
  trace.steps[last] = { ...trace.steps[last]!, skipped: 9412 };
  trace.stats = { ...trace.stats, stepsRun: trace.steps.length + 9412 };
  return trace;
}

const render = (trace: Trace) => renderToString(h(MemoryViewer, { trace, label: 'cell', inlineScalars: true, startAtEnd: true }));

describe('the viewer of a trace with gaps', () => {
  it('numbers each step drawn among the steps run', () => {
    const trace = withGap();
    const n = trace.steps.length;
    expect(runNumbers(trace)).toEqual([...Array.from({ length: n - 1 }, (_, i) => i + 1), n + 9412]);
    expect(runNumbers(golden('for-loop').trace)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  });

  it('marks the jump on the step after a gap, and says where the slider is among the steps run', () => {
    const trace = withGap();
    const n = trace.steps.length;
    const html = render(trace);
    expect(html).toContain('<p class="gap-note">… 9,412 steps run, not drawn …</p>');
    const position = `Step ${n} of ${n} (step ${(n + 9412).toLocaleString('en-US')} of ${(n + 9412).toLocaleString('en-US')} run)`;
    expect(html).toContain(`<span class="step-count">${position}</span>`);
    expect(html).toContain(`aria-valuetext="${position}"`);
    // The slider still reaches the last step drawn: the program's end.
    expect(html).toContain(`max="${n - 1}"`);
    expect(describeStep(expandTrace(trace).at(-1)!)).toMatch(/^9,412 steps ran since the previous one, not drawn\. Step \d+: /);
  });

  it('shows no gap and no run count for a trace drawn in full', () => {
    const html = render(golden('for-loop').trace);
    expect(html).not.toContain('gap-note');
    expect(html).not.toContain(' run)');
  });
});
