/**
 * How the worker starts Python: from the build-time memory snapshot when it
 * can (see snapshot.ts), otherwise a normal boot. The snapshot is an
 * optimisation only: missing, unreadable, or made by another Pyodide, the
 * engine still starts, and the console says why it booted the slow way.
 */
import type { loadPyodide as LoadPyodide, PyodideAPI } from 'pyodide';
import type { BootKind, SnapshotInfo } from './protocol.ts';
import { installRunner, type PythonSources, type Runner } from './runner.ts';
import { PageUnpacker } from './snapshot-pages.ts';
import { runnerFromSnapshot } from './snapshot.ts';

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
  /** The snapshot, once the server answered for it (see fetchSnapshot). */
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
      warn(`Python engine: the memory snapshot could not be used (${error instanceof Error ? error.message : String(error)}); starting Python the normal way.`);
    }
  }
  const pyodide = await module.loadPyodide({ indexURL, checkAPIVersion: true });
  return { pyodide, runner: installRunner(pyodide, sources), boot: 'normal' };
}

/**
 * Starts downloading the snapshot. Resolves once the server answered (rejects
 * on an HTTP error) with the promise of the inflated memory image: the file is
 * gzipped by the build (most static hosts don't compress custom files) and
 * inflated here while it downloads.
 */
export async function fetchSnapshot(info: SnapshotInfo, fetchFn: typeof fetch = fetch): Promise<SnapshotDownload> {
  const response = await fetchFn(info.url);
  if (!response.ok || !response.body) throw new Error(`HTTP ${response.status} for ${info.url}`);
  const memory = inflate(response.body, info.bytes);
  // Handled by loadPyodide, which awaits it a little later: no "uncaught" error in between.
  memory.catch(() => undefined);
  return { memory };
}

/** A snapshot whose download has started (wrapped: a promise cannot resolve to a promise). */
export interface SnapshotDownload {
  memory: Promise<Uint8Array>;
}

/**
 * Rebuilds the memory image from the downloaded file (see snapshot-pages.ts),
 * inflating it if it is still gzipped: some servers send `.gz` files with
 * `Content-Encoding: gzip`, and then the browser has inflated it already.
 */
export async function inflate(body: ReadableStream<Uint8Array>, expectedBytes: number): Promise<Uint8Array> {
  const [head, rest] = await firstChunk(body);
  const gzipped = head.byteLength >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  // (TypeScript's DOM types want ArrayBuffer-backed chunks; a stream's chunks are.)
  const gunzip = new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>;
  const reader = (gzipped ? rest.pipeThrough(gunzip) : rest).getReader();
  const pages = new PageUnpacker(expectedBytes);
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) pages.push(chunk.value);
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    throw error;
  }
  return pages.finish();
}

/** The stream's first bytes (at least two, if it has them), and the whole stream again. */
async function firstChunk(body: ReadableStream<Uint8Array>): Promise<[Uint8Array, ReadableStream<Uint8Array>]> {
  const reader = body.getReader();
  let head = new Uint8Array(0);
  while (head.byteLength < 2) {
    const next = await reader.read();
    if (next.done) break;
    const joined = new Uint8Array(head.byteLength + next.value.byteLength);
    joined.set(head);
    joined.set(next.value, head.byteLength);
    head = joined;
  }
  let sentHead = false;
  const whole = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!sentHead) {
        sentHead = true;
        if (head.byteLength) return controller.enqueue(head);
      }
      const next = await reader.read();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return [head, whole];
}

