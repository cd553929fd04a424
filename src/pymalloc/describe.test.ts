import { describe, expect, it } from 'vitest';
import { classTable, describePool, explainEvent, summarize } from './describe.ts';
import { blocksPerPool, Pymalloc } from './model.ts';
import { PRESETS, parseRequestSize } from './presets.ts';

describe('explainEvent', () => {
  it('names the size class, the block and how it was found', () => {
    const heap = new Pymalloc();
    const first = explainEvent(heap.malloc(28, 'an int'));
    expect(first).toContain('#1 (an int, 28 bytes)');
    expect(first).toContain('size class 1 (32-byte blocks)');
    expect(first).toContain('allocate arena 1');
    expect(first).toContain('carved a new 16 KiB pool');
    expect(first).toContain('block 0 of pool 0 of arena 1');
    const second = explainEvent(heap.malloc(20));
    expect(second).toContain('never-used block');
    expect(second).not.toContain('allocate arena');
  });

  it('explains the system allocator for large requests', () => {
    const heap = new Pymalloc();
    const event = heap.malloc(633, 'bytes');
    expect(explainEvent(event)).toContain('more than 512 bytes');
    expect(explainEvent(heap.free(event.allocation.id))).toContain('back there');
  });

  it('says when a pool empties and when an arena is kept', () => {
    const heap = new Pymalloc();
    const event = heap.malloc(10);
    const text = explainEvent(heap.free(event.allocation.id));
    expect(text).toContain('no blocks in use');
    expect(text).toContain('keeps one such arena');
  });
});

describe('classTable and summarize', () => {
  it('count pools and blocks per size class like sys._debugmallocstats', () => {
    const heap = new Pymalloc();
    heap.malloc(28);
    heap.malloc(24);
    heap.malloc(56);
    heap.malloc(800);
    expect(classTable(heap.state())).toEqual([
      { sizeClass: 1, blockSize: 32, pools: 1, blocksInUse: 2, availableBlocks: blocksPerPool(1) - 2 },
      { sizeClass: 3, blockSize: 64, pools: 1, blocksInUse: 1, availableBlocks: blocksPerPool(3) - 1 },
    ]);
    const text = summarize(heap.state());
    expect(text).toContain('1 arena of 1 MiB');
    expect(text).toContain('arena 1 has 2 pools in use, 0 empty and 62 never used');
    expect(text).toContain('3 small blocks in use: 2 of 32 bytes (1 pool), 1 of 64 bytes (1 pool)');
    expect(text).toContain('1 large block (800 bytes) from the system allocator');
  });

  it('describes an empty allocator', () => {
    expect(summarize(new Pymalloc().state())).toBe('No arenas: pymalloc has not asked the system for memory yet. No small blocks in use.');
  });

  it('describes a pool with freed and never-used blocks', () => {
    const heap = new Pymalloc();
    const ids = [1, 2, 3].map(() => heap.malloc(30).allocation.id);
    heap.free(ids[0]!);
    const pool = heap.state().arenas[0]!.pools[0]!;
    expect(describePool(pool)).toBe('pool 0 of arena 1: 32-byte blocks, 2 of 510 in use, 1 freed block on the free list, 507 never used');
    for (const id of ids.slice(1)) heap.free(id);
    expect(describePool(heap.state().arenas[0]!.pools[0]!)).toContain('now empty');
  });
});

describe('presets', () => {
  it('have unique ids and plausible 64-bit request sizes', () => {
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
    for (const preset of PRESETS) {
      expect(preset.requests.length).toBeGreaterThan(0);
      for (const r of preset.requests) expect(r.nbytes).toBeGreaterThanOrEqual(16); // every object has a 16-byte header
    }
    // The threshold pair: the largest small request and one over it.
    const sizes = Object.fromEntries(PRESETS.map((p) => [p.id, p.requests.map((r) => r.nbytes)]));
    expect(sizes.bytes479).toEqual([512]);
    expect(sizes.bytes600).toEqual([633]);
  });
});

describe('parseRequestSize', () => {
  it('accepts whole numbers of bytes', () => {
    expect(parseRequestSize(' 100 ')).toEqual({ ok: true, nbytes: 100 });
    expect(parseRequestSize('1')).toEqual({ ok: true, nbytes: 1 });
  });
  it('explains what is wrong with anything else', () => {
    expect(parseRequestSize('')).toMatchObject({ ok: false, message: expect.stringContaining('Type a size') });
    expect(parseRequestSize('12.5')).toMatchObject({ ok: false, message: expect.stringContaining('not a whole number') });
    expect(parseRequestSize('-3')).toMatchObject({ ok: false, message: expect.stringContaining('not a whole number') });
    expect(parseRequestSize('0')).toMatchObject({ ok: false, message: expect.stringContaining('at least 1 byte') });
    expect(parseRequestSize('5000000')).toMatchObject({ ok: false, message: expect.stringContaining('1,000,000') });
  });
});
