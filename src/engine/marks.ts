/**
 * Names of the performance marks and measures the engine and the islands
 * leave on the page's timeline, for the browser benchmark, the e2e tests and
 * anyone profiling. Imports nothing.
 */

/** The engine was asked to start; `detail.reason` is a StartReason. */
export const ENGINE_START = 'ipm:engine-start';
/** Python is ready; `detail.boot` is a BootKind. */
export const ENGINE_READY = 'ipm:engine-ready';
/** The warm-up finished; `detail` is `{ steps, ms, failed }`. */
export const ENGINE_WARM = 'ipm:engine-warm';
/** A measure: a cell's Run click → its result on screen. */
export const RUN_MEASURE = 'ipm:run';
