import { describe, expect, it } from 'vitest';
import {
  ALIGNMENT,
  type AllocEvent,
  blockSizeOf,
  blocksPerPool,
  type HeapState,
  NB_SMALL_SIZE_CLASSES,
  POOL_OVERHEAD,
  POOL_SIZE,
  POOLS_PER_ARENA,
  Pymalloc,
  sizeClassOf,
} from './model.ts';

/** The placement of a small allocation (fails the test for a large one). */
function placed(event: AllocEvent) {
  if (event.allocation.placement.kind !== 'pool') throw new Error(`#${event.allocation.id} went to the system allocator`);
  return event.allocation.placement;
}

describe('size classes (64-bit CPython)', () => {
  it('rounds a request up to a multiple of 16 bytes', () => {
    const cases: [number, number][] = [
      [1, 16],
      [16, 16],
      [17, 32],
      [24, 32],
      [28, 32],
      [46, 48],
      [56, 64],
      [64, 64],
      [72, 80],
      [497, 512],
      [512, 512],
    ];
    for (const [nbytes, block] of cases) {
      const cls = sizeClassOf(nbytes);
      expect(cls, `${nbytes} bytes`).not.toBeNull();
      expect(blockSizeOf(cls!), `${nbytes} bytes`).toBe(block);
    }
  });

  it('has 32 classes, 16 to 512 bytes', () => {
    expect(NB_SMALL_SIZE_CLASSES).toBe(32);
    expect(sizeClassOf(1)).toBe(0);
    expect(sizeClassOf(512)).toBe(31);
    expect(blockSizeOf(0)).toBe(16);
    expect(blockSizeOf(31)).toBe(512);
  });

  it('sends 0 bytes and anything over 512 to the system allocator', () => {
    expect(sizeClassOf(0)).toBeNull();
    expect(sizeClassOf(513)).toBeNull();
    expect(sizeClassOf(633)).toBeNull();
    expect(sizeClassOf(10 ** 6)).toBeNull();
  });

  it('rejects sizes that are not whole bytes, with a message', () => {
    expect(() => sizeClassOf(-1)).toThrow(/whole number of bytes/);
    expect(() => sizeClassOf(1.5)).toThrow(/whole number of bytes/);
    expect(() => sizeClassOf(Number.NaN)).toThrow(/whole number of bytes/);
  });

  it('fits as many blocks in a 16 KiB pool as its 48-byte header leaves room for', () => {
    expect(blocksPerPool(0)).toBe(1021);
    expect(blocksPerPool(1)).toBe(510);
    expect(blocksPerPool(31)).toBe(31);
    for (let cls = 0; cls < NB_SMALL_SIZE_CLASSES; cls++) {
      const size = blockSizeOf(cls);
      expect(POOL_OVERHEAD + blocksPerPool(cls) * size).toBeLessThanOrEqual(POOL_SIZE);
      expect(POOL_OVERHEAD + (blocksPerPool(cls) + 1) * size).toBeGreaterThan(POOL_SIZE);
      expect(size % ALIGNMENT).toBe(0);
    }
    expect(POOLS_PER_ARENA).toBe(64);
  });
});

describe('allocating blocks', () => {
  it('starts empty and allocates an arena and a pool for the first small request', () => {
    const heap = new Pymalloc();
    expect(heap.state().arenas).toEqual([]);
    const event = heap.malloc(28, 'an int');
    expect(event).toMatchObject({ op: 'malloc', kind: 'pool', path: 'new-pool', newArena: true, poolNowFull: false });
    expect(placed(event)).toEqual({ kind: 'pool', arena: 1, pool: 0, block: 0, sizeClass: 1, blockSize: 32 });
    const state = heap.state();
    expect(state.arenas).toHaveLength(1);
    expect(state.arenas[0]!.nfreepools).toBe(63);
    expect(state.arenas[0]!.pools[0]).toMatchObject({ sizeClass: 1, used: 1, carved: 2, touched: 1, freeList: [1], status: 'used' });
    expect(state.usedPools).toEqual([{ sizeClass: 1, pools: [[1, 0]] }]);
  });

  it('serves the same size class from the same pool, block after block', () => {
    const heap = new Pymalloc();
    heap.malloc(28);
    const second = heap.malloc(24);
    expect(second).toMatchObject({ path: 'carved-block', newArena: false });
    expect(placed(second)).toMatchObject({ pool: 0, block: 1 });
    expect(placed(heap.malloc(32))).toMatchObject({ pool: 0, block: 2 });
    expect(heap.state().arenas[0]!.pools[0]).toMatchObject({ used: 3, carved: 4, touched: 3, freeList: [3] });
  });

  it('gives each size class its own pool', () => {
    const heap = new Pymalloc();
    heap.malloc(28);
    const dict = heap.malloc(64);
    expect(dict).toMatchObject({ path: 'new-pool', newArena: false });
    expect(placed(dict)).toMatchObject({ arena: 1, pool: 1, block: 0, sizeClass: 3 });
    expect(heap.state().usedPools.map((u) => u.sizeClass)).toEqual([1, 3]);
  });

  it('reuses the most recently freed block first (the free list is a stack)', () => {
    const heap = new Pymalloc();
    const ids = [1, 2, 3, 4].map(() => heap.malloc(40).allocation.id);
    heap.free(ids[1]!);
    heap.free(ids[2]!);
    expect(heap.state().arenas[0]!.pools[0]!.freeList).toEqual([2, 1, 4]);
    const next = heap.malloc(48);
    expect(next.kind === 'pool' && next.path).toBe('free-block');
    expect(placed(next).block).toBe(2);
    expect(placed(heap.malloc(33)).block).toBe(1);
    expect(placed(heap.malloc(40)).block).toBe(4);
  });

  it('sends large requests to the system allocator without touching the arenas', () => {
    const heap = new Pymalloc();
    const big = heap.malloc(633, 'bytes');
    expect(big).toMatchObject({ kind: 'system', allocation: { nbytes: 633, placement: { kind: 'system' } } });
    expect(heap.state().arenas).toEqual([]);
    expect(heap.free(big.allocation.id)).toMatchObject({ kind: 'system' });
    expect(heap.state().allocations).toEqual([]);
  });
});

describe('full and empty pools', () => {
  it('unlinks a full pool and starts another; a free puts the full pool back in front', () => {
    const heap = new Pymalloc();
    const events = Array.from({ length: blocksPerPool(31) }, () => heap.malloc(512));
    expect(events.at(-1)).toMatchObject({ poolNowFull: true });
    expect(events.slice(0, -1).every((e) => e.kind === 'pool' && !e.poolNowFull)).toBe(true);
    let state = heap.state();
    expect(state.arenas[0]!.pools[0]).toMatchObject({ used: 31, status: 'full', freeList: [] });
    expect(state.usedPools).toEqual([]);

    const overflow = heap.malloc(500);
    expect(overflow).toMatchObject({ path: 'new-pool' });
    expect(placed(overflow)).toMatchObject({ pool: 1, block: 0 });

    const freed = heap.free(events[7]!.allocation.id);
    expect(freed).toMatchObject({ kind: 'pool', poolWasFull: true, poolEmptied: false });
    state = heap.state();
    expect(state.usedPools).toEqual([
      {
        sizeClass: 31,
        pools: [
          [1, 0],
          [1, 1],
        ],
      },
    ]);
    expect(placed(heap.malloc(512))).toMatchObject({ pool: 0, block: 7 });
  });

  it('returns an empty pool to its arena, then reuses it for any size class', () => {
    const heap = new Pymalloc();
    const a = heap.malloc(16);
    heap.malloc(100); // keeps pool 1 in use
    const emptied = heap.free(a.allocation.id);
    expect(emptied).toMatchObject({ poolEmptied: true, arenaFreed: false, arenaKept: false });
    let state = heap.state();
    expect(state.arenas[0]!.freePools).toEqual([0]);
    expect(state.arenas[0]!.nfreepools).toBe(63);
    expect(state.arenas[0]!.pools[0]!.status).toBe('empty');

    const same = heap.malloc(10);
    expect(same).toMatchObject({ path: 'cached-pool' });
    expect(placed(same)).toMatchObject({ pool: 0, block: 0, sizeClass: 0 });
    heap.free(same.allocation.id);

    const other = heap.malloc(300);
    expect(other).toMatchObject({ path: 'reused-pool' });
    expect(placed(other)).toMatchObject({ pool: 0, block: 0, sizeClass: 18 });
    state = heap.state();
    expect(state.arenas[0]!.pools[0]).toMatchObject({ sizeClass: 18, used: 1, carved: 2, touched: 1, freeList: [1] });
    expect(state.arenas[0]!.freePools).toEqual([]);
  });

  it('prefers an empty pool over carving a new one', () => {
    const heap = new Pymalloc();
    const a = heap.malloc(16);
    heap.malloc(32);
    heap.free(a.allocation.id);
    expect(placed(heap.malloc(48))).toMatchObject({ pool: 0 });
    expect(heap.state().arenas[0]!.pools).toHaveLength(2);
  });
});

/** Fills every pool of the current arena with 512-byte blocks; returns the ids. */
function fillArena(heap: Pymalloc): number[] {
  return Array.from({ length: POOLS_PER_ARENA * blocksPerPool(31) }, () => heap.malloc(512).allocation.id);
}

describe('arenas', () => {
  it('allocates a second arena only when the first has no free pool left', () => {
    const heap = new Pymalloc();
    fillArena(heap);
    let state = heap.state();
    expect(state.arenas).toHaveLength(1);
    expect(state.arenas[0]!.nfreepools).toBe(0);
    expect(state.usableArenas).toEqual([]);
    const next = heap.malloc(16);
    expect(next).toMatchObject({ newArena: true, path: 'new-pool' });
    expect(placed(next)).toMatchObject({ arena: 2, pool: 0 });
    state = heap.state();
    expect(state.usableArenas).toEqual([2]);
    expect(state.arenasAllocated).toBe(2);
  });

  it('takes new pools from the fullest arena', () => {
    const heap = new Pymalloc();
    const first = fillArena(heap);
    heap.malloc(16); // arena 2, 63 free pools
    // Empty one pool of arena 1: it now has 1 free pool and goes first.
    for (const id of first.slice(0, blocksPerPool(31))) heap.free(id);
    expect(heap.state().usableArenas).toEqual([1, 2]);
    expect(placed(heap.malloc(200))).toMatchObject({ arena: 1, pool: 0 });
    expect(heap.state().usableArenas).toEqual([2]);
  });

  it('frees a wholly empty arena but keeps the last one', () => {
    const heap = new Pymalloc();
    const first = fillArena(heap);
    const second = heap.malloc(16).allocation.id;
    const events = first.map((id) => heap.free(id));
    // Arena 1 emptied while arena 2 still had a block: freed.
    expect(events.at(-1)).toMatchObject({ poolEmptied: true, arenaFreed: true, arenaKept: false });
    expect(events.filter((e) => e.kind === 'pool' && e.arenaFreed)).toHaveLength(1);
    let state = heap.state();
    expect(state.arenas.map((a) => a.id)).toEqual([2]);
    expect(state.arenasFreed).toBe(1);
    // Arena 2, the only usable arena, empties: kept for the next request (bpo-37257).
    expect(heap.free(second)).toMatchObject({ poolEmptied: true, arenaFreed: false, arenaKept: true });
    state = heap.state();
    expect(state.arenas.map((a) => a.id)).toEqual([2]);
    expect(state.arenas[0]!.nfreepools).toBe(POOLS_PER_ARENA);
    // … and the next request reuses it instead of allocating arena 3.
    expect(heap.malloc(16)).toMatchObject({ newArena: false, path: 'cached-pool' });
  });
});

describe('errors', () => {
  it('refuses to free what is not live, with a message', () => {
    const heap = new Pymalloc();
    const id = heap.malloc(20).allocation.id;
    heap.free(id);
    expect(() => heap.free(id)).toThrow(`no live allocation #${id}`);
    expect(() => heap.free(999)).toThrow('no live allocation #999');
    expect(heap.state().allocations).toEqual([]);
  });
});

/** Everything that must hold after any sequence of operations. */
function checkInvariants(state: HeapState, liveSmall: number) {
  let used = 0;
  for (const arena of state.arenas) {
    expect(arena.pools.length).toBeLessThanOrEqual(POOLS_PER_ARENA);
    const empty = arena.pools.filter((p) => p.status === 'empty').map((p) => p.index);
    expect([...arena.freePools].sort((a, b) => a - b)).toEqual(empty);
    expect(arena.nfreepools).toBe(POOLS_PER_ARENA - arena.pools.length + empty.length);
    for (const pool of arena.pools) {
      const capacity = blocksPerPool(pool.sizeClass);
      // Every carved block is either in use or on the free list, exactly once.
      expect(pool.used + pool.freeList.length).toBe(pool.carved);
      expect(new Set(pool.freeList).size).toBe(pool.freeList.length);
      expect(pool.freeList.every((b) => b >= 0 && b < pool.carved)).toBe(true);
      expect(pool.carved).toBeLessThanOrEqual(capacity);
      expect(pool.touched).toBeLessThanOrEqual(pool.carved);
      expect(pool.status === 'full').toBe(pool.used === capacity);
      const listed = state.usedPools.some((u) => u.pools.some(([a, p]) => a === arena.id && p === pool.index));
      expect(listed, `pool ${pool.index} of arena ${arena.id} in usedpools`).toBe(pool.status === 'used');
      used += pool.used;
    }
  }
  expect(used).toBe(liveSmall);
  // usable_arenas: exactly the arenas with a free pool, fullest first.
  const usable = state.usableArenas.map((id) => state.arenas.find((a) => a.id === id)!);
  expect(usable.every(Boolean)).toBe(true);
  expect(usable.map((a) => a.nfreepools)).toEqual(usable.map((a) => a.nfreepools).sort((a, b) => a - b));
  expect(new Set(state.usableArenas)).toEqual(new Set(state.arenas.filter((a) => a.nfreepools > 0).map((a) => a.id)));
  expect(state.arenas.filter((a) => a.nfreepools === POOLS_PER_ARENA).length).toBeLessThanOrEqual(1);
  for (const u of state.usedPools) for (const [, p] of u.pools) expect(p).toBeGreaterThanOrEqual(0);
}

describe('random workloads', () => {
  it('keep every invariant of pools, free lists, used pools and arenas', () => {
    // A small deterministic generator (mulberry32), so a failure can be replayed.
    let seed = 20240514;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const heap = new Pymalloc();
    const live: { id: number; small: boolean }[] = [];
    let mostArenas = 0;
    let severalUsable = 0;
    for (let step = 0; step < 20000; step++) {
      // Grow, then shrink, twice, so pools fill and empty and arenas come and go.
      // Mostly big small blocks (31–63 per pool), so a few thousand need more than one arena.
      const growing = step % 10000 < 5000;
      if (live.length === 0 || random() < (growing ? 0.9 : 0.1)) {
        const r = random();
        const nbytes =
          r < 0.05 ? 513 + Math.floor(random() * 2000) : r < 0.15 ? 1 + Math.floor(random() * 256) : 257 + Math.floor(random() * 256);
        const event = heap.malloc(nbytes);
        live.push({ id: event.allocation.id, small: event.kind === 'pool' });
      } else {
        // Half the frees take the oldest allocation, which empties whole pools of the first arena.
        const [gone] = live.splice(random() < 0.5 ? 0 : Math.floor(random() * live.length), 1);
        heap.free(gone!.id);
      }
      if (step % 100 === 0) {
        const state = heap.state();
        checkInvariants(state, live.filter((l) => l.small).length);
        mostArenas = Math.max(mostArenas, state.arenas.length);
        if (state.usableArenas.length > 1) severalUsable++;
      }
    }
    for (const { id } of live.splice(0)) heap.free(id);
    const end = heap.state();
    checkInvariants(end, 0);
    // The workload did reach the interesting states.
    expect(mostArenas).toBeGreaterThan(1);
    expect(severalUsable).toBeGreaterThan(10);
    expect(end.arenasFreed).toBeGreaterThan(0);
    expect(end.arenas.length).toBeLessThanOrEqual(1);
  });
});
