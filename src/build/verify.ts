/**
 * Runs authored exercises and questions in the engine: the answer key of a
 * predict question, and the proof that an exercise is solvable and not
 * pre-solved. Shared by the build (remark plugin), the content tests and
 * `npm run exercise`, so all three agree.
 */
import { BUILD_TRACE_SECONDS } from '../engine/limits.ts';
import type { CheckVerdict } from '../engine/protocol.ts';
import type { Runner } from '../engine/python/runner.ts';
import { traceEnd } from '../trace/wire.ts';
import { normaliseAnswer } from '../verdicts/answers.ts';
import type { ExerciseSource, PredictSource } from './activity-files.ts';

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
  /** What the program prints (normalised): the right answer. */
  output: string;
  /** The trace of the run, for the diagram shown after answering. */
  json: string;
}

/** Runs a question's program: its output is the answer key. A program that fails is an authoring error. */
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
  const output = normaliseAnswer(stdout);
  if (!output) throw new Error(`${question.file}: the program prints nothing, so there is nothing to predict`);
  const clash = question.choices.find((c) => normaliseAnswer(c) === output);
  if (clash !== undefined) throw new Error(`${question.file}: the choice ${JSON.stringify(clash)} is the real output, not a wrong answer`);
  return { output, json };
}
