/// <reference lib="webworker" />
/**
 * The snapshot helper: a worker the page starts beside the engine worker (see
 * snapshot/download.ts for why). It downloads and inflates the memory
 * snapshot, sends the image (moved, not copied) to the engine worker over the
 * channel the page gave it, and closes itself.
 */
import { countingFetch, DownloadProgress } from '../downloads/progress.ts';
import type { FromSnapshotHelper, ToSnapshotHelper } from '../protocol.ts';
import { fetchSnapshot } from './download.ts';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = async (event: MessageEvent<ToSnapshotHelper>) => {
  const { snapshot, port } = event.data;
  const post = (message: FromSnapshotHelper, transfer: Transferable[] = []) => port.postMessage(message, transfer);
  const progress = new DownloadProgress((loaded, total) => post({ type: 'progress', loaded, total }));
  try {
    const { memory } = await fetchSnapshot(snapshot, countingFetch(self.fetch.bind(self), progress));
    post({ type: 'answered' });
    const image = await memory;
    post({ type: 'memory', memory: image }, [image.buffer]);
  } catch (error) {
    // The engine worker then downloads it itself, and reports a real failure.
    post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
  self.close();
};
