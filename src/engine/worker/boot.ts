/**
 * How the worker starts Python: from the build-time memory snapshot when it
 * can (see snapshot/stash.ts), otherwise a normal boot. The snapshot is an
 * optimisation only: missing, unreadable, or made by another Pyodide, the
 * engine still starts, and the console says why it booted the slow way.
 */
import type { loadPyodide as LoadPyodide, PyodideAPI } from 'pyodide';
import type { BootKind, SnapshotInfo } from '../protocol.ts';
import { installRunner, type PythonSources, type Runner } from '../python/runner.ts';
import type { SnapshotDownload } from '../snapshot/download.ts';
import { runnerFromSnapshot } from '../snapshot/stash.ts';

export interface Engine {
  pyodide: PyodideAPI;
  runner: Runner;
  boot: BootKind;
}

export interface BootOptions {
  /** pyodide.mjs's `loadPyodide` and `version`. */
  pyodide: { loadPyodide: typeof LoadPyodide; version: string };
  indexURL: string;
  sources: PythonSources;
  /** The snapshot, once the server answered for it (see snapshot/download.ts). */
  snapshot?: { info: SnapshotInfo; download: Promise<SnapshotDownload> };
  /** Where to say why the snapshot was not used (console.warn in the worker). */
  warn: (message: string) => void;
}

export async function bootEngine({ pyodide: module, indexURL, sources, snapshot, warn }: BootOptions): Promise<Engine> {
  if (snapshot) {
    try {
      if (snapshot.info.pyodideVersion !== module.version) {
        throw new Error(`it was made by Pyodide ${snapshot.info.pyodideVersion}, this is ${module.version}`);
      }
      // Wait for the response itself (not its body) so a missing snapshot costs no second wasm download.
      const { memory } = await snapshot.download;
      const pyodide = await module.loadPyodide({ indexURL, checkAPIVersion: true, _loadSnapshot: memory });
      const runner = runnerFromSnapshot(pyodide);
      if (!runner) throw new Error('it holds no engine');
      return { pyodide, runner, boot: 'snapshot' };
    } catch (error) {
      warn(
        `Python engine: the memory snapshot could not be used (${error instanceof Error ? error.message : String(error)}); starting Python the normal way.`,
      );
    }
  }
  const pyodide = await module.loadPyodide({ indexURL, checkAPIVersion: true });
  return { pyodide, runner: installRunner(pyodide, sources), boot: 'normal' };
}
