/**
 * Remark plugin: turns a lesson's authored blocks into islands.
 *
 *   ```python live …       → <LiveCell client:visible>, around the static code
 *   ```output              → "Expected output": folded under a live cell (predict first), a figure elsewhere
 *   ```python try          → nothing: a "Try" prompt's program, for the content tests only (its output goes too)
 *   ```python try show     → static code, the worked answer of a prompt (authors put it in <details>)
 *   ```python versions     → the probe's code and a table of what it prints on each Python (version-tables.ts)
 *   ```python runs-on=3.12 → nothing: a version claim, for the content tests only (`show`: static code and output)
 *   <Exercise id="x" />    → <ExerciseIsland client:visible>, from exercises/x.md beside the lesson
 *   <Predict id="x" />     → <PredictIsland client:visible>, from quizzes/x.md, its answer key made at build time
 *   <ObjectStrip objects="0; [1, 2, 3]" />  → <ObjectStrip client:visible>, each object measured in the engine
 *   <GrowthStaircase count="16" max="64" /> → <GrowthStaircase client:visible>, a list's sizes measured in the engine
 *   <CollectorPass>```python …```</CollectorPass> → <CollectorPass client:visible>, the program traced, the pass's step chosen
 *   [text](/lessons/slug/) → [text](../slug/): a link to a lesson, relative, so it works under any base path
 *
 * Each island hydrates a screen before it scrolls into view (see hydrateAhead).
 *
 * The original code stays inside each island as its child, so Astro's own Shiki
 * pass highlights it and the page shows real code without JavaScript; the
 * island swaps in an editor when it hydrates.
 *
 * The plugin only finds blocks and replaces them. What a replacement needs from
 * outside the tree is made beside it: a memory cell's trace (cells.ts), an
 * exercise or question read, rendered and answered (activities.ts). Cells are
 * found by fences.ts, as the content tests find them.
 */

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Code, Parent, Root, RootContent } from 'mdast';
import { visit } from 'unist-util-visit';
import { nodeEngine } from '../engine/node/engine.ts';
import { lessonSlugOf } from '../site/lesson-slug.ts';
import { type BuiltExercise, type BuiltPredict, buildExercise, buildPredict } from './activities.ts';
import { buildTrace } from './cells.ts';
import { isOutputFence, type LiveCell, liveCellsOf, tryCellsOf, versionCellsOf } from './fences.ts';
import { attr, code, defaultImport, element, type JsxElement, objectAttr, stringAttribute, text } from './mdx-nodes.ts';
import { buildCollectorPass, measureGrowth, measureObjects } from './pictures.ts';
import { probeOutputs, versionTable } from './version-tables.ts';

const ISLANDS = {
  LiveCell: '../islands/LiveCell.tsx',
  ExerciseIsland: '../islands/Exercise.tsx',
  PredictIsland: '../islands/Predict.tsx',
  ObjectStrip: '../islands/ObjectStrip.tsx',
  GrowthStaircase: '../islands/GrowthStaircase.tsx',
  CollectorPass: '../islands/CollectorPass.tsx',
} as const;
type Island = keyof typeof ISLANDS;

/** How far ahead of the screen an island starts loading: a screen's height, so Run works by the time the reader gets there. */
const HYDRATE_AHEAD = '100% 0px';

/** `client:visible={{ rootMargin: HYDRATE_AHEAD }}`. */
const hydrateAhead = () => objectAttr('client:visible', { rootMargin: HYDRATE_AHEAD });

/** `import LiveCell from "…/islands/LiveCell.tsx"`, by absolute path: the MDX file importing it lives elsewhere. */
const islandImport = (name: Island) => defaultImport(name, fileURLToPath(new URL(ISLANDS[name], import.meta.url)));

/** An ```output block that is not a live cell's (a worked answer's, which the reader already chose to open). */
const statedOutput = (value: string) =>
  element('figure', [attr('class', 'stated-output')], [element('figcaption', [], [text('Expected output')]), code('text', value)]);

/**
 * A live cell's ```output: folded, so the reader predicts before seeing it. It opens when the reader runs the
 * cell above (LiveCell) or chooses to look; without JavaScript it is a plain disclosure.
 */
const foldedOutput = (value: string) =>
  element(
    'details',
    [attr('class', 'stated-output')],
    [
      element(
        'summary',
        [],
        [
          text('Expected output'),
          element('span', [attr('class', 'stated-hint')], [text(' (predict it first: it opens when you run the cell)')]),
        ],
      ),
      code('text', value),
    ],
  );

/**
 * The `number`th cell of the page (from 1); `trace` when it is a memory cell; `legend` on the page's first memory cell.
 * The first cell hydrates with the page (`client:load`), before it is first drawn: a reader who arrives from the
 * previous lesson goes straight to it, and waiting for it to be seen would cost a drawn frame before Run works.
 */
function liveCell(cell: LiveCell, number: number, trace?: string, legend = false): RootContent {
  const attributes = [
    number === 1 ? attr('client:load', null) : hydrateAhead(),
    attr('code', cell.node.value),
    attr('label', `Python cell ${number}`),
  ];
  if (cell.setup) attributes.push(attr('setup', cell.setup));
  if (cell.flags.memory) {
    attributes.push(attr('memory', null));
    if (cell.flags.inline) attributes.push(attr('inlineScalars', null));
    if (cell.flags.internals) attributes.push(attr('internals', null));
    if (cell.flags.step !== undefined) attributes.push(attr('step', String(cell.flags.step)));
    if (legend) attributes.push(attr('legend', null));
  }
  if (trace !== undefined) attributes.push(attr('trace', trace));
  return element('LiveCell', attributes, [code('python', cell.node.value)]);
}

function exerciseIsland(lesson: string, id: string, exercise: BuiltExercise): RootContent {
  return element(
    'ExerciseIsland',
    [
      hydrateAhead(),
      attr('lesson', lesson),
      attr('id', id),
      attr('title', exercise.title),
      attr('starter', exercise.starter),
      attr('solution', exercise.solution),
      attr('checker', exercise.checker),
      attr('prompt', exercise.prompt),
      attr('hints', JSON.stringify(exercise.hints)),
      attr('trace', exercise.trace),
    ],
    [code('python', exercise.starter)],
  );
}

function predictIsland(lesson: string, id: string, question: BuiltPredict, number: number): RootContent {
  return element(
    'PredictIsland',
    [
      hydrateAhead(),
      attr('lesson', lesson),
      attr('id', id),
      attr('question', question.question),
      attr('program', question.program),
      attr('answer', question.answer),
      attr('choices', JSON.stringify(question.choices)),
      attr('trace', question.trace),
      attr('explanation', question.explanation),
      attr('number', String(number)),
      ...(question.diagramStep !== undefined ? [attr('diagramStep', String(question.diagramStep))] : []),
    ],
    [code('python', question.program)],
  );
}

/** `<ObjectStrip objects="expr; expr…" />`: the objects' sizes, measured by the engine. */
async function objectStrip(jsx: JsxElement, where: string): Promise<RootContent> {
  const objects = (stringAttribute(jsx, 'objects') ?? '')
    .split(';')
    .map((expr) => expr.trim())
    .filter(Boolean);
  if (!objects.length) throw new Error(`${where}: <ObjectStrip> needs objects="expr; expr…"`);
  const measures = measureObjects(await nodeEngine(), objects);
  return element('ObjectStrip', [hydrateAhead(), attr('measures', JSON.stringify(measures))], []);
}

/** `<GrowthStaircase count="N" max="M" />`: a list's sizes over M appends, N shown first. */
async function growthStaircase(jsx: JsxElement, where: string): Promise<RootContent> {
  const count = Number(stringAttribute(jsx, 'count') ?? '16');
  const max = Number(stringAttribute(jsx, 'max') ?? '64');
  if (!(Number.isInteger(count) && Number.isInteger(max) && count >= 1 && count <= max && max <= 1000))
    throw new Error(`${where}: <GrowthStaircase> needs whole numbers 1 ≤ count ≤ max ≤ 1000`);
  const growth = measureGrowth(await nodeEngine(), max);
  return element('GrowthStaircase', [hydrateAhead(), attr('growth', JSON.stringify(growth)), attr('count', String(count))], []);
}

/** `<CollectorPass>` around a ```python fence: the program traced, the step its pass is drawn on. */
async function collectorPass(jsx: JsxElement, where: string): Promise<RootContent> {
  const program = ((jsx as { children?: RootContent[] }).children ?? []).find((child): child is Code => child.type === 'code');
  if (!program) throw new Error(`${where}: <CollectorPass> needs a \`\`\`python program inside it`);
  const built = await buildCollectorPass(program.value, where);
  return element(
    'CollectorPass',
    [hydrateAhead(), attr('trace', built.trace), attr('step', String(built.step))],
    [code('python', program.value)],
  );
}

/** A link to a lesson (`/lessons/<slug>/…`) made relative to a lesson page (`…/lessons/<own>/`), so any base path works. */
export function lessonLink(url: string): string {
  const match = /^\/lessons\/([^/#?]+)\/?(.*)$/.exec(url);
  return match ? `../${match[1]}/${match[2]}` : url;
}

export function remarkLiveCells() {
  return async (tree: Root, file: { path?: string }) => {
    const lessonDir = file.path ? path.dirname(file.path) : null;
    const lesson = lessonDir ? lessonSlugOf(path.basename(lessonDir)) : 'lesson';
    const where = (node: { position?: Code['position'] }) => `${file.path ?? 'lesson'}:${node.position?.start.line ?? '?'}`;
    const used = new Set<Island>();

    // Replacements wait for their build work, all at once; each takes its block's place (no block is
    // added or removed until the imports at the end, so every index stays right).
    const pending: Promise<void>[] = [];
    const replace = (parent: Parent, index: number, node: RootContent | Promise<RootContent>) => {
      pending.push(
        Promise.resolve(node).then((built) => {
          parent.children[index] = built;
        }),
      );
    };

    // Live cells first, in page order: a memory cell's trace runs with the code it continues from.
    const cells = liveCellsOf(tree);
    const firstMemory = cells.find((cell) => cell.flags.memory);
    cells.forEach((cell, i) => {
      used.add('LiveCell');
      const trace = cell.flags.memory ? buildTrace(cell.node.value, where(cell.node), cell.setup) : null;
      const legend = cell === firstMemory;
      replace(cell.parent, cell.index, trace ? trace.then((json) => liveCell(cell, i + 1, json, legend)) : liveCell(cell, i + 1));
    });
    // "Try" programs: a worked answer shows as static code; the others leave the page, with their
    // outputs, once every replacement is in (removing now would shift the indices kept above).
    const hidden = new Set<unknown>();
    for (const cell of tryCellsOf(tree)) {
      if (cell.shown) cell.node.meta = null;
      else {
        hidden.add(cell.node);
        if (cell.statedOutput) hidden.add(cell.statedOutput);
      }
    }
    // Version probes become their tables (one batch per page); version claims leave the page like "Try" programs.
    const versionCells = versionCellsOf(tree);
    const probes = versionCells.filter((cell) => cell.kind === 'table');
    if (probes.length) {
      const outputs = probeOutputs(probes.map((probe) => ({ code: probe.node.value, where: where(probe.node) })));
      probes.forEach((probe, i) => {
        replace(
          probe.parent,
          probe.index,
          outputs.then((all) => versionTable(probe.node.value, all[i]!)),
        );
      });
    }
    for (const claim of versionCells.filter((cell) => cell.kind === 'claim')) {
      if (claim.shown) claim.node.meta = null;
      else {
        hidden.add(claim.node);
        if (claim.statedOutput) hidden.add(claim.statedOutput);
      }
    }
    const cellOutputs = new Set(cells.map((cell) => cell.statedOutput));
    visit(tree, 'code', (node, index, parent) => {
      if (!parent || index === undefined || !isOutputFence(node.lang) || hidden.has(node)) return;
      parent.children[index] = cellOutputs.has(node) ? foldedOutput(node.value) : statedOutput(node.value);
    });

    visit(tree, 'link', (node) => {
      node.url = lessonLink(node.url);
    });

    let questions = 0;
    visit(tree, 'mdxJsxFlowElement', (node, index, parent) => {
      const jsx = node as unknown as JsxElement;
      if (!parent || index === undefined) return;
      if (jsx.name === 'ObjectStrip' || jsx.name === 'GrowthStaircase' || jsx.name === 'CollectorPass') {
        used.add(jsx.name);
        const build = { ObjectStrip: objectStrip, GrowthStaircase: growthStaircase, CollectorPass: collectorPass }[jsx.name];
        replace(parent, index, build(jsx, where(jsx)));
        return;
      }
      if (jsx.name !== 'Exercise' && jsx.name !== 'Predict') return;
      const id = stringAttribute(jsx, 'id');
      if (!id || !lessonDir) throw new Error(`${where(jsx)}: <${jsx.name}> needs an id="…" and a lesson folder`);
      if (jsx.name === 'Exercise') {
        used.add('ExerciseIsland');
        replace(
          parent,
          index,
          buildExercise(lessonDir, id).then((exercise) => exerciseIsland(lesson, id, exercise)),
        );
      } else {
        used.add('PredictIsland');
        const number = ++questions;
        replace(
          parent,
          index,
          buildPredict(lessonDir, lesson, id).then((question) => predictIsland(lesson, id, question, number)),
        );
      }
    });

    await Promise.all(pending);
    if (hidden.size)
      visit(tree, (node) => {
        const parent = node as Parent;
        if (parent.children?.some((child) => hidden.has(child))) parent.children = parent.children.filter((child) => !hidden.has(child));
      });
    for (const name of used) tree.children.unshift(islandImport(name));
  };
}
