/**
 * The snapshot file's format: the memory image with its all-zero pages left
 * out. About half of the 31 MB image is zeros (heap Python never touched), and
 * in the browser inflating is the slowest part of a warm boot (Chromium's
 * DecompressionStream manages ~60 MB/s on a slow machine), so not shipping the
 * zeros halves that time; gzip alone would shrink them, but still inflate them.
 *
 * Layout, all numbers little-endian uint32:
 *
 *   magic 'IPMS' · format · image bytes · run count · (first page, page count) × runs · the runs' bytes
 *
 * The last page of the image may be short. The file is gzipped on top (see
 * snapshot/build.ts); `PageUnpacker` takes the inflated bytes as they stream in
 * and writes each run straight into the zero-filled image, so no intermediate
 * copy of the data is ever held.
 */
export const PAGE_BYTES = 4096;
const MAGIC = 0x534d5049; // "IPMS" read as a little-endian uint32
export const FORMAT = 1;
const FIXED_HEADER = 16;

interface Run {
  /** Byte offset in the image. */
  start: number;
  bytes: number;
}

/** Packs a memory image: header, then only the runs of pages holding a non-zero byte. */
export function packPages(image: Uint8Array): Uint8Array {
  const runs: Run[] = [];
  for (let start = 0; start < image.length; start += PAGE_BYTES) {
    const end = Math.min(start + PAGE_BYTES, image.length);
    if (!hasData(image, start, end)) continue;
    const last = runs[runs.length - 1];
    if (last && last.start + last.bytes === start) last.bytes += end - start;
    else runs.push({ start, bytes: end - start });
  }
  const headerBytes = FIXED_HEADER + 8 * runs.length;
  const dataBytes = runs.reduce((sum, run) => sum + run.bytes, 0);
  const out = new Uint8Array(headerBytes + dataBytes);
  const header = new DataView(out.buffer, 0, headerBytes);
  header.setUint32(0, MAGIC, true);
  header.setUint32(4, FORMAT, true);
  header.setUint32(8, image.length, true);
  header.setUint32(12, runs.length, true);
  let at = headerBytes;
  runs.forEach((run, i) => {
    header.setUint32(FIXED_HEADER + 8 * i, run.start / PAGE_BYTES, true);
    header.setUint32(FIXED_HEADER + 8 * i + 4, Math.ceil(run.bytes / PAGE_BYTES), true);
    out.set(image.subarray(run.start, run.start + run.bytes), at);
    at += run.bytes;
  });
  return out;
}

function hasData(image: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (image[i] !== 0) return true;
  return false;
}

/**
 * Rebuilds the image from a packed file fed in chunks of any size. `push`
 * throws as soon as the bytes cannot be a snapshot of `expectedBytes`
 * (another format, a different size, too much data); `finish` throws if the
 * file ended early.
 */
export class PageUnpacker {
  private header = new Uint8Array(0);
  private runs: Run[] | null = null;
  private image: Uint8Array | null = null;
  private run = 0;
  private intoRun = 0;

  constructor(private readonly expectedBytes: number) {}

  push(chunk: Uint8Array): void {
    let rest = chunk;
    if (!this.runs) {
      rest = this.readHeader(chunk);
      if (!this.runs) return;
    }
    const runs = this.runs;
    const image = this.image!;
    while (rest.length) {
      const run = runs[this.run];
      if (!run) throw new Error('the snapshot has more data than its pages');
      const take = Math.min(rest.length, run.bytes - this.intoRun);
      image.set(rest.subarray(0, take), run.start + this.intoRun);
      rest = rest.subarray(take);
      this.intoRun += take;
      if (this.intoRun === run.bytes) {
        this.run++;
        this.intoRun = 0;
      }
    }
  }

  finish(): Uint8Array {
    if (!this.runs || this.run < this.runs.length) throw new Error('the snapshot ended early');
    return this.image!;
  }

  /** Collects header bytes; once the header is whole, checks it and returns what follows it. */
  private readHeader(chunk: Uint8Array): Uint8Array {
    const joined = new Uint8Array(this.header.length + chunk.length);
    joined.set(this.header);
    joined.set(chunk, this.header.length);
    this.header = joined;
    if (joined.length < FIXED_HEADER) return new Uint8Array(0);
    const view = new DataView(joined.buffer, joined.byteOffset, joined.byteLength);
    if (view.getUint32(0, true) !== MAGIC) throw new Error('it is not a packed memory snapshot');
    if (view.getUint32(4, true) !== FORMAT) throw new Error(`it is in format ${view.getUint32(4, true)}, not ${FORMAT}`);
    const imageBytes = view.getUint32(8, true);
    if (imageBytes !== this.expectedBytes) throw new Error(`it holds ${imageBytes} bytes, ${this.expectedBytes} expected`);
    const count = view.getUint32(12, true);
    const headerBytes = FIXED_HEADER + 8 * count;
    if (joined.length < headerBytes) return new Uint8Array(0);
    const runs: Run[] = [];
    for (let i = 0; i < count; i++) {
      const start = view.getUint32(FIXED_HEADER + 8 * i, true) * PAGE_BYTES;
      const end = Math.min(start + view.getUint32(FIXED_HEADER + 8 * i + 4, true) * PAGE_BYTES, imageBytes);
      const previousEnd = runs.length ? runs[runs.length - 1]!.start + runs[runs.length - 1]!.bytes : 0;
      if (start < previousEnd || end <= start) throw new Error('its page list is damaged');
      runs.push({ start, bytes: end - start });
    }
    this.runs = runs;
    // Zero-filled, so the pages left out need no work at all.
    this.image = new Uint8Array(imageBytes);
    const rest = joined.subarray(headerBytes);
    this.header = new Uint8Array(0);
    return rest;
  }
}
