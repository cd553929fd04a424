/**
 * The cycle collector's pass, step by step, on the real diagram of a program
 * the engine traced at build time (src/build/pictures.ts chose the step just
 * before its collection, and checked the pass against the tracer and the
 * collector). The pass is src/pictures/collector-pass.ts; the diagram is the
 * course's own (src/diagram); this island overlays each object's gc_refs and
 * standing, and steps through with buttons or ←/→. The words of each step and
 * the table of gc_refs are the text alternative.
 */
import type { ComponentChildren } from 'preact';
import { useId, useMemo, useState } from 'preact/hooks';
import { arrowShape } from '../diagram/arrows.ts';
import { describeStep } from '../diagram/describe.ts';
import { layoutPictures } from '../diagram/layout.ts';
import { MemoryDiagram } from '../diagram/render/MemoryDiagram.tsx';
import { collectedAfter, lastNames, type PassStatus, type PassStep, passOver } from '../pictures/collector-pass.ts';
// Inlined: an MDX-embedded island's CSS import is not carried into the page's styles by the build.
import styles from '../pictures/pictures.css?raw';
import { expandTrace } from '../trace/picture.ts';
import { parseTrace } from '../trace/wire.ts';

interface Props {
  /** The program's trace, made by the engine at build time. */
  trace: string;
  /** The step drawn: the cycle unreachable, just before the collection. */
  step: string;
  /** The program, highlighted at build time. */
  children?: ComponentChildren;
}

const STAGE_NAMES: Record<PassStep['stage'], string> = {
  copy: '1. Copy the counts',
  subtract: '2. Subtract references from inside',
  tentative: '3. Zero: tentatively unreachable',
  restore: '4. Restore what is reachable',
  result: '5. The garbage',
};

const STATUS_NAMES: Record<PassStatus, string> = {
  unknown: 'not counted yet',
  counted: 'counting',
  tentative: 'tentatively unreachable',
  reachable: 'reachable',
  unreachable: 'unreachable: garbage',
};

const NO_CHANGES = { added: new Set<string>(), refcount: new Map<string, number>(), rebound: new Set<string>() };

export default function CollectorPass({ trace, step, children }: Props) {
  const { picture, pass, layout, collected } = useMemo(() => {
    const pictures = expandTrace(parseTrace(trace));
    const index = Number(step);
    const picture = pictures[index]!;
    return {
      picture,
      pass: passOver(picture, lastNames(pictures.slice(0, index + 1))),
      layout: layoutPictures([picture], { inlineScalars: true }),
      collected: collectedAfter(pictures, index),
    };
  }, [trace, step]);
  const [at, setAt] = useState(0);
  const describedBy = useId();
  const current = pass.steps[at]!;
  const view = layout.steps[0]!;
  const last = pass.steps.length - 1;
  const go = (to: number) => setAt(Math.max(0, Math.min(last, to)));
  const onKey = (e: KeyboardEvent) => {
    const to = { ArrowLeft: at - 1, ArrowRight: at + 1, Home: 0, End: last }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    go(to);
  };
  const edge = current.edge && view.arrows.find((a) => a.source === current.edge!.from && a.target === current.edge!.to);
  return (
    // ←/→, Home and End step the pass while focus is on its buttons (kept enabled at either end, aria-disabled, so focus stays).
    <figure class="picture collector-pass" onKeyDown={onKey}>
      <style>{styles}</style>
      <div class="pass-program">{children}</div>
      <div class="pass-controls" data-pagefind-ignore="all">
        <button type="button" class="button" onClick={() => go(at - 1)} aria-disabled={at === 0}>
          ← Previous
        </button>
        <button type="button" class="button" onClick={() => go(at + 1)} aria-disabled={at === last}>
          Next →
        </button>
        <span class="pass-count">
          Step {at + 1} of {pass.steps.length}: {STAGE_NAMES[current.stage]}
        </span>
      </div>
      <p role="status" class="pass-text" data-pagefind-ignore="all">
        {current.text}
        {current.stage === 'result' &&
          collected !== null &&
          ` On the next line the engine’s collector ran for real: it collected ${collected}.`}
      </p>
      <div class="pass-scroll" data-pagefind-ignore="all">
        <div class="pass-stack" style={{ width: `${layout.width}px`, height: `${layout.height}px` }}>
          <MemoryDiagram
            step={view}
            width={layout.width}
            height={layout.height}
            changes={NO_CHANGES}
            showIds={false}
            title={`Memory at line ${picture.step.line}, before the collection`}
            describedBy={describedBy}
          />
          <svg
            class="pass-overlay"
            viewBox={`0 0 ${layout.width} ${layout.height}`}
            width={layout.width}
            height={layout.height}
            aria-hidden="true"
          >
            {edge && <path class="pass-edge" d={arrowShape(edge).d} />}
            {view.objects
              .filter((o) => pass.group.includes(o.key))
              .map((o) => {
                const status = current.status[o.key]!;
                const refs = current.gcRefs[o.key];
                return (
                  <g key={o.key} class={`pass-object ${status}${current.focus === o.key ? ' focus' : ''}`}>
                    <rect class="pass-ring" x={o.x - 3} y={o.y - 3} width={o.width + 6} height={o.height + 6} rx={6} />
                    {refs !== undefined && (
                      <g transform={`translate(${o.x + o.width - 78} ${o.y - 15})`}>
                        <rect class="pass-badge" width={80} height={16} rx={8} />
                        <text x={40} y={12} text-anchor="middle">
                          gc_refs {refs}
                        </text>
                      </g>
                    )}
                  </g>
                );
              })}
          </svg>
        </div>
      </div>
      <table data-pagefind-ignore="all">
        <caption>gc_refs and standing of each object the collector examines, at this step</caption>
        <thead>
          <tr>
            <th scope="col">object</th>
            <th scope="col" class="num">
              reference count
            </th>
            <th scope="col" class="num">
              gc_refs
            </th>
            <th scope="col">standing</th>
          </tr>
        </thead>
        <tbody>
          {pass.group.map((key) => (
            <tr key={key} class={current.focus === key ? 'focus' : undefined}>
              <th scope="row">{pass.labels[key]}</th>
              <td class="num">{picture.heap.get(key)!.refcount}</td>
              <td class="num">{current.gcRefs[key] ?? '–'}</td>
              <td>{STATUS_NAMES[current.status[key]!]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <details data-pagefind-ignore="all">
        <summary>The diagram in words</summary>
        <p id={describedBy} class="pass-described">
          {describeStep(picture)}
        </p>
      </details>
      <figcaption class="picture-note">
        The program’s real objects and counts, traced by the engine. The variables count as references from outside the group; CPython also
        examines the namespace that holds them, which the running program keeps alive, so the result is the same.
      </figcaption>
    </figure>
  );
}
