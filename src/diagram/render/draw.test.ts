import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { golden } from '../../../test/support/golden.ts';
import { stepChanges } from '../changes.ts';
import { layoutTrace } from '../layout.ts';
import { MemoryDiagram } from './MemoryDiagram.tsx';

const draw = (name: 'freed-list' | 'chain-appended' | 'doubly-linked', step: number | 'last', internals = false) => {
  const layout = layoutTrace(golden(name).trace, { inlineScalars: true, internals });
  const at = step === 'last' ? layout.steps.length - 1 : step;
  const svg = renderToString(
    h(MemoryDiagram, {
      step: layout.steps[at]!,
      width: layout.width,
      height: layout.height,
      changes: stepChanges(golden(name).pictures[at]!),
      showIds: false,
      title: 't',
      describedBy: 'd',
    }),
  );
  return { svg, view: layout.steps[at]! };
};

describe('drawing a step', () => {
  it('puts a ghost\'s "freed" label above its box, clear of its header', () => {
    const { svg, view } = draw('freed-list', 2);
    const ghost = view.objects.find((o) => o.freed)!;
    const label = /<text x="([\d.]+)" y="([\d.]+)" class="freed-label"/.exec(svg)!;
    expect(Number(label[2])).toBeLessThan(ghost.y);
  });

  it('draws a closed class without a count badge, and with internals its badge', () => {
    const closed = draw('chain-appended', 'last').svg;
    const classBox = /<g class="object kind-class compact[^"]*"[^>]*>(.*?)<\/g>/s.exec(closed)!;
    expect(classBox[1]).toContain('class Node');
    expect(classBox[1]).not.toContain('class="badge');
    const open = draw('chain-appended', 'last', true).svg;
    expect(/<g class="object kind-class[^"]*"[^>]*>.*?class="badge/s.test(open)).toBe(true);
  });

  it('dashes exactly the arrows that close a cycle', () => {
    const { svg, view } = draw('doubly-linked', 'last');
    expect((svg.match(/class="arrow[^"]* back"/g) ?? []).length).toBe(view.arrows.filter((a) => a.cycle).length);
    expect(view.arrows.filter((a) => a.cycle).length).toBe(4);
  });
});
