/// <reference lib="webworker" />
/**
 * The engine worker: loads CPython (Pyodide) from the site's own files and
 * answers the protocol's messages. Kept thin: Python logic lives in
 * python/runner.py, the contract in protocol.ts.
 */

import { countingFetch, DownloadProgress } from '../downloads/progress.ts';
import { WARM_UP_QUIET_MS, WARM_UP_ROUNDS } from '../limits.ts';
import type { FromWorker, SnapshotInfo, Stream, ToWorker } from '../protocol.ts';
import { pythonSources } from '../python/sources.ts';
import { fetchSnapshot, type SnapshotDownload, snapshotFromHelper } from '../snapshot/download.ts';
import { ENGINE_BUILDS, versionAt } from '../versions.ts';
import { bootEngine, type Engine } from './boot.ts';
import { precompiledWasm, prefetching } from './preload.ts';
import { WarmUp, warmUpSteps } from './warmup.ts';

declare const self: DedicatedWorkerGlobalScope;

const post = (message: FromWorker) => self.postMessage(message);

let engine: Promise<Engine> | null = null;
let warmUp: WarmUp | null = null;

/** Set while the snapshot helper may still be delivering: call it if the helper fails. */
let snapshotHelperFailed: (() => void) | null = null;

async function start(
  indexURL: string,
  interruptBuffer?: SharedArrayBuffer,
  snapshotInfo?: SnapshotInfo,
  channel?: MessagePort,
): Promise<Engine> {
  const started = performance.now();
  // Every file the boot needs starts downloading now, side by side (see
  // preload.ts): the wasm (compiled as it arrives), the snapshot (inflated as
  // it arrives, on the helper the page started when there is one: see
  // snapshot/download.ts), the stdlib and the lock file (handed to Pyodide
  // when it asks), and both of Pyodide's modules.
  const progress = new DownloadProgress((loaded, total) => post({ type: 'progress', loaded, total }));
  const countedFetch = countingFetch(self.fetch.bind(self), progress);
  const early = prefetching(countedFetch, [`${indexURL}python_stdlib.zip`, `${indexURL}pyodide-lock.json`]);
  const wasmURL = `${indexURL}pyodide.asm.wasm`;
  const compiled = WebAssembly.compileStreaming(countedFetch(wasmURL));
  compiled.then(
    () => progress.finished(wasmURL),
    () => undefined,
  ); // a failure is reported when Pyodide instantiates
  const wasm = precompiledWasm(wasmURL, compiled, early, WebAssembly.instantiateStreaming.bind(WebAssembly));
  self.fetch = wasm.fetch;
  WebAssembly.instantiateStreaming = wasm.instantiateStreaming;
  let download: Promise<SnapshotDownload> | null = null;
  if (snapshotInfo && channel) {
    const helper = snapshotFromHelper(
      channel,
      snapshotInfo,
      (loaded, total) => progress.set('snapshot helper', loaded, total),
      countedFetch,
    );
    snapshotHelperFailed = helper.helperFailed;
    download = helper.download;
  } else if (snapshotInfo) {
    download = fetchSnapshot(snapshotInfo, countedFetch);
    download.catch(() => undefined); // a missing snapshot is reported by bootEngine
  }
  // A module since Pyodide 0.30 (3.14); before, a classic script Pyodide loads itself.
  const version = versionAt(indexURL);
  if ((version ? ENGINE_BUILDS[version].glue : 'pyodide.asm.mjs') === 'pyodide.asm.mjs') {
    const wasmScript = import(/* @vite-ignore */ `${indexURL}pyodide.asm.mjs`);
    wasmScript.catch(() => undefined); // loadPyodide imports it again and reports a failure
  }
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
    } else if (message.type === 'snapshot-helper-failed') {
      snapshotHelperFailed?.();
    } else if (message.type === 'init') {
      engine ??= start(message.indexURL, message.interruptBuffer, message.snapshot, message.snapshotChannel);
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
