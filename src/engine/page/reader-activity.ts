/**
 * The reader's keys and clicks, while the engine warms up (worker/warmup.ts):
 * the worker is told, and waits for quiet again, so the warm-up (and the
 * optimising it sets off) does not compete with what the reader is doing,
 * such as a search, on a machine with few cores. This module listens; the
 * client says what to send.
 */
import { READER_PING_MS } from '../limits.ts';

/** One watch at a time over the page's keydown and pointerdown. */
export class ReaderActivity {
  /** Removes the current watch's listeners; null when nothing is watched. */
  #stop: (() => void) | null = null;

  /** Calls `onActive` when the reader types or clicks, at most once per READER_PING_MS, until `stop` (or the next `watch`). */
  watch(onActive: () => void): void {
    this.stop();
    if (typeof document === 'undefined') return;
    let last = -Infinity;
    const listener = () => {
      const now = performance.now();
      if (now - last < READER_PING_MS) return;
      last = now;
      onActive();
    };
    // Capturing, so a handler that stops propagation (the editor's, the search's) cannot hide the reader.
    document.addEventListener('keydown', listener, { capture: true, passive: true });
    document.addEventListener('pointerdown', listener, { capture: true, passive: true });
    this.#stop = () => {
      document.removeEventListener('keydown', listener, { capture: true });
      document.removeEventListener('pointerdown', listener, { capture: true });
    };
  }

  stop(): void {
    this.#stop?.();
    this.#stop = null;
  }
}
