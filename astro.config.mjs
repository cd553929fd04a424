// @ts-check

import { unified } from '@astrojs/markdown-remark';
import mdx from '@astrojs/mdx';
import preact from '@astrojs/preact';
import sitemap from '@astrojs/sitemap';
import { defineConfig } from 'astro/config';
import { pagefindIndex } from './src/build/integrations/pagefind.ts';
import { pyodideAssets } from './src/build/integrations/pyodide-assets.ts';
import { serviceWorker } from './src/build/integrations/service-worker.ts';
import { lessonRedirects } from './src/build/lesson-redirects.ts';
import { remarkLiveCells } from './src/build/remark-live-cells.ts';

// SITE_BASE lets the same build be hosted from a sub-folder (e.g. /course/).
const base = process.env.SITE_BASE ?? '/';
// SITE_URL is where the site is published (e.g. https://example.org): it gives
// pages their canonical and social-preview URLs and turns on the sitemap.
const site = process.env.SITE_URL || undefined;

export default defineConfig({
  base,
  site,
  trailingSlash: 'ignore',
  // A lesson URL that no longer exists (its lesson split or merged away: `formerly`) goes where its content went.
  redirects: lessonRedirects('./content/lessons', base),
  // The client router (<ClientRouter /> in BaseLayout) fetches a page's HTML when a link is pointed at or
  // focused, so the next lesson is there on click; the lesson pager's next link is fetched once the page
  // has loaded. HTML only: Python is already running in the page.
  prefetch: { prefetchAll: true, defaultStrategy: 'hover' },
  markdown: {
    // The unified (remark/rehype) processor runs our live-cell plugin; Astro 7's
    // default processor (Sätteri) has its own plugin API.
    processor: unified({ remarkPlugins: [remarkLiveCells] }),
    shikiConfig: {
      // github-dark-default: its comments keep 4.5:1 contrast (github-dark's do not).
      themes: { light: 'github-light', dark: 'github-dark-default' },
    },
  },
  // The service worker comes last: its version is a hash of everything the others wrote.
  integrations: [
    mdx(),
    preact(),
    pyodideAssets(),
    ...(site ? [sitemap({ filter: (page) => !/\/(404|embed)\/?$/.test(page) })] : []),
    pagefindIndex(),
    serviceWorker(),
  ],
});
