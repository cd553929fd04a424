/**
 * A minimal static host for e2e tests and the benchmark: serves a built site
 * under a base path with plain headers (no COOP/COEP), `.wasm` as
 * application/wasm, a Content-Length on every file, and the site's 404 page
 * for unknown paths, like any static host would. The options are what the
 * benchmark needs on top (its comparison pages, a host that caches, a build
 * without its snapshot, the bytes a visit cost); without them the host is the
 * plain one the hosting test wants.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { mimeTypeOf } from '../src/build/mime.ts';

export interface StaticHost {
  /** Origin plus base, e.g. http://127.0.0.1:41234/course/ */
  url: string;
  /** Stops the server and drops open connections (the site is "offline" afterwards). */
  close(): Promise<void>;
}

export interface StaticHostOptions {
  /** Headers added to every file of the folder served with 200, e.g. a `Cache-Control` like a typical host's. */
  headers?: Readonly<Record<string, string>>;
  /** Files that are not in the folder, by path under the base (typed by their extension, like the rest). */
  extraFiles?: Readonly<Record<string, string>>;
  /** Paths under the base to answer 404 for, as if the build had not made those files. */
  hide?: (relativePath: string) => boolean;
  /** Called for every file served with 200 (path under the base, bytes): what visits really transferred. */
  onServed?: (relativePath: string, bytes: number) => void;
}

interface Found {
  file: string;
  size: number;
}

async function fileFor(root: string, rel: string): Promise<Found | null> {
  const candidate = path.join(root, rel);
  if (!candidate.startsWith(root)) return null;
  for (const file of [candidate, path.join(candidate, 'index.html')]) {
    const info = await stat(file).catch(() => null);
    if (info?.isFile()) return { file, size: info.size };
  }
  return null;
}

export async function serveStatic(dir: string, base: string, options: StaticHostOptions = {}): Promise<StaticHost> {
  const root = path.resolve(dir);
  const server = createServer(async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const rel = pathname.startsWith(base) ? pathname.slice(base.length) : null;
    const extra = rel === null ? undefined : options.extraFiles?.[rel];
    if (rel !== null && extra !== undefined) {
      res.writeHead(200, { 'Content-Type': mimeTypeOf(rel), 'Content-Length': Buffer.byteLength(extra) });
      res.end(extra);
      options.onServed?.(rel, Buffer.byteLength(extra));
      return;
    }
    const found = rel === null || options.hide?.(rel) ? null : await fileFor(root, rel);
    const body = found ?? (await fileFor(root, '404.html'));
    if (!body) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(found ? 200 : 404, {
      'Content-Type': mimeTypeOf(body.file),
      'Content-Length': body.size,
      ...(found ? options.headers : undefined),
    });
    createReadStream(body.file).pipe(res);
    if (found && rel !== null) options.onServed?.(rel, found.size);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${base}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
