/**
 * A live code cell: static highlighted code in the HTML (from the lesson's own
 * Markdown), which becomes an editor with Run / Reset / Stop and an output
 * panel once the island hydrates. The engine is shared by every cell on the page.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { MemoryViewer } from '../components/MemoryViewer.tsx';
import { PlaygroundLink } from '../components/PlaygroundLink.tsx';
import type { EditorHandle } from '../editor/editor.ts';
import { TRACE_TIMEOUT_MS, type EngineClient } from '../engine/client.ts';
import { getEngine } from '../engine/engine.ts';
import type { RunResult } from '../engine/protocol.ts';
import { appendOutput, describeLoading, describeOutcome, type OutputChunk, type Verdict } from '../lib/run-report.ts';
import type { Trace } from '../trace/schema.ts';
import { parseTrace } from '../trace/snapshot.ts';

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
}

export default function LiveCell({ code, label, children, memory = false, trace: builtTrace, inlineScalars = false }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<EditorHandle | null>(null);
  const [hydrated, setHydrated] = useState(false);
  const [editorReady, setEditorReady] = useState(false);
  const [engine, setEngine] = useState<EngineClient | null>(null);
  const [running, setRunning] = useState(false);
  const [chunks, setChunks] = useState<OutputChunk[]>([]);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const runRef = useRef<() => void>(() => undefined);
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
      const outcome = await client.trace(source, onOutput);
      if (outcome.status === 'traced') {
        const fresh = parseTrace(outcome.json);
        setTrace(fresh);
        editor.current?.highlight(null, null);
        const { end } = fresh;
        // A trace the page had to cut short says why; anything else reads like a run's result.
        setVerdict(
          describeOutcome(
            end.status === 'interrupted' && end.reason
              ? end.reason === 'timeout' ? { status: 'timeout', limitMs: TRACE_TIMEOUT_MS } : { status: 'stopped' }
              : (end as RunResult),
          ),
        );
      } else {
        setVerdict(describeOutcome(outcome));
      }
    } else {
      setVerdict(describeOutcome(await client.run(source, onOutput)));
    }
    setRunning(false);
    // Click → result, for the browser benchmark.
    performance.measure('ipm:run', { start: started, end: performance.now() });
  }
  runRef.current = run;

  function reset() {
    setTrace(initialTrace);
    editor.current?.setCode(code);
    setChunks([]);
    setVerdict(null);
    editor.current?.focus();
  }

  // The editor (CodeMirror, most of a lesson's JavaScript) loads when the reader
  // shows intent to edit: pointer over the cell or focus in it. Reading, running
  // and stepping never need it.
  const editorModule = useRef<Promise<typeof import('../editor/editor.ts')> | null>(null);
  const unmounted = useRef(false);
  const loadEditor = () => (editorModule.current ??= import('../editor/editor.ts'));
  async function openEditor(focus: boolean) {
    const { createEditor } = await loadEditor();
    if (unmounted.current || !host.current) return;
    if (!editor.current) {
      editor.current = createEditor({ parent: host.current, code, label, onRun: () => runRef.current() });
      setEditorReady(true);
    }
    // After the re-render that unhides the editor: a hidden editor cannot take focus.
    if (focus) requestAnimationFrame(() => editor.current?.focus());
  }

  useEffect(() => {
    setHydrated(true);
    return () => {
      unmounted.current = true;
      editor.current?.destroy();
    };
  }, []);

  const status = engineStatus(engine);
  const hasOutput = chunks.length > 0 || verdict !== null;

  return (
    <div class="live-cell" role="group" aria-label={label} onPointerEnter={() => void loadEditor()} onFocusIn={() => void loadEditor()}>
      <div class="cell-code">
        <div class="cell-static" hidden={editorReady} tabIndex={hydrated ? 0 : undefined} role={hydrated ? 'group' : undefined}
          aria-label={hydrated ? `Code of ${label}: click or press Enter to edit` : undefined}
          onClick={() => void openEditor(true)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' || e.key === ' ') {
              e.preventDefault();
              void openEditor(true);
            }
          }}>
          {children}
        </div>
        <div class="cell-editor" ref={host} hidden={!editorReady} />
      </div>
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
        <PlaygroundLink getCode={() => editor.current?.getCode() ?? code} />
        <span class="engine-status" role="status">
          {status}
        </span>
      </div>
      {hasOutput && (
        <section class="cell-output" aria-label={`Output of ${label}`}>
          {chunks.length > 0 && (
            <pre class="output-text">
              {chunks.map((chunk, i) => (
                <span key={i} class={chunk.stream === 'stderr' ? 'stderr' : undefined}>
                  {chunk.text}
                </span>
              ))}
            </pre>
          )}
          {verdict && (
            <div class={`verdict ${verdict.tone}`} role="status">
              <p class="verdict-summary">{verdict.summary}</p>
              {verdict.detail && <pre class="traceback">{verdict.detail}</pre>}
            </div>
          )}
        </section>
      )}
      {memory && trace && (
        <MemoryViewer key={trace} trace={trace} label={label} inlineScalars={inlineScalars}
          onStep={(next, previous) => editor.current?.highlight(next, previous)} />
      )}
    </div>
  );
}

export function engineStatus(engine: EngineClient | null): string {
  if (!engine) return '';
  switch (engine.state.value) {
    case 'loading': {
      const progress = engine.progress.value;
      return progress ? describeLoading(progress.loaded, progress.total) : 'Loading Python…';
    }
    case 'restarting':
      return 'Restarting Python…';
    case 'running':
      return 'Running…';
    case 'ready':
      return `Python ${engine.pythonVersion.value ?? ''} ready`;
    case 'failed':
      return 'Python could not start';
    case 'idle':
      return '';
  }
}
