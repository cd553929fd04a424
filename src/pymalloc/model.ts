/**
 * A model of pymalloc, CPython's small-object allocator, as built for 64-bit
 * desktop CPython 3.14 (the default build: GIL, radix tree, large pools).
 *
 * The course's engine (Pyodide, wasm32) is built without pymalloc, so nothing
 * here can be measured in the browser: the model follows the source instead.
 * Constants and rules come from CPython's Include/internal/pycore_obmalloc.h
 * and Objects/obmalloc.c (pymalloc_alloc, allocate_from_new_pool,
 * pymalloc_pool_extend, pymalloc_free, insert_to_usedpool, insert_to_freepool).
 *
 * What the model leaves out: addresses (it counts blocks and pools instead),
 * realloc, the arena-alignment pool (an arena whose address is not a multiple
 * of 16 KiB loses one pool; the model assumes aligned arenas) and the
 * object-specific free lists that sit in front of pymalloc.
 */

/** Addresses handed out are multiples of this, and size classes are this far apart (64-bit). */
export const ALIGNMENT = 16;
/** Requests up to this many bytes are served by pymalloc; larger ones by the system allocator. */
export const SMALL_REQUEST_THRESHOLD = 512;
/** 512 / 16 = 32 size classes: 16, 32, 48, …, 512 bytes. */
export const NB_SMALL_SIZE_CLASSES = SMALL_REQUEST_THRESHOLD / ALIGNMENT;
/** A pool is 16 KiB (POOL_BITS 14 with USE_LARGE_POOLS, the 64-bit default since 3.10). */
export const POOL_SIZE = 16 * 1024;
/** An arena is 1 MiB (ARENA_BITS 20 with USE_LARGE_ARENAS). */
export const ARENA_SIZE = 1024 * 1024;
/** 64 pools per arena (when the arena is pool-aligned). */
export const POOLS_PER_ARENA = ARENA_SIZE / POOL_SIZE;
/**
 * The pool header: a count, four pointers' worth of links and four unsigned
 * ints = 48 bytes on 64-bit, already a multiple of ALIGNMENT.
 */
export const POOL_OVERHEAD = 48;

/** The size class index (0–31) pymalloc uses for a request, or null when the request goes to the system allocator. */
export function sizeClassOf(nbytes: number): number | null {
  if (!Number.isInteger(nbytes) || nbytes < 0) throw new RangeError(`A request size must be a whole number of bytes, not ${nbytes}.`);
  // pymalloc_alloc: 0 bytes and anything over the threshold return NULL, and
  // _PyObject_Malloc falls back to PyMem_RawMalloc (the system allocator).
  if (nbytes === 0 || nbytes > SMALL_REQUEST_THRESHOLD) return null;
  return (nbytes - 1) >> Math.log2(ALIGNMENT);
}

/** Bytes in each block of a size class (INDEX2SIZE). */
export function blockSizeOf(sizeClass: number): number {
  return (sizeClass + 1) * ALIGNMENT;
}

/** How many blocks of a size class fit in one pool after its header (NUMBLOCKS). */
export function blocksPerPool(sizeClass: number): number {
  return Math.floor((POOL_SIZE - POOL_OVERHEAD) / blockSizeOf(sizeClass));
}

/** One 16 KiB pool: blocks of a single size class, carved on demand. */
export interface PoolState {
  /** The arena's serial number (1, 2, …). */
  arena: number;
  /** Position in the arena, 0–63. */
  index: number;
  /** The size class it was last initialised for (it keeps it while empty). */
  sizeClass: number;
  /** Blocks currently allocated (pool->ref.count). */
  used: number;
  /** Blocks carved so far (from nextoffset): the rest are untouched memory. */
  carved: number;
  /** Blocks handed out at least once since the pool was initialised (blocks 0 … touched−1). */
  touched: number;
  /** The pool's free list, next block to hand out first (pool->freeblock and its chain). */
  freeList: number[];
  /** used: some blocks allocated, some free; full: all allocated; empty: none allocated (on the arena's free-pool list). */
  status: 'used' | 'full' | 'empty';
}

/** One 1 MiB arena. */
export interface ArenaState {
  /** Serial number: arenas are numbered in the order they were allocated. */
  id: number;
  /** Pools carved from the arena so far, in address order (the rest are untouched). */
  pools: PoolState[];
  /** Indices of the arena's empty pools, next to reuse first (arena->freepools). */
  freePools: number[];
  /** Empty pools plus never-carved pools (nfreepools). */
  nfreepools: number;
}

/** Where a request was served. */
export type Placement =
  | { kind: 'pool'; arena: number; pool: number; block: number; sizeClass: number; blockSize: number }
  | { kind: 'system' };

/** A live allocation. */
export interface Allocation {
  id: number;
  /** Bytes requested. */
  nbytes: number;
  /** What the request was for, shown to the reader (e.g. "an int"). */
  label: string;
  placement: Placement;
}

/** How pymalloc found a block for a small request, from cheapest to dearest. */
export type AllocPath =
  /** The size class had a used pool: its free list's head block. */
  | 'free-block'
  /** Same, but the free list was empty, so the next never-used block was carved. */
  | 'carved-block'
  /** No used pool of the class: an empty pool that last held the same class (no re-initialisation). */
  | 'cached-pool'
  /** No used pool of the class: an empty pool of another class, re-initialised for this one. */
  | 'reused-pool'
  /** No used pool of the class and no empty pool: a never-used pool carved from an arena. */
  | 'new-pool';

export type AllocEvent =
  | {
      op: 'malloc';
      allocation: Allocation;
      kind: 'pool';
      path: AllocPath;
      /** A new arena had to be allocated first. */
      newArena: boolean;
      /** This allocation took the pool's last free block. */
      poolNowFull: boolean;
    }
  | { op: 'malloc'; allocation: Allocation; kind: 'system' };

export type FreeEvent =
  | {
      op: 'free';
      allocation: Allocation;
      kind: 'pool';
      /** The pool was full and went back to the front of its size class's used pools. */
      poolWasFull: boolean;
      /** The pool has no allocated blocks left and went to its arena's free pools. */
      poolEmptied: boolean;
      /** Every pool of the arena is empty and the arena went back to the system. */
      arenaFreed: boolean;
      /** Every pool of the arena is empty but it is kept (the last usable arena, bpo-37257). */
      arenaKept: boolean;
    }
  | { op: 'free'; allocation: Allocation; kind: 'system' };

/** A read-only picture of the allocator, for drawing and describing. */
export interface HeapState {
  /** Live arenas, in allocation order. */
  arenas: ArenaState[];
  /** For each size class with used pools: the pools, in the order allocations use them ([arena, pool index]). */
  usedPools: { sizeClass: number; pools: [number, number][] }[];
  /** Arenas with a free pool, in the order pymalloc takes pools from them (fullest first). */
  usableArenas: number[];
  /** Live allocations, oldest first. */
  allocations: Allocation[];
  /** Arenas allocated since the start, and freed again. */
  arenasAllocated: number;
  arenasFreed: number;
}

interface Pool {
  arena: Arena;
  index: number;
  sizeClass: number;
  used: number;
  carved: number;
  touched: number;
  /** Stack: the head of pymalloc's free list is the last element. */
  free: number[];
  /** Allocation id per block, for freeing. */
  owners: Map<number, number>;
}

interface Arena {
  id: number;
  pools: Pool[];
  /** Stack: head of arena->freepools is the last element. */
  freePools: Pool[];
  nfreepools: number;
}

export class Pymalloc {
  private arenas: Arena[] = [];
  /** usable_arenas, sorted by nfreepools ascending. */
  private usable: Arena[] = [];
  /** usedpools[class]: head first. */
  private used: Pool[][] = Array.from({ length: NB_SMALL_SIZE_CLASSES }, () => []);
  private live = new Map<number, { allocation: Allocation; pool: Pool | null }>();
  private nextId = 1;
  private nextArenaId = 1;
  private arenasFreed = 0;

  /** Serves a request of `nbytes` bytes, as PyObject_Malloc would. */
  malloc(nbytes: number, label = `${nbytes} bytes`): AllocEvent {
    const sizeClass = sizeClassOf(nbytes);
    const id = this.nextId++;
    if (sizeClass === null) {
      const allocation: Allocation = { id, nbytes, label, placement: { kind: 'system' } };
      this.live.set(id, { allocation, pool: null });
      return { op: 'malloc', allocation, kind: 'system' };
    }
    let path: AllocPath;
    let newArena = false;
    let pool = this.used[sizeClass]![0];
    let block: number;
    if (pool) {
      block = pool.free.pop()!;
      path = block >= pool.touched ? 'carved-block' : 'free-block';
      pool.used++;
    } else {
      const fresh = this.poolFromArena(sizeClass);
      pool = fresh.pool;
      path = fresh.path;
      newArena = fresh.newArena;
      block = pool.free.pop()!;
      pool.used = 1;
      this.used[sizeClass]!.unshift(pool);
    }
    // pymalloc_pool_extend: an exhausted free list gets the next never-used block, if any.
    let poolNowFull = false;
    if (pool.free.length === 0) {
      if (pool.carved < blocksPerPool(sizeClass)) pool.free.push(pool.carved++);
      else {
        this.unlinkUsed(pool);
        poolNowFull = true;
      }
    }
    pool.touched = Math.max(pool.touched, block + 1);
    pool.owners.set(block, id);
    const allocation: Allocation = {
      id,
      nbytes,
      label,
      placement: { kind: 'pool', arena: pool.arena.id, pool: pool.index, block, sizeClass, blockSize: blockSizeOf(sizeClass) },
    };
    this.live.set(id, { allocation, pool });
    return { op: 'malloc', allocation, kind: 'pool', path, newArena, poolNowFull };
  }

  /** Frees a live allocation by its id, as PyObject_Free would. */
  free(id: number): FreeEvent {
    const entry = this.live.get(id);
    if (!entry) throw new Error(`There is no live allocation #${id}: it was never made, or it is already freed.`);
    this.live.delete(id);
    const { allocation, pool } = entry;
    if (!pool || allocation.placement.kind !== 'pool') return { op: 'free', allocation, kind: 'system' };
    const block = allocation.placement.block;
    pool.owners.delete(block);
    const poolWasFull = pool.free.length === 0;
    pool.free.push(block);
    pool.used--;
    const event = { op: 'free', allocation, kind: 'pool', poolWasFull, poolEmptied: false, arenaFreed: false, arenaKept: false } as const;
    if (poolWasFull) {
      // insert_to_usedpool: to the front, so the next request of this class reuses the block just freed.
      this.used[pool.sizeClass]!.unshift(pool);
      return event;
    }
    if (pool.used > 0) return event;
    this.unlinkUsed(pool);
    return { ...event, poolEmptied: true, ...this.poolToArena(pool) };
  }

  /** Frees every live allocation, newest first. */
  freeAll(): FreeEvent[] {
    return [...this.live.keys()].reverse().map((id) => this.free(id));
  }

  /** The live allocation with this id, if any. */
  allocation(id: number): Allocation | undefined {
    return this.live.get(id)?.allocation;
  }

  state(): HeapState {
    return {
      arenas: this.arenas.map((arena) => ({
        id: arena.id,
        pools: arena.pools.map((pool) => ({
          arena: arena.id,
          index: pool.index,
          sizeClass: pool.sizeClass,
          used: pool.used,
          carved: pool.carved,
          touched: pool.touched,
          freeList: [...pool.free].reverse(),
          status: pool.used === 0 ? 'empty' : pool.free.length === 0 ? 'full' : 'used',
        })),
        freePools: arena.freePools.map((p) => p.index).reverse(),
        nfreepools: arena.nfreepools,
      })),
      usedPools: this.used.flatMap((pools, sizeClass) =>
        pools.length ? [{ sizeClass, pools: pools.map((p): [number, number] => [p.arena.id, p.index]) }] : [],
      ),
      usableArenas: this.usable.map((a) => a.id),
      allocations: [...this.live.values()].map((e) => e.allocation),
      arenasAllocated: this.nextArenaId - 1,
      arenasFreed: this.arenasFreed,
    };
  }

  /** allocate_from_new_pool: a pool for a size class that has no used pool. */
  private poolFromArena(sizeClass: number): { pool: Pool; path: AllocPath; newArena: boolean } {
    let newArena = false;
    if (this.usable.length === 0) {
      const arena: Arena = { id: this.nextArenaId++, pools: [], freePools: [], nfreepools: POOLS_PER_ARENA };
      this.arenas.push(arena);
      this.usable.push(arena);
      newArena = true;
    }
    // The head of usable_arenas has the fewest free pools: filling it first lets emptier arenas drain.
    const arena = this.usable[0]!;
    arena.nfreepools--;
    if (arena.nfreepools === 0) this.usable.shift(); // still the smallest otherwise: the order holds
    const cached = arena.freePools.pop();
    if (cached) {
      if (cached.sizeClass === sizeClass) return { pool: cached, path: 'cached-pool', newArena };
      this.initPool(cached, sizeClass);
      return { pool: cached, path: 'reused-pool', newArena };
    }
    const pool: Pool = { arena, index: arena.pools.length, sizeClass, used: 0, carved: 0, touched: 0, free: [], owners: new Map() };
    arena.pools.push(pool);
    this.initPool(pool, sizeClass);
    return { pool, path: 'new-pool', newArena };
  }

  /** A (re)initialised pool: block 0 is about to be handed out, block 1 is the free list. */
  private initPool(pool: Pool, sizeClass: number) {
    pool.sizeClass = sizeClass;
    pool.carved = 2;
    pool.touched = 0;
    pool.free = [1, 0];
  }

  private unlinkUsed(pool: Pool) {
    const list = this.used[pool.sizeClass]!;
    list.splice(list.indexOf(pool), 1);
  }

  /** insert_to_freepool: the arena bookkeeping after one of its pools became empty. */
  private poolToArena(pool: Pool): { arenaFreed: boolean; arenaKept: boolean } {
    const arena = pool.arena;
    arena.freePools.push(pool);
    const nf = ++arena.nfreepools;
    const position = this.usable.indexOf(arena);
    if (nf === POOLS_PER_ARENA && position !== -1 && position < this.usable.length - 1) {
      // Case 1: wholly free and not the last usable arena: back to the system.
      this.usable.splice(position, 1);
      this.arenas.splice(this.arenas.indexOf(arena), 1);
      this.arenasFreed++;
      return { arenaFreed: true, arenaKept: false };
    }
    // Cases 2–4: keep usable_arenas sorted by nfreepools; the arena goes just
    // after every arena with fewer free pools (obmalloc's nfp2lasta finger).
    if (position !== -1) this.usable.splice(position, 1);
    const after = this.usable.findIndex((a) => a.nfreepools >= nf);
    this.usable.splice(after === -1 ? this.usable.length : after, 0, arena);
    return { arenaFreed: false, arenaKept: nf === POOLS_PER_ARENA };
  }
}
