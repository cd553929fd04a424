/**
 * Builds the Pagefind search index into `<outDir>/pagefind/` after `astro build`.
 * Only lesson text is indexed (the lesson layout marks it `data-pagefind-body`);
 * the cells' buttons and the diagrams' step text are left out.
 */

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration, HookParameters } from 'astro';
import * as pagefind from 'pagefind';

export function pagefindIndex(): AstroIntegration {
  return {
    name: 'inside-python-memory:pagefind',
    hooks: { 'astro:build:done': indexSite },
  };
}

/** Indexes the built pages. */
async function indexSite({ dir, logger }: Pick<HookParameters<'astro:build:done'>, 'dir' | 'logger'>): Promise<void> {
  const outDir = fileURLToPath(dir);
  try {
    const { index, errors } = await pagefind.createIndex({
      // Controls and step-by-step readouts are not lesson text; islands of their own mark theirs
      // with data-pagefind-ignore (the pictures), these are the cells' and the viewer's.
      excludeSelectors: ['.cell-toolbar', '.memory-viewer', '.cell-output', '.stated-output figcaption', '.stated-output summary'],
      forceLanguage: 'en',
    });
    if (!index) throw new Error(errors.join('; '));
    const added = await index.addDirectory({ path: outDir });
    if (added.errors.length) throw new Error(added.errors.join('; '));
    const written = await index.writeFiles({ outputPath: path.join(outDir, 'pagefind') });
    if (written.errors.length) throw new Error(written.errors.join('; '));
    logger.info(`indexed ${added.page_count} pages`);
  } catch (error) {
    throw new Error(`Pagefind could not index ${outDir}`, { cause: error });
  } finally {
    // Pagefind's Node API runs a helper process; a failed build must not leave it behind either.
    await pagefind.close();
  }
}
