// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import preact from '@astrojs/preact';
import { unified } from '@astrojs/markdown-remark';
import { remarkLiveCells } from './src/markdown/remark-live-cells.ts';
import { pyodideAssets } from './src/integrations/pyodide-assets.ts';

// SITE_BASE lets the same build be hosted from a sub-folder (e.g. /course/).
const base = process.env.SITE_BASE ?? '/';

export default defineConfig({
  base,
  trailingSlash: 'ignore',
  markdown: {
    // The unified (remark/rehype) processor runs our live-cell plugin; Astro 7's
    // default processor (Sätteri) has its own plugin API.
    processor: unified({ remarkPlugins: [remarkLiveCells] }),
    shikiConfig: {
      // github-dark-default: its comments keep 4.5:1 contrast (github-dark's do not).
      themes: { light: 'github-light', dark: 'github-dark-default' },
    },
  },
  integrations: [mdx(), preact(), pyodideAssets()],
});
