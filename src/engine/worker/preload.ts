/**
 * Starting every engine file at the worker's first moment. Pyodide fetches
 * its files itself, one after another: the lock file, stdlib and wasm only
 * once its own module has loaded, and the wasm compiles only after the
 * snapshot has been inflated. On a warm boot those waits are most of the
 * time, so the worker starts everything at once and hands Pyodide the
 * results when it asks.
 */

import { urlOf } from '../downloads/url.ts';

/**
 * A fetch that has already started the requests for `urls` and hands each
 * one's response to the first plain request for that URL (later calls, and
 * calls with options such as an integrity check, fetch as asked).
 */
export function prefetching(fetchFn: typeof fetch, urls: readonly string[]): typeof fetch {
  const early = new Map<string, Promise<Response>>();
  for (const url of urls) {
    const response = fetchFn(url);
    response.catch(() => undefined); // reported to whoever takes it
    early.set(url, response);
  }
  return (input, init) => {
    const url = urlOf(input);
    const response = early.get(url);
    // Pyodide asks with a URL object and an empty init.
    if (response && (!init || Object.keys(init).length === 0) && !(input instanceof Request)) {
      early.delete(url);
      return response;
    }
    return fetchFn(input, init);
  };
}

export interface PrecompiledWasm {
  /** Answers Pyodide's request for the wasm with a stand-in: the real download is already compiling. */
  fetch: typeof fetch;
  /** Instantiates the compiled module when given the stand-in; anything else as WebAssembly would. */
  instantiateStreaming: typeof WebAssembly.instantiateStreaming;
}

/**
 * Hands Pyodide the wasm at `url` compiled already (the worker compiles it
 * as it streams in, from its first moment, instead of when Pyodide gets
 * round to it). Pyodide has no hook for its module, so the worker
 * installs the returned `fetch` and `WebAssembly.instantiateStreaming`:
 * Pyodide's own request for the wasm gets an empty stand-in response (no
 * second download), and instantiating that stand-in instantiates `compiled`.
 */
export function precompiledWasm(
  url: string,
  compiled: Promise<WebAssembly.Module>,
  fetchFn: typeof fetch,
  instantiateStreaming: typeof WebAssembly.instantiateStreaming,
): PrecompiledWasm {
  const standIns = new WeakSet<Response>();
  return {
    fetch: (input, init) => {
      if (urlOf(input) !== url) return fetchFn(input, init);
      const standIn = new Response(null, { status: 200 });
      standIns.add(standIn);
      return Promise.resolve(standIn);
    },
    instantiateStreaming: async (source, imports) => {
      const response = await source;
      if (!standIns.has(response)) return instantiateStreaming(response, imports);
      const module = await compiled;
      return { module, instance: await WebAssembly.instantiate(module, imports) };
    },
  };
}
