/**
 * The engine's threads, as the page starts them: the engine worker
 * (worker/worker.ts), and beside it the snapshot helper
 * (snapshot/helper-worker.ts), which downloads and inflates the memory
 * snapshot on a thread of its own while the worker's thread compiles the
 * wasm, and hands the image to the worker over a MessageChannel (see
 * snapshot/download.ts). The client (client.ts) decides when; this module
 * knows how, and keeps every thread's error handler.
 */
import type { FromWorker, SnapshotInfo, ToSnapshotHelper, ToWorker } from '../protocol.ts';

/** What the engine's threads are made from (given to the EngineClient once). */
export interface ThreadSetup {
  /** Starts an engine worker. */
  createWorker: () => Worker;
  /** Absolute URL of the folder holding the Pyodide files. */
  indexURL: string;
  /** The build-time memory snapshot to boot from, if the build made one. */
  snapshot: SnapshotInfo | undefined;
  /** Starts a snapshot helper; without one (or without a snapshot) the worker downloads the snapshot itself. */
  createHelper: (() => Worker) | undefined;
}

/**
 * Threads started ahead of `init` (see EngineClient.prepare). One that fails
 * meanwhile (say its script's download) would fire before anyone listens, so
 * it is let go at once (null here), and `startThreads` makes a fresh one,
 * which reports its error the usual way.
 */
export interface SpareThreads {
  worker: Worker | null;
  helper: Worker | null;
}

/** A started engine's threads: the worker has been sent `init`. */
export interface EngineThreads {
  /**
   * Pyodide's interrupt flag, shared with the worker when the page is
   * cross-origin isolated; null otherwise, and a run is then stopped by
   * ending the threads.
   */
  readonly interrupt: Uint8Array | null;
  /** Sends the worker a message. */
  post(message: ToWorker): void;
  /** Terminates both threads; nothing either sends is passed on any more. */
  end(): void;
}

/** Where a started worker's news goes. */
export interface ThreadListener {
  message(message: FromWorker): void;
  /** The worker failed (its script did not load, or it died); `reason` is the browser's message. */
  failed(reason: string): void;
}

/** Starts the threads, without Python: they load their scripts (about 27 KB), start up and wait for `init`. */
export function prepareThreads(setup: ThreadSetup): SpareThreads {
  const spare: SpareThreads = { worker: setup.createWorker(), helper: newHelper(setup) };
  for (const key of ['worker', 'helper'] as const) {
    const thread = spare[key];
    if (!thread) continue;
    thread.onerror = (event) => {
      event.preventDefault();
      thread.terminate();
      spare[key] = null;
    };
  }
  return spare;
}

/**
 * Starts the engine: takes the spare threads (or starts fresh ones in place
 * of those missing), joins the helper to the worker, and sends the worker
 * `init`.
 */
export function startThreads(setup: ThreadSetup, spare: SpareThreads | null, listener: ThreadListener): EngineThreads {
  const worker = spare?.worker ?? setup.createWorker();
  const helper = spare?.helper ?? newHelper(setup);
  let ended = false;
  const interrupt =
    typeof SharedArrayBuffer !== 'undefined' && globalThis.crossOriginIsolated ? new Uint8Array(new SharedArrayBuffer(1)) : null;
  worker.onmessage = (event: MessageEvent<FromWorker>) => {
    if (!ended) listener.message(event.data);
  };
  worker.onerror = (event) => {
    if (!ended) listener.failed(event.message || 'the engine worker failed to start');
  };
  const snapshotChannel = helper && setup.snapshot ? joinHelper(helper, worker, setup.snapshot, () => ended) : null;
  const init: ToWorker = {
    type: 'init',
    indexURL: setup.indexURL,
    ...(setup.snapshot ? { snapshot: setup.snapshot } : {}),
    ...(interrupt ? { interruptBuffer: interrupt.buffer as SharedArrayBuffer } : {}),
    ...(snapshotChannel ? { snapshotChannel } : {}),
  };
  worker.postMessage(init, snapshotChannel ? [snapshotChannel] : []);
  return {
    interrupt,
    post: (message) => worker.postMessage(message),
    end() {
      ended = true;
      // (A helper that has delivered has closed itself already.)
      helper?.terminate();
      worker.terminate();
    },
  };
}

/** A snapshot helper, if this engine has a snapshot and one can be started. */
function newHelper(setup: ThreadSetup): Worker | null {
  if (!setup.snapshot || !setup.createHelper) return null;
  try {
    return setup.createHelper();
  } catch {
    return null;
  }
}

/**
 * Gives `helper` the snapshot to fetch for `worker` and returns the worker's
 * end of the channel between them. If the helper fails, the worker is told
 * and downloads the snapshot itself.
 */
function joinHelper(helper: Worker, worker: Worker, snapshot: SnapshotInfo, ended: () => boolean): MessagePort {
  helper.onerror = (event) => {
    event.preventDefault();
    if (!ended()) worker.postMessage({ type: 'snapshot-helper-failed' } satisfies ToWorker);
  };
  const channel = new MessageChannel();
  const request: ToSnapshotHelper = { snapshot: { url: snapshot.url, bytes: snapshot.bytes }, port: channel.port1 };
  helper.postMessage(request, [channel.port1]);
  return channel.port2;
}
