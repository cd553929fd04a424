/**
 * Ships the engine with the site: serves node_modules/pyodide during `astro dev`
 * and copies the same files into the build output, so no page ever fetches
 * Python from a CDN and nothing large is committed.
 *
 * `astro build` also makes the engine's memory snapshot (src/engine/snapshot/stash.ts)
 * and writes it gzipped beside the Pyodide files, under a content-hashed name
 * the pages learn through a Vite define: a new deploy never meets a stale
 * snapshot. `IPM_SNAPSHOT=0 astro build` leaves it out (the engine then boots
 * normally); `astro dev` always boots normally.
 */

import { createReadStream } from 'node:fs';
import { copyFile, mkdir, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration, HookParameters } from 'astro';
import { PYODIDE_DIR, PYODIDE_FILES, PYODIDE_VERSION } from '../../engine/assets.ts';
import { type EngineSnapshot, makeEngineSnapshot } from '../../engine/snapshot/build.ts';
import { mimeTypeOf } from '../mime.ts';

function pyodidePackageDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('pyodide/package.json'));
}

export function pyodideAssets(): AstroIntegration {
  const sourceDir = pyodidePackageDir();
  const files = new Set<string>(PYODIDE_FILES);
  // Made while the config is set up (the pages need its name), written once the build is done.
  let snapshot: EngineSnapshot | null = null;
  return {
    name: 'inside-python-memory:pyodide-assets',
    hooks: {
      'astro:config:setup': async (options) => {
        if (options.command !== 'build' || process.env.IPM_SNAPSHOT === '0') return;
        snapshot = await snapshotForBuild(options);
      },
      'astro:server:setup': ({ server }) => serveEngineFiles(server, sourceDir, files),
      'astro:build:done': (options) => copyEngineFiles(options, sourceDir, files, snapshot),
    },
  };
}

/** Makes the engine's memory snapshot and tells the pages its name (a Vite define). */
async function snapshotForBuild({
  updateConfig,
  logger,
}: Pick<HookParameters<'astro:config:setup'>, 'updateConfig' | 'logger'>): Promise<EngineSnapshot> {
  const started = performance.now();
  let snapshot: EngineSnapshot;
  try {
    snapshot = await makeEngineSnapshot();
  } catch (error) {
    throw new Error('could not make the engine snapshot (IPM_SNAPSHOT=0 builds without one)', { cause: error });
  }
  const define = { file: snapshot.fileName, bytes: snapshot.rawBytes, pyodideVersion: PYODIDE_VERSION };
  updateConfig({ vite: { define: { __IPM_ENGINE_SNAPSHOT__: JSON.stringify(define) } } });
  const mb = (n: number) => (n / 1e6).toFixed(1);
  logger.info(
    `engine snapshot ${snapshot.fileName}: ${mb(snapshot.rawBytes)} MB, ${mb(snapshot.gzipped.byteLength)} MB gzipped (${Math.round(performance.now() - started)} ms)`,
  );
  return snapshot;
}

/** During `astro dev`, answers requests for the engine's files from node_modules/pyodide. */
function serveEngineFiles(server: HookParameters<'astro:server:setup'>['server'], sourceDir: string, files: ReadonlySet<string>): void {
  const prefix = `/${PYODIDE_DIR}`;
  server.middlewares.use((req, res, next) => {
    const url = (req.url ?? '').split('?')[0]!;
    const at = url.indexOf(prefix);
    const name = at === -1 ? '' : url.slice(at + prefix.length);
    if (!files.has(name)) return next();
    const file = path.join(sourceDir, name);
    stat(file).then(
      (info) => {
        res.setHeader('Content-Type', mimeTypeOf(name));
        res.setHeader('Content-Length', String(info.size));
        createReadStream(file).pipe(res);
      },
      () => next(),
    );
  });
}

/** Copies the engine's files (and the snapshot, when made) into `<outDir>/pyodide/<version>/`. */
async function copyEngineFiles(
  { dir, logger }: Pick<HookParameters<'astro:build:done'>, 'dir' | 'logger'>,
  sourceDir: string,
  files: ReadonlySet<string>,
  snapshot: EngineSnapshot | null,
): Promise<void> {
  const target = path.join(fileURLToPath(dir), PYODIDE_DIR);
  try {
    await mkdir(target, { recursive: true });
    await Promise.all([...files].map((name) => copyFile(path.join(sourceDir, name), path.join(target, name))));
    logger.info(`copied ${files.size} Pyodide files to ${PYODIDE_DIR}`);
    if (snapshot) {
      await writeFile(path.join(target, snapshot.fileName), snapshot.gzipped);
      logger.info(`wrote ${PYODIDE_DIR}${snapshot.fileName}`);
    }
  } catch (error) {
    throw new Error(`could not copy the engine's files into ${target}`, { cause: error });
  }
}
