/**
 * A live code cell: static highlighted code in the HTML (from the lesson's own
 * Markdown), which becomes an editor with Run / Reset / Stop and an output
 * panel once the island hydrates. The engine is shared by every cell on the page.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import {
  CodeArea,
  OutputPanel,
  RunButton,
  StopButton,
  useLazyEditor,
  useStepLines,
  useStepPlace,
  useSyntaxMark,
} from '../components/cell-parts.tsx';
import { EmbedButton } from '../components/EmbedButton.tsx';
import { MemoryViewer } from '../components/MemoryViewer.tsx';
import { PlaygroundLink } from '../components/PlaygroundLink.tsx';
import { prewarmOnIntent } from '../engine/page/engine.ts';
import { loadDraft, pageDraftLessons, saveDraft } from '../progress/drafts.ts';
import { parseTrace } from '../trace/wire.ts';
import { useEngineRun } from './use-engine-run.ts';
import { useHydrated } from './use-hydrated.ts';

interface Props {
  /** The cell's starting code (also what Reset goes back to). */
  code: string;
  /** Accessible name, e.g. "Python cell 2". */
  label: string;
  /** The statically rendered, highlighted code shown until the editor loads. */
  children?: ComponentChildren;
  /** Show memory diagrams: runs go through the tracer. */
  memory?: boolean;
  /** The trace of `code`, made at build time, so the diagram is there before Python loads. */
  trace?: string;
  /** Draw scalar values inside their slots by default. */
  inlineScalars?: boolean;
  /** Code run first, silently: the earlier cells this one continues from (notebook style). */
  setup?: string;
  /** The step the first diagram opens on, 1-based (the fence's `step=N`); absent: the last step. */
  step?: string;
  /** The page's first memory cell: its diagram's legend is open. */
  legend?: boolean;
  /** The fence's `internals`: the diagram shows modules, classes and functions in full (MemoryViewer). */
  internals?: boolean;
}

const EMBED_TITLE = 'A Python program and its memory diagram (Inside Python Memory)';
const SAVE_DELAY_MS = 400;

/** The lesson's "Expected output" after this cell: a sibling of the island in the page, folded until the cell runs. */
function statedOutputOf(cell: HTMLElement | null): HTMLDetailsElement | null {
  const next = cell?.closest('astro-island')?.nextElementSibling;
  return next instanceof HTMLDetailsElement && next.matches('.stated-output') ? next : null;
}

/** Marks the expected output as being about the lesson's code, not the reader's edited code. */
function markStatedOutput(cell: HTMLElement | null, edited: boolean) {
  statedOutputOf(cell)?.toggleAttribute('data-edited', edited);
}

export default function LiveCell({
  code,
  label,
  children,
  memory = false,
  trace: builtTrace,
  inlineScalars = false,
  setup,
  step,
  legend = false,
  internals = false,
}: Props) {
  const hydrated = useHydrated();
  const cell = useRef<HTMLDivElement>(null);
  const place = useStepPlace(step ? Number(step) - 1 : -1);
  const runRef = useRef<() => void>(() => undefined);
  const [restored, setRestored] = useState(false);
  const saveTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const draftKey = () => `${location.pathname}#${label}`;
  const {
    host,
    editor,
    ready: editorReady,
    load: loadEditor,
    open: openEditor,
  } = useLazyEditor({
    code,
    label,
    onRun: () => runRef.current(),
    onChange: (text) => {
      // What was said about the old code no longer applies: its output, its verdict, the lesson's expected output.
      sessionRef.current?.clearMessages();
      markStatedOutput(cell.current, text !== code);
      clearTimeout(saveTimer.current);
      saveTimer.current = setTimeout(() => saveDraft(draftKey(), code, text), SAVE_DELAY_MS);
    },
  });
  const initialTrace = useMemo(() => (builtTrace ? parseTrace(builtTrace) : null), [builtTrace]);
  // "Compare versions": the comparison (and the other Pythons) load only when the reader asks for it.
  const [comparison, setComparison] = useState<typeof import('./VersionCompare.tsx') | null>(null);
  const [comparing, setComparing] = useState(false);
  function toggleComparison() {
    setComparing(!comparing);
    if (!comparison) void import('./VersionCompare.tsx').then(setComparison);
  }
  const session = useEngineRun(initialTrace);
  const sessionRef = useRef(session);
  sessionRef.current = session;

  useSyntaxMark(cell, editor, editorReady, session.syntaxError);
  const showLines = useStepLines(cell, editor, editorReady);

  async function run() {
    editor.current?.closePopups();
    const fresh = await session.run(editor.current?.getCode() ?? code, { traced: memory, setup });
    if (fresh) showLines(null, null); // the old trace's step lines (a new diagram marks its own)
    // The reader has run it: now compare with what the lesson expected (predicted first, revealed after).
    const expected = statedOutputOf(cell.current);
    if (expected) expected.open = true;
  }
  runRef.current = run;
  const wholeProgram = () => `${setup ? `${setup}\n\n` : ''}${editor.current?.getCode() ?? code}`;

  function reset() {
    session.reset();
    editor.current?.setCode(code);
    editor.current?.focus();
    setRestored(false);
  }

  useEffect(() => {
    prewarmOnIntent('.live-cell'); // Python starts loading when the reader points at or focuses a cell, or the page is idle
    // The reader's edits from an earlier visit come back (Reset returns to the lesson's code).
    const draft = loadDraft(draftKey(), code, undefined, pageDraftLessons());
    if (draft !== null) {
      setRestored(true);
      markStatedOutput(cell.current, true);
      void openEditor(false, draft);
    }
    return () => clearTimeout(saveTimer.current);
  }, []);

  return (
    <>
      <div
        class="live-cell"
        ref={cell}
        role="group"
        aria-label={label}
        onPointerEnter={() => void loadEditor()}
        onFocusIn={() => void loadEditor()}
      >
        <CodeArea
          host={host}
          editorReady={editorReady}
          hydrated={hydrated}
          label={`Code of ${label}`}
          open={(focus) => void openEditor(focus)}
        >
          {children}
        </CodeArea>
        <div class="cell-toolbar">
          <RunButton onRun={() => void run()} ready={hydrated} busy={session.busy !== null} />
          {session.busy ? (
            <StopButton onStop={session.stop} />
          ) : (
            <button type="button" class="button" onClick={reset} disabled={!editorReady}>
              Reset
            </button>
          )}
          <span class="cell-hint">Ctrl/⌘ + Enter runs</span>
          {setup && <span class="cell-continues">Continues from the cells above: they run first, unseen</span>}
          {/* A continued cell opens in the playground (or an embed) with the earlier cells it needs, as one program. */}
          <PlaygroundLink getCode={wholeProgram} />
          <EmbedButton getCode={wholeProgram} title={EMBED_TITLE} defaults={{ diagram: memory, inline: inlineScalars }} />
          <button type="button" class="button" aria-expanded={comparing} onClick={toggleComparison} disabled={!hydrated}>
            Compare versions
          </button>
          <span class="engine-status" role="status">
            {session.status}
          </span>
        </div>
        {restored && <p class="cell-restored">Your edits from last time are back. Reset returns to the lesson's code.</p>}
        <OutputPanel chunks={session.chunks} verdict={session.verdict} label={label} />
        {memory && session.trace && (
          <MemoryViewer
            key={session.trace}
            trace={session.trace}
            label={label}
            inlineScalars={inlineScalars}
            startStep={place.startStep}
            legendOpen={legend}
            internals={internals}
            onStep={(next, previous, index, last) => {
              showLines(next, previous);
              place.remember(index, last);
            }}
          />
        )}
      </div>
      {/* Beside the cell, not in it: the cell's own Run and output stay the only ones inside it. */}
      {comparing && comparison && (
        <comparison.CellComparison label={label} getCode={() => editor.current?.getCode() ?? code} setup={setup} traced={memory} />
      )}
    </>
  );
}
