import { describe, expect, it } from 'vitest';
import { PAGE_BYTES, PageUnpacker, packPages } from './pages.ts';

/** An image with data in some pages (including the short last one) and zeros elsewhere. */
function image(bytes: number, dataPages: number[]): Uint8Array {
  const out = new Uint8Array(bytes);
  for (const page of dataPages) {
    for (let i = page * PAGE_BYTES; i < Math.min((page + 1) * PAGE_BYTES, bytes); i += 97) out[i] = (i % 251) + 1;
  }
  return out;
}

function unpack(packed: Uint8Array, bytes: number, chunk: number): Uint8Array {
  const pages = new PageUnpacker(bytes);
  for (let at = 0; at < packed.length; at += chunk) pages.push(packed.subarray(at, at + chunk));
  return pages.finish();
}

describe('snapshot pages', () => {
  it('leaves out zero pages and rebuilds the image exactly, whatever the chunking', () => {
    const bytes = 10 * PAGE_BYTES + 123;
    for (const data of [[], [0], [1, 2, 3, 7], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [10], [4, 10]]) {
      const original = image(bytes, data);
      const packed = packPages(original);
      const dataBytes = data.reduce((sum, page) => sum + Math.min(PAGE_BYTES, bytes - page * PAGE_BYTES), 0);
      expect(packed.length).toBeLessThan(dataBytes + 16 + 8 * data.length + 1);
      for (const chunk of [1, 7, 4096, packed.length]) expect(unpack(packed, bytes, chunk)).toEqual(original);
    }
  });

  it('keeps a lone non-zero byte', () => {
    const original = new Uint8Array(5 * PAGE_BYTES);
    original[3 * PAGE_BYTES + 4095] = 1;
    expect(unpack(packPages(original), original.length, 1000)).toEqual(original);
  });

  it('refuses another file, another size, and a file too short or too long', () => {
    const bytes = 4 * PAGE_BYTES;
    const packed = packPages(image(bytes, [1, 2]));
    expect(() => unpack(new Uint8Array(64).fill(7), bytes, 64)).toThrow(/not a packed memory snapshot/);
    expect(() => unpack(packed, bytes + 1, 100)).toThrow(/holds 16384 bytes, 16385 expected/);
    expect(() => unpack(packed.subarray(0, packed.length - 1), bytes, 100)).toThrow(/ended early/);
    expect(() => unpack(packed.subarray(0, 10), bytes, 100)).toThrow(/ended early/);
    const longer = new Uint8Array(packed.length + 1);
    longer.set(packed);
    expect(() => unpack(longer, bytes, 100)).toThrow(/more data than its pages/);
    const otherFormat = packed.slice();
    otherFormat[4] = 9;
    expect(() => unpack(otherFormat, bytes, 100)).toThrow(/format 9/);
  });
});
