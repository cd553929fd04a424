/**
 * Words for the pymalloc explorer: what one operation did, and the state of
 * the whole allocator (the picture's text alternative). Pure functions.
 */
import {
  type AllocEvent,
  ARENA_SIZE,
  blockSizeOf,
  blocksPerPool,
  type FreeEvent,
  type HeapState,
  POOLS_PER_ARENA,
  type PoolState,
  SMALL_REQUEST_THRESHOLD,
} from './model.ts';

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** "pool 3 of arena 1" */
export const poolName = (arena: number, pool: number) => `pool ${pool} of arena ${arena}`;

/** One or two sentences: what pymalloc did for this operation and why. */
export function explainEvent(event: AllocEvent | FreeEvent): string {
  const { allocation } = event;
  const what = `#${allocation.id} (${allocation.label}, ${plural(allocation.nbytes, 'byte')})`;
  if (event.kind === 'system') {
    return event.op === 'malloc'
      ? `Allocated ${what}: more than ${SMALL_REQUEST_THRESHOLD} bytes, so pymalloc passed the request to the system allocator (malloc).`
      : `Freed ${what}: it came from the system allocator, so it went back there (free).`;
  }
  const placement = allocation.placement;
  if (placement.kind !== 'pool') throw new Error('a pool event without a pool placement');
  const where = `block ${placement.block} of ${poolName(placement.arena, placement.pool)}`;
  const cls = `size class ${placement.sizeClass} (${placement.blockSize}-byte blocks)`;
  if (event.op === 'malloc') {
    const how = {
      'free-block': `took the head of the free list of a used pool of that class: ${where}`,
      'carved-block': `took the next never-used block of a used pool of that class: ${where}`,
      'cached-pool': `found no used pool of that class, so it took an empty pool that last held the same class: ${where}`,
      'reused-pool': `found no used pool of that class, so it re-initialised an empty pool for it: ${where}`,
      'new-pool': `found no used or empty pool, so it carved a new 16 KiB pool from the arena: ${where}`,
    }[event.path];
    const arena = event.newArena ? ` First it had to allocate arena ${placement.arena} (1 MiB) from the system.` : '';
    const full = event.poolNowFull ? ' That was the pool’s last free block: the pool is now full and leaves the used-pool list.' : '';
    return `Allocated ${what}: ${cls}.${arena} pymalloc ${how}.${full}`;
  }
  let after = ' The block went to the front of the pool’s free list, so the next request of this size class gets it back.';
  if (event.poolWasFull) after += ' The pool was full; it is back at the front of the used pools of its class.';
  if (event.poolEmptied) {
    after = ` ${poolName(placement.arena, placement.pool)} has no blocks in use any more: it joins the arena’s empty pools, ready for any size class.`;
    if (event.arenaFreed)
      after += ` All ${POOLS_PER_ARENA} pools of arena ${placement.arena} are now empty, so the whole arena went back to the system.`;
    if (event.arenaKept)
      after += ` Arena ${placement.arena} is now entirely empty, but pymalloc keeps one such arena rather than free it and soon allocate it again.`;
  }
  return `Freed ${what}, ${where}.${after}`;
}

/** One row per size class in use, with the columns of desktop CPython's `sys._debugmallocstats()`. */
export interface ClassRow {
  sizeClass: number;
  blockSize: number;
  /** Pools of this class with at least one block in use. */
  pools: number;
  blocksInUse: number;
  /** Free blocks in those pools (free list plus never used). */
  availableBlocks: number;
}

export function classTable(state: HeapState): ClassRow[] {
  const rows = new Map<number, ClassRow>();
  for (const pool of state.arenas.flatMap((a) => a.pools)) {
    if (pool.used === 0) continue;
    const row = rows.get(pool.sizeClass) ?? {
      sizeClass: pool.sizeClass,
      blockSize: blockSizeOf(pool.sizeClass),
      pools: 0,
      blocksInUse: 0,
      availableBlocks: 0,
    };
    row.pools++;
    row.blocksInUse += pool.used;
    row.availableBlocks += blocksPerPool(pool.sizeClass) - pool.used;
    rows.set(pool.sizeClass, row);
  }
  return [...rows.values()].sort((a, b) => a.sizeClass - b.sizeClass);
}

/** A pool in words, e.g. "pool 0 of arena 1: 32-byte blocks, 2 of 510 in use, 1 on the free list, 507 never used". */
export function describePool(pool: PoolState): string {
  const total = blocksPerPool(pool.sizeClass);
  const head = `${poolName(pool.arena, pool.index)}: ${blockSizeOf(pool.sizeClass)}-byte blocks`;
  if (pool.status === 'empty') return `${head} last, now empty (no blocks in use), on the arena’s list of empty pools`;
  const onFreeList = pool.freeList.filter((b) => b < pool.touched).length;
  const fresh = total - pool.touched;
  return `${head}, ${pool.used} of ${total} in use${pool.status === 'full' ? ' (full)' : ''}, ${plural(onFreeList, 'freed block')} on the free list, ${fresh} never used`;
}

/** The whole allocator in a few sentences: the text alternative of the picture. */
export function summarize(state: HeapState): string {
  const { arenas, allocations } = state;
  const small = allocations.filter((a) => a.placement.kind === 'pool');
  const large = allocations.filter((a) => a.placement.kind === 'system');
  const parts: string[] = [];
  if (arenas.length === 0) {
    parts.push('No arenas: pymalloc has not asked the system for memory yet.');
  } else {
    const arenaText = arenas.map((arena) => {
      const inUse = arena.pools.filter((p) => p.status !== 'empty').length;
      const empty = arena.pools.length - inUse;
      const untouched = POOLS_PER_ARENA - arena.pools.length;
      return `arena ${arena.id} has ${plural(inUse, 'pool')} in use, ${empty} empty and ${untouched} never used`;
    });
    parts.push(`${plural(arenas.length, 'arena')} of ${ARENA_SIZE / 1024 / 1024} MiB: ${arenaText.join('; ')}.`);
  }
  const rows = classTable(state);
  parts.push(
    small.length === 0
      ? 'No small blocks in use.'
      : `${plural(small.length, 'small block')} in use: ${rows
          .map((r) => `${r.blocksInUse} of ${r.blockSize} bytes (${plural(r.pools, 'pool')})`)
          .join(', ')}.`,
  );
  if (large.length > 0) {
    const bytes = large.reduce((sum, a) => sum + a.nbytes, 0);
    parts.push(`${plural(large.length, 'large block')} (${plural(bytes, 'byte')}) from the system allocator.`);
  }
  return parts.join(' ');
}
