import { describe, expect, it } from 'vitest';
import { precompiledWasm, prefetching } from './preload.ts';

describe('prefetching', () => {
  it('starts each request at once and hands its response to the first plain request for it', async () => {
    const asked: string[] = [];
    const fetchFn = (async (input: RequestInfo | URL) => {
      const url = String(input instanceof Request ? input.url : input);
      asked.push(url);
      return new Response(`${url} #${asked.length}`);
    }) as typeof fetch;
    const early = prefetching(fetchFn, ['http://x/a.wasm', 'http://x/b.zip']);
    expect(asked).toEqual(['http://x/a.wasm', 'http://x/b.zip']);
    // Pyodide asks with a URL object and an empty init: that is the early response.
    expect(await (await early(new URL('http://x/a.wasm'), {})).text()).toBe('http://x/a.wasm #1');
    expect(await (await early('http://x/b.zip')).text()).toBe('http://x/b.zip #2');
    // Each early response is handed out once; other URLs and requests with options go to the network.
    expect(await (await early('http://x/a.wasm')).text()).toBe('http://x/a.wasm #3');
    expect(await (await early('http://x/c.json')).text()).toBe('http://x/c.json #4');
    expect(asked).toHaveLength(4);
  });

  it('hands over an early failure to the caller, not as an unhandled rejection', async () => {
    const early = prefetching((async () => Promise.reject(new TypeError('offline'))) as typeof fetch, ['http://x/a.wasm']);
    await new Promise((resolve) => setTimeout(resolve, 10));
    await expect(early('http://x/a.wasm')).rejects.toThrow('offline');
  });
});

describe('precompiledWasm', () => {
  // (module (func (export "a") (result i32) i32.const 42))
  const wasm = new Uint8Array([
    0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 127, 3, 2, 1, 0, 7, 5, 1, 1, 97, 0, 0, 10, 6, 1, 4, 0, 65, 42, 11,
  ]);
  const compile = () => WebAssembly.compile(wasm);
  const recording = (asked: string[]) =>
    (async (input: RequestInfo | URL) => {
      asked.push(String(input));
      return new Response('other file');
    }) as typeof fetch;
  const notCalled = (async () => {
    throw new Error('the real instantiateStreaming was called');
  }) as typeof WebAssembly.instantiateStreaming;

  it("answers Pyodide's request for the wasm with the compiled module, without downloading it again", async () => {
    const asked: string[] = [];
    const early = precompiledWasm('http://x/p.wasm', compile(), recording(asked), notCalled);
    const { instance, module } = await early.instantiateStreaming(early.fetch(new URL('http://x/p.wasm'), {}), {});
    expect((instance.exports.a as () => number)()).toBe(42);
    expect(module).toBeInstanceOf(WebAssembly.Module);
    expect(asked).toEqual([]);
  });

  it('leaves other files and other modules alone', async () => {
    const asked: string[] = [];
    let real = 0;
    const early = precompiledWasm('http://x/p.wasm', compile(), recording(asked), (async (source, imports) => {
      real++;
      return WebAssembly.instantiateStreaming(source, imports);
    }) as typeof WebAssembly.instantiateStreaming);
    expect(await (await early.fetch('http://x/stdlib.zip')).text()).toBe('other file');
    expect(asked).toEqual(['http://x/stdlib.zip']);
    await early.instantiateStreaming(Promise.resolve(new Response(wasm, { headers: { 'Content-Type': 'application/wasm' } })), {});
    expect(real).toBe(1);
  });

  it('fails the instantiation when the download or compilation failed', async () => {
    const failed = Promise.reject(new Error('HTTP 404'));
    failed.catch(() => undefined);
    const early = precompiledWasm('http://x/p.wasm', failed, recording([]), notCalled);
    await expect(early.instantiateStreaming(early.fetch('http://x/p.wasm'), {})).rejects.toThrow('HTTP 404');
  });
});
