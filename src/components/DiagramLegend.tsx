/**
 * What every mark of a memory diagram means, drawn with the diagram's own classes so the legend looks
 * exactly like the marks it explains. Open at the first diagram a reader meets; a "?" beside the others.
 */
import type { ComponentChildren } from 'preact';

/** A mark as the diagram draws it, in a small SVG of its own. */
function Sample({ width = 64, children }: { width?: number; children: ComponentChildren }) {
  return (
    <span class="memory-diagram legend-sample" aria-hidden="true">
      <svg viewBox={`0 0 ${width} 22`} width={width} height={22} aria-hidden="true">
        {children}
      </svg>
    </span>
  );
}

function Pill({ text, class: extra = '' }: { text: string; class?: string }) {
  return (
    <g class={`badge ${extra}`}>
      <rect x={4} y={2} width={36} height={18} rx={9} />
      <text x={22} y={11} text-anchor="middle" dominant-baseline="central">
        {text}
      </text>
    </g>
  );
}

const MARKS: { sample: ComponentChildren; term: string; meaning: string }[] = [
  {
    sample: <Pill text="2" />,
    term: 'Reference count',
    meaning: "How many references CPython counts to the object right now (its ob_refcnt, without the tracer's own).",
  },
  {
    sample: <Pill text="∞" />,
    term: '∞ immortal',
    meaning: 'An immortal object (None, True, small ints, many strings): CPython 3.14 never counts its references or frees it.',
  },
  {
    sample: <Pill text="3*" class="differs" />,
    term: 'Count with a star',
    meaning: 'CPython counts more (or fewer) references than the arrows drawn. Hover or focus the pill to read why.',
  },
  {
    sample: <Pill text="2" class="up" />,
    term: 'Thick outline on a pill',
    meaning: 'The count went up or down at this step.',
  },
  {
    sample: (
      <g class="sample added">
        <rect x={2} y={2} width={40} height={18} rx={4} class="box" />
      </g>
    ),
    term: 'Thick outline on a box',
    meaning: 'The object is new at this step.',
  },
  {
    sample: (
      <text x={2} y={11} class="value" dominant-baseline="central">
        cached
      </text>
    ),
    term: 'cached',
    meaning: 'A small int (−5 to 256): CPython made it once at start-up and every 7 in a program is that same object.',
  },
  {
    sample: (
      <text x={2} y={11} class="value" dominant-baseline="central">
        interned
      </text>
    ),
    term: 'interned',
    meaning: 'A string CPython keeps one copy of (names, short literals): equal interned strings are the same object.',
  },
  {
    sample: <path d="M 4 11 L 38 11" class="arrow" marker-end="url(#ipm-legend-arrowhead)" />,
    term: 'Arrow',
    meaning: 'A reference: the variable or slot at its start refers to the object it points at.',
  },
  {
    sample: <path d="M 4 11 L 38 11" class="arrow back" marker-end="url(#ipm-legend-arrowhead)" />,
    term: 'Dashed arrow',
    meaning:
      'A reference that closes a cycle: follow the arrows from the object it points at and you come back to where it starts. The garbage collector, not the count, frees a cycle.',
  },
  {
    sample: <path d="M 4 11 L 38 11" class="arrow changed" marker-end="url(#ipm-legend-arrowhead)" />,
    term: 'Thick coloured arrow',
    meaning: 'A name bound or rebound at this step.',
  },
  {
    sample: (
      <g class="sample unreachable">
        <rect x={2} y={2} width={40} height={18} rx={4} class="box" />
      </g>
    ),
    term: 'Dashed red box',
    meaning: 'Alive but unreachable: no variable leads to it (a cycle). The garbage collector will free it.',
  },
  {
    sample: (
      <g class="sample freed">
        <rect x={2} y={2} width={40} height={18} rx={4} class="box" />
      </g>
    ),
    term: 'Faded box, "freed" above it',
    meaning: 'The object died at this step: its count reached 0 (or the collector freed it).',
  },
  {
    sample: (
      <g class="object compact">
        <rect x={2} y={2} width={58} height={18} rx={6} class="box" />
        <text x={6} y={11} class="header" dominant-baseline="central">
          def f
        </text>
      </g>
    ),
    term: 'A name alone in a box',
    meaning:
      'A module, class or function, drawn closed and without its count. Tick "internals" to see inside it, with its count and the names Python keeps for itself (__module__, __qualname__…).',
  },
  {
    sample: (
      <text x={2} y={11} class="value" dominant-baseline="central">
        … 5 more
      </text>
    ),
    term: '… N more',
    meaning: 'A long container: its first items and its true last items are drawn, the rest counted.',
  },
];

export function DiagramLegend({ open }: { open: boolean }) {
  return (
    <details class="diagram-legend" open={open}>
      <summary>
        <span class="legend-mark" aria-hidden="true">
          ?
        </span>{' '}
        What the marks mean
      </summary>
      <svg width="0" height="0" aria-hidden="true" class="legend-defs">
        <defs>
          <marker id="ipm-legend-arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">
            <path d="M 0 0 L 10 5 L 0 10 z" class="arrowhead" />
          </marker>
        </defs>
      </svg>
      <dl class="legend-list">
        {MARKS.map((mark) => (
          <div key={mark.term} class="legend-item">
            <dt>
              <Sample>{mark.sample}</Sample> {mark.term}
            </dt>
            <dd>{mark.meaning}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
