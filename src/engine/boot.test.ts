import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fetchSnapshot, inflate } from './boot.ts';
import { packPages } from './snapshot-pages.ts';

/** A stream that delivers `bytes` in chunks of `size`. */
function chunked(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

/** A memory image with data in some pages and zeros in others, and its file as the build ships it. */
const memory = new Uint8Array(100_000).map((_, i) => (i % 7 === 0 && (i >> 12) % 3 !== 1 ? i % 251 : 0));
const packed = packPages(memory);
const info = { url: 'http://x/pyodide/1/snapshot-abc.bin.gz', bytes: memory.length, pyodideVersion: '1' };

describe('snapshot download', () => {
  it('inflates a gzipped snapshot, whatever the chunking', async () => {
    const gz = new Uint8Array(gzipSync(packed));
    for (const size of [1, 3, 1000, gz.length]) expect(await inflate(chunked(gz, size), memory.length)).toEqual(memory);
  });

  it('takes a snapshot the browser already inflated (served with Content-Encoding: gzip)', async () => {
    expect(await inflate(chunked(packed, 4096), memory.length)).toEqual(memory);
  });

  it('rejects a snapshot of the wrong size or a broken gzip stream', async () => {
    await expect(inflate(chunked(new Uint8Array(gzipSync(packed)), 500), memory.length - 1)).rejects.toThrow(/expected/);
    await expect(inflate(chunked(packed.slice(0, 30_000), 4), memory.length)).rejects.toThrow(/ended early/);
    await expect(inflate(chunked(memory, 4096), memory.length)).rejects.toThrow(/not a packed memory snapshot/);
    const broken = new Uint8Array(gzipSync(packed)).slice(0, 200);
    await expect(inflate(chunked(broken, 50), memory.length)).rejects.toThrow();
  });

  it('fails at once on an HTTP error, and hands over the download otherwise', async () => {
    const respond = (status: number, body: BodyInit | null) => (async () => new Response(body, { status })) as typeof fetch;
    await expect(fetchSnapshot(info, respond(404, 'missing'))).rejects.toThrow('HTTP 404');
    const { memory: got } = await fetchSnapshot(info, respond(200, new Uint8Array(gzipSync(packed))));
    expect(await got).toEqual(memory);
  });
});
