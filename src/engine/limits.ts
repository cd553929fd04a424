/**
 * Every time limit and trace limit the engine's TypeScript side sets, in one
 * place (the tracer's own defaults live in python/tracer.py). Imports nothing.
 */

/** A plain run is stopped after this long. */
export const RUN_TIMEOUT_MS = 5_000;
/**
 * Traced runs stop themselves (with a partial trace) after this many seconds: time is the one
 * limit that ends a traced program. The tracer's step and object budgets (python/tracer.py's
 * Limits) only limit what is drawn: past them it draws a sample and summarises, and the program
 * runs to its end...
 */
export const TRACE_SECONDS = 4;
/** ...and the page waits this long before it stops them (for loops stuck in C). */
export const TRACE_TIMEOUT_MS = 8_000;
/** How long an interrupted program gets to unwind before the worker is killed. */
export const INTERRUPT_GRACE_MS = 1_000;

/** Traces made while the site builds (memory cells, starters, answer keys) may take this long: a slow CI machine must not fail the build. */
export const BUILD_TRACE_SECONDS = 20;

/** How long the page must have been quiet after an island hydrated before the engine loads unasked. */
export const IDLE_START_DELAY_MS = 2_000;
/** The longest the idle start waits for the browser to be idle. */
export const IDLE_START_TIMEOUT_MS = 5_000;
/** The page asks the service worker to keep the engine's files this long after Python is ready. */
export const KEEP_OFFLINE_DELAY_MS = 3_000;

/** Rounds of warm-up (see worker/warmup.ts): enough, measured, for the hot paths to be optimised. */
export const WARM_UP_ROUNDS = 6;
/** The reader counts as idle after this long without a message to the worker. */
export const WARM_UP_QUIET_MS = 1_000;
/** At most one "reader-active" message per this many ms while the engine warms up. */
export const READER_PING_MS = 300;
