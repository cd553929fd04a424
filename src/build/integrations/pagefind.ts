/**
 * Builds the Pagefind search index into `<outDir>/pagefind/` after `astro build`.
 * Only lesson text is indexed (the lesson layout marks it `data-pagefind-body`);
 * the cells' buttons and the diagrams' step text are left out.
 */
import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import * as pagefind from 'pagefind';

export function pagefindIndex(): AstroIntegration {
  return {
    name: 'inside-python-memory:pagefind',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const outDir = fileURLToPath(dir);
        const { index, errors } = await pagefind.createIndex({
          excludeSelectors: ['.cell-toolbar', '.memory-viewer', '.cell-output', '.stated-output figcaption'],
          forceLanguage: 'en',
        });
        if (!index) throw new Error(`Pagefind: ${errors.join('; ')}`);
        const added = await index.addDirectory({ path: outDir });
        if (added.errors.length) throw new Error(`Pagefind: ${added.errors.join('; ')}`);
        const written = await index.writeFiles({ outputPath: path.join(outDir, 'pagefind') });
        if (written.errors.length) throw new Error(`Pagefind: ${written.errors.join('; ')}`);
        await pagefind.close();
        logger.info(`indexed ${added.page_count} pages`);
      },
    },
  };
}
