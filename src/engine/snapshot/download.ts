/**
 * Downloading the engine's memory snapshot (see snapshot/stash.ts and
 * snapshot/pages.ts): the build ships it gzipped, without its all-zero pages;
 * this inflates it as it arrives and rebuilds the memory image Pyodide wants.
 *
 * Inflating keeps a thread busy for a while (a quarter of a second in a trace
 * of a returning reader's boot on a 2-core machine), and the engine worker's
 * thread is busy then too: it compiles the wasm as it streams in and
 * Pyodide's 1.25 MB of JavaScript. So the page starts a helper worker beside
 * the engine's (snapshot/helper-worker.ts) that does it on a thread of its own and
 * sends the finished image over a MessageChannel (moved, not copied).
 * Measured on that 2-core machine (interleaved runs, medians of 6): the
 * engine was ready up to 0.19 s sooner, ~0.07 s on average; with spare cores
 * the inflating leaves the engine's path entirely. The page starts the helper,
 * not the engine worker: a worker's own worker loads through its parent's
 * thread, which is busy, and started downloading ~0.8 s late. If the helper
 * cannot deliver, the engine worker downloads the snapshot itself
 * (`snapshotFromHelper` falls back to `fetchSnapshot`).
 */
import type { FromSnapshotHelper, SnapshotInfo } from '../protocol.ts';
import { PageUnpacker } from './pages.ts';

/**
 * Starts downloading the snapshot. Resolves once the server answered (rejects
 * on an HTTP error) with the promise of the inflated memory image: the file is
 * gzipped by the build (most static hosts don't compress custom files) and
 * inflated here while it downloads.
 */
export async function fetchSnapshot(info: Pick<SnapshotInfo, 'url' | 'bytes'>, fetchFn: typeof fetch = fetch): Promise<SnapshotDownload> {
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
 * Rebuilds the memory image from the downloaded file (see snapshot/pages.ts),
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

/** The engine worker's end of the channel to the helper. */
export interface SnapshotChannel {
  onmessage: ((event: MessageEvent<FromSnapshotHelper>) => void) | null;
  close(): void;
}

/**
 * The snapshot the helper at the other end of `channel` is downloading, in the
 * form `fetchSnapshot` gives it; what the helper does not deliver (it failed,
 * or `helperFailed` is called because it could not start) is downloaded here
 * with `fetchFn` instead, which then reports any real failure (a missing
 * file) itself. Costs nothing twice: by then the file is either missing or in
 * the HTTP cache. The channel is closed once the image has arrived.
 */
export function snapshotFromHelper(
  channel: SnapshotChannel,
  info: Pick<SnapshotInfo, 'url' | 'bytes'>,
  onProgress: (loaded: number, total: number | null) => void,
  fetchFn: typeof fetch = fetch,
): { download: Promise<SnapshotDownload>; helperFailed: () => void } {
  const answered = Promise.withResolvers<SnapshotDownload>();
  const memory = Promise.withResolvers<Uint8Array>();
  let isAnswered = false;
  let done = false;
  const finish = () => {
    done = true;
    channel.onmessage = null;
    channel.close();
  };
  const fallBack = () => {
    if (done) return;
    finish();
    const again = fetchSnapshot(info, fetchFn);
    if (isAnswered) memory.resolve(again.then((download) => download.memory));
    else answered.resolve(again);
  };
  channel.onmessage = (event) => {
    const message = event.data;
    if (message.type === 'progress') onProgress(message.loaded, message.total);
    else if (message.type === 'answered') {
      isAnswered = true;
      answered.resolve({ memory: memory.promise });
    } else if (message.type === 'memory') {
      finish();
      memory.resolve(message.memory);
    } else fallBack();
  };
  // Handled by whoever awaits them: no "uncaught" error in between.
  answered.promise.catch(() => undefined);
  memory.promise.catch(() => undefined);
  return {
    download: answered.promise,
    helperFailed: () => {
      if (done) return;
      onProgress(0, 0); // the helper's count is dropped: this thread counts its own download
      fallBack();
    },
  };
}
