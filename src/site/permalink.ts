/**
 * Playground permalinks: a program travels in the URL hash as
 * `#code=<base64url of deflate-raw(UTF-8 source)>`, so a link carries the code
 * and no server stores anything. Decoding never throws: a bad link is a result
 * the page explains.
 */

/** The hash key; other keys are ignored, so the format can grow. */
export const HASH_KEY = 'code';

/** The Pythons a program is compared on: `versions=3.12,3.14` (engine/versions.ts knows which exist). */
export const VERSIONS_KEY = 'versions';

/** Largest program a link may expand to (guards against a zip bomb in a crafted link). */
export const MAX_CODE_CHARS = 100_000;

export type Decoded = { status: 'none' } | { status: 'ok'; code: string } | { status: 'error'; message: string };

export function bytesToBase64url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Null when `text` is not base64url. */
export function base64urlToBytes(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream, limit = Infinity): Promise<Uint8Array> {
  const reader = new Blob([bytes as BlobPart]).stream().pipeThrough(stream).getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      throw new RangeError('too large');
    }
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The hash fragment (without `#`) that carries `code`, and the versions to compare it on when given. */
export async function encodeCode(code: string, versions: readonly string[] = []): Promise<string> {
  const packed = await pipe(new TextEncoder().encode(code), new CompressionStream('deflate-raw'));
  return `${HASH_KEY}=${bytesToBase64url(packed)}${versions.length ? `&${VERSIONS_KEY}=${versions.join(',')}` : ''}`;
}

/**
 * The versions a URL hash asks for, as written ("3.12"), each once, in order; [] when it names
 * none. Only the shape is checked here: the page keeps those it has an engine for.
 */
export function versionsOf(hash: string): string[] {
  const value = new URLSearchParams(hash.replace(/^#/, '')).get(VERSIONS_KEY) ?? '';
  return [...new Set(value.split(',').map((v) => v.trim()))].filter((v) => /^\d+\.\d+$/.test(v));
}

/** The code carried by a URL hash (with or without its `#`). */
export async function decodeHash(hash: string): Promise<Decoded> {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const value = params.get(HASH_KEY);
  if (value === null) return { status: 'none' };
  const bytes = base64urlToBytes(value.trim());
  if (!bytes || bytes.length === 0) {
    return {
      status: 'error',
      message: 'This link’s code is damaged (it is not valid base64url): the link may have been cut short or edited.',
    };
  }
  let raw: Uint8Array;
  try {
    // Each UTF-8 character is at most 4 bytes.
    raw = await pipe(bytes, new DecompressionStream('deflate-raw'), MAX_CODE_CHARS * 4);
  } catch (error) {
    return error instanceof RangeError
      ? {
          status: 'error',
          message: `This link’s code is longer than ${MAX_CODE_CHARS.toLocaleString('en')} characters, more than the playground accepts.`,
        }
      : {
          status: 'error',
          message: 'This link’s code is damaged (it could not be decompressed): the link may have been cut short when it was copied.',
        };
  }
  let code: string;
  try {
    code = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return { status: 'error', message: 'This link’s code is damaged (it is not valid text).' };
  }
  if (code.length > MAX_CODE_CHARS) {
    return {
      status: 'error',
      message: `This link’s code is longer than ${MAX_CODE_CHARS.toLocaleString('en')} characters, more than the playground accepts.`,
    };
  }
  return { status: 'ok', code };
}

/** Absolute-path URL of the playground carrying `code` (and the versions to compare it on), for a site served under `base`. */
export async function playgroundURL(base: string, code: string, versions: readonly string[] = []): Promise<string> {
  return `${base.replace(/\/?$/, '/')}playground/#${await encodeCode(code, versions)}`;
}
