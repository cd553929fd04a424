/**
 * Remark plugin: turns ```python live fences into <LiveCell client:visible>
 * islands, and ```output fences into a captioned "Output" figure.
 *
 * The original code node stays inside the island as its child, so Astro's own
 * Shiki pass highlights it and the page shows real code without JavaScript;
 * the island swaps in an editor when it hydrates.
 */
import type { Code, Root, RootContent } from 'mdast';
import { fileURLToPath } from 'node:url';
import { visit } from 'unist-util-visit';
import { nodeEngine } from '../engine/node-engine.ts';
import { cellFlags, isLiveFence, isOutputFence } from './live-cells.ts';

const COMPONENT = 'LiveCell';
const COMPONENT_PATH = fileURLToPath(new URL('../islands/LiveCell.tsx', import.meta.url));

type Attr = { type: 'mdxJsxAttribute'; name: string; value: string | null };
const attr = (name: string, value: string | null): Attr => ({ type: 'mdxJsxAttribute', name, value });

function element(name: string, attributes: Attr[], children: unknown[]): RootContent {
  return { type: 'mdxJsxFlowElement', name, attributes, children } as unknown as RootContent;
}

/** `import LiveCell from "…"` as an MDX ESM node; MDX needs the estree too. */
function importNode(): RootContent {
  const source = JSON.stringify(COMPONENT_PATH);
  return {
    type: 'mdxjsEsm',
    value: `import ${COMPONENT} from ${source}`,
    data: {
      estree: {
        type: 'Program',
        sourceType: 'module',
        body: [
          {
            type: 'ImportDeclaration',
            specifiers: [{ type: 'ImportDefaultSpecifier', local: { type: 'Identifier', name: COMPONENT } }],
            source: { type: 'Literal', value: COMPONENT_PATH, raw: source },
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
export async function buildTrace(code: string, where: string): Promise<string> {
  const runner = await nodeEngine();
  const json = runner.trace(code, () => undefined, { maxSeconds: 20 });
  const end = (JSON.parse(json) as { end: { status: string; error?: { traceback: string }; tracerError?: string } }).end;
  if (end.status !== 'ok' || end.tracerError) {
    throw new Error(`${where}: a memory cell's program did not trace cleanly (${end.status}): ${end.error?.traceback ?? end.tracerError ?? ''}`);
  }
  return json;
}

export function remarkLiveCells() {
  return async (tree: Root, file: { path?: string }) => {
    let cells = 0;
    const traces: Promise<void>[] = [];
    visit(tree, 'code', (node: Code, index, parent) => {
      if (!parent || index === undefined) return;
      if (isLiveFence(node.lang, node.meta)) {
        cells += 1;
        const flags = cellFlags(node.meta);
        const staticCode: Code = { type: 'code', lang: 'python', meta: null, value: node.value };
        const attributes = [attr('client:visible', null), attr('code', node.value), attr('label', `Python cell ${cells}`)];
        if (flags.memory) {
          attributes.push(attr('memory', null));
          if (flags.inline) attributes.push(attr('inlineScalars', null));
          const where = `${file.path ?? 'lesson'}:${node.position?.start.line ?? '?'}`;
          traces.push(buildTrace(node.value, where).then((json) => void attributes.push(attr('trace', json))));
        }
        parent.children[index] = element(COMPONENT, attributes, [staticCode]) as never;
      } else if (isOutputFence(node.lang)) {
        parent.children[index] = element('figure', [attr('class', 'stated-output')], [
          element('figcaption', [], [{ type: 'text', value: 'Expected output' }]),
          { type: 'code', lang: 'text', meta: null, value: node.value },
        ]) as never;
      }
    });
    await Promise.all(traces);
    if (cells > 0) tree.children.unshift(importNode());
  };
}
