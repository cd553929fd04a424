/**
 * Exercises and predict questions made ready for their islands at build time:
 * read from their files beside the lesson (activity-files.ts), their Markdown
 * rendered to HTML, an exercise's starter traced, and a question's answer key
 * made by running its program in the engine (verify.ts). The remark plugin
 * puts what these return into the page.
 */
import { nodeEngine } from '../engine/node/engine.ts';
import { loadExercise, loadPredict } from './activity-files.ts';
import { buildTrace } from './cells.ts';
import { shuffleChoices } from './choices.ts';
import { toHtml } from './markdown-html.ts';
import { answerPredict } from './verify.ts';

/** An exercise as its island takes it. */
export interface BuiltExercise {
  title: string;
  starter: string;
  solution: string;
  /** Python defining the `check_*(run)` functions. */
  checker: string;
  /** The prompt, as HTML. */
  prompt: string;
  /** The hints, as HTML, in the order they are revealed. */
  hints: string[];
  /** The trace of the starter, so its diagram is in the HTML. */
  trace: string;
}

/** A predict-the-output question as its island takes it: the answer is in the page, so no engine is needed. */
export interface BuiltPredict {
  question: string;
  program: string;
  /** What the program prints (normalised): the right answer. */
  answer: string;
  /** The options offered, the answer among them; empty when the reader types the output. */
  choices: string[];
  /** The trace of the program, shown after answering. */
  trace: string;
  /** The explanation, as HTML. */
  explanation: string;
  /** A diagram question's: the step (index) its diagram opens on after answering. */
  diagramStep?: number;
}

/** `<Exercise id>` of the lesson in `lessonDir`, from `exercises/<id>.md`. */
export async function buildExercise(lessonDir: string, id: string): Promise<BuiltExercise> {
  const exercise = loadExercise(lessonDir, id);
  const prompt = await toHtml(exercise.prompt);
  const hints = await Promise.all(exercise.hints.map(toHtml));
  // The starter may end in the error the reader is to fix; the diagram shows it.
  const trace = await buildTrace(exercise.starter, exercise.file, '', true);
  const { title, starter, solution, checker } = exercise;
  return { title, starter, solution, checker, prompt, hints, trace };
}

/** `<Predict id>` of lesson `lesson` (its slug) in `lessonDir`, from `quizzes/<id>.md`. */
export async function buildPredict(lessonDir: string, lesson: string, id: string): Promise<BuiltPredict> {
  const question = loadPredict(lessonDir, id);
  const answer = answerPredict(await nodeEngine(), question);
  // Seeded per question, so the build, a reload and the tests put the answer in the same place.
  const wrong = question.choices.filter((c) => c !== answer.output);
  const choices = question.choices.length ? shuffleChoices(answer.output, wrong, `${lesson}/${id}`) : [];
  return {
    ...(answer.step !== undefined ? { diagramStep: answer.step } : {}),
    question: question.question,
    program: question.program,
    answer: answer.output,
    choices,
    trace: answer.json,
    explanation: await toHtml(question.explanation),
  };
}
