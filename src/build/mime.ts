/**
 * Content types of the files the built site holds, for the servers we run
 * ourselves: `astro dev`'s Pyodide middleware, the e2e static host and the
 * benchmark's. `.wasm` must be `application/wasm` for streaming compilation.
 */
import path from 'node:path';

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.zip': 'application/zip',
  '.txt': 'text/plain',
};

/** The Content-Type to serve `file` with (`application/octet-stream` when unknown). */
export function mimeTypeOf(file: string): string {
  return MIME_TYPES[path.extname(file)] ?? 'application/octet-stream';
}
