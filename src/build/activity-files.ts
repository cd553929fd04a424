/**
 * The files authors write for exercises and predict-the-output questions (see
 * content/AUTHORING.md), parsed into plain data. Used at build time (the remark
 * plugin), by the content tests and by `npm run exercise`; never in the browser.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseFrontmatter } from '@astrojs/markdown-remark';
import { z } from 'zod';
import type { PythonVersion } from '../engine/versions.ts';
import type { DiagramAsk } from './diagram-question.ts';
import { type FencedBlock, fencedBlocks, runsOnVersions } from './fences.ts';

export { embeddedActivities } from '../progress/activities.ts';

/** An exercise as authored: `exercises/<id>.md` beside the lesson. */
export interface ExerciseSource {
  id: string;
  title: string;
  /** Markdown. */
  prompt: string;
  /** Markdown, revealed one at a time. */
  hints: string[];
  starter: string;
  solution: string;
  /** Python defining `check_*(run)` functions. */
  checker: string;
  /** The checker's own tests: answers a reader might give, each with the verdict it must get. Never shipped. */
  answers: ExerciseAnswer[];
  /** Where it came from, for messages. */
  file: string;
}

/**
 * One answer of an exercise's suite: ```` ```python answer fail ```` (or `pass`), then, for a
 * failing one, a ```` ```message ```` block with the words the reader must see.
 */
export interface ExerciseAnswer {
  code: string;
  verdict: 'pass' | 'fail';
  /** The verdict's message, exactly; only for `fail`. */
  message?: string;
  /** 1-based line of the answer's fence in the exercise's file. */
  line: number;
}

/** A predict-the-output question as authored: `quizzes/<id>.md` beside the lesson. */
export interface PredictSource {
  id: string;
  question: string;
  /**
   * Output questions: wrong answers offered next to the real output; empty: the reader types the output.
   * Diagram questions: every option, the right one among them.
   */
  choices: string[];
  /** A diagram question: what it asks about the picture after a line (its answer is read from the trace). */
  diagram?: DiagramAsk;
  program: string;
  /** Markdown shown after answering. */
  explanation: string;
  /** The explanation's version claims (```python runs-on=…, content/AUTHORING.md): checked, never shown. */
  versionClaims: QuizVersionClaim[];
  file: string;
}

/** A ```python runs-on=3.12,3.13 block of a question's explanation, with the ```output it states. */
export interface QuizVersionClaim {
  code: string;
  versions: PythonVersion[];
  statedOutput?: string;
  line: number;
}

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const exerciseMeta = z.strictObject({
  title: z.string().min(1),
  hints: z.array(z.string().min(1)).default([]),
});

const diagramMeta = z
  .strictObject({
    line: z.number().int().positive(),
    ask: z.enum(['refcount', 'objects', 'freed']),
    name: z
      .string()
      .regex(/^[A-Za-z_]\w*$/)
      .optional(),
  })
  .refine((d) => (d.ask === 'refcount') === (d.name !== undefined), {
    message: 'a refcount question names its variable (name: …); objects and freed questions name none',
  });

const predictMeta = z.strictObject({
  question: z.string().min(1).default('What does this program print?'),
  choices: z.array(z.string()).default([]),
  diagram: diagramMeta.optional(),
});

function fail(file: string, message: string): never {
  throw new Error(`${file}: ${message}`);
}

function meta<T extends z.ZodType>(schema: T, frontmatter: unknown, file: string): z.infer<T> {
  const parsed = schema.safeParse(frontmatter ?? {});
  if (!parsed.success) fail(file, `bad frontmatter: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** Removes the given fenced blocks (by line range) from a Markdown body. */
function withoutBlocks(body: string, ranges: { line: number; endLine: number }[]): string {
  const lines = body.split(/\r?\n/);
  const dropped = new Set<number>();
  for (const r of ranges) for (let l = r.line; l <= r.endLine; l++) dropped.add(l - 1);
  return lines
    .filter((_, i) => !dropped.has(i))
    .join('\n')
    .trim();
}

export function parseExercise(id: string, source: string, file: string): ExerciseSource {
  if (!ID.test(id)) fail(file, `exercise id "${id}" must be lowercase words joined by hyphens`);
  // The frontmatter blanked, not cut, so a block's line is the file's (for the suite's messages).
  const { frontmatter, content } = parseFrontmatter(source, { frontmatter: 'empty-with-spaces' });
  const { title, hints } = meta(exerciseMeta, frontmatter, file);
  const blocks = fencedBlocks(content);
  const part = (word: string) => {
    const found = blocks.filter((b) => b.lang === 'python' && b.meta.split(/\s+/).includes(word));
    if (found.length !== 1) fail(file, `needs exactly one \`\`\`python ${word} block (found ${found.length})`);
    return found[0]!;
  };
  const starter = part('starter');
  const solution = part('solution');
  const checker = part('check');
  if (!/^def check_\w+\s*\(/m.test(checker.body)) fail(file, 'the check block defines no check_* function');
  const answers: ExerciseAnswer[] = [];
  const suite: FencedBlock[] = [];
  blocks.forEach((block, i) => {
    const words = block.meta.split(/\s+/);
    if (block.lang !== 'python' || !words.includes('answer')) return;
    const verdict = words.includes('pass')
      ? 'pass'
      : words.includes('fail')
        ? 'fail'
        : fail(file, `line ${block.line}: an answer says pass or fail`);
    const next = blocks[i + 1];
    const message = next?.lang === 'message' ? next : undefined;
    if (verdict === 'fail' && !message) fail(file, `line ${block.line}: a failing answer needs the \`\`\`message the reader sees`);
    if (verdict === 'pass' && message) fail(file, `line ${block.line}: a passing answer has no message`);
    suite.push(block, ...(message ? [message] : []));
    answers.push({ code: block.body, verdict, ...(message ? { message: message.body } : {}), line: block.line });
  });
  const prompt = withoutBlocks(content, [starter, solution, checker, ...suite]);
  if (!prompt) fail(file, 'the exercise has no prompt (Markdown before or around its code blocks)');
  return { id, title, prompt, hints, starter: starter.body, solution: solution.body, checker: checker.body, answers, file };
}

export function parsePredict(id: string, source: string, file: string): PredictSource {
  if (!ID.test(id)) fail(file, `question id "${id}" must be lowercase words joined by hyphens`);
  // The frontmatter blanked, not cut, so a version claim's line is the file's (for the content test's messages).
  const { frontmatter, content } = parseFrontmatter(source, { frontmatter: 'empty-with-spaces' });
  const { question, choices, diagram } = meta(predictMeta, frontmatter, file);
  const blocks = fencedBlocks(content);
  const claims: FencedBlock[] = [];
  const versionClaims: QuizVersionClaim[] = [];
  blocks.forEach((block, i) => {
    const versions = runsOnVersions(block.lang, block.meta);
    if (!versions) return;
    const next = blocks[i + 1];
    const output = next?.lang === 'output' ? next : undefined;
    claims.push(block, ...(output ? [output] : []));
    versionClaims.push({ code: block.body, versions, ...(output ? { statedOutput: output.body } : {}), line: block.line });
  });
  const programs = blocks.filter((b) => b.lang === 'python' && !claims.includes(b));
  if (programs.length !== 1) fail(file, `needs exactly one \`\`\`python block, the program (found ${programs.length})`);
  const program = programs[0]!;
  if (new Set(choices).size !== choices.length) fail(file, 'two choices are the same');
  if (diagram && choices.length < 2) fail(file, 'a diagram question needs its choices (at least two, the right one among them)');
  const explanation = withoutBlocks(content, [program, ...claims]);
  return { id, question, choices, ...(diagram ? { diagram } : {}), program: program.body, explanation, versionClaims, file };
}

/** `<Exercise id="…" />` in lesson `dir` reads `dir/exercises/<id>.md`. */
export function exerciseFile(lessonDir: string, id: string): string {
  return path.join(lessonDir, 'exercises', `${id}.md`);
}

/** `<Predict id="…" />` in lesson `dir` reads `dir/quizzes/<id>.md`. */
export function predictFile(lessonDir: string, id: string): string {
  return path.join(lessonDir, 'quizzes', `${id}.md`);
}

export function loadExercise(lessonDir: string, id: string): ExerciseSource {
  const file = exerciseFile(lessonDir, id);
  return parseExercise(id, readFileSync(file, 'utf8'), file);
}

export function loadPredict(lessonDir: string, id: string): PredictSource {
  const file = predictFile(lessonDir, id);
  return parsePredict(id, readFileSync(file, 'utf8'), file);
}
