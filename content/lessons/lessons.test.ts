/**
 * Every lesson's live cells run in the real engine: none may fail, and every
 * output a lesson states (an ```output block after a cell) must be exactly
 * what CPython prints. So must every "Try" program (```python try): each
 * "Try …" prompt is followed by the program it describes, with the outcome
 * the prose promises, or by a <details> worked answer. Every exercise's
 * solution passes its checker and its starter does not, and its checker
 * judges a suite of answers (at least three wrong, one more right) exactly as
 * the suite states; every predict question's program runs, and none of its
 * wrong answers is in fact the real output.
 *
 * The cells are found the way the build finds them (extractLiveCells: the
 * lesson's MDX parsed as @astrojs/mdx parses it, walked by the plugin's own
 * liveCellsOf), so what runs here is what the page shows.
 */

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseFrontmatter } from '@astrojs/markdown-remark';
import { beforeAll, describe, expect, it } from 'vitest';
import { embeddedActivities, loadExercise, loadPredict } from '../../src/build/activity-files.ts';
import { extractLiveCells, extractTryCells, tryPromptsOf } from '../../src/build/fences.ts';
import { lessonTree } from '../../src/build/source-tree.ts';
import { answerPredict, judgeAnswers, verifyExercise } from '../../src/build/verify.ts';
import { lessonSchema } from '../../src/site/lesson-schema.ts';
import { lessonSlugOf } from '../../src/site/lesson-slug.ts';
import { lessonTime } from '../../src/site/reading-time.ts';
import { type NodeEngine, startNodeEngine } from '../../test/support/engine.ts';

const root = path.dirname(new URL(import.meta.url).pathname);
const lessons = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => ({ name: d.name, dir: path.join(root, d.name), source: readFileSync(path.join(root, d.name, 'index.mdx'), 'utf8') }));

/** The .md files of a lesson's exercises/ or quizzes/ folder, by id. */
const filesIn = (dir: string, folder: string) =>
  existsSync(path.join(dir, folder))
    ? readdirSync(path.join(dir, folder))
        .filter((f) => f.endsWith('.md'))
        .map((f) => f.slice(0, -3))
    : [];

let engine: NodeEngine;
beforeAll(async () => {
  engine = await startNodeEngine();
});

/**
 * Issue #20's shape for a lesson: a sitting's reading, practice beside its concept. Every lesson joins as
 * it is rewritten (course-b's lessons join when theirs are); at merge this covers them all.
 */
const SHAPED = new Set([
  'introduction',
  'object-allocation',
  'object-layout',
  'reference-counting',
  'freeing',
  'memory-allocation',
  'private-heap',
  'garbage-collection',
  'when-the-collector-runs',
  'finalizers-and-weak-references',
  'memory-optimisation',
  'fewer-objects',
  'memory-profiling',
  'tracemalloc',
  'conclusion',
]);
const MAX_PROSE_WORDS = 1500;

/** Each `<Exercise>` with the live cells before it in its own `##` section (none: practice far from its concept). */
function exercisePlaces(source: string): { id: string; cellsBefore: number; section: string }[] {
  const places: { id: string; cellsBefore: number; section: string }[] = [];
  let section = '(top)';
  let cells = 0;
  let fence: string | null = null;
  for (const line of source.split('\n')) {
    const open = /^\s*(`{3,})(.*)$/.exec(line);
    if (fence === null && open) {
      fence = open[1]!;
      if (/^python\b.*\blive\b/.test(open[2]!.trim())) cells += 1;
    } else if (fence !== null && line.trim() === fence) fence = null;
    else if (fence === null && /^## /.test(line)) {
      section = line.slice(3).trim();
      cells = 0;
    } else if (fence === null) {
      const exercise = /<Exercise\s+id=["']([^"']+)["']/.exec(line);
      if (exercise) places.push({ id: exercise[1]!, cellsBefore: cells, section });
    }
  }
  return places;
}

const trimLines = (s: string) => s.replace(/[ \t]+$/gm, '').replace(/\n+$/, '');

describe.each(lessons)('lesson $name', ({ name, source, dir }) => {
  const slug = lessonSlugOf(name);
  const cells = extractLiveCells(source);
  const activities = embeddedActivities(source);
  const exercises = activities.filter((a) => a.kind === 'exercise').map((a) => a.id);
  const questions = activities.filter((a) => a.kind === 'predict').map((a) => a.id);

  it('has valid frontmatter and at least one live cell', () => {
    const { frontmatter } = parseFrontmatter(source);
    expect(lessonSchema.safeParse(frontmatter).error).toBeUndefined();
    expect(cells.length).toBeGreaterThan(0);
  });

  it.each(cells.map((cell) => [cell.line, cell] as const))('cell at line %i runs as stated', (_line, cell) => {
    const { result, stdout } = engine.run(cell.code, cell.setup);
    expect(result.status === 'error' ? result.error.traceback : result.status).toBe('ok');
    if (cell.statedOutput !== undefined) expect(trimLines(stdout)).toBe(trimLines(cell.statedOutput));
  });

  const tries = extractTryCells(source);
  it.each(tries.map((cell) => [cell.line, cell] as const))('"Try" program at line %i prints what the prose says', (_line, cell) => {
    expect(cell.statedOutput, 'a ```python try block needs the ```output its prompt promises').toBeDefined();
    const { result, stdout } = engine.run(cell.code);
    expect(result.status === 'error' ? result.error.traceback : result.status).toBe('ok');
    expect(trimLines(stdout)).toBe(trimLines(cell.statedOutput!));
  });

  it('follows every "Try" prompt with its tested program or a worked answer', () => {
    const bare = tryPromptsOf(lessonTree(source)).filter((p) => !p.answered);
    expect(bare.map((p) => `line ${p.line}: ${p.text.slice(0, 80)}`)).toEqual([]);
  });

  it('has at least two exercises and one predict-the-output question', () => {
    expect(exercises.length).toBeGreaterThanOrEqual(2);
    expect(questions.length).toBeGreaterThanOrEqual(1);
  });

  it.runIf(SHAPED.has(slug))('fits a sitting: at most 1,500 prose words, 3 predict questions (one about a diagram), 2 exercises', () => {
    expect(lessonTime(source).words, 'prose words').toBeLessThanOrEqual(MAX_PROSE_WORDS);
    expect(questions.length, 'predict questions').toBeGreaterThanOrEqual(3);
    expect(questions.filter((id) => loadPredict(dir, id).diagram).length, 'diagram questions').toBeGreaterThanOrEqual(1);
    expect(exercises.length, 'exercises').toBeGreaterThanOrEqual(2);
  });

  it.runIf(SHAPED.has(slug))('puts each exercise right after its concept, in a section with a live cell before it', () => {
    const far = exercisePlaces(source).filter((p) => p.cellsBefore === 0 || /^(recap|try this|exercises|practice)$/i.test(p.section));
    expect(far.map((p) => `${p.id} (in "${p.section}")`)).toEqual([]);
  });

  it.runIf(SHAPED.has(slug))('keeps version and 64-bit notes in at most one aside, and speaks of no tutorial the reader never saw', () => {
    expect((source.match(/<details class="aside-versions">/g) ?? []).length).toBeLessThanOrEqual(1);
    expect(source).not.toMatch(/seed tutorial|tutorial (this|the) (course|lesson) grew from|the tutorial (has|says|draws)/i);
  });

  it('links only to lessons that exist', () => {
    const slugs = new Set(lessons.map((l) => lessonSlugOf(l.name)));
    const linked = [...source.matchAll(/\]\(\/lessons\/([^/#)]+)/g)].map((m) => m[1]!);
    expect(linked.filter((s) => !slugs.has(s))).toEqual([]);
  });

  it('names in `formerly` only other lessons, each once', () => {
    const { formerly = [] } = parseFrontmatter(source).frontmatter as { formerly?: string[] };
    expect(formerly).not.toContain(slug);
    expect(new Set(formerly).size).toBe(formerly.length);
  });

  it('embeds every exercise and question of its folders, each once', () => {
    expect([...exercises].sort()).toEqual(filesIn(dir, 'exercises').sort());
    expect([...questions].sort()).toEqual(filesIn(dir, 'quizzes').sort());
  });

  it.each(exercises)('exercise %s: the solution passes and the starter does not', (id) => {
    expect(verifyExercise(engine.runner, loadExercise(dir, id)).problems).toEqual([]);
  });

  it.each(exercises)('exercise %s: the checker judges its suite of answers as stated', (id) => {
    const exercise = loadExercise(dir, id);
    expect(exercise.answers.filter((a) => a.verdict === 'fail').length, 'wrong answers in the suite').toBeGreaterThanOrEqual(3);
    expect(exercise.answers.filter((a) => a.verdict === 'pass').length, 'right answers besides the solution').toBeGreaterThanOrEqual(1);
    expect(judgeAnswers(engine.runner, exercise)).toEqual([]);
  });

  it.each(questions)('question %s: the program runs and no wrong answer is the real output', (id) => {
    expect(() => answerPredict(engine.runner, loadPredict(dir, id))).not.toThrow();
  });
});
