/** Version of the trace format (src/trace/schema.ts); must match TRACE_VERSION in python/tracer.py. */
export const TRACE_VERSION = 4;
