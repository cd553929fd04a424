/**
 * A predict question: a short program, the reader picks (or types) what it
 * prints — or, for a diagram question, what its memory diagram shows after a
 * line — then sees the real answer, the explanation and the run's memory
 * diagram (a diagram question's opened at the step it asked about). The answer key and the trace were made by the engine at build
 * time (src/build/remark-live-cells.ts), so nothing here waits for Python.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { MemoryViewer } from '../components/MemoryViewer.tsx';
import { activityKey } from '../progress/activities.ts';
import { getProgress } from '../progress/progress.ts';
import type { ActivityProgress } from '../progress/store.ts';
import { parseTrace } from '../trace/wire.ts';
import { isRightAnswer } from '../verdicts/answers.ts';
import '../styles/exercises.css';
import { useHydrated } from './use-hydrated.ts';

interface Props {
  lesson: string;
  id: string;
  question: string;
  program: string;
  /** JSON array of options (the real output among wrong answers); empty: the reader types. */
  choices: string;
  /** What the program really prints (normalised), made by the engine at build time. */
  answer: string;
  /** HTML, from the author's Markdown. */
  explanation: string;
  /** The trace of the program's run. */
  trace: string;
  /** A diagram question's: the step (index) the question is about, where the diagram opens. */
  diagramStep?: string;
  /** Its place among the page's questions (from 1): two questions may ask the same thing, their regions must differ. */
  number?: string;
  /** The program, highlighted at build time. */
  children?: ComponentChildren;
}

export default function Predict({
  lesson,
  id,
  question,
  choices: choicesJson,
  answer,
  explanation,
  trace: traceJson,
  diagramStep,
  number,
  children,
}: Props) {
  const aboutDiagram = diagramStep !== undefined;
  const key = activityKey(lesson, id);
  const choices = useMemo(() => JSON.parse(choicesJson) as string[], [choicesJson]);
  const trace = useMemo(() => parseTrace(traceJson), [traceJson]);
  const hydrated = useHydrated();
  const [saved, setSaved] = useState<ActivityProgress | undefined>(undefined);
  const [pick, setPick] = useState<string>('');
  const [answered, setAnswered] = useState<string | null>(null);
  // The first wrong pick: told "not quite" and given another try before the real output is shown.
  const [missed, setMissed] = useState<string | null>(null);

  useEffect(() => {
    const store = getProgress();
    const entry = store.get(key);
    setSaved(entry);
    // A question answered on an earlier visit shows its result again.
    if (entry?.answer !== undefined) {
      setAnswered(entry.answer);
      setPick(entry.answer);
    }
    return store.subscribe(() => setSaved(store.get(key)));
  }, []);

  function submit(event: Event) {
    event.preventDefault();
    if (answered !== null) return;
    if (!pick.trim() && choices.length === 0) return;
    if (choices.length > 0 && !choices.includes(pick)) return;
    const passed = isRightAnswer(pick, answer);
    if (!passed && missed === null) {
      setMissed(pick);
      getProgress().update(key, { attempted: true });
      return;
    }
    reveal(pick);
  }

  function reveal(given: string) {
    setAnswered(given);
    setMissed(null);
    getProgress().update(key, { attempted: true, passed: isRightAnswer(given, answer), answer: given });
  }

  function tryAgain() {
    setAnswered(null);
    setMissed(null);
    setPick('');
  }

  const right = answered !== null && isRightAnswer(answered, answer);
  const headingId = `predict-${id}`;
  const name = `predict-${lesson}-${id}`;

  return (
    <section class="predict" aria-labelledby={number ? `${headingId} ${headingId}-number` : headingId}>
      <header class="exercise-header">
        <h3 id={headingId}>
          <span class="exercise-kind">Predict</span> {question}
        </h3>
        {number && (
          <span id={`${headingId}-number`} class="visually-hidden">
            (question {number} on this page)
          </span>
        )}
        {saved?.passed && <span class="exercise-state passed">✓ Answered right</span>}
      </header>
      <div class="predict-program">{children}</div>
      <form class="predict-form" onSubmit={submit}>
        <fieldset disabled={!hydrated}>
          <legend>{aboutDiagram ? 'Pick what the diagram shows' : choices.length > 0 ? 'Pick the output' : 'Type the output'}</legend>
          {choices.length > 0 ? (
            <div class="predict-choices">
              {choices.map((choice, i) => (
                <label
                  key={i}
                  class={`predict-choice${answered !== null && choice === answer ? ' right' : ''}${(answered ?? missed) === choice && !right ? ' wrong' : ''}`}
                >
                  <input
                    type="radio"
                    name={name}
                    value={choice}
                    checked={pick === choice}
                    disabled={answered !== null}
                    onChange={() => setPick(choice)}
                  />
                  <pre>{choice}</pre>
                </label>
              ))}
            </div>
          ) : (
            <textarea
              class="predict-text"
              rows={Math.max(2, answer.split('\n').length)}
              value={pick}
              readOnly={answered !== null}
              spellcheck={false}
              aria-label="What the program prints"
              onInput={(e) => setPick((e.target as HTMLTextAreaElement).value)}
            />
          )}
          {/* Not disabled once answered (aria-disabled): the focus stays on the button the reader pressed. */}
          <button type="submit" class="button primary" disabled={!pick.trim()} aria-disabled={answered !== null ? 'true' : undefined}>
            Check my answer
          </button>
        </fieldset>
      </form>
      {missed !== null && answered === null && (
        <div class="check-report fail" role="status" aria-live="polite">
          <p class="check-summary">
            <span aria-hidden="true">✗ </span>
            Not quite. Read the program again line by line, then try once more.
          </p>
          <button type="button" class="link-button" onClick={() => reveal(missed)}>
            {aboutDiagram ? 'Show me the answer' : 'Show me what it prints'}
          </button>
        </div>
      )}
      {answered !== null && (
        <div class={`check-report ${right ? 'pass' : 'fail'}`} role="status" aria-live="polite">
          <p class="check-summary">
            <span aria-hidden="true">{right ? '✓ ' : '✗ '}</span>
            {right
              ? aboutDiagram
                ? 'Right! Here is the diagram at that step.'
                : 'Right! Here is the run, step by step.'
              : aboutDiagram
                ? 'Not quite. The diagram shows:'
                : 'Not quite. This is what it really prints:'}
          </p>
          {!right && <pre class="predict-real">{answer}</pre>}
          <div class="predict-explanation" dangerouslySetInnerHTML={{ __html: explanation }} />
          <button type="button" class="button" onClick={tryAgain}>
            Try again
          </button>
        </div>
      )}
      {answered !== null && (
        <MemoryViewer
          trace={trace}
          inlineScalars={false}
          label={`Run of the program in "${question}"`}
          {...(aboutDiagram ? { startStep: Number(diagramStep) } : {})}
        />
      )}
    </section>
  );
}
