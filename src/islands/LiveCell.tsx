/**
 * A live code cell: static highlighted code in the HTML (from the lesson's own
 * Markdown), which becomes an editor with Run / Reset / Stop and an output
 * panel once the island hydrates. The engine is shared by every cell on the page.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { CodeArea, engineStatus, OutputPanel, useLazyEditor } from '../components/cell-parts.tsx';
import { MemoryViewer } from '../components/MemoryViewer.tsx';
import { PlaygroundLink } from '../components/PlaygroundLink.tsx';
import type { EngineClient } from '../engine/page/client.ts';
import { RUN_MEASURE } from '../engine/marks.ts';
import { getEngine, prewarmOnIntent } from '../engine/page/engine.ts';
import { appendOutput, describeOutcome, traceVerdict, type OutputChunk, type Verdict } from '../verdicts/run-report.ts';
import type { Trace } from '../trace/schema.ts';
import { parseTrace } from '../trace/wire.ts';

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

export default function LiveCell({ code, label, children, memory = false, trace: builtTrace, inlineScalars = false, setup }: Props) {
  const [hydrated, setHydrated] = useState(false);
  const [engine, setEngine] = useState<EngineClient | null>(null);
  const [running, setRunning] = useState(false);
  const [chunks, setChunks] = useState<OutputChunk[]>([]);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const runRef = useRef<() => void>(() => undefined);
  const { host, editor, ready: editorReady, load: loadEditor, open: openEditor } = useLazyEditor({ code, label, onRun: () => runRef.current() });
  const initialTrace = useMemo(() => (builtTrace ? parseTrace(builtTrace) : null), [builtTrace]);
  const [trace, setTrace] = useState<Trace | null>(initialTrace);

  async function run() {
    if (running) return;
    const client = getEngine();
    setEngine(client);
    setRunning(true);
    setChunks([]);
    setVerdict(null);
    let output: OutputChunk[] = [];
    const started = performance.now();
    const source = editor.current?.getCode() ?? code;
    const onOutput = (stream: 'stdout' | 'stderr', text: string) => {
      output = appendOutput(output, stream, text);
      setChunks(output);
    };
    if (memory) {
      const outcome = await client.trace(source, onOutput, {}, setup ? { setup } : {});
      if (outcome.status === 'traced') {
        const fresh = outcome.trace;
        setTrace(fresh);
        editor.current?.highlight(null, null);
        setVerdict(traceVerdict(fresh));
      } else {
        setVerdict(describeOutcome(outcome));
      }
    } else {
      setVerdict(describeOutcome(await client.run(source, onOutput, setup ? { setup } : {})));
    }
    setRunning(false);
    // Click → result, for the browser benchmark.
    performance.measure(RUN_MEASURE, { start: started, end: performance.now() });
  }
  runRef.current = run;

  function reset() {
    setTrace(initialTrace);
    editor.current?.setCode(code);
    setChunks([]);
    setVerdict(null);
    editor.current?.focus();
  }

  useEffect(() => {
    setHydrated(true);
    prewarmOnIntent('.live-cell'); // Python starts loading when the reader points at or focuses a cell, or the page is idle
  }, []);

  const status = engineStatus(engine);

  return (
    <div class="live-cell" role="group" aria-label={label} onPointerEnter={() => void loadEditor()} onFocusIn={() => void loadEditor()}>
      <CodeArea host={host} editorReady={editorReady} hydrated={hydrated} label={`Code of ${label}`} open={(focus) => void openEditor(focus)}>
        {children}
      </CodeArea>
      <div class="cell-toolbar">
        <button type="button" class="button primary" onClick={() => void run()} disabled={!hydrated || running}
          aria-keyshortcuts="Control+Enter Meta+Enter">
          Run
        </button>
        {running ? (
          <button type="button" class="button" onClick={() => engine?.stop()}>
            Stop
          </button>
        ) : (
          <button type="button" class="button" onClick={reset} disabled={!editorReady}>
            Reset
          </button>
        )}
        <span class="cell-hint">Ctrl/⌘ + Enter runs</span>
        {setup && <span class="cell-continues">Continues from the cells above: they run first, unseen</span>}
        {/* A continued cell opens in the playground with the earlier cells it needs, as one program. */}
        <PlaygroundLink getCode={() => `${setup ? `${setup}\n\n` : ''}${editor.current?.getCode() ?? code}`} />
        <span class="engine-status" role="status">
          {status}
        </span>
      </div>
      <OutputPanel chunks={chunks} verdict={verdict} label={label} />
      {memory && trace && (
        <MemoryViewer key={trace} trace={trace} label={label} inlineScalars={inlineScalars}
          onStep={(next, previous) => editor.current?.highlight(next, previous)} />
      )}
    </div>
  );
}
