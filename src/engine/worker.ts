/// <reference lib="webworker" />
/**
 * The engine worker: loads CPython (Pyodide) from the site's own files and
 * answers the protocol's messages. Kept thin: Python logic lives in
 * python/runner.py, the contract in protocol.ts.
 */
import { bootEngine, fetchSnapshot, type Engine } from './boot.ts';
import { precompiledWasm, prefetching, urlOf } from './preload.ts';
import type { FromWorker, SnapshotInfo, Stream, ToWorker } from './protocol.ts';
import { pythonSources } from './python-sources.ts';
import { WarmUp, warmUpSteps } from './warmup.ts';

declare const self: DedicatedWorkerGlobalScope;

const post = (message: FromWorker) => self.postMessage(message);

let engine: Promise<Engine> | null = null;
let warmUp: WarmUp | null = null;

/** Rounds of warm-up (see warmUpSteps): enough, measured, for the hot paths to be optimised. */
const WARM_UP_ROUNDS = 6;
/** The reader counts as idle after this long without a message. */
const WARM_UP_QUIET_MS = 1000;

/**
 * Wraps fetch so the page can show download progress for the big engine files
 * (Pyodide fetches them itself and has no progress hook). The snapshot and
 * stdlib are counted as they stream, on a clone. The wasm is not cloned: it
 * streams straight into the compiler, untouched, so the browser can cache the
 * compiled code; it counts as done when its compilation is (`finished`).
 */
function fetchWithProgress(realFetch: typeof fetch): { fetch: typeof fetch; finished: (url: string) => void } {
  const sizes = new Map<string, { loaded: number; total: number | null }>();
  let lastReport = 0;
  const report = (force = false) => {
    // At most ~10 updates a second: a message per network chunk would keep the page busy.
    const now = performance.now();
    if (!force && now - lastReport < 100) return;
    lastReport = now;
    let loaded = 0;
    let total: number | null = 0;
    for (const s of sizes.values()) {
      loaded += s.loaded;
      total = total === null || s.total === null ? null : total + s.total;
    }
    post({ type: 'progress', loaded, total });
  };
  const entryFor = (url: string, response: Response) => {
    const length = Number(response.headers.get('Content-Length'));
    // With Content-Encoding the header counts compressed bytes; the stream gives decoded ones.
    const entry = { loaded: 0, total: length > 0 && !response.headers.get('Content-Encoding') ? length : null };
    sizes.set(url, entry);
    return entry;
  };
  const count = async (url: string, response: Response) => {
    const entry = entryFor(url, response);
    const reader = response.body!.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      entry.loaded += chunk.value.byteLength;
      report();
    }
    report(true);
  };
  return {
    fetch: async (input, init) => {
      const response = await realFetch(input, init);
      const url = urlOf(input);
      const path = new URL(url).pathname;
      if (response.ok && response.body && /\.(zip|bin\.gz)$/.test(path)) void count(url, response.clone()).catch(() => undefined);
      else if (response.ok && path.endsWith('.wasm')) entryFor(url, response);
      return response;
    },
    finished: (url) => {
      const entry = sizes.get(url);
      if (entry) entry.loaded = entry.total ?? entry.loaded;
      report(true);
    },
  };
}

async function start(indexURL: string, interruptBuffer?: SharedArrayBuffer, snapshotInfo?: SnapshotInfo): Promise<Engine> {
  const started = performance.now();
  // Every file the boot needs starts downloading now, side by side (see
  // preload.ts): the snapshot (inflated as it arrives), the wasm (compiled as
  // it arrives), the stdlib and the lock file (handed to Pyodide when it asks),
  // and both of Pyodide's modules.
  const progress = fetchWithProgress(self.fetch.bind(self));
  const early = prefetching(progress.fetch, [`${indexURL}python_stdlib.zip`, `${indexURL}pyodide-lock.json`]);
  const wasmURL = `${indexURL}pyodide.asm.wasm`;
  const wasm = precompiledWasm(wasmURL, early, WebAssembly.instantiateStreaming.bind(WebAssembly));
  wasm.compiled.then(() => progress.finished(wasmURL), () => undefined);
  self.fetch = wasm.fetch;
  WebAssembly.instantiateStreaming = wasm.instantiateStreaming;
  const download = snapshotInfo ? fetchSnapshot(snapshotInfo) : null;
  download?.catch(() => undefined); // a missing snapshot is reported by bootEngine
  const wasmScript = import(/* @vite-ignore */ `${indexURL}pyodide.asm.mjs`);
  wasmScript.catch(() => undefined); // loadPyodide imports it again and reports a failure
  const pyodideModule = (await import(/* @vite-ignore */ `${indexURL}pyodide.mjs`)) as typeof import('pyodide');
  const engine = await bootEngine({
    pyodide: pyodideModule,
    indexURL,
    sources: pythonSources,
    ...(snapshotInfo && download ? { snapshot: { info: snapshotInfo, download } } : {}),
    warn: (message) => console.warn(message),
  });
  const { pyodide } = engine;
  if (interruptBuffer) pyodide.setInterruptBuffer(new Uint8Array(interruptBuffer));
  const pythonVersion = String(pyodide.runPython('import sys; sys.version.split()[0]'));
  const pointerSize = Number(pyodide.runPython('import sys; 4 if sys.maxsize < 2**32 else 8'));
  post({ type: 'ready', pythonVersion, pointerSize, startupMs: Math.round(performance.now() - started), boot: engine.boot });
  return engine;
}

self.onmessage = async (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  try {
    if (message.type === 'warm-up') {
      if (!engine) return; // the page sends it after ready; nothing to warm up otherwise
      const { runner } = await engine;
      warmUp ??= new WarmUp({
        steps: warmUpSteps(runner, WARM_UP_ROUNDS),
        quietMs: WARM_UP_QUIET_MS,
        onDone: (report) => {
          if (report.failed) console.warn(`Python engine: warm-up stopped (${report.failed}).`);
          post({ type: 'warmed', ...report });
        },
      });
      warmUp.start();
    } else if (message.type === 'reader-active') {
      // Nothing to do: every message makes the warm-up wait for quiet again (below).
    } else if (message.type === 'init') {
      engine ??= start(message.indexURL, message.interruptBuffer, message.snapshot);
      await engine;
    } else {
      if (!engine) throw new Error(`${message.type} before init`);
      const { runner } = await engine;
      const emit = (stream: Stream, text: string) => post({ type: 'output', id: message.id, stream, text });
      const onSteps = (fragment: string) => post({ type: 'trace-steps', id: message.id, fragment });
      if (message.type === 'run') {
        post({ type: 'result', id: message.id, result: runner.run(message.code, emit, message.setup) });
      } else if (message.type === 'trace') {
        post({ type: 'traced', id: message.id, json: runner.trace(message.code, emit, message.limits, onSteps, message.setup) });
      } else {
        const { verdict, json } = runner.check(message.code, message.checker, emit, message.limits, onSteps, message.setup);
        post({ type: 'checked', id: message.id, verdict, json });
      }
    }
  } catch (error) {
    // Only engine failures land here: a program's own errors are results.
    post({ type: 'fatal', message: error instanceof Error ? error.message : String(error) });
  } finally {
    // The reader is active: the warm-up waits for quiet again.
    if (message.type !== 'warm-up') warmUp?.busy();
  }
};
