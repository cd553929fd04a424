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
import type { AstroIntegration } from 'astro';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PYODIDE_DIR, PYODIDE_FILES, PYODIDE_VERSION } from '../../engine/assets.ts';
import { mimeTypeOf } from '../mime.ts';
import { makeEngineSnapshot, type EngineSnapshot } from '../../engine/snapshot/build.ts';

function pyodidePackageDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('pyodide/package.json'));
}

export function pyodideAssets(): AstroIntegration {
  const sourceDir = pyodidePackageDir();
  const files = new Set<string>(PYODIDE_FILES);
  let snapshot: EngineSnapshot | null = null;
  return {
    name: 'inside-python-memory:pyodide-assets',
    hooks: {
      'astro:config:setup': async ({ command, updateConfig, logger }) => {
        if (command !== 'build' || process.env.IPM_SNAPSHOT === '0') return;
        const started = performance.now();
        snapshot = await makeEngineSnapshot();
        const define = { file: snapshot.fileName, bytes: snapshot.rawBytes, pyodideVersion: PYODIDE_VERSION };
        updateConfig({ vite: { define: { __IPM_ENGINE_SNAPSHOT__: JSON.stringify(define) } } });
        const mb = (n: number) => (n / 1e6).toFixed(1);
        logger.info(`engine snapshot ${snapshot.fileName}: ${mb(snapshot.rawBytes)} MB, ${mb(snapshot.gzipped.byteLength)} MB gzipped (${Math.round(performance.now() - started)} ms)`);
      },
      'astro:server:setup': ({ server }) => {
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
      },
      'astro:build:done': async ({ dir, logger }) => {
        const target = path.join(fileURLToPath(dir), PYODIDE_DIR);
        await mkdir(target, { recursive: true });
        await Promise.all([...files].map((name) => copyFile(path.join(sourceDir, name), path.join(target, name))));
        logger.info(`copied ${files.size} Pyodide files to ${PYODIDE_DIR}`);
        if (snapshot) {
          await writeFile(path.join(target, snapshot.fileName), snapshot.gzipped);
          logger.info(`wrote ${PYODIDE_DIR}${snapshot.fileName}`);
        }
      },
    },
  };
}
