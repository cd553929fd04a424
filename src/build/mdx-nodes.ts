/**
 * Builders of the MDX nodes a remark plugin puts in a tree: JSX elements and
 * their attributes, ESM imports, plain code. MDX compiles expressions and
 * imports from their estree, not their text, so each builder that makes one
 * gives both. Pure: no I/O.
 */
import type { Code, RootContent } from 'mdast';

/** A JSX attribute: a string, a bare flag (null) or an expression. */
export type Attr = { type: 'mdxJsxAttribute'; name: string; value: string | null | Expression };
type Expression = { type: 'mdxJsxAttributeValueExpression'; value: string; data: { estree: unknown } };

/** A JSX element as MDX reads one. */
export type JsxElement = { name?: string | null; attributes?: { name?: string; value?: unknown }[]; position?: Code['position'] };

/** `name="value"`, or `name` alone when `value` is null. */
export const attr = (name: string, value: string | null): Attr => ({ type: 'mdxJsxAttribute', name, value });

/** `name={{key: "value", …}}`: an object of string properties. */
export function objectAttr(name: string, object: Record<string, string>): Attr {
  const entries = Object.entries(object);
  const properties = entries.map(([key, value]) => ({
    type: 'Property',
    kind: 'init',
    method: false,
    shorthand: false,
    computed: false,
    key: { type: 'Identifier', name: key },
    value: { type: 'Literal', value, raw: JSON.stringify(value) },
  }));
  return {
    type: 'mdxJsxAttribute',
    name,
    value: {
      type: 'mdxJsxAttributeValueExpression',
      value: `{${entries.map(([key, value]) => `${key}: ${JSON.stringify(value)}`).join(', ')}}`,
      data: {
        estree: {
          type: 'Program',
          sourceType: 'module',
          body: [{ type: 'ExpressionStatement', expression: { type: 'ObjectExpression', properties } }],
        },
      },
    },
  };
}

/** A JSX element standing as a block (`<Name …>children</Name>`). */
export function element(name: string, attributes: Attr[], children: unknown[]): RootContent {
  return { type: 'mdxJsxFlowElement', name, attributes, children } as unknown as RootContent;
}

/** `import name from "file"`. */
export function defaultImport(name: string, file: string): RootContent {
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

/** A fenced code block, for Astro's Shiki pass to highlight. */
export const code = (lang: string, value: string): Code => ({ type: 'code', lang, meta: null, value });

/** A text node. */
export const text = (value: string) => ({ type: 'text', value }) as const;

/** The value of a JSX element's attribute when the author wrote it as a plain string. */
export function stringAttribute(node: JsxElement, name: string): string | null {
  const value = node.attributes?.find((a) => a.name === name)?.value;
  return typeof value === 'string' ? value : null;
}
