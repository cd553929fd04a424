/**
 * A minimal static host for e2e tests: serves a built site under a base path
 * with plain headers (no COOP/COEP), `.wasm` as application/wasm, and the
 * site's 404 page for unknown paths, like any static host would.
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

async function fileFor(root: string, rel: string): Promise<string | null> {
  const candidate = path.join(root, rel);
  if (!candidate.startsWith(root)) return null;
  for (const file of [candidate, path.join(candidate, 'index.html')]) {
    const info = await stat(file).catch(() => null);
    if (info?.isFile()) return file;
  }
  return null;
}

export async function serveStatic(dir: string, base: string): Promise<StaticHost> {
  const root = path.resolve(dir);
  const server = createServer(async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = pathname.startsWith(base) ? await fileFor(root, pathname.slice(base.length)) : null;
    const status = file ? 200 : 404;
    const body = file ?? (await fileFor(root, '404.html'));
    if (!body) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(status, { 'Content-Type': mimeTypeOf(body) });
    createReadStream(body).pipe(res);
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
