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
import { isLiveFence, isOutputFence } from './live-cells.ts';

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

export function remarkLiveCells() {
  return (tree: Root) => {
    let cells = 0;
    visit(tree, 'code', (node: Code, index, parent) => {
      if (!parent || index === undefined) return;
      if (isLiveFence(node.lang, node.meta)) {
        cells += 1;
        const staticCode: Code = { type: 'code', lang: 'python', meta: null, value: node.value };
        parent.children[index] = element(
          COMPONENT,
          [attr('client:visible', null), attr('code', node.value), attr('label', `Python cell ${cells}`)],
          [staticCode],
        ) as never;
      } else if (isOutputFence(node.lang)) {
        parent.children[index] = element('figure', [attr('class', 'stated-output')], [
          element('figcaption', [], [{ type: 'text', value: 'Expected output' }]),
          { type: 'code', lang: 'text', meta: null, value: node.value },
        ]) as never;
      }
    });
    if (cells > 0) tree.children.unshift(importNode());
  };
}
