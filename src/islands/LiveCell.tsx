/**
 * A live code cell: static highlighted code in the HTML (from the lesson's own
 * Markdown), which becomes an editor with Run / Reset / Stop and an output
 * panel once the island hydrates. The engine is shared by every cell on the page.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { CodeArea, OutputPanel, useLazyEditor } from '../components/cell-parts.tsx';
import { EmbedButton } from '../components/EmbedButton.tsx';
import { MemoryViewer } from '../components/MemoryViewer.tsx';
import { PlaygroundLink } from '../components/PlaygroundLink.tsx';
import { prewarmOnIntent } from '../engine/page/engine.ts';
import { parseTrace } from '../trace/wire.ts';
import { useEngineRun } from './use-engine-run.ts';

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
}

const EMBED_TITLE = 'A Python program and its memory diagram (Inside Python Memory)';

export default function LiveCell({ code, label, children, memory = false, trace: builtTrace, inlineScalars = false, setup }: Props) {
  const [hydrated, setHydrated] = useState(false);
  const runRef = useRef<() => void>(() => undefined);
  const {
    host,
    editor,
    ready: editorReady,
    load: loadEditor,
    open: openEditor,
  } = useLazyEditor({ code, label, onRun: () => runRef.current() });
  const initialTrace = useMemo(() => (builtTrace ? parseTrace(builtTrace) : null), [builtTrace]);
  const session = useEngineRun(initialTrace);

  async function run() {
    const fresh = await session.run(editor.current?.getCode() ?? code, { traced: memory, setup });
    if (fresh) editor.current?.highlight(null, null); // the old trace's step lines
  }
  runRef.current = run;
  const wholeProgram = () => `${setup ? `${setup}\n\n` : ''}${editor.current?.getCode() ?? code}`;

  function reset() {
    session.reset();
    editor.current?.setCode(code);
    editor.current?.focus();
  }

  useEffect(() => {
    setHydrated(true);
    prewarmOnIntent('.live-cell'); // Python starts loading when the reader points at or focuses a cell, or the page is idle
  }, []);

  return (
    <div class="live-cell" role="group" aria-label={label} onPointerEnter={() => void loadEditor()} onFocusIn={() => void loadEditor()}>
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
        <button
          type="button"
          class="button primary"
          onClick={() => void run()}
          disabled={!hydrated || session.busy !== null}
          aria-keyshortcuts="Control+Enter Meta+Enter"
        >
          Run
        </button>
        {session.busy ? (
          <button type="button" class="button" onClick={session.stop}>
            Stop
          </button>
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
        <span class="engine-status" role="status">
          {session.status}
        </span>
      </div>
      <OutputPanel chunks={session.chunks} verdict={session.verdict} label={label} />
      {memory && session.trace && (
        <MemoryViewer
          key={session.trace}
          trace={session.trace}
          label={label}
          inlineScalars={inlineScalars}
          onStep={(next, previous) => editor.current?.highlight(next, previous)}
        />
      )}
    </div>
  );
}
