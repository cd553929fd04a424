/**
 * An exercise: a prompt, the reader's code (starter first, then whatever they
 * last wrote, restored from their saved progress), Run and Check, hints one at
 * a time, and a solution they can reveal once they have tried.
 *
 * Check traces the reader's code in the engine and runs the author's checker
 * against it (python/checker.py); the verdict names the check that failed. Runs
 * and checks that end badly (syntax error, exception, the time limit) say so
 * and never count as a pass.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import {
  actionProps,
  CodeArea,
  OutputPanel,
  RunButton,
  StopButton,
  useLazyEditor,
  useStepLines,
  useStepPlace,
  useSyntaxMark,
  WithCode,
} from '../components/cell-parts.tsx';
import { MemoryViewer } from '../components/MemoryViewer.tsx';
import { prewarmOnIntent } from '../engine/page/engine.ts';
import { activityKey } from '../progress/activities.ts';
import { getProgress } from '../progress/progress.ts';
import type { ActivityProgress } from '../progress/store.ts';
import { parseTrace } from '../trace/wire.ts';
import { useEngineRun } from './use-engine-run.ts';
import '../styles/exercises.css';
import { useHydrated } from './use-hydrated.ts';

interface Props {
  lesson: string;
  id: string;
  title: string;
  /** The prompt, as HTML rendered at build time from the author's Markdown. */
  prompt: string;
  /** Hints as a JSON array of HTML strings. */
  hints: string;
  starter: string;
  solution: string;
  /** The author's Python checker (`check_*(run)` functions). */
  checker: string;
  /** The starter's trace, made at build time: the diagram is there before Python loads. */
  trace?: string;
  /** The starter, highlighted at build time, shown until the editor opens. */
  children?: ComponentChildren;
}

const SAVE_DELAY_MS = 400;

export default function Exercise(props: Props) {
  const { lesson, id, title, prompt, starter, solution, checker, children } = props;
  const key = activityKey(lesson, id);
  const label = `Exercise: ${title}`;
  const hints = useMemo(() => JSON.parse(props.hints) as string[], [props.hints]);
  const initialTrace = useMemo(() => (props.trace ? parseTrace(props.trace) : null), [props.trace]);
  const hydrated = useHydrated();
  const [saved, setSaved] = useState<ActivityProgress | undefined>(undefined);
  const session = useEngineRun(initialTrace);
  const sessionRef = useRef(session);
  sessionRef.current = session;
  const { busy, report } = session;
  const [confirming, setConfirming] = useState(false);
  const [solutionShown, setSolutionShown] = useState(false);
  const [restored, setRestored] = useState(false);
  const runRef = useRef<() => void>(() => undefined);
  const cell = useRef<HTMLDivElement>(null);
  const place = useStepPlace();
  const confirmButton = useRef<HTMLButtonElement>(null);
  const saveTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const {
    host,
    editor,
    ready: editorReady,
    load: loadEditor,
    open: openEditor,
  } = useLazyEditor({
    code: starter,
    label: `Your code for the exercise ${title}`,
    onRun: () => runRef.current(),
    onChange: (code) => {
      // The last check's report and output were about the code before this edit.
      sessionRef.current?.clearMessages();
      clearTimeout(saveTimer.current);
      saveTimer.current = setTimeout(() => getProgress().update(key, { code }), SAVE_DELAY_MS);
    },
  });

  useEffect(() => {
    prewarmOnIntent('.exercise'); // Python starts loading when the reader points at or focuses an exercise
    const store = getProgress();
    const sync = () => setSaved(store.get(key));
    sync();
    const entry = store.get(key);
    // The reader's own code comes back as they left it.
    if (entry?.code !== undefined && entry.code !== starter) {
      setRestored(true);
      void openEditor(false, entry.code);
    }
    const unsubscribe = store.subscribe(sync);
    return () => {
      unsubscribe();
      clearTimeout(saveTimer.current);
    };
  }, []);

  // The confirmation takes focus when it opens, so a keyboard reader lands on its choices.
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  const currentCode = () => editor.current?.getCode() ?? saved?.code ?? starter;

  /** Saves the code now (not after the typing delay): a check or a run is a moment worth keeping. */
  const saveNow = (code: string, change: Partial<ActivityProgress> = {}) => {
    clearTimeout(saveTimer.current);
    getProgress().update(key, { code, ...change });
  };

  useSyntaxMark(cell, editor, editorReady, session.syntaxError);
  const showLines = useStepLines(cell, editor, editorReady);

  async function run() {
    if (busy) return;
    editor.current?.closePopups();
    const code = currentCode();
    saveNow(code);
    if (await session.run(code, { traced: true })) showLines(null, null);
  }
  runRef.current = run;

  async function check() {
    if (busy) return;
    editor.current?.closePopups();
    const code = currentCode();
    const result = await session.check(code, checker);
    if (result) saveNow(code, { attempted: true, passed: result.tone === 'pass' });
  }

  function resetToStarter() {
    editor.current?.setCode(starter);
    if (!editor.current) void openEditor(true, starter);
    saveNow(starter);
    setRestored(false);
    session.reset();
  }

  function showHint() {
    getProgress().update(key, { hints: Math.min(hints.length, (saved?.hints ?? 0) + 1) });
  }

  function applySolution() {
    if (editor.current) editor.current.setCode(solution);
    else void openEditor(true, solution);
    saveNow(solution);
  }

  const hintsShown = Math.min(saved?.hints ?? 0, hints.length);
  const attempted = Boolean(saved?.attempted);
  const passed = Boolean(saved?.passed);
  const state = passed ? 'Solved' : attempted ? 'Attempted' : 'Not attempted yet';
  const headingId = `exercise-${id}`;

  return (
    <section
      class={`exercise${passed ? ' solved' : ''}`}
      aria-labelledby={headingId}
      onPointerEnter={() => void loadEditor()}
      onFocusIn={() => void loadEditor()}
    >
      <header class="exercise-header">
        <h3 id={headingId}>
          <span class="exercise-kind">Exercise</span> {title}
        </h3>
        <span class={`exercise-state ${passed ? 'passed' : attempted ? 'attempted' : ''}`}>
          {passed ? '✓ ' : ''}
          {state}
        </span>
      </header>
      <div class="exercise-prompt" dangerouslySetInnerHTML={{ __html: prompt }} />
      {restored && (
        <p class="exercise-restored">
          Your code from last time is back.{' '}
          <button type="button" class="link-button" onClick={resetToStarter}>
            Reset to the starter code
          </button>
        </p>
      )}
      <div class="live-cell" ref={cell} role="group" aria-label={label}>
        <CodeArea
          host={host}
          editorReady={editorReady}
          hydrated={hydrated}
          label={`Starter code of ${title}`}
          open={(focus) => void openEditor(focus)}
        >
          {children}
        </CodeArea>
        <div class="cell-toolbar">
          <RunButton onRun={() => void run()} ready={hydrated} busy={busy !== null} primary={false} />
          <button type="button" class="button primary" onClick={() => void check()} {...actionProps(hydrated, busy !== null)}>
            Check
          </button>
          {busy ? (
            <StopButton onStop={session.stop} />
          ) : (
            <button type="button" class="button" onClick={resetToStarter} disabled={!hydrated}>
              Reset to starter
            </button>
          )}
          <span class="engine-status" role="status">
            {session.status}
          </span>
        </div>
        <OutputPanel chunks={session.chunks} verdict={session.verdict} label={label} />
        {report && (
          <div class={`check-report ${report.tone}`} role="status" aria-live="polite">
            <p class="check-summary">
              <span aria-hidden="true">{report.tone === 'pass' ? '✓ ' : report.tone === 'fail' ? '✗ ' : ''}</span>
              <WithCode text={report.summary} />
            </p>
            {report.checks.length > 0 && (
              <ul class="check-list" aria-label="Checks">
                {report.checks.map((c) => (
                  <li key={c.name} class={c.status}>
                    <span class="check-mark" aria-hidden="true">
                      {c.status === 'passed' ? '✓' : c.status === 'failed' ? '✗' : '·'}
                    </span>
                    <span class="visually-hidden">
                      {c.status === 'passed' ? 'Passed: ' : c.status === 'failed' ? 'Failed: ' : 'Not checked: '}
                    </span>
                    <span>
                      <WithCode text={c.name} />
                    </span>
                  </li>
                ))}
              </ul>
            )}
            {report.detail && <pre class="traceback">{report.detail}</pre>}
          </div>
        )}
        {session.trace && (
          <MemoryViewer
            key={session.trace}
            trace={session.trace}
            label={label}
            inlineScalars={false}
            startStep={place.startStep}
            onStep={(next, previous, index, last) => {
              showLines(next, previous);
              place.remember(index, last);
            }}
          />
        )}
      </div>
      {(hints.length > 0 || hydrated) && (
        <div class="exercise-help">
          {hintsShown > 0 && (
            <ol class="exercise-hints" aria-label="Hints">
              {hints.slice(0, hintsShown).map((html, i) => (
                <li key={i} dangerouslySetInnerHTML={{ __html: html }} />
              ))}
            </ol>
          )}
          <div class="exercise-help-buttons">
            {hints.length > 0 && (
              <button type="button" class="button" onClick={showHint} disabled={!hydrated || hintsShown >= hints.length}>
                {hintsShown >= hints.length ? 'No more hints' : `Show a hint (${hintsShown + 1} of ${hints.length})`}
              </button>
            )}
            {!solutionShown && !confirming && (
              <button
                type="button"
                class="button"
                onClick={() => setConfirming(true)}
                disabled={!hydrated || !attempted}
                aria-describedby={attempted ? undefined : `${headingId}-why`}
              >
                Show the solution
              </button>
            )}
            {!attempted && !solutionShown && hydrated && (
              <span id={`${headingId}-why`} class="cell-hint">
                Check your code at least once to unlock the solution.
              </span>
            )}
          </div>
          {confirming && (
            <div class="exercise-confirm" role="alertdialog" aria-labelledby={`${headingId}-confirm`}>
              <p id={`${headingId}-confirm`}>See the solution? Working it out yourself teaches more: maybe take another hint first.</p>
              <button
                type="button"
                class="button primary"
                ref={confirmButton}
                onClick={() => {
                  setConfirming(false);
                  setSolutionShown(true);
                }}
              >
                Show it
              </button>
              <button type="button" class="button" onClick={() => setConfirming(false)}>
                Keep trying
              </button>
            </div>
          )}
          {solutionShown && (
            <div class="exercise-solution" aria-label={`Solution of ${title}`} role="region">
              <p class="exercise-solution-heading">One solution</p>
              <pre>
                <code>{solution}</code>
              </pre>
              <button type="button" class="button" onClick={applySolution}>
                Put it in the editor
              </button>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
