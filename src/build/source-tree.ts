/**
 * A lesson as the tree the build sees: its MDX parsed the way @astrojs/mdx
 * parses it before our remark plugin runs. The content tests read cells from
 * this tree (fences.ts), so they and the build cannot disagree about where a
 * cell begins, ends or what follows it.
 */
import { parseFrontmatter } from '@astrojs/markdown-remark';
import { createProcessor } from '@mdx-js/mdx';
import type { Root } from 'mdast';
import remarkGfm from 'remark-gfm';

// The parser Astro's MDX renderer builds (@astrojs/markdown-remark's mdx/create-processor.js):
// format "mdx" with GFM. The smartypants pass it adds is a transform of text, after the parse.
const mdx = createProcessor({ format: 'mdx', remarkPlugins: [remarkGfm] });

/** The mdast of a lesson's `index.mdx`, frontmatter included in the source. */
export function lessonTree(source: string): Root {
  // @astrojs/mdx blanks the frontmatter with spaces instead of cutting it, so positions are the file's lines.
  const { content } = parseFrontmatter(source, { frontmatter: 'empty-with-spaces' });
  return mdx.parse(content);
}
