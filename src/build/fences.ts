/**
 * How authors mark code in a lesson, and where those cells are, for both the
 * remark plugin (which renders them) and the content tests (which run every
 * cell in the engine). Both find cells with `liveCellsOf`, on the mdast the
 * build parses (source-tree.ts), so the tests run exactly the cells, setups
 * and stated outputs the page shows.
 *
 *   ```python live        -> an editable, runnable cell (flags: memory, inline, continue, internals, step=N)
 *   ```output             -> the stdout the cell just above states; checked in tests
 *   ```python try         -> the program a "Try ..." prompt asks for, with the ```output its prose
 *                            promises: not on the page, run and checked by the content tests
 *   ```python try show    -> the same, shown as static code (a worked answer, inside <details>)
 *
 * content/AUTHORING.md is the authors' guide to all of it.
 */
import type { Code, Parent, Root } from 'mdast';
import { visit } from 'unist-util-visit';
import { lessonTree } from './source-tree.ts';

/** True when a fenced block's info string marks it as a live cell. */
export function isLiveFence(lang: string | null | undefined, meta: string | null | undefined): boolean {
  return lang === 'python' && /(^|\s)live(\s|$)/.test(meta ?? '');
}

/** The options of a live cell, as its fence's meta states them. */
export interface CellFlags {
  /** `memory`: the cell shows memory diagrams, the first traced at build time. */
  memory: boolean;
  /** `inline`: scalars are drawn inside their slots. */
  inline: boolean;
  /** `continue`: the page's earlier cells run first (notebook style). */
  continues: boolean;
  /** `internals`: the diagram shows modules, classes and functions in full, and a class's bookkeeping names. */
  internals: boolean;
  /** `step=N`: the diagram opens on step N (1-based; the step the prose talks about). Absent: the last step. */
  step?: number;
}

/** The flags of a live cell, from its fence's meta. */
export function cellFlags(meta: string | null | undefined): CellFlags {
  const words = new Set((meta ?? '').split(/\s+/));
  const step = /(?:^|\s)step=(\d+)(?:\s|$)/.exec(meta ?? '')?.[1];
  return {
    memory: words.has('memory'),
    inline: words.has('inline'),
    continues: words.has('continue'),
    internals: words.has('internals'),
    ...(step ? { step: Number(step) } : {}),
  };
}

/** True when a fenced block states the output of the cell before it. */
export function isOutputFence(lang: string | null | undefined): boolean {
  return lang === 'output';
}

/**
 * The setup of each cell in a page's order: a `continue` cell gets the code of the cells before it,
 * back to and including the nearest cell that does not continue; other cells get ''.
 */
function setupsOf(cells: readonly { code: string; continues: boolean }[]): string[] {
  const setups: string[] = [];
  let chain: string[] = [];
  for (const cell of cells) {
    if (!cell.continues) chain = [];
    setups.push(chain.join('\n\n'));
    chain.push(cell.code);
  }
  return setups;
}

/** The ```output block right after the fence at `index` of `parent`, if there is one. */
function outputAfter(parent: Parent, index: number): Code | undefined {
  const next = parent.children[index + 1];
  return next?.type === 'code' && isOutputFence(next.lang) ? next : undefined;
}

/** A live cell where it sits in a lesson's tree. */
export interface LiveCell {
  /** The fence itself. */
  node: Code;
  /** Its parent and place there, so the plugin can put the island in its stead. */
  parent: Parent;
  index: number;
  flags: CellFlags;
  /** Code that runs first, silently (see setupsOf); '' if none. */
  setup: string;
  /** The ```output block that is the cell's next sibling, if there is one: the output the lesson states. */
  statedOutput?: Code;
}

/** The live cells of a lesson's tree, in page order. Reads the tree only. */
export function liveCellsOf(tree: Root): LiveCell[] {
  const found: Omit<LiveCell, 'setup'>[] = [];
  visit(tree, 'code', (node, index, parent) => {
    if (!parent || index === undefined || !isLiveFence(node.lang, node.meta)) return;
    const statedOutput = outputAfter(parent, index);
    found.push({ node, parent, index, flags: cellFlags(node.meta), ...(statedOutput ? { statedOutput } : {}) });
  });
  const setups = setupsOf(found.map((cell) => ({ code: cell.node.value, continues: cell.flags.continues })));
  return found.map((cell, i) => ({ ...cell, setup: setups[i]! }));
}

/** True when a fenced block is a "Try" program (see tryCellsOf). */
export function isTryFence(lang: string | null | undefined, meta: string | null | undefined): boolean {
  return lang === 'python' && /(^|\s)try(\s|$)/.test(meta ?? '');
}

/**
 * A "Try" cell: the program a lesson's "Try …" prompt describes, so that what the prose promises
 * it prints is run and checked like any stated output. Hidden from the reader (the prompt is for
 * them to do), unless `show`: then it is the worked answer, shown as static code.
 */
export interface TryCell {
  node: Code;
  parent: Parent;
  index: number;
  /** `show`: the page shows it (static, not live); otherwise the page leaves it out. */
  shown: boolean;
  /** The ```output block right after it: what the lesson says the program prints. */
  statedOutput?: Code;
}

/** The "Try" cells of a lesson's tree, in page order. They stand alone: no setup, never continued from. */
export function tryCellsOf(tree: Root): TryCell[] {
  const found: TryCell[] = [];
  visit(tree, 'code', (node, index, parent) => {
    if (!parent || index === undefined || !isTryFence(node.lang, node.meta)) return;
    const output = outputAfter(parent, index);
    const shown = /(^|\s)show(\s|$)/.test(node.meta ?? '');
    found.push({ node, parent, index, shown, ...(output ? { statedOutput: output } : {}) });
  });
  return found;
}

/** Plain text of a node, for finding prompts. */
const textOf = (node: { type: string; value?: string; children?: unknown[] }): string =>
  node.type === 'text' || node.type === 'inlineCode' ? (node.value ?? '') : (node.children ?? []).map((c) => textOf(c as never)).join('');

/** A prompt that asks the reader to try something: a paragraph or a heading with the word "Try" in it. */
export interface TryPrompt {
  text: string;
  line: number;
  /** Whether a "Try" cell or a <details> worked answer comes right after it (the convention). */
  answered: boolean;
}

/**
 * Every "Try …" prompt of a lesson's tree, and whether it keeps the convention: right after the
 * paragraph comes the program it describes (```python try, its stated outcome checked) or a
 * <details> with the worked answer. A prompt inside a worked answer is the answer's business.
 */
export function tryPromptsOf(tree: Root): TryPrompt[] {
  const prompts: TryPrompt[] = [];
  const answers = (node: unknown) => {
    const n = node as { type: string; lang?: string; meta?: string; name?: string } | undefined;
    return (n?.type === 'code' && isTryFence(n.lang, n.meta)) || (n?.type === 'mdxJsxFlowElement' && n.name === 'details');
  };
  visit(tree, (node, index, parent) => {
    if (!parent || index === undefined || (node.type !== 'paragraph' && node.type !== 'heading')) return;
    if (parent.type === 'mdxJsxFlowElement' && (parent as unknown as { name?: string }).name === 'details') return;
    const text = textOf(node);
    if (!/\bTry\b/.test(text)) return;
    let answered: boolean;
    if (node.type === 'paragraph') answered = answers(parent.children[index + 1]);
    else {
      // A "Try this" section: its worked answer may follow the program and the questions.
      const section = parent.children.slice(index + 1);
      const end = section.findIndex((child) => child.type === 'heading');
      answered = (end === -1 ? section : section.slice(0, end)).some(answers);
    }
    prompts.push({ text, line: node.position!.start.line, answered });
  });
  return prompts;
}

/** A "Try" cell as authored, for the content tests. */
export interface AuthoredTry {
  code: string;
  /** What the lesson says it prints; undefined is an authoring error the tests report. */
  statedOutput?: string;
  shown: boolean;
  line: number;
}

/** The "Try" cells of a lesson's source, as the build finds them. */
export function extractTryCells(source: string): AuthoredTry[] {
  return tryCellsOf(lessonTree(source)).map(({ node, statedOutput, shown }) => ({
    code: node.value,
    shown,
    ...(statedOutput ? { statedOutput: statedOutput.value } : {}),
    line: node.position!.start.line,
  }));
}

/** One live cell as authored, with the output the lesson states for it (if any). */
export interface AuthoredCell {
  /** Python source of the cell. */
  code: string;
  /** Code that runs first, silently (the earlier cells a `continue` cell continues from); '' if none. */
  setup: string;
  /** The stdout the lesson states for this cell, when an ```output block follows it. */
  statedOutput?: string;
  /** 1-based line of the opening fence in the source file, for test messages. */
  line: number;
}

/** The live cells of a lesson's source (`index.mdx`, frontmatter and all), as the build finds them. */
export function extractLiveCells(source: string): AuthoredCell[] {
  return liveCellsOf(lessonTree(source)).map(({ node, setup, statedOutput }) => ({
    code: node.value,
    setup,
    ...(statedOutput ? { statedOutput: statedOutput.value } : {}),
    line: node.position!.start.line,
  }));
}

/** A fenced block of a Markdown source. */
export interface FencedBlock {
  lang: string;
  meta: string;
  body: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** 1-based line of the closing fence. */
  endLine: number;
}

const FENCE = /^(`{3,}|~{3,})\s*([^\s`]*)\s*(.*)$/;

/** A closing fence: the opening's character, at least as many, nothing else on the line. */
const closes = (line: string, fence: string) => {
  const t = line.trim();
  return t.startsWith(fence) && /^(`+|~+)$/.test(t);
};

/**
 * The fenced blocks of an exercise's or question's file, in order. These files
 * never reach the remark plugin (activity-files.ts takes them apart), so this
 * is their one reader; lessons are read only through their tree (liveCellsOf).
 * A plain line scan is enough: the files use fenced blocks only, and fences
 * cannot nest. (Moving them onto mdast would change what is read: a fence left
 * open at the end of a file keeps the file's last line ending here and loses
 * it in mdast, and several checkers end so; they are in the built pages.)
 */
export function fencedBlocks(source: string): FencedBlock[] {
  const lines = source.split(/\r?\n/);
  const blocks: FencedBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) continue;
    const fence = open[1]!;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !closes(lines[j]!, fence)) body.push(lines[j++]!);
    blocks.push({ lang: open[2]!, meta: open[3]!.trim(), body: body.join('\n'), line: i + 1, endLine: j + 1 });
    i = j;
  }
  return blocks;
}
