/**
 * The built site as the browser bench sees it: dist/, its lesson pages, and
 * the e2e static host serving it as a typical static host would (cacheable
 * files), with the bench's comparison pages beside it and, on request, without
 * the memory snapshot (404, as if the build had made none: the worker then
 * boots the normal way).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type StaticHost, serveStatic } from '../../e2e/static-server.ts';
import { PYODIDE_DIR } from '../../src/engine/assets.ts';
import { ROOT } from './results.ts';

export const DIST = path.join(ROOT, 'dist');
/** The lesson the boot and bytes measures open. */
export const LESSON = 'lessons/object-allocation/';
const SNAPSHOT_FILE = /\/snapshot-[0-9a-f]+\.bin\.gz$/;

/** Whether the build made a memory snapshot. */
export const snapshotBuilt = () => readdirSync(path.join(DIST, PYODIDE_DIR)).some((f) => SNAPSHOT_FILE.test(`/${f}`));

/** The site's engine worker chunk, as Vite named it. */
export const workerChunk = () => `/_astro/${readdirSync(path.join(DIST, '_astro')).find((f) => /^worker-.*\.js$/.test(f))}`;

/** Lesson pages of the build, and how many memory diagrams each has. */
export function lessonPages(): { path: string; diagrams: number }[] {
  const dir = path.join(DIST, 'lessons');
  return readdirSync(dir)
    .filter((slug) => existsSync(path.join(dir, slug, 'index.html')))
    .map((slug) => ({
      path: `lessons/${slug}/`,
      diagrams: (readFileSync(path.join(dir, slug, 'index.html'), 'utf8').match(/class="memory-viewer"/g) ?? []).length,
    }));
}

/** The bare baseline: a page that only loads the same Pyodide files in a module worker; marks `bare:ready`. */
export const BARE_PAGE = '__bench/bare.html';
/** A blank page from which the bench talks to the site's own engine worker (tracer cost). */
export const ENGINE_PAGE = '__bench/engine.html';

const BENCH_FILES: Record<string, string> = {
  [BARE_PAGE]: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bare Pyodide</title></head><body>
<script type="module">
const worker = new Worker('/__bench/bare-worker.mjs', { type: 'module' });
worker.onmessage = () => performance.mark('bare:ready');
worker.onerror = (e) => console.error('bare worker failed', e.message);
</script></body></html>`,
  '__bench/bare-worker.mjs': `import { loadPyodide } from '/${PYODIDE_DIR}pyodide.mjs';
const py = await loadPyodide({ indexURL: new URL('/${PYODIDE_DIR}', location.href).href });
py.runPython('1 + 1');
postMessage('ready');`,
  [ENGINE_PAGE]: '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>engine</title></head><body></body></html>',
};

export interface SiteHost extends StaticHost {
  /** Counts the bytes served (by path, from the root) while `visit` runs: what a visit really transferred. */
  count<T>(visit: () => Promise<T>): Promise<{ result: T; served: Map<string, number> }>;
}

/**
 * Serves dist/ at the root. Counting at the server, not the browser's
 * responses: those would count twice what the service worker fetched and then
 * handed to the page.
 */
export async function serveSite({ snapshot }: { snapshot: boolean }): Promise<SiteHost> {
  let counting: Map<string, number> | null = null;
  const host = await serveStatic(DIST, '/', {
    // Like a typical static host: cacheable files (no compression negotiation: the e2e host never compresses).
    headers: { 'Cache-Control': 'public, max-age=3600' },
    extraFiles: BENCH_FILES,
    hide: snapshot ? undefined : (rel) => SNAPSHOT_FILE.test(`/${rel}`),
    onServed: (rel, bytes) => counting?.set(`/${rel}`, (counting.get(`/${rel}`) ?? 0) + bytes),
  });
  return {
    ...host,
    async count(visit) {
      const served = new Map<string, number>();
      counting = served;
      try {
        return { result: await visit(), served };
      } finally {
        counting = null;
      }
    },
  };
}
