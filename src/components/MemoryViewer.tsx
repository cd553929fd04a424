/**
 * Steps through a trace's memory diagrams: controls, keyboard, slider, the
 * diagram and its text alternative. Server-rendered with a build-time trace,
 * so the first diagram is on the page before any script runs.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { stepChanges } from '../diagram/changes.ts';
import { describeStep, gapPhrase, narrateStep } from '../diagram/describe.ts';
import { foldPhrase, foldsSentence } from '../diagram/folds.ts';
import { hideInternals } from '../diagram/internals.ts';
import { columnsFor, GEOMETRY, layoutPictures, type StepLayout } from '../diagram/layout.ts';
import { FRAMES_WIDTH, MemoryDiagram, PinnedFrames } from '../diagram/render/MemoryDiagram.tsx';
import { clampScale, fitScale, hiddenEdges, zoomKey, zoomStep } from '../diagram/zoom.ts';
import { INLINE_EVENT, readInlineChoice, writeInlineChoice } from '../site/inline-choice.ts';
import { countText } from '../trace/counts.ts';
import { expandTrace, type Picture, runNumbers } from '../trace/picture.ts';
import type { Trace } from '../trace/schema.ts';
import { DiagramLegend } from './DiagramLegend.tsx';
import { ExportStep } from './ExportStep.tsx';

interface Props {
  trace: Trace;
  /** Accessible name prefix, e.g. "Python cell 2". */
  label: string;
  /** Draw scalars inside their slots (the lesson's default; the reader can switch). */
  inlineScalars: boolean;
  /**
   * Called when the shown step changes (and when the viewer opens), with the line about to run, the
   * line just run, the step's index and the last index.
   */
  onStep?: (line: number | null, previousLine: number | null, index: number, last: number) => void;
  /** Why the run ended early, shown on the last step. */
  endNote?: string;
  /** The step the viewer opens on: an index, or counted from the end when negative (−1, the default: the last). */
  startStep?: number;
  /** Open the legend of marks (the first diagram a reader meets); closed, it is a "?" beside the diagram. */
  legendOpen?: boolean;
  /** Show object ids from the start. */
  ids?: boolean;
  /**
   * Show the interpreter's bookkeeping (a class's `__module__`, `__qualname__`…) and modules, classes
   * and functions in full with their counts from the start (a cell about them: the `internals` flag).
   */
  internals?: boolean;
  /** Follow (and keep) the reader's own "values inline" choice over `inlineScalars` (not in an embed, whose author chose). */
  rememberInline?: boolean;
  /** The program's source, so an exported step's caption can quote the line about to run. */
  code?: string;
}

const END_WORDS: Record<string, string> = {
  limit: 'The program was stopped at its time limit, still running',
  error: 'The program ended with an error',
  exit: 'The program called sys.exit()',
  interrupted: 'The program was stopped',
};

/** Fit to the box (null) or the reader's own zoom; how wide the box is; which of its edges hide part of the diagram. */
function useZoom(diagramWidth: number) {
  const box = useRef<HTMLDivElement>(null);
  const [zoom, setZoom] = useState<number | null>(null);
  const [boxWidth, setBoxWidth] = useState(0);
  const [edges, setEdges] = useState({ left: false, right: false });
  const scale = zoom ?? (boxWidth ? fitScale(diagramWidth, boxWidth - 2) : 1);
  const latest = useRef(scale);
  latest.current = scale;
  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    const measure = () => {
      setBoxWidth(element.clientWidth);
      setEdges(hiddenEdges(element));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    element.addEventListener('scroll', measure, { passive: true });
    // Ctrl + wheel (a touchpad's pinch in Chromium) zooms the diagram, not the page.
    const onWheel = (event: WheelEvent) => {
      if (!event.ctrlKey) return;
      event.preventDefault();
      setZoom(clampScale(latest.current * Math.exp(-event.deltaY / 200)));
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => {
      observer.disconnect();
      element.removeEventListener('scroll', measure);
      element.removeEventListener('wheel', onWheel);
    };
  }, []);
  useLayoutEffect(() => {
    if (box.current) setEdges(hiddenEdges(box.current));
  }, [scale, diagramWidth]);

  // Two fingers on the diagram pinch it (touch-action in CSS leaves pinching to us, panning to the browser).
  const touches = useRef(new Map<number, { x: number; y: number }>());
  const pinch = useRef<{ distance: number; scale: number } | null>(null);
  const distance = () => {
    const [a, b] = [...touches.current.values()];
    return a && b ? Math.hypot(a.x - b.x, a.y - b.y) : 0;
  };
  const pointer = {
    onPointerDown: (event: PointerEvent) => {
      if (event.pointerType !== 'touch') return;
      touches.current.set(event.pointerId, { x: event.clientX, y: event.clientY });
      if (touches.current.size === 2) pinch.current = { distance: distance(), scale: latest.current };
    },
    onPointerMove: (event: PointerEvent) => {
      if (!touches.current.has(event.pointerId)) return;
      touches.current.set(event.pointerId, { x: event.clientX, y: event.clientY });
      const start = pinch.current;
      if (start && start.distance > 0) setZoom(clampScale((start.scale * distance()) / start.distance));
    },
    onPointerUp: (event: PointerEvent) => {
      touches.current.delete(event.pointerId);
      if (touches.current.size < 2) pinch.current = null;
    },
  };
  const zoomBy = (direction: 1 | -1) => setZoom(zoomStep(latest.current, direction));
  return { box, boxWidth, scale, fitted: zoom === null, edges, setZoom, zoomBy, pointer };
}

export function MemoryViewer({
  trace,
  label,
  inlineScalars: initialInline,
  onStep,
  endNote,
  startStep = -1,
  legendOpen = false,
  ids = false,
  internals: initialInternals = false,
  code,
  rememberInline = true,
}: Props) {
  const [index, setIndex] = useState(startStep < 0 ? Math.max(0, trace.steps.length + startStep) : startStep);
  const [showIds, setShowIds] = useState(ids);
  const [inline, setInline] = useState(initialInline);
  const [internals, setInternals] = useState(initialInternals);
  // Long chains are drawn folded (the same in the server's HTML) until the reader unfolds them.
  const [unfolded, setUnfolded] = useState(false);
  // Heap columns before a chain wraps: the server's default until the box is measured wider (columnsFor).
  const [columns, setColumns] = useState<number>(GEOMETRY.columns);
  // In the server-rendered HTML the controls are disabled: a click before the island hydrates would be lost.
  const [live, setLive] = useState(false);
  useEffect(() => {
    setLive(true);
    if (!rememberInline) return;
    const choice = readInlineChoice();
    if (choice !== null) setInline(choice);
    const follow = (event: Event) => setInline((event as CustomEvent<boolean>).detail);
    addEventListener(INLINE_EVENT, follow);
    return () => removeEventListener(INLINE_EVENT, follow);
  }, []);
  const pictures = useMemo(() => expandTrace(trace), [trace]);
  const layout = useMemo(
    () => layoutPictures(pictures, { inlineScalars: inline, internals, fold: !unfolded, columns }),
    [pictures, inline, internals, unfolded, columns],
  );
  // Past its step budget the tracer draws a sample of the steps run: each step's number among them.
  const run = useMemo(() => runNumbers(trace), [trace]);
  const last = pictures.length - 1;
  const at = Math.min(index, last);
  const zoom = useZoom(layout.width);
  useEffect(() => {
    if (zoom.boxWidth > 0) setColumns(columnsFor(zoom.boxWidth - 2));
  }, [zoom.boxWidth]);
  // The code shows the opening step's lines too (once, when the viewer opens on its trace), not only the ones stepped to.
  useEffect(() => {
    if (last >= 0) report(at);
  }, []);
  if (last < 0) return <p class="viewer-empty">This program ran no lines.</p>;
  // The step described as drawn: with the interpreter's bookkeeping hidden unless asked for.
  const drawn = internals ? (p: Picture) => p : hideInternals;
  const picture = drawn(pictures[at]!);
  const previous = at > 0 ? drawn(pictures[at - 1]!) : undefined;
  const folds = layout.steps[at]!.folds;
  const text = [describeStep(picture, previous, { internals }), foldsSentence(folds)].filter(Boolean).join(' ');
  const story = narrateStep(picture, previous);
  const descriptionId = `${label.replace(/\W+/g, '-').toLowerCase()}-step-text`;
  const stepsRun = run[last]!;
  const position = `Step ${countText(at + 1)} of ${countText(last + 1)}${stepsRun > last + 1 ? ` (step ${countText(run[at]!)} of ${countText(stepsRun)} run)` : ''}`;
  const skipped = picture.step.skipped;

  function report(shown: number) {
    const step = pictures[shown]!.step;
    onStep?.(step.event === 'end' ? null : step.line, shown > 0 ? pictures[shown - 1]!.step.line : null, shown, last);
  }
  const go = (next: number) => {
    const clamped = Math.max(0, Math.min(last, next));
    setIndex(clamped);
    report(clamped);
  };
  const onKey = (event: KeyboardEvent) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const zoomTo = zoomKey(event.key);
    if (zoomTo && (event.target as HTMLElement).tagName !== 'INPUT') {
      event.preventDefault();
      if (zoomTo === 'fit') zoom.setZoom(null);
      else zoom.zoomBy(zoomTo === 'in' ? 1 : -1);
      return;
    }
    const moves: Record<string, number> = { ArrowLeft: at - 1, ArrowRight: at + 1, Home: 0, End: last };
    const target = moves[event.key];
    if (target === undefined || (event.target as HTMLElement).tagName === 'INPUT') return;
    event.preventDefault();
    go(target);
  };
  const changes = stepChanges(picture, previous);
  const pinned = zoom.edges.left && zoom.scale * layout.width > FRAMES_WIDTH * zoom.scale * 2;
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
        <label
          class="toggle"
          title={
            rememberInline
              ? 'Draw numbers, strings, True, False and None inside the slot that refers to them. Your choice applies to every diagram.'
              : 'Draw numbers, strings, True, False and None inside the slot that refers to them.'
          }
        >
          <input
            type="checkbox"
            disabled={!live}
            checked={inline}
            onChange={(e) => {
              const checked = (e.target as HTMLInputElement).checked;
              setInline(checked);
              if (rememberInline) writeInlineChoice(checked);
            }}
          />{' '}
          values inline
        </label>
        <label
          class="toggle"
          title="Show what Python keeps for itself (a class's __module__, __qualname__…) and draw modules, classes and functions in full, with their counts."
        >
          <input
            type="checkbox"
            disabled={!live}
            checked={internals}
            onChange={(e) => setInternals((e.target as HTMLInputElement).checked)}
          />{' '}
          internals
        </label>
      </div>
      <div class="zoom-controls" role="group" aria-label="Zoom">
        <button type="button" class="button" onClick={() => zoom.zoomBy(-1)} disabled={!live} aria-label="Zoom out" aria-keyshortcuts="-">
          −
        </button>
        <button
          type="button"
          class="button"
          onClick={() => zoom.setZoom(null)}
          disabled={!live}
          aria-pressed={zoom.fitted}
          aria-label="Fit to the box"
          aria-keyshortcuts="0"
        >
          Fit
        </button>
        <button type="button" class="button" onClick={() => zoom.zoomBy(1)} disabled={!live} aria-label="Zoom in" aria-keyshortcuts="+">
          +
        </button>
        <span class="zoom-level" aria-live="polite">
          {Math.round(zoom.scale * 100)} %
        </span>
      </div>
      {skipped ? <p class="gap-note">{gapPhrase(skipped)}</p> : null}
      {/* Focusable so keyboard users can scroll a diagram wider than its box. */}
      <div
        class={`diagram-scroll${zoom.edges.left ? ' more-left' : ''}${zoom.edges.right ? ' more-right' : ''}`}
        ref={zoom.box}
        tabIndex={0}
        role="group"
        aria-label="Diagram (scrolls when wider than its box; + and − zoom, 0 fits)"
        {...zoom.pointer}
      >
        <div class="diagram-canvas" style={{ width: `${layout.width * zoom.scale}px`, height: `${layout.height * zoom.scale}px` }}>
          <MemoryDiagram
            step={layout.steps[at]!}
            width={layout.width}
            height={layout.height}
            changes={changes}
            showIds={showIds}
            title={`Memory at step ${at + 1} of ${last + 1}`}
            describedBy={descriptionId}
            scale={zoom.scale}
          />
          {pinned && <PinnedFrames step={layout.steps[at]!} height={layout.height} changes={changes} scale={zoom.scale} />}
        </div>
      </div>
      {(unfolded || layout.folded > 0 || layout.hiddenNames > 0) && (
        <p class="fold-note">
          {unfolded ? 'Every object and name is drawn: long chains and frames are unfolded.' : foldNote(layout.steps[at]!)}{' '}
          <button type="button" class="button" disabled={!live} onClick={() => setUnfolded(!unfolded)}>
            {unfolded ? 'Fold long chains and frames' : 'Unfold: draw everything'}
          </button>
        </p>
      )}
      {(zoom.edges.left || zoom.edges.right) && (
        <p class="scroll-cue">
          {zoom.edges.right ? 'More of the diagram to the right →' : '← More of the diagram to the left'}: scroll sideways, or zoom out (−)
          {zoom.edges.left ? '; the frames stay pinned at the left.' : '.'}
        </p>
      )}
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
      <p class="step-story" aria-live="polite">
        {story}
      </p>
      <details class="step-details">
        <summary>Details: every name, count and why</summary>
        <p id={descriptionId} class="step-text">
          {text}
        </p>
      </details>
      <ExportStep
        frame={zoom.box}
        step={at + 1}
        caption={captionOf(picture.step.event === 'end' ? null : picture.step.line, code, `Step ${at + 1} of ${last + 1}: ${story}`)}
        disabled={!live}
      />
      <DiagramLegend open={legendOpen} />
    </div>
  );
}

/** What the step's drawing leaves folded, in words (the Unfold button beside it draws it all). */
function foldNote(step: StepLayout): string {
  const parts = step.folds.map(foldPhrase);
  if (step.hiddenNames > 0) parts.push(`${countText(step.hiddenNames)} names of a long frame (the step's details list them all)`);
  return parts.length > 0 ? `Folded to keep the drawing small: ${parts.join('; ')}.` : 'Long chains or frames are folded at other steps.';
}

/** An exported step's caption: the line about to run (when the code is known), then the step's narration. */
function captionOf(line: number | null | undefined, code: string | undefined, narration: string): string[] {
  const source = line && code ? code.split('\n')[line - 1]?.trim() : undefined;
  return source ? [`Line ${line}: ${source}`, narration] : [narration];
}
