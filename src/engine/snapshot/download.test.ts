import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { FromSnapshotHelper } from '../protocol.ts';
import { fetchSnapshot, inflate, snapshotFromHelper } from './download.ts';
import { packPages } from './pages.ts';

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

/** The engine worker's end of the channel; the test plays the helper at the other end. */
class FakeChannel {
  onmessage: ((event: MessageEvent<FromSnapshotHelper>) => void) | null = null;
  closed = false;
  close() {
    this.closed = true;
  }
  say(message: FromSnapshotHelper) {
    this.onmessage?.({ data: message } as MessageEvent<FromSnapshotHelper>);
  }
}

describe('snapshot from the helper', () => {
  /** A server with the snapshot (or without, with `status` 404), recording what is asked. */
  const setup = (status = 200) => {
    const channel = new FakeChannel();
    const asked: string[] = [];
    const progress: [number, number | null][] = [];
    const fetchFn = (async (input: RequestInfo | URL) => {
      asked.push(String(input));
      return status === 200 ? new Response(new Uint8Array(gzipSync(packed))) : new Response('missing', { status });
    }) as typeof fetch;
    const helper = snapshotFromHelper(channel, info, (loaded, total) => progress.push([loaded, total]), fetchFn);
    return { channel, asked, progress, helper };
  };

  it('takes the image from the helper, passes its progress on, and closes the channel', async () => {
    const { channel, asked, progress, helper } = setup();
    channel.say({ type: 'progress', loaded: 10, total: 100 });
    channel.say({ type: 'answered' });
    const { memory: image } = await helper.download;
    expect(channel.closed).toBe(false);
    channel.say({ type: 'memory', memory });
    expect(await image).toBe(memory);
    expect(channel.closed).toBe(true);
    expect(progress).toEqual([[10, 100]]);
    expect(asked).toEqual([]);
  });

  it('downloads it here when the helper fails, before or after the server answered', async () => {
    const before = setup();
    before.channel.say({ type: 'failed', message: 'out of memory' });
    expect(await (await before.helper.download).memory).toEqual(memory);
    expect(before.asked).toEqual([info.url]);
    expect(before.channel.closed).toBe(true);

    const after = setup();
    after.channel.say({ type: 'answered' });
    const { memory: image } = await after.helper.download;
    after.channel.say({ type: 'failed', message: 'DataCloneError' });
    expect(await image).toEqual(memory);
    expect(after.asked).toEqual([info.url]);
  });

  it('downloads it here when the helper could not start, and a missing file still fails clearly', async () => {
    const { asked, progress, helper } = setup(404);
    helper.helperFailed();
    await expect(helper.download).rejects.toThrow('HTTP 404');
    expect(asked).toEqual([info.url]);
    expect(progress).toEqual([[0, 0]]); // the helper's count is dropped: this thread counts its own
  });

  it('ignores a late failure report once the image has arrived', async () => {
    const { channel, asked, helper } = setup();
    channel.say({ type: 'answered' });
    channel.say({ type: 'memory', memory });
    helper.helperFailed();
    expect(await (await helper.download).memory).toBe(memory);
    expect(asked).toEqual([]);
  });
});
