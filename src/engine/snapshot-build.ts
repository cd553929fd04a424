/**
 * Makes the engine's memory snapshot in Node (see snapshot.ts): CPython booted,
 * runner and tracer loaded and warmed up, the wasm memory saved and gzipped.
 * Used by the build (src/integrations/pyodide-assets.ts) and the tests. Node only.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { loadPyodide } from 'pyodide';
import { pyodideDir, pythonSourcesFromDisk } from './node-engine.ts';
import type { PythonSources } from './runner.ts';
import { prepareSnapshot } from './snapshot.ts';

export interface EngineSnapshot {
  /** The snapshot, gzip-compressed (the memory image is mostly zeros; static hosts rarely compress custom files). */
  gzipped: Uint8Array;
  /** Size of the memory image itself. */
  rawBytes: number;
  /** File name with a content hash, e.g. `snapshot-1a2b3c4d5e6f.bin.gz`. */
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
  const gzipped = new Uint8Array(await promisify(gzip)(memory, { level: 9 }));
  const hash = createHash('sha256').update(gzipped).digest('hex').slice(0, 12);
  return { gzipped, rawBytes: memory.byteLength, fileName: `snapshot-${hash}.bin.gz` };
}
