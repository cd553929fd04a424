/**
 * The one contract between the page and the engine worker. Imported by the
 * worker, the client, the islands and the tests; imports nothing itself.
 */

/** Where a program's text went. */
export type Stream = 'stdout' | 'stderr';

/** What went wrong in a program that did not finish normally. */
export interface ProgramError {
  /** `syntax`: the code did not compile; `exception`: it raised; `input`: it called input(). */
  kind: 'syntax' | 'exception' | 'input';
  /** Python exception type name, e.g. `NameError`. */
  type: string;
  /** The exception's message. */
  message: string;
  /** 1-based line in the reader's code where it happened (deepest frame in their code). */
  line: number | null;
  /** 1-based column of a syntax error, when Python reports one. */
  column?: number | null;
  /** 1-based end column of a syntax error, when Python reports one. */
  endColumn?: number | null;
  /** Python's own formatted traceback, limited to the reader's frames. */
  traceback: string;
}

/** How one run ended, as the Python runner reports it. */
export type RunResult = (
  | { status: 'ok' }
  | { status: 'error'; error: ProgramError }
  | { status: 'exit'; exitCode: number | string | null }
  | { status: 'interrupted' }
  /** Only traced runs: the tracer stopped the program at its time limit (`seconds`), the one limit that ends a program. */
  | { status: 'limit'; limit: 'time'; seconds?: number }
) & {
  /** Wall-clock time of the program itself, in milliseconds. */
  durationMs: number;
  /** Characters of output kept. */
  outputChars: number;
  /** Characters of output dropped past the cap. */
  droppedChars: number;
};

/** How a run ended, from the page's point of view (adds what only the page can see). */
export type RunOutcome =
  | RunResult
  /** The run exceeded its time limit and the engine was stopped. */
  | { status: 'timeout'; limitMs: number }
  /** The reader pressed Stop. */
  | { status: 'stopped' }
  /** The engine itself failed (could not load, or crashed). */
  | { status: 'crashed'; message: string };

/** Engine life cycle, as shown to the reader. */
export type EngineState = 'idle' | 'loading' | 'ready' | 'running' | 'restarting' | 'failed';

/** Options of one run. */
export interface RunOptions {
  /** Stop the program after this many milliseconds. */
  timeoutMs?: number;
  /** Code run first in the same namespace, silently and untraced (notebook-style cells). */
  setup?: string;
}

/**
 * Limits of one traced run. Only time ends a program (with a clear result and the trace up to there);
 * the others limit what is drawn, never what runs.
 */
export interface TraceLimits {
  /** Steps drawn one by one; past them the program runs on and a sample of its steps is drawn (tracer.py's Sampler). */
  maxSteps?: number;
  /** Objects per picture (those the frames reach first); the rest are summarised per container. */
  maxObjects?: number;
  /** Items listed per container. */
  maxItems?: number;
  /** Frames shown per step (the module frame and the newest ones). */
  maxFrames?: number;
  /** Wall-clock seconds before the tracer stops the program itself (keep below the page's timeout). */
  maxSeconds?: number;
}

/** One check of an exercise's checker (a `check_*` function; its name is the first line of its docstring). */
export interface CheckItem {
  name: string;
  status: 'passed' | 'failed' | 'skipped';
  /** Why it failed: the assertion's message, the reader's error, or the checker's own fault. */
  message?: string;
}

/**
 * What the checker (python/checker.py) concluded. `not-run`: the reader's program did not finish
 * normally, so no check ran (the trace's `end` says why); `error`: the reader's code raised inside a
 * check; `fault`: the checker itself is broken; `interrupted`: stopped while checking.
 */
export interface CheckVerdict {
  verdict: 'pass' | 'fail' | 'error' | 'fault' | 'not-run' | 'interrupted';
  checks: CheckItem[];
  message?: string;
}

// The outcomes of a traced run and of a check carry a parsed trace, so they are the trace's (trace/outcome.ts).

/** Messages the page sends to the worker. */
export type ToWorker =
  | {
      type: 'init';
      /** Absolute URL of the folder holding the Pyodide files. */
      indexURL: string;
      /** A SharedArrayBuffer for Pyodide's interrupt flag, when the page is cross-origin isolated. */
      interruptBuffer?: SharedArrayBuffer;
      /** The engine's build-time memory snapshot, when the build made one (see snapshot/stash.ts). */
      snapshot?: SnapshotInfo;
      /** The snapshot helper's channel, when the page started one (see snapshot/download.ts). */
      snapshotChannel?: MessagePort;
    }
  /** `setup`: code run first, silently and untraced (the earlier cells a notebook-style cell continues from). */
  | { type: 'run'; id: number; code: string; setup?: string }
  | { type: 'trace'; id: number; code: string; limits: TraceLimits; setup?: string }
  /** Traces `code`, then runs the exercise's `checker` against it. */
  | { type: 'check'; id: number; code: string; checker: string; limits: TraceLimits; setup?: string }
  /** Warm the engine up once the reader has been idle a while (see warmup.ts); sent while the page is visible. */
  | { type: 'warm-up' }
  /** The reader is typing or clicking: the warm-up waits for quiet again (like after any message). */
  | { type: 'reader-active' }
  /** The snapshot helper failed to start or died: the worker downloads the snapshot itself. */
  | { type: 'snapshot-helper-failed' };

/** Messages the worker sends to the page. */
export type FromWorker =
  | { type: 'progress'; loaded: number; total: number | null }
  /** `boot`: from the build-time memory snapshot, or a normal boot (no snapshot, or it could not be used). */
  | { type: 'ready'; pythonVersion: string; pointerSize: number; startupMs: number; boot: BootKind }
  | { type: 'output'; id: number; stream: Stream; text: string }
  | { type: 'result'; id: number; result: RunResult }
  | { type: 'traced'; id: number; json: string }
  | { type: 'checked'; id: number; verdict: CheckVerdict; json: string }
  /** Steps of a trace under way (JSON objects joined by commas), kept by the page in case it must kill the run. */
  | { type: 'trace-steps'; id: number; fragment: string }
  /** The warm-up has finished (`failed`: why it stopped early). */
  | { type: 'warmed'; steps: number; ms: number; failed?: string }
  | { type: 'fatal'; message: string };

/**
 * The snapshot helper (snapshot/helper-worker.ts): a worker the page starts beside
 * the engine's, which downloads and inflates the memory snapshot on a thread
 * of its own and hands the image to the engine worker over a MessageChannel.
 */
export interface ToSnapshotHelper {
  snapshot: { url: string; bytes: number };
  /** Where to send it (the engine worker's end is `init.snapshotChannel`). */
  port: MessagePort;
}
/** What the helper sends the engine worker, over that channel. */
export type FromSnapshotHelper =
  /** Bytes of the file so far. */
  | { type: 'progress'; loaded: number; total: number | null }
  /** The server answered, and the body is coming. */
  | { type: 'answered' }
  | { type: 'memory'; memory: Uint8Array }
  | { type: 'failed'; message: string };

/** How the engine started. */
export type BootKind = 'snapshot' | 'normal';

/** Where the build put the engine's memory snapshot. */
export interface SnapshotInfo {
  /** Absolute URL of the gzipped snapshot. */
  url: string;
  /** Size of the memory image once inflated. */
  bytes: number;
  /** The Pyodide version that made it. */
  pyodideVersion: string;
}
