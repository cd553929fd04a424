import { describe, expect, it } from 'vitest';
import { countingFetch, DownloadProgress } from './progress.ts';

const sized = (bytes: number, headers: Record<string, string> = {}) =>
  new Response(new Uint8Array(bytes), { headers: { 'Content-Length': String(bytes), ...headers } });

describe('DownloadProgress', () => {
  it('adds up the files counted here and elsewhere, with a total only while every size is known', async () => {
    const reports: [number, number | null][] = [];
    let now = 0;
    const progress = new DownloadProgress(
      (loaded, total) => reports.push([loaded, total]),
      () => (now += 1000),
    );
    const original = sized(300);
    progress.count('http://x/stdlib.zip', original);
    expect(await original.arrayBuffer()).toHaveProperty('byteLength', 300); // the original is left whole
    await new Promise((resolve) => setTimeout(resolve, 0));
    progress.set('helper', 50, 1000);
    progress.expect('http://x/p.wasm', sized(10, { 'Content-Encoding': 'gzip' }));
    progress.finished('http://x/p.wasm');
    expect(reports.at(-3)).toEqual([300, 300]);
    expect(reports.at(-2)).toEqual([350, 1300]);
    // A compressed response's length is not its streamed size: the total is unknown from then on.
    expect(reports.at(-1)).toEqual([350, null]);
  });

  it('reports at most every 100 ms while bytes stream in, and always at the end', async () => {
    const reports: number[] = [];
    const progress = new DownloadProgress(
      (loaded) => reports.push(loaded),
      () => 5,
    );
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 5; i++) controller.enqueue(new Uint8Array(10));
        controller.close();
      },
    });
    progress.count('http://x/s.bin.gz', new Response(chunks));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(reports).toEqual([10, 50]);
  });
});

describe('countingFetch', () => {
  it('counts the stdlib and the snapshot as they stream, and the wasm by its size once compiled', async () => {
    const reports: [number, number | null][] = [];
    const progress = new DownloadProgress(
      (loaded, total) => reports.push([loaded, total]),
      (() => {
        let t = 0;
        return () => (t += 1000);
      })(),
    );
    const fetchFn = countingFetch(
      (async (input: RequestInfo | URL) => sized(String(input).endsWith('.wasm') ? 40 : 20)) as typeof fetch,
      progress,
    );
    await fetchFn('http://x/pyodide/pyodide.asm.wasm');
    await fetchFn('http://x/pyodide/pyodide-lock.json'); // small: not counted
    await (await fetchFn('http://x/pyodide/python_stdlib.zip')).arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(reports.at(-1)).toEqual([20, 60]);
    progress.finished('http://x/pyodide/pyodide.asm.wasm');
    expect(reports.at(-1)).toEqual([60, 60]);
  });
});
