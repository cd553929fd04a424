/**
 * The engine client's phases (client.ts): what each holds, and every move
 * between them. MOVES below is this drawing as data, and `move` refuses any
 * move not in it:
 *
 *                       prepare
 *     idle, failed ─────────────▶ prepared
 *           │                        │
 *           │ start                  │ start
 *           ▼                        │
 *   ┌──▶ loading / restarting ◀──────┘
 *   │       │            │
 *   │       │ crash      │ ready
 *   │       ▼            ▼         run
 *   │    failed        ready ─────────────▶ running
 *   │                    │   ◀── result ──    │ │
 *   │     crash, release │                    │ │
 *   │                    ▼        crash       │ │
 *   │                  idle ◀─────────────────┘ │
 *   │                                           │
 *   └───────────── timeout / Stop: killed ──────┘
 *
 * A boot is `loading` the first time on the page and `restarting` once Python
 * has run here. `idle` and `failed` move on alike; preparing is not shown to
 * the reader (the state stays what it was). Killing a run ends its threads
 * and boots fresh ones.
 */
import type { EngineState, Stream } from '../protocol.ts';
import type { Ending, Outcome } from './outcomes.ts';
import type { EngineThreads, SpareThreads } from './threads.ts';

/** The run under way (the `running` phase's). */
export interface Run {
  /** Tells this run's messages from a killed one's. */
  id: number;
  onOutput: (stream: Stream, text: string) => void;
  /** Settles the caller's promise, once. */
  resolve: (outcome: Outcome) => void;
  /** Steps a traced run has streamed so far (JSON objects), kept in case the run must be killed. */
  steps: string[];
  /** Set when the page asked the run to end (timeout or Stop), and why. */
  ending: Ending | null;
  /** The run's time limit, then the interrupt's grace. */
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** A boot under way: resolved by the worker's `ready`, rejected by a crash. */
export interface Boot {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: Error) => void;
}

export type Phase =
  /** Nothing started (a page only read), or the last engine died after it had booted. */
  | { kind: 'idle' }
  /** The threads are up, waiting for `init`: no Python asked for yet (see EngineClient.prepare). */
  | { kind: 'prepared'; spare: SpareThreads }
  /** Python is booting: `loading` until it has run on this page, `restarting` after (a kill, a crash). */
  | { kind: 'loading' | 'restarting'; threads: EngineThreads; boot: Boot }
  /** Python waits for a run. */
  | { kind: 'ready'; threads: EngineThreads }
  /** A run is under way; others wait in the client's queue. */
  | { kind: 'running'; threads: EngineThreads; run: Run }
  /** The last boot failed; the next start tries afresh. */
  | { kind: 'failed' };

export type Kind = Phase['kind'];

/** Every move between phases. */
export const MOVES: { readonly [K in Kind]: readonly Kind[] } = {
  idle: ['prepared', 'loading', 'restarting'],
  prepared: ['loading', 'restarting'],
  loading: ['ready', 'failed'],
  restarting: ['ready', 'failed'],
  ready: ['running', 'idle'],
  running: ['ready', 'restarting', 'idle'],
  failed: ['prepared', 'loading', 'restarting'],
};

/** The state the reader is shown in each phase; null: unchanged (preparing is invisible). */
const SHOWN: { readonly [K in Kind]: EngineState | null } = {
  idle: 'idle',
  prepared: null,
  loading: 'loading',
  restarting: 'restarting',
  ready: 'ready',
  running: 'running',
  failed: 'failed',
};

/** The started threads a phase holds, if any. */
export const threadsOf = (phase: Phase): EngineThreads | null => ('threads' in phase ? phase.threads : null);

/**
 * The move from `from` to `next`, checked: the threads it leaves behind (to
 * be ended) and the state to show. Throws on a move not in MOVES: a bug in the
 * client, which its tests would meet.
 */
export function move(from: Phase, next: Phase): { left: EngineThreads | null; shown: EngineState | null } {
  if (!MOVES[from.kind].includes(next.kind)) throw new Error(`EngineClient: no move from ${from.kind} to ${next.kind}`);
  const held = threadsOf(from);
  return { left: held && held !== threadsOf(next) ? held : null, shown: SHOWN[next.kind] };
}

/** A boot for the worker's `ready` (or a crash) to settle. */
export function newBoot(): Boot {
  let settle!: Pick<Boot, 'resolve' | 'reject'>;
  const promise = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  return { promise, ...settle };
}
