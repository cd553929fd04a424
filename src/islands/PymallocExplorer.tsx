/**
 * The pymalloc explorer: allocate and free objects of 64-bit desktop CPython's
 * sizes in a model of pymalloc (src/pymalloc/model.ts) and watch arenas, pools
 * and blocks change. The engine on the page is built without pymalloc, so this
 * island never talks to Python: it is a model, and says so.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import { classTable, describePool, explainEvent, poolName, summarize } from '../pymalloc/describe.ts';
// Inlined: an MDX-embedded island's CSS import is not carried into the page's styles by the build.
import styles from '../pymalloc/explorer.css?raw';
import {
  type Allocation,
  blockSizeOf,
  blocksPerPool,
  type HeapState,
  POOLS_PER_ARENA,
  type PoolState,
  Pymalloc,
} from '../pymalloc/model.ts';
import { PRESETS, parseRequestSize } from '../pymalloc/presets.ts';

/** One object the reader allocated: one or more allocator requests. */
interface Thing {
  name: string;
  /** Allocation ids, in the order they were requested. */
  ids: number[];
}

const CUSTOM = 'custom';

export default function PymallocExplorer() {
  const uid = useId();
  const heap = useRef(new Pymalloc());
  const root = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<HeapState>(() => heap.current.state());
  const [things, setThings] = useState<Thing[]>([]);
  const [choice, setChoice] = useState(PRESETS[0]!.id);
  const [customText, setCustomText] = useState('100');
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState('Nothing allocated yet. Pick an object and press Allocate.');
  const [selected, setSelected] = useState<[number, number] | null>(null);
  /** False in the server-rendered HTML: the buttons wait for the island to hydrate. */
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  /** Where keyboard focus goes after a Free button disappears. */
  const [focusAfter, setFocusAfter] = useState<number | 'allocate' | null>(null);

  const allocations = useMemo(() => new Map(state.allocations.map((a) => [a.id, a])), [state]);
  const rows = useMemo(() => classTable(state), [state]);
  const summary = useMemo(() => summarize(state), [state]);
  const selectedPool = selected
    ? (state.arenas.find((a) => a.id === selected[0])?.pools.find((p) => p.index === selected[1]) ?? null)
    : null;

  useEffect(() => {
    if (focusAfter === null) return;
    const target =
      focusAfter === 'allocate'
        ? root.current?.querySelector<HTMLButtonElement>('[data-action="allocate"]')
        : root.current?.querySelector<HTMLButtonElement>(`[data-free="${focusAfter}"]`);
    target?.focus();
    setFocusAfter(null);
  }, [focusAfter]);

  function refresh(lastSmall?: Allocation) {
    const next = heap.current.state();
    setState(next);
    if (lastSmall?.placement.kind === 'pool') {
      const { arena, pool } = lastSmall.placement;
      // The pool may be gone with its arena; then nothing is selected.
      setSelected(next.arenas.some((a) => a.id === arena) ? [arena, pool] : null);
    } else if (selected && !next.arenas.some((a) => a.id === selected[0])) {
      setSelected(null);
    }
  }

  function allocate(times: number) {
    let requests: { nbytes: number; part: string }[];
    let name: string;
    if (choice === CUSTOM) {
      const parsed = parseRequestSize(customText);
      if (!parsed.ok) {
        setError(parsed.message);
        return;
      }
      requests = [{ nbytes: parsed.nbytes, part: `${parsed.nbytes}-byte request` }];
      name = `${parsed.nbytes} bytes`;
    } else {
      const preset = PRESETS.find((p) => p.id === choice)!;
      requests = preset.requests;
      name = preset.name;
    }
    setError(null);
    const made: Thing[] = [];
    const texts: string[] = [];
    let lastSmall: Allocation | undefined;
    for (let i = 0; i < times; i++) {
      const ids: number[] = [];
      for (const request of requests) {
        const label = requests.length > 1 ? `${request.part} of a ${name}` : name;
        const event = heap.current.malloc(request.nbytes, label);
        ids.push(event.allocation.id);
        if (event.kind === 'pool') lastSmall = event.allocation;
        if (i === times - 1) texts.push(explainEvent(event));
      }
      made.push({ name, ids });
    }
    setThings((old) => [...old, ...made]);
    setMessage(times > 1 ? `Allocated ${times} objects (${name}). The last one: ${texts.join(' ')}` : texts.join(' '));
    refresh(lastSmall);
  }

  function freeThing(thing: Thing) {
    // A container releases its item array before the object itself (list_dealloc), so free in reverse.
    const events = [...thing.ids].reverse().map((id) => heap.current.free(id));
    const index = things.indexOf(thing);
    const rest = things.filter((t) => t !== thing);
    setThings(rest);
    setMessage(events.map(explainEvent).join(' '));
    const lastSmall = events.map((e) => e.allocation).find((a) => a.placement.kind === 'pool');
    refresh(lastSmall);
    const neighbour = rest[Math.min(index, rest.length - 1)];
    setFocusAfter(neighbour ? neighbour.ids[0]! : 'allocate');
  }

  function freeAll() {
    const events = heap.current.freeAll();
    setThings([]);
    const arenasFreed = events.filter((e) => e.kind === 'pool' && e.arenaFreed).length;
    setMessage(
      events.length === 0
        ? 'There was nothing to free.'
        : `Freed all ${events.length} allocations.${arenasFreed ? ` ${arenasFreed} arena${arenasFreed === 1 ? '' : 's'} went back to the system.` : ''} ${
            heap.current.state().arenas.length ? 'One empty arena stays, ready for the next request.' : ''
          }`.trim(),
    );
    refresh();
    setFocusAfter('allocate');
  }

  function reset() {
    heap.current = new Pymalloc();
    setThings([]);
    setSelected(null);
    setError(null);
    setMessage('Reset: a fresh allocator with no arenas.');
    setState(heap.current.state());
  }

  const preset = PRESETS.find((p) => p.id === choice);
  const customId = `${uid}-custom`;
  const errorId = `${uid}-error`;

  return (
    <div class="pymalloc-explorer" ref={root}>
      <style>{styles}</style>
      <p class="pm-model-note">
        <strong>A model, not a measurement.</strong> This follows pymalloc as built in 64-bit desktop CPython 3.14: 32 size classes 16 bytes
        apart, 16 KiB pools, 1 MiB arenas, requests over 512 bytes sent to the system allocator. The Python running on this page is built
        without pymalloc, and a real interpreter has filled many pools before your first line runs; this one starts empty and leaves out the
        free lists.
      </p>

      <div class="pm-controls" role="group" aria-label="Allocate an object">
        <label>
          Object{' '}
          <select value={choice} onChange={(e) => setChoice((e.target as HTMLSelectElement).value)}>
            {PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
            <option value={CUSTOM}>a request of a size you choose</option>
          </select>
        </label>
        {choice === CUSTOM && (
          <label for={customId}>
            Size in bytes{' '}
            <input
              id={customId}
              type="text"
              inputMode="numeric"
              size={8}
              value={customText}
              aria-invalid={error ? 'true' : 'false'}
              aria-describedby={error ? errorId : undefined}
              onInput={(e) => setCustomText((e.target as HTMLInputElement).value)}
              onKeyDown={(e) => e.key === 'Enter' && allocate(1)}
            />
          </label>
        )}
        <button type="button" class="button primary" data-action="allocate" disabled={!ready} onClick={() => allocate(1)}>
          Allocate
        </button>
        <button type="button" class="button" disabled={!ready} onClick={() => allocate(10)}>
          Allocate 10
        </button>
        <button type="button" class="button" onClick={freeAll} disabled={things.length === 0}>
          Free all
        </button>
        <button type="button" class="button" disabled={!ready} onClick={reset}>
          Reset
        </button>
      </div>
      {preset && (
        <p class="pm-hint">
          {preset.requests.length > 1 ? `${preset.requests.length} requests: ` : ''}
          {preset.requests.map((r) => `${r.part} ${r.nbytes} bytes`).join(' + ')} ({preset.note}).
        </p>
      )}
      {error && (
        <p id={errorId} class="pm-error" role="alert">
          {error}
        </p>
      )}
      <p class="pm-status" role="status">
        {message}
      </p>

      <figure class="pm-picture">
        <figcaption class="pm-summary">{summary}</figcaption>
        {state.arenas.map((arena) => (
          <div class="pm-arena" key={arena.id}>
            <p class="pm-arena-title">
              Arena {arena.id} <span>1 MiB = {POOLS_PER_ARENA} pools of 16 KiB</span>
            </p>
            <div class="pm-pools" role="group" aria-label={`Pools of arena ${arena.id}`}>
              {arena.pools.map((pool) => (
                <PoolTile
                  key={pool.index}
                  pool={pool}
                  selected={selected?.[0] === arena.id && selected[1] === pool.index}
                  onSelect={() => setSelected([arena.id, pool.index])}
                />
              ))}
              {Array.from({ length: POOLS_PER_ARENA - arena.pools.length }, (_, i) => (
                <span key={`u${i}`} class="pm-pool untouched" aria-hidden="true" />
              ))}
            </div>
          </div>
        ))}
        <div class="pm-system">
          <p class="pm-arena-title">
            System allocator (malloc) <span>requests over 512 bytes</span>
          </p>
          {state.allocations.some((a) => a.placement.kind === 'system') ? (
            <ul>
              {state.allocations
                .filter((a) => a.placement.kind === 'system')
                .map((a) => (
                  <li key={a.id}>
                    #{a.id} {a.label}: {a.nbytes.toLocaleString('en')} bytes
                  </li>
                ))}
            </ul>
          ) : (
            <p class="pm-empty">Nothing.</p>
          )}
        </div>
      </figure>

      {selectedPool && <PoolDetail pool={selectedPool} allocations={allocations} />}

      <div class="pm-columns">
        <div class="pm-live">
          <p class="pm-arena-title" id={`${uid}-live`}>
            Live objects <span>{things.length}</span>
          </p>
          {things.length === 0 ? (
            <p class="pm-empty">None.</p>
          ) : (
            <ul aria-labelledby={`${uid}-live`}>
              {things.map((thing) => (
                <li key={thing.ids[0]}>
                  <span>
                    #{thing.ids.join('+#')} {thing.name}: {thing.ids.map((id) => placementText(allocations.get(id))).join('; ')}
                  </span>
                  <button
                    type="button"
                    class="button"
                    data-free={thing.ids[0]}
                    aria-label={`Free #${thing.ids.join('+#')} ${thing.name}`}
                    onClick={() => freeThing(thing)}
                  >
                    Free
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
        <table class="pm-table">
          <caption>Blocks by size class, like desktop Python’s sys._debugmallocstats()</caption>
          <thead>
            <tr>
              <th scope="col">class</th>
              <th scope="col">size</th>
              <th scope="col">pools</th>
              <th scope="col">in use</th>
              <th scope="col">available</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={5}>no pools in use</td>
              </tr>
            ) : (
              rows.map((r) => (
                <tr key={r.sizeClass}>
                  <td>{r.sizeClass}</td>
                  <td>{r.blockSize}</td>
                  <td>{r.pools}</td>
                  <td>{r.blocksInUse}</td>
                  <td>{r.availableBlocks}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function placementText(allocation: Allocation | undefined): string {
  if (!allocation) return '';
  const p = allocation.placement;
  if (p.kind === 'system') return `${allocation.nbytes} bytes from the system allocator`;
  return `${allocation.nbytes} bytes in a ${p.blockSize}-byte block (block ${p.block}, ${poolName(p.arena, p.pool)})`;
}

function PoolTile({ pool, selected, onSelect }: { pool: PoolState; selected: boolean; onSelect: () => void }) {
  const fill = pool.status === 'empty' ? 0 : Math.max(12, Math.round((pool.used / blocksPerPool(pool.sizeClass)) * 100));
  return (
    <button
      type="button"
      class={`pm-pool ${pool.status}`}
      aria-pressed={selected}
      aria-label={`Show ${describePool(pool)}`}
      title={describePool(pool)}
      onClick={onSelect}
    >
      <span class="pm-pool-size" aria-hidden="true">
        {pool.status === 'empty' ? '–' : blockSizeOf(pool.sizeClass)}
      </span>
      <span class="pm-pool-fill" style={{ height: `${fill}%` }} aria-hidden="true" />
    </button>
  );
}

/** The blocks of one pool: in use, freed (on the free list) and never used. */
function PoolDetail({ pool, allocations }: { pool: PoolState; allocations: Map<number, Allocation> }) {
  const owners = new Map<number, Allocation>();
  for (const a of allocations.values()) {
    if (a.placement.kind === 'pool' && a.placement.arena === pool.arena && a.placement.pool === pool.index)
      owners.set(a.placement.block, a);
  }
  const total = blocksPerPool(pool.sizeClass);
  const shown = pool.status === 'empty' ? 0 : pool.touched;
  return (
    <section class="pm-detail" aria-label={`Blocks of ${poolName(pool.arena, pool.index)}`}>
      <p class="pm-arena-title">
        {poolName(pool.arena, pool.index)[0]!.toUpperCase() + poolName(pool.arena, pool.index).slice(1)}{' '}
        <span>
          {blockSizeOf(pool.sizeClass)}-byte blocks, {total} fit after the 48-byte header
        </span>
      </p>
      <p>{describePool(pool)}.</p>
      <div class="pm-blocks" aria-hidden="true">
        {Array.from({ length: shown }, (_, block) => {
          const owner = owners.get(block);
          return (
            <span
              key={block}
              class={`pm-block ${owner ? 'in-use' : 'free'}`}
              title={owner ? `block ${block}: #${owner.id} ${owner.label}` : `block ${block}: free`}
            />
          );
        })}
        {pool.status !== 'empty' && total - shown > 0 && <span class="pm-block-rest">+ {total - shown} never used</span>}
      </div>
      {pool.status !== 'empty' && (
        <p class="pm-freelist">
          Free list, next block handed out first:{' '}
          {pool.freeList.length === 0
            ? 'empty (the pool is full)'
            : pool.freeList.map((b) => (b < pool.touched ? `block ${b}` : `block ${b} (never used)`)).join(' → ')}
        </p>
      )}
    </section>
  );
}
