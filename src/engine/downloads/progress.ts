/**
 * Download progress of the engine's big files, for the page's loading
 * indicator. Pyodide fetches its files itself and has no progress hook, so
 * the fetches are wrapped (`countingFetch`).
 */
import { urlOf } from './url.ts';

interface FileProgress {
  loaded: number;
  total: number | null;
}

/** At most ~10 updates a second: a message per network chunk would keep the page busy. */
const REPORT_EVERY_MS = 100;

export class DownloadProgress {
  readonly #files = new Map<string, FileProgress>();
  #lastReport = -Infinity;

  constructor(
    /** Bytes so far over all files, and their total (null while any size is unknown). */
    private readonly report: (loaded: number, total: number | null) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Counts a response's body as it streams in, on a clone: the response itself goes on untouched. */
  count(url: string, response: Response): void {
    if (!response.body) return;
    const file = this.expect(url, response);
    const reader = response.clone().body!.getReader();
    const read = async () => {
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        file.loaded += chunk.value.byteLength;
        this.#report();
      }
      this.#report(true);
    };
    void read().catch(() => undefined); // a failed download is reported by whoever reads the original
  }

  /**
   * A file whose body is not counted as it streams (the wasm goes straight
   * into the compiler, untouched, so the browser can cache the compiled code):
   * its size is known now, and it counts as loaded once `finished`.
   */
  expect(url: string, response: Response): FileProgress {
    const length = Number(response.headers.get('Content-Length'));
    // With Content-Encoding the header counts compressed bytes; the stream gives decoded ones.
    const file = { loaded: 0, total: length > 0 && !response.headers.get('Content-Encoding') ? length : null };
    this.#files.set(url, file);
    return file;
  }

  finished(url: string): void {
    const file = this.#files.get(url);
    if (file) file.loaded = file.total ?? file.loaded;
    this.#report(true);
  }

  /** Files counted elsewhere, on another thread, under one name. */
  set(name: string, loaded: number, total: number | null): void {
    this.#files.set(name, { loaded, total });
    this.#report();
  }

  #report(force = false) {
    const now = this.now();
    if (!force && now - this.#lastReport < REPORT_EVERY_MS) return;
    this.#lastReport = now;
    let loaded = 0;
    let total: number | null = 0;
    for (const file of this.#files.values()) {
      loaded += file.loaded;
      total = total === null || file.total === null ? null : total + file.total;
    }
    this.report(loaded, total);
  }
}

/** Wraps fetch so the engine's big files are counted: the snapshot and the stdlib as they stream in, the wasm by its size. */
export function countingFetch(realFetch: typeof fetch, progress: DownloadProgress): typeof fetch {
  return async (input, init) => {
    const response = await realFetch(input, init);
    const url = urlOf(input);
    const path = new URL(url).pathname;
    if (response.ok && /\.(zip|bin\.gz)$/.test(path)) progress.count(url, response);
    else if (response.ok && path.endsWith('.wasm')) progress.expect(url, response);
    return response;
  };
}
