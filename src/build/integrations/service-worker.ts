/**
 * Builds the offline service worker (src/sw/sw.ts) into `<outDir>/sw.js` once
 * every other file of the build is written, versioned with a hash of all of
 * them: an identical build keeps the readers' caches, any change replaces them.
 * List it last in astro.config's integrations (after Pagefind and the engine copy).
 */

import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration, HookParameters } from 'astro';
import { build } from 'esbuild';

export function serviceWorker(): AstroIntegration {
  return {
    name: 'inside-python-memory:service-worker',
    hooks: { 'astro:build:done': bundleServiceWorker },
  };
}

async function hashTree(root: string): Promise<string> {
  const hash = createHash('sha256');
  const entries = (await readdir(root, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => path.relative(root, file) !== 'sw.js')
    .sort();
  for (const file of entries) {
    hash.update(path.relative(root, file));
    hash.update(await readFile(file));
  }
  return hash.digest('hex').slice(0, 16);
}

/** Writes `sw.js`, versioned with the hash of every other built file. */
async function bundleServiceWorker({ dir, logger }: Pick<HookParameters<'astro:build:done'>, 'dir' | 'logger'>): Promise<void> {
  const outDir = fileURLToPath(dir);
  try {
    const version = await hashTree(outDir);
    await build({
      entryPoints: [fileURLToPath(new URL('../../sw/sw.ts', import.meta.url))],
      outfile: path.join(outDir, 'sw.js'),
      bundle: true,
      format: 'iife',
      target: 'es2022',
      define: { BUILD_VERSION: JSON.stringify(version) },
      logLevel: 'warning',
    });
    logger.info(`service worker for build ${version}`);
  } catch (error) {
    throw new Error(`could not build the service worker into ${outDir}`, { cause: error });
  }
}
