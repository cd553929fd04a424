/**
 * Makes the engine's memory snapshot in Node (see snapshot/stash.ts): CPython booted,
 * runner and tracer loaded and warmed up, the wasm memory saved without its
 * zero pages (snapshot/pages.ts) and gzipped. Used by the build
 * (src/build/integrations/pyodide-assets.ts) and the tests. Node only.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { loadPyodide, version as pyodideVersion } from 'pyodide';
import { pyodideDir, pythonSourcesFromDisk } from '../node/engine.ts';
import type { PythonSources } from '../python/runner.ts';
import { FORMAT, packPages } from './pages.ts';
import { prepareSnapshot, WARM_UP_CHECK, WARM_UP_PROGRAMS, WARM_UP_TRACE } from './stash.ts';

export interface EngineSnapshot {
  /** The snapshot file: packed pages, gzip-compressed (static hosts rarely compress custom files). */
  gzipped: Uint8Array;
  /** Size of the memory image itself. */
  rawBytes: number;
  /** File name with a hash of what made it, e.g. `snapshot-1a2b3c4d5e6f.bin.gz`. */
  fileName: string;
}

/** Boots Pyodide with `_makeSnapshot`, prepares the engine, and returns the compressed snapshot. */
export async function makeEngineSnapshot(sources: PythonSources = pythonSourcesFromDisk()): Promise<EngineSnapshot> {
  const pyodide = await loadPyodide({
    indexURL: pyodideDir(),
    _makeSnapshot: true,
    // What a browser boot sees (Node would pass the build script's path), so the snapshot carries nothing of the build machine.
    _sysExecutable: './this.program',
  });
  prepareSnapshot(pyodide, sources);
  const memory = pyodide.makeMemorySnapshot();
  const gzipped = new Uint8Array(await promisify(gzip)(packPages(memory), { level: 9 }));
  return { gzipped, rawBytes: memory.byteLength, fileName: `snapshot-${snapshotHash(sources)}.bin.gz` };
}

/**
 * Names the snapshot after what made it, not after its bytes: two builds of
 * the same engine differ in a few hundred bytes (addresses of short-lived
 * objects), and a byte hash would make every deploy a new 6 MB download for
 * returning readers. Anything that changes what the snapshot holds or how it
 * is read changes the name: Pyodide's version, the Python sources, the
 * warm-up programs, the file format, and the code that prepares and reads it.
 */
export function snapshotHash(sources: PythonSources): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ pyodideVersion, FORMAT, sources, WARM_UP_PROGRAMS, WARM_UP_TRACE, WARM_UP_CHECK }));
  for (const file of ['./stash.ts', './pages.ts', '../python/runner.ts']) hash.update(ownSource(file));
  return hash.digest('hex').slice(0, 12);
}

/** One of the engine's TypeScript files, read from disk (beside this one, or from the project when bundled by Astro). */
function ownSource(relative: string): string {
  try {
    return readFileSync(new URL(relative, import.meta.url), 'utf8');
  } catch {
    return readFileSync(path.join(process.cwd(), 'src/engine/snapshot', relative), 'utf8');
  }
}
