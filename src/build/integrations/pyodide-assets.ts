/**
 * Ships the engines with the site: serves each Python's Pyodide package
 * (src/engine/versions.ts) during `astro dev` and copies the same files into
 * the build output under `pyodide/<version>/`, so no page ever fetches Python
 * from a CDN and nothing large is committed. Only the course's engine (3.14)
 * is fetched by a lesson; the others only when a reader compares versions.
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
import { PYODIDE_DIR, PYODIDE_VERSION } from '../../engine/assets.ts';
import { type EngineSnapshot, makeEngineSnapshot } from '../../engine/snapshot/build.ts';
import { ENGINE_BUILDS, engineDir, engineFiles, PYTHON_VERSIONS } from '../../engine/versions.ts';
import { mimeTypeOf } from '../mime.ts';

/** One Python's files: where they come from (its npm package) and the site folder they are served from. */
interface EngineSource {
  sourceDir: string;
  dir: string;
  files: ReadonlySet<string>;
}

function engineSources(): EngineSource[] {
  const require = createRequire(import.meta.url);
  return PYTHON_VERSIONS.map((version) => ({
    sourceDir: path.dirname(require.resolve(`${ENGINE_BUILDS[version].packageName}/package.json`)),
    dir: engineDir(version),
    files: new Set(engineFiles(version)),
  }));
}

export function pyodideAssets(): AstroIntegration {
  const engines = engineSources();
  // Made while the config is set up (the pages need its name), written once the build is done.
  let snapshot: EngineSnapshot | null = null;
  return {
    name: 'inside-python-memory:pyodide-assets',
    hooks: {
      'astro:config:setup': async (options) => {
        if (options.command !== 'build' || process.env.IPM_SNAPSHOT === '0') return;
        snapshot = await snapshotForBuild(options);
      },
      'astro:server:setup': ({ server }) => serveEngineFiles(server, engines),
      'astro:build:done': (options) => copyEngineFiles(options, engines, snapshot),
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

/** During `astro dev`, answers requests for the engines' files from their packages in node_modules. */
function serveEngineFiles(server: HookParameters<'astro:server:setup'>['server'], engines: readonly EngineSource[]): void {
  server.middlewares.use((req, res, next) => {
    const url = (req.url ?? '').split('?')[0]!;
    const found = engines
      .map((engine) => ({ engine, at: url.indexOf(`/${engine.dir}`) }))
      .find(({ engine, at }) => at !== -1 && engine.files.has(url.slice(at + engine.dir.length + 1)));
    if (!found) return next();
    const name = url.slice(found.at + found.engine.dir.length + 1);
    const file = path.join(found.engine.sourceDir, name);
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

/** Copies each engine's files into `<outDir>/pyodide/<version>/`, and the snapshot (when made) beside the course's. */
async function copyEngineFiles(
  { dir, logger }: Pick<HookParameters<'astro:build:done'>, 'dir' | 'logger'>,
  engines: readonly EngineSource[],
  snapshot: EngineSnapshot | null,
): Promise<void> {
  for (const engine of engines) {
    const target = path.join(fileURLToPath(dir), engine.dir);
    try {
      await mkdir(target, { recursive: true });
      await Promise.all([...engine.files].map((name) => copyFile(path.join(engine.sourceDir, name), path.join(target, name))));
      logger.info(`copied ${engine.files.size} Pyodide files to ${engine.dir}`);
      if (snapshot && engine.dir === PYODIDE_DIR) {
        await writeFile(path.join(target, snapshot.fileName), snapshot.gzipped);
        logger.info(`wrote ${PYODIDE_DIR}${snapshot.fileName}`);
      }
    } catch (error) {
      throw new Error(`could not copy the engine's files into ${target}`, { cause: error });
    }
  }
}
