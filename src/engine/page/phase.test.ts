import { describe, expect, it } from 'vitest';
import { type Kind, MOVES, move, newBoot, type Phase } from './phase.ts';
import type { EngineThreads } from './threads.ts';

const newThreads = (): EngineThreads => ({ interrupt: null, post: () => undefined, end: () => undefined });

/** One phase of each kind, the started ones on `threads`. */
function phases(threads: EngineThreads): Record<Kind, Phase> {
  const run = { id: 1, onOutput: () => undefined, resolve: () => undefined, steps: [], ending: null, timer: undefined };
  return {
    idle: { kind: 'idle' },
    prepared: { kind: 'prepared', spare: { worker: null, helper: null } },
    loading: { kind: 'loading', threads, boot: newBoot() },
    restarting: { kind: 'restarting', threads, boot: newBoot() },
    ready: { kind: 'ready', threads },
    running: { kind: 'running', threads, run },
    failed: { kind: 'failed' },
  };
}

describe('the engine client’s phases', () => {
  const kinds = Object.keys(MOVES) as Kind[];

  it('allow exactly the moves drawn, and refuse the rest', () => {
    const all = phases(newThreads());
    const allowed = kinds.flatMap((from) => kinds.filter((to) => tryMove(all[from], all[to])).map((to) => `${from} → ${to}`));
    expect(allowed.sort()).toEqual(
      [
        'idle → prepared',
        'idle → loading',
        'idle → restarting',
        'prepared → loading',
        'prepared → restarting',
        'loading → ready',
        'loading → failed',
        'restarting → ready',
        'restarting → failed',
        'ready → running',
        'ready → idle',
        'running → ready',
        'running → restarting',
        'running → idle',
        'failed → prepared',
        'failed → loading',
        'failed → restarting',
      ].sort(),
    );
    expect(() => move(all.idle, all.ready)).toThrow('EngineClient: no move from idle to ready');
  });

  it('leave behind the threads the next phase does not keep', () => {
    const [held, fresh] = [newThreads(), newThreads()];
    const now = phases(held);
    const next = phases(fresh);
    expect(move(now.loading, now.ready).left).toBeNull(); // the same threads, booted
    expect(move(now.ready, now.running).left).toBeNull();
    expect(move(now.running, now.idle).left).toBe(held); // a crash
    expect(move(now.restarting, now.failed).left).toBe(held);
    expect(move(now.running, next.restarting).left).toBe(held); // a kill: fresh threads boot
    expect(move(now.prepared, next.loading).left).toBeNull(); // spare threads are taken, not ended
  });

  it('show each phase as its name, except preparing, which leaves the state as it was', () => {
    const all = phases(newThreads());
    expect(move(all.idle, all.prepared).shown).toBeNull();
    expect(move(all.prepared, all.loading).shown).toBe('loading');
    expect(move(all.running, all.restarting).shown).toBe('restarting');
    expect(move(all.loading, all.failed).shown).toBe('failed');
  });
});

function tryMove(from: Phase, to: Phase): boolean {
  try {
    move(from, to);
    return true;
  } catch {
    return false;
  }
}
