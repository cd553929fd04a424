/**
 * Remark plugin: turns a lesson's authored blocks into islands.
 *
 *   ```python live …       → <LiveCell client:visible>, around the static code
 *   ```output              → a captioned "Expected output" figure
 *   <Exercise id="x" />    → <ExerciseIsland client:visible>, from exercises/x.md beside the lesson
 *   <Predict id="x" />     → <PredictIsland client:visible>, from quizzes/x.md, its answer key made here
 *
 * Each island hydrates a screen before it scrolls into view (see hydrateAhead).
 *
 * The original code stays inside each island as its child, so Astro's own Shiki
 * pass highlights it and the page shows real code without JavaScript; the
 * island swaps in an editor when it hydrates. Programs whose diagrams are in the
 * HTML are traced here, in Node, with the same engine the browser runs; one that
 * does not run cleanly fails the build.
 */
import { createMarkdownProcessor, type MarkdownRenderer } from '@astrojs/markdown-remark';
import type { Code, Root, RootContent } from 'mdast';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { visit } from 'unist-util-visit';
import { BUILD_TRACE_SECONDS } from '../engine/limits.ts';
import { nodeEngine } from '../engine/node/engine.ts';
import { loadExercise, loadPredict } from './activity-files.ts';
import { answerPredict } from './verify.ts';
import { shuffleChoices } from './choices.ts';
import { lessonSlugOf } from '../site/lesson-slug.ts';
import { traceEnd } from '../trace/wire.ts';
import { cellFlags, isLiveFence, isOutputFence, setupsOf } from './fences.ts';

const ISLANDS = {
  LiveCell: '../islands/LiveCell.tsx',
  ExerciseIsland: '../islands/Exercise.tsx',
  PredictIsland: '../islands/Predict.tsx',
} as const;
type Island = keyof typeof ISLANDS;

type Attr = { type: 'mdxJsxAttribute'; name: string; value: string | null | Expression };
type Expression = { type: 'mdxJsxAttributeValueExpression'; value: string; data: { estree: unknown } };
const attr = (name: string, value: Attr['value']): Attr => ({ type: 'mdxJsxAttribute', name, value });

/** How far ahead of the screen an island starts loading: a screen's height, so Run works by the time the reader gets there. */
const HYDRATE_AHEAD = '100% 0px';

/** `client:visible={{ rootMargin: HYDRATE_AHEAD }}` (MDX wants the expression's estree as well as its text). */
function hydrateAhead(): Attr {
  const literal = JSON.stringify(HYDRATE_AHEAD);
  const object = {
    type: 'ObjectExpression',
    properties: [
      { type: 'Property', kind: 'init', method: false, shorthand: false, computed: false, key: { type: 'Identifier', name: 'rootMargin' }, value: { type: 'Literal', value: HYDRATE_AHEAD, raw: literal } },
    ],
  };
  return attr('client:visible', {
    type: 'mdxJsxAttributeValueExpression',
    value: `{rootMargin: ${literal}}`,
    data: { estree: { type: 'Program', sourceType: 'module', body: [{ type: 'ExpressionStatement', expression: object }] } },
  });
}

function element(name: string, attributes: Attr[], children: unknown[]): RootContent {
  return { type: 'mdxJsxFlowElement', name, attributes, children } as unknown as RootContent;
}

/** `import X from "…"` as an MDX ESM node; MDX needs the estree too. */
function importNode(name: Island): RootContent {
  const file = fileURLToPath(new URL(ISLANDS[name], import.meta.url));
  const source = JSON.stringify(file);
  return {
    type: 'mdxjsEsm',
    value: `import ${name} from ${source}`,
    data: {
      estree: {
        type: 'Program',
        sourceType: 'module',
        body: [
          {
            type: 'ImportDeclaration',
            specifiers: [{ type: 'ImportDefaultSpecifier', local: { type: 'Identifier', name } }],
            source: { type: 'Literal', value: file, raw: source },
          },
        ],
      },
    },
  } as unknown as RootContent;
}

/**
 * Traces a cell's program in Node at build time, so its diagram is in the HTML.
 * A program that does not trace cleanly fails the build: a lesson must never
 * ship a diagram of an error nobody meant.
 */
export async function buildTrace(code: string, where: string, setup = '', allowError = false): Promise<string> {
  const runner = await nodeEngine();
  const json = runner.trace(code, () => undefined, { maxSeconds: BUILD_TRACE_SECONDS }, undefined, setup);
  const end = traceEnd(json);
  const clean = end.status === 'ok' || (allowError && end.status === 'error');
  if (!clean || end.tracerError) {
    throw new Error(`${where}: a memory cell's program did not trace cleanly (${end.status}): ${end.error?.traceback ?? end.tracerError ?? ''}`);
  }
  return json;
}

let markdown: Promise<MarkdownRenderer> | null = null;
/** Markdown of prompts, hints and explanations, as HTML (highlighted like the lesson's own code). */
async function toHtml(text: string): Promise<string> {
  markdown ??= createMarkdownProcessor({
    shikiConfig: { themes: { light: 'github-light', dark: 'github-dark-default' } },
  });
  return (await (await markdown).render(text)).code;
}

const staticCode = (value: string): Code => ({ type: 'code', lang: 'python', meta: null, value });

const jsxId = (node: { attributes?: { name?: string; value?: unknown }[] }): string | null => {
  const id = node.attributes?.find((a) => a.name === 'id')?.value;
  return typeof id === 'string' ? id : null;
};

export function remarkLiveCells() {
  return async (tree: Root, file: { path?: string }) => {
    const used = new Set<Island>();
    const work: Promise<void>[] = [];
    const lessonDir = file.path ? path.dirname(file.path) : null;
    const lesson = lessonDir ? lessonSlugOf(path.basename(lessonDir)) : 'lesson';
    const where = (line: number | undefined) => `${file.path ?? 'lesson'}:${line ?? '?'}`;

    // Live cells first, in page order: a `continue` cell needs the code of the ones before it.
    const cells: { node: Code; index: number; parent: { children: unknown[] } }[] = [];
    visit(tree, 'code', (node: Code, index, parent) => {
      if (!parent || index === undefined) return;
      if (isLiveFence(node.lang, node.meta)) cells.push({ node, index, parent });
      else if (isOutputFence(node.lang)) {
        parent.children[index] = element('figure', [attr('class', 'stated-output')], [
          element('figcaption', [], [{ type: 'text', value: 'Expected output' }]),
          { type: 'code', lang: 'text', meta: null, value: node.value },
        ]) as never;
      }
    });
    const setups = setupsOf(cells.map(({ node }) => ({ code: node.value, continues: cellFlags(node.meta).continues })));
    cells.forEach(({ node, index, parent }, i) => {
      const flags = cellFlags(node.meta);
      const setup = setups[i]!;
      const attributes = [hydrateAhead(), attr('code', node.value), attr('label', `Python cell ${i + 1}`)];
      if (setup) attributes.push(attr('setup', setup));
      if (flags.memory) {
        attributes.push(attr('memory', null));
        if (flags.inline) attributes.push(attr('inlineScalars', null));
        work.push(buildTrace(node.value, where(node.position?.start.line), setup).then((json) => void attributes.push(attr('trace', json))));
      }
      parent.children[index] = element('LiveCell', attributes, [staticCode(node.value)]);
      used.add('LiveCell');
    });

    // Exercises and predict questions, from their files beside the lesson.
    visit(tree, 'mdxJsxFlowElement', (node, index, parent) => {
      const jsx = node as unknown as { name?: string; attributes?: { name?: string; value?: unknown }[]; position?: Code['position'] };
      if (!parent || index === undefined || (jsx.name !== 'Exercise' && jsx.name !== 'Predict')) return;
      const id = jsxId(jsx);
      const at = where(jsx.position?.start.line);
      if (!id || !lessonDir) throw new Error(`${at}: <${jsx.name}> needs an id="…" and a lesson folder`);
      const attributes = [hydrateAhead(), attr('lesson', lesson), attr('id', id)];
      if (jsx.name === 'Exercise') {
        const exercise = loadExercise(lessonDir, id);
        attributes.push(attr('title', exercise.title), attr('starter', exercise.starter), attr('solution', exercise.solution), attr('checker', exercise.checker));
        work.push(
          (async () => {
            attributes.push(attr('prompt', await toHtml(exercise.prompt)));
            attributes.push(attr('hints', JSON.stringify(await Promise.all(exercise.hints.map(toHtml)))));
            attributes.push(attr('trace', await buildTrace(exercise.starter, exercise.file, '', true)));
          })(),
        );
        (parent as { children: unknown[] }).children[index] = element('ExerciseIsland', attributes, [staticCode(exercise.starter)]);
        used.add('ExerciseIsland');
      } else {
        const question = loadPredict(lessonDir, id);
        attributes.push(attr('question', question.question), attr('program', question.program));
        work.push(
          (async () => {
            const answer = answerPredict(await nodeEngine(), question);
            const options = question.choices.length ? shuffleChoices(answer.output, question.choices, `${lesson}/${id}`) : [];
            attributes.push(attr('answer', answer.output), attr('choices', JSON.stringify(options)), attr('trace', answer.json));
            attributes.push(attr('explanation', await toHtml(question.explanation)));
          })(),
        );
        (parent as { children: unknown[] }).children[index] = element('PredictIsland', attributes, [staticCode(question.program)]);
        used.add('PredictIsland');
      }
    });

    await Promise.all(work);
    for (const name of used) tree.children.unshift(importNode(name));
  };
}
