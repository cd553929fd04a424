/**
 * Steps through a trace's memory diagrams: controls, keyboard, slider, the
 * diagram and its text alternative. Server-rendered with a build-time trace,
 * so the first diagram is on the page before any script runs.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { stepChanges } from '../diagram/changes.ts';
import { describeStep, gapPhrase } from '../diagram/describe.ts';
import { layoutTrace } from '../diagram/layout.ts';
import { MemoryDiagram } from '../diagram/render/MemoryDiagram.tsx';
import { expandTrace, runNumbers } from '../trace/picture.ts';
import type { Trace } from '../trace/schema.ts';
import { ExportStep } from './ExportStep.tsx';

interface Props {
  trace: Trace;
  /** Accessible name prefix, e.g. "Python cell 2". */
  label: string;
  /** Draw scalars inside their slots (the lesson's default; the reader can switch). */
  inlineScalars: boolean;
  /** Called when the shown step changes, with the line about to run and the line just run. */
  onStep?: (line: number | null, previousLine: number | null) => void;
  /** Why the run ended early, shown on the last step. */
  endNote?: string;
  /** Open at the last step (the state a check or a question is about) instead of the first. */
  startAtEnd?: boolean;
  /** Open at this 0-based step (clamped to the trace); `startAtEnd` wins. */
  openAt?: number;
  /** Show object ids in box headers from the start. */
  ids?: boolean;
  /** The program's source, so an exported step's caption can quote the line about to run. */
  code?: string;
}

const END_WORDS: Record<string, string> = {
  limit: 'The program was stopped at its time limit, still running',
  error: 'The program ended with an error',
  exit: 'The program called sys.exit()',
  interrupted: 'The program was stopped',
};

const fmt = (n: number) => n.toLocaleString('en-US');

export function MemoryViewer({
  trace,
  label,
  inlineScalars: initialInline,
  onStep,
  endNote,
  startAtEnd = false,
  openAt = 0,
  ids = false,
  code,
}: Props) {
  const [index, setIndex] = useState(startAtEnd ? Number.MAX_SAFE_INTEGER : openAt);
  const [showIds, setShowIds] = useState(ids);
  const frame = useRef<HTMLDivElement>(null);
  const [inline, setInline] = useState(initialInline);
  // In the server-rendered HTML the controls are disabled: a click before the island hydrates would be lost.
  const [live, setLive] = useState(false);
  useEffect(() => setLive(true), []);
  const pictures = useMemo(() => expandTrace(trace), [trace]);
  const layout = useMemo(() => layoutTrace(trace, { inlineScalars: inline }), [trace, inline]);
  // Past its step budget the tracer draws a sample of the steps run: each step's number among them.
  const run = useMemo(() => runNumbers(trace), [trace]);
  const last = pictures.length - 1;
  const at = Math.min(index, last);
  if (last < 0) return <p class="viewer-empty">This program ran no lines.</p>;
  const picture = pictures[at]!;
  const previous = at > 0 ? pictures[at - 1] : undefined;
  const text = describeStep(picture, previous);
  const descriptionId = `${label.replace(/\W+/g, '-').toLowerCase()}-step-text`;
  const stepsRun = run[last]!;
  const position = `Step ${fmt(at + 1)} of ${fmt(last + 1)}${stepsRun > last + 1 ? ` (step ${fmt(run[at]!)} of ${fmt(stepsRun)} run)` : ''}`;
  const skipped = picture.step.skipped;

  const go = (next: number) => {
    const clamped = Math.max(0, Math.min(last, next));
    setIndex(clamped);
    const step = pictures[clamped]!.step;
    onStep?.(step.event === 'end' ? null : step.line, clamped > 0 ? pictures[clamped - 1]!.step.line : null);
  };
  const onKey = (event: KeyboardEvent) => {
    const moves: Record<string, number> = { ArrowLeft: at - 1, ArrowRight: at + 1, Home: 0, End: last };
    const target = moves[event.key];
    if (target === undefined || (event.target as HTMLElement).tagName === 'INPUT') return;
    event.preventDefault();
    go(target);
  };
  const ending = at === last && trace.end.status !== 'ok' ? (endNote ?? END_WORDS[trace.end.status]) : undefined;

  return (
    <div class="memory-viewer" role="region" aria-label={`Memory diagram of ${label}`} tabIndex={0} onKeyDown={onKey}>
      <div class="viewer-controls">
        <button type="button" class="button" onClick={() => go(0)} disabled={!live || at === 0}>
          « First
        </button>
        <button type="button" class="button" onClick={() => go(at - 1)} disabled={!live || at === 0}>
          ‹ Previous
        </button>
        <button type="button" class="button" onClick={() => go(at + 1)} disabled={!live || at === last}>
          Next ›
        </button>
        <button type="button" class="button" onClick={() => go(last)} disabled={!live || at === last}>
          Last »
        </button>
        <input
          type="range"
          min={0}
          max={last}
          value={at}
          disabled={!live}
          aria-label="Step"
          aria-valuetext={position}
          onInput={(e) => go(Number((e.target as HTMLInputElement).value))}
        />
        <span class="step-count">{position}</span>
        <label class="toggle">
          <input type="checkbox" disabled={!live} checked={showIds} onChange={(e) => setShowIds((e.target as HTMLInputElement).checked)} />{' '}
          ids
        </label>
        <label class="toggle">
          <input type="checkbox" disabled={!live} checked={inline} onChange={(e) => setInline((e.target as HTMLInputElement).checked)} />{' '}
          values inline
        </label>
      </div>
      {skipped ? <p class="gap-note">{gapPhrase(skipped)}</p> : null}
      {/* Focusable so keyboard users can scroll a diagram wider than the page. */}
      <div class="diagram-scroll" ref={frame} tabIndex={0} role="group" aria-label="Diagram (scrolls when wider than the page)">
        <MemoryDiagram
          step={layout.steps[at]!}
          width={layout.width}
          height={layout.height}
          changes={stepChanges(picture, previous)}
          showIds={showIds}
          title={`Memory at step ${at + 1} of ${last + 1}`}
          describedBy={descriptionId}
        />
      </div>
      {picture.events.some((e) => e.kind === 'gc') && (
        <p class="gc-note">
          The garbage collector ran:{' '}
          {picture.events
            .map((e) => (e.kind === 'gc' ? `collected ${e.collected ?? 0}` : null))
            .filter(Boolean)
            .join(', ')}
          .
        </p>
      )}
      {ending && <p class="end-note">{ending}.</p>}
      <p id={descriptionId} class="step-text" aria-live="polite">
        {text}
      </p>
      <ExportStep
        frame={frame}
        step={at + 1}
        caption={captionOf(picture.step.event === 'end' ? null : picture.step.line, code, `Step ${at + 1} of ${last + 1}: ${text}`)}
        disabled={!live}
      />
    </div>
  );
}

/** An exported step's caption: the line about to run (when the code is known), then the step's narration. */
function captionOf(line: number | null | undefined, code: string | undefined, narration: string): string[] {
  const source = line && code ? code.split('\n')[line - 1]?.trim() : undefined;
  return source ? [`Line ${line}: ${source}`, narration] : [narration];
}
