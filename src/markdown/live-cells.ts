/**
 * How authors mark code in a lesson, shared by the remark plugin (rendering)
 * and the content tests (which run every cell in the engine).
 *
 *   ```python live        -> an editable, runnable cell
 *   ```output             -> the stdout the cell just above states; checked in tests
 */

/** True when a fenced block's info string marks it as a live cell. */
export function isLiveFence(lang: string | null | undefined, meta: string | null | undefined): boolean {
  return lang === 'python' && /(^|\s)live(\s|$)/.test(meta ?? '');
}

/** Options of a live cell, from its fence's meta: `memory` shows diagrams, `inline` draws values in their slots. */
export function cellFlags(meta: string | null | undefined): { memory: boolean; inline: boolean } {
  const words = new Set((meta ?? '').split(/\s+/));
  return { memory: words.has('memory'), inline: words.has('inline') };
}

/** True when a fenced block states the output of the cell before it. */
export function isOutputFence(lang: string | null | undefined): boolean {
  return lang === 'output';
}

/** One live cell as authored, with the output the lesson states for it (if any). */
export interface AuthoredCell {
  /** Python source of the cell. */
  code: string;
  /** The stdout the lesson states for this cell, when an ```output block follows it. */
  statedOutput?: string;
  /** 1-based line of the opening fence in the source file, for test messages. */
  line: number;
}

const FENCE = /^(`{3,}|~{3,})\s*([^\s`]*)\s*(.*)$/;

/**
 * Finds the live cells of a lesson's source (Markdown/MDX) and the ```output
 * blocks that immediately follow them. A plain line scan is enough: our
 * lessons use fenced blocks only, and fences cannot nest.
 */
export function extractLiveCells(source: string): AuthoredCell[] {
  const lines = source.split(/\r?\n/);
  const blocks: { lang: string; meta: string; body: string; line: number; endLine: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]!);
    if (!open) continue;
    const fence = open[1]!;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !lines[j]!.startsWith(fence)) body.push(lines[j++]!);
    blocks.push({ lang: open[2]!, meta: open[3]!, body: body.join('\n'), line: i + 1, endLine: j + 1 });
    i = j;
  }
  const cells: AuthoredCell[] = [];
  blocks.forEach((block, k) => {
    if (!isLiveFence(block.lang, block.meta)) return;
    const next = blocks[k + 1];
    const adjacent =
      next !== undefined &&
      isOutputFence(next.lang) &&
      lines.slice(block.endLine, next.line - 1).every((l) => l.trim() === '');
    cells.push({ code: block.body, line: block.line, ...(adjacent ? { statedOutput: next.body } : {}) });
  });
  return cells;
}
