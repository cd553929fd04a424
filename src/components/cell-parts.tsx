/**
 * Pieces every code island shares (live cells, exercises, the playground): the
 * editor that loads on intent, the engine's status line, and the output panel.
 */
import type { ComponentChildren, RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { EditorHandle } from '../editor/editor.ts';
import type { EngineClient } from '../engine/page/client.ts';
import type { ProgramError } from '../engine/protocol.ts';
import { codeSpans } from '../verdicts/check-report.ts';
import { describeLoading, type OutputChunk, type Verdict } from '../verdicts/run-report.ts';

export interface LazyEditorOptions {
  /** The code the editor opens with. */
  code: string;
  /** Accessible name of the editing area. */
  label: string;
  /** Ctrl/⌘+Enter in the editor. */
  onRun: () => void;
  onChange?: (code: string) => void;
}

/**
 * CodeMirror (most of a lesson's JavaScript) loads when the reader shows intent
 * to edit (`load`, on pointer over or focus in the island) and mounts on `open`.
 */
export function useLazyEditor(options: LazyEditorOptions) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<EditorHandle | null>(null);
  const [ready, setReady] = useState(false);
  const latest = useRef(options);
  latest.current = options;
  const module = useRef<Promise<typeof import('../editor/editor.ts')> | null>(null);
  const unmounted = useRef(false);
  const load = () => (module.current ??= import('../editor/editor.ts'));

  /** Opens the editor; `focus` true focuses it, a number also puts the caret at that offset (where the reader clicked). */
  async function open(focus: boolean | number, code?: string) {
    const { createEditor } = await load();
    if (unmounted.current || !host.current) return;
    if (!editor.current) {
      const { label } = latest.current;
      editor.current = createEditor({
        parent: host.current,
        code: code ?? latest.current.code,
        label,
        onRun: () => latest.current.onRun(),
        onChange: (text) => latest.current.onChange?.(text),
      });
      setReady(true);
    }
    // After the re-render that unhides the editor: a hidden editor cannot take focus.
    if (focus !== false) requestAnimationFrame(() => editor.current?.focus(typeof focus === 'number' ? focus : undefined));
  }

  useEffect(
    () => () => {
      unmounted.current = true;
      editor.current?.destroy();
    },
    [],
  );

  return { host, editor, ready, load, open };
}

/**
 * Where the reader is in a cell's diagram, so the next run's diagram opens at the corresponding
 * step: the last if they were at the last (where a new diagram opens by default), else the same
 * step. `start` is the step the cell chooses for its first diagram (negative: from the end).
 */
export function useStepPlace(start = -1) {
  const place = useRef(start);
  return {
    startStep: place.current,
    remember: (index: number, last: number) => {
      place.current = index === last ? -1 : index;
    },
  };
}

/**
 * Marks the line about to run and the line just run in a cell's static code (the highlighted code
 * shown until the editor opens), with the classes and colours the editor uses for them.
 */
function markStaticLines(cell: HTMLElement | null, next: number | null, previous: number | null) {
  const lines = cell?.querySelectorAll<HTMLElement>('.cell-static .line');
  lines?.forEach((line, i) => {
    line.classList.toggle('cm-step-next', i + 1 === next);
    line.classList.toggle('cm-step-previous', i + 1 === previous && previous !== next);
  });
}

/**
 * The step's lines marked in a cell's code: in the static code now, and in the editor now or when it
 * opens. Returns the function a diagram calls with the line about to run and the line just run.
 */
export function useStepLines(cell: RefObject<HTMLElement>, editor: RefObject<EditorHandle | null>, editorReady: boolean) {
  const lines = useRef<[number | null, number | null]>([null, null]);
  useEffect(() => {
    if (editorReady) editor.current?.highlight(...lines.current);
  }, [editorReady]);
  return (next: number | null, previous: number | null) => {
    lines.current = [next, previous];
    markStaticLines(cell.current, next, previous);
    editor.current?.highlight(next, previous);
  };
}

/**
 * Keeps a cell's code in step with its last run: a syntax error marked in the editor's gutter and
 * under its text (or on its line of the static code while the editor is closed), cleared by the next run.
 */
export function useSyntaxMark(
  cell: RefObject<HTMLElement>,
  editor: RefObject<EditorHandle | null>,
  editorReady: boolean,
  error: ProgramError | null,
) {
  useEffect(() => {
    const mark = error?.line
      ? { line: error.line, column: error.column ?? null, endColumn: error.endColumn ?? null, message: `${error.type}: ${error.message}` }
      : null;
    editor.current?.markError(mark);
    cell.current?.querySelectorAll<HTMLElement>('.cell-static .line').forEach((line, i) => {
      line.classList.toggle('syntax-error-line', i + 1 === mark?.line);
    });
  }, [error, editorReady]);
}

/**
 * Props for a Run or Check button: disabled until the island hydrates, then only marked busy
 * (aria-disabled) while a run is under way, so the focus stays on the button the reader pressed.
 */
export function actionProps(hydrated: boolean, busy: boolean) {
  return { disabled: !hydrated, 'aria-disabled': busy ? ('true' as const) : undefined };
}

/**
 * A code island's Run button (Ctrl/⌘+Enter in its editor does the same). While a run is under way it is
 * marked busy rather than disabled, so the keyboard focus stays on it (actionProps).
 */
export function RunButton({ onRun, ready, busy, primary = true }: { onRun: () => void; ready: boolean; busy: boolean; primary?: boolean }) {
  return (
    <button
      type="button"
      class={primary ? 'button primary' : 'button'}
      onClick={onRun}
      {...actionProps(ready, busy)}
      aria-keyshortcuts="Control+Enter Meta+Enter"
    >
      Run
    </button>
  );
}

/** Ends the run or check under way (shown only while one is). */
export function StopButton({ onStop }: { onStop: () => void }) {
  return (
    <button type="button" class="button" onClick={onStop}>
      Stop
    </button>
  );
}

/** Text with the author's `code` drawn as code (check names and messages are written in Markdown's style). */
export function WithCode({ text }: { text: string }) {
  return <>{codeSpans(text).map((part, i) => (part.code ? <code key={i}>{part.text}</code> : part.text))}</>;
}

/** The engine's state in words, for a status line. */
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

/** Output text (stderr marked) and the run's verdict. */
export function OutputPanel({ chunks, verdict, label }: { chunks: OutputChunk[]; verdict: Verdict | null; label: string }) {
  if (chunks.length === 0 && verdict === null) return null;
  return (
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
  );
}

/** The character offset in the static code where the reader clicked, so the editor's caret lands there. */
function clickOffset(event: MouseEvent): number | null {
  const code = (event.currentTarget as HTMLElement).querySelector('pre');
  const hit = document.caretPositionFromPoint?.(event.clientX, event.clientY);
  if (!code || !hit || !code.contains(hit.offsetNode)) return null;
  let offset = 0;
  const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node === hit.offsetNode) return offset + hit.offset;
    offset += node.textContent?.length ?? 0;
  }
  return null;
}

/**
 * The code of a cell: the static highlighted code from the HTML until the editor opens (click or
 * Enter on it), then the editor in `host`.
 */
export function CodeArea(props: {
  host: RefObject<HTMLDivElement>;
  editorReady: boolean;
  hydrated: boolean;
  /** Accessible name of the static code, e.g. "Code of Python cell 2". */
  label: string;
  open: (focus: boolean | number) => void;
  children?: ComponentChildren;
}) {
  const { host, editorReady, hydrated, label, open, children } = props;
  const code = useRef<HTMLDivElement>(null);
  // One tab stop per cell before its toolbar: the static code is (Enter opens the editor, which wraps
  // long lines), so the highlighted <pre> inside it, focusable for scrolling, is not one as well.
  useEffect(() => {
    if (hydrated) code.current?.querySelector('.cell-static pre[tabindex]')?.setAttribute('tabindex', '-1');
  }, [hydrated]);
  return (
    <div class="cell-code" ref={code}>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: the highlighted code opens the editor on click or Enter; it is a labelled, focusable group once hydrated */}
      {/* biome-ignore lint/a11y/useAriaPropsSupportedByRole: its role is group once hydrated, and it has no label before */}
      <div
        class="cell-static"
        hidden={editorReady}
        tabIndex={hydrated ? 0 : undefined}
        role={hydrated ? 'group' : undefined}
        aria-label={hydrated ? `${label}: click or press Enter to edit` : undefined}
        onClick={(event) => open(clickOffset(event) ?? true)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            open(true);
          }
        }}
      >
        {children}
      </div>
      <div class="cell-editor" ref={host} hidden={!editorReady} />
      {editorReady && (
        <p class="editor-escape">
          In the editor, Tab indents: press <kbd>Esc</kbd> then <kbd>Tab</kbd> to move on.
        </p>
      )}
    </div>
  );
}
