/**
 * Runs authored exercises and questions in the engine: the answer key of a
 * predict question, and the proof that an exercise is solvable and not
 * pre-solved. Shared by the build (remark plugin), the content tests and
 * `npm run exercise`, so all three agree.
 */
import { BUILD_TRACE_SECONDS } from '../engine/limits.ts';
import type { CheckVerdict } from '../engine/protocol.ts';
import type { Runner } from '../engine/python/runner.ts';
import { parseTrace, traceEnd } from '../trace/wire.ts';
import { normaliseAnswer } from '../verdicts/answers.ts';
import type { ExerciseSource, PredictSource } from './activity-files.ts';
import { choiceSays, diagramAnswer, showsInWords } from './diagram-question.ts';

export interface ExerciseReport {
  solution: CheckVerdict;
  starter: CheckVerdict;
  /** What makes the exercise unfit to ship; empty when it is fine. */
  problems: string[];
}

/** What the checker says about `code` (the trace's ending when the program itself failed). */
export function verdictFor(runner: Runner, exercise: ExerciseSource, code: string): CheckVerdict {
  const { verdict, json } = runner.check(code, exercise.checker, () => undefined, { maxSeconds: BUILD_TRACE_SECONDS });
  if (verdict.verdict !== 'not-run') return verdict;
  const end = traceEnd(json);
  return { ...verdict, message: `the program did not finish (${end.status}): ${end.error?.traceback ?? ''}`.trim() };
}

export function verifyExercise(runner: Runner, exercise: ExerciseSource): ExerciseReport {
  const solution = verdictFor(runner, exercise, exercise.solution);
  const starter = verdictFor(runner, exercise, exercise.starter);
  const problems: string[] = [];
  if (solution.verdict !== 'pass') problems.push(`the solution does not pass its checker: ${describeVerdict(solution)}`);
  if (starter.verdict === 'pass') problems.push('the starter already passes its checker');
  if (starter.verdict === 'fault') problems.push(`the checker is broken on the starter: ${describeVerdict(starter)}`);
  return { solution, starter, problems };
}

/**
 * The checker judged against its suite: every answer gets the verdict it states and, when it
 * fails, exactly the message it states. Returns what differs; empty when the checker is right.
 */
export function judgeAnswers(runner: Runner, exercise: ExerciseSource): string[] {
  const problems: string[] = [];
  for (const answer of exercise.answers) {
    const got = verdictFor(runner, exercise, answer.code);
    const message = got.verdict === 'fail' ? (got.message ?? '') : undefined;
    if (got.verdict !== answer.verdict || message?.trim() !== answer.message?.trim())
      problems.push(
        `the answer at line ${answer.line} should get ${answer.verdict}${answer.message ? `: ${answer.message}` : ''}\n  but got ${describeVerdict(got)}`,
      );
  }
  return problems;
}

export function describeVerdict(v: CheckVerdict): string {
  const lines = [`${v.verdict}${v.message ? `: ${v.message}` : ''}`];
  for (const c of v.checks)
    lines.push(`  ${c.status === 'passed' ? '✓' : c.status === 'failed' ? '✗' : '·'} ${c.name}${c.message ? ` — ${c.message}` : ''}`);
  return lines.join('\n');
}

export interface PredictAnswer {
  /** The right answer: what the program prints (normalised), or a diagram question's choice that says what the diagram shows. */
  output: string;
  /** The trace of the run, for the diagram shown after answering. */
  json: string;
  /** A diagram question's: the step its diagram opens on (the picture it asks about). */
  step?: number;
}

/**
 * Runs a question's program: its output is the answer key, or, for a diagram question, the author's choice
 * that says what the trace shows after the line asked about. A program that fails is an authoring error, and
 * so is a diagram question none (or more than one) of whose choices is the engine's answer.
 */
export function answerPredict(runner: Runner, question: PredictSource): PredictAnswer {
  let stdout = '';
  const json = runner.trace(
    question.program,
    (stream, text) => {
      if (stream === 'stdout') stdout += text;
    },
    { maxSeconds: BUILD_TRACE_SECONDS },
  );
  const end = traceEnd(json);
  if (end.status !== 'ok' || end.tracerError) {
    const why = end.status === 'error' ? (end.error?.traceback ?? 'error') : (end.tracerError ?? end.status);
    throw new Error(`${question.file}: the program does not run cleanly: ${why}`);
  }
  if (question.diagram) return answerDiagram(question, json);
  const output = normaliseAnswer(stdout);
  if (!output) throw new Error(`${question.file}: the program prints nothing, so there is nothing to predict`);
  const clash = question.choices.find((c) => normaliseAnswer(c) === output);
  if (clash !== undefined) throw new Error(`${question.file}: the choice ${JSON.stringify(clash)} is the real output, not a wrong answer`);
  return { output, json };
}

function answerDiagram(question: PredictSource, json: string): PredictAnswer {
  const ask = question.diagram!;
  let answer: ReturnType<typeof diagramAnswer>;
  try {
    answer = diagramAnswer(parseTrace(json), ask);
  } catch (error) {
    throw new Error(`${question.file}: diagram question: ${(error as Error).message}`);
  }
  const right = question.choices.filter((c) => choiceSays(ask.ask, c, answer.shows));
  const after = `after line ${ask.line} runs, ${showsInWords(ask, answer.shows)}`;
  if (right.length === 0)
    throw new Error(`${question.file}: no choice is the engine's answer: ${after} (choices: ${JSON.stringify(question.choices)})`);
  if (right.length > 1)
    throw new Error(`${question.file}: more than one choice is the engine's answer (${after}): ${JSON.stringify(right)}`);
  return { output: right[0]!, json, step: answer.step };
}
