/**
 * How authors mark code in a lesson, shared by the remark plugin (rendering)
 * and the content tests (which run every cell in the engine).
 *
 *   ```python live        -> an editable, runnable cell (flags: memory, inline, continue)
 *   ```output             -> the stdout the cell just above states; checked in tests
 *
 * content/AUTHORING.md is the authors' guide to all of it.
 */

/** True when a fenced block's info string marks it as a live cell. */
export function isLiveFence(lang: string | null | undefined, meta: string | null | undefined): boolean {
  return lang === 'python' && /(^|\s)live(\s|$)/.test(meta ?? '');
}

/**
 * Options of a live cell, from its fence's meta: `memory` shows diagrams, `inline` draws values in
 * their slots, `continue` runs the page's earlier cells first (notebook style).
 */
export function cellFlags(meta: string | null | undefined): { memory: boolean; inline: boolean; continues: boolean } {
  const words = new Set((meta ?? '').split(/\s+/));
  return { memory: words.has('memory'), inline: words.has('inline'), continues: words.has('continue') };
}

/** True when a fenced block states the output of the cell before it. */
export function isOutputFence(lang: string | null | undefined): boolean {
  return lang === 'output';
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
 * The fenced blocks of a Markdown/MDX source, in order. A plain line scan is
 * enough: our lessons use fenced blocks only, and fences cannot nest.
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

/**
 * The setup of each cell in a page's order: a `continue` cell gets the code of the cells before it,
 * back to and including the nearest cell that does not continue; other cells get ''.
 */
export function setupsOf(cells: readonly { code: string; continues: boolean }[]): string[] {
  const setups: string[] = [];
  let chain: string[] = [];
  for (const cell of cells) {
    if (!cell.continues) chain = [];
    setups.push(chain.join('\n\n'));
    chain.push(cell.code);
  }
  return setups;
}

/** Finds the live cells of a lesson's source and the ```output blocks that immediately follow them. */
export function extractLiveCells(source: string): AuthoredCell[] {
  const lines = source.split(/\r?\n/);
  const blocks = fencedBlocks(source);
  const found: { code: string; continues: boolean; line: number; statedOutput?: string }[] = [];
  blocks.forEach((block, k) => {
    if (!isLiveFence(block.lang, block.meta)) return;
    const next = blocks[k + 1];
    const adjacent =
      next !== undefined &&
      isOutputFence(next.lang) &&
      lines.slice(block.endLine, next.line - 1).every((l) => l.trim() === '');
    found.push({
      code: block.body,
      continues: cellFlags(block.meta).continues,
      line: block.line,
      ...(adjacent ? { statedOutput: next.body } : {}),
    });
  });
  const setups = setupsOf(found);
  return found.map(({ continues: _, ...cell }, i) => ({ ...cell, setup: setups[i]! }));
}
