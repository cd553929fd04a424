import { describe, expect, it } from 'vitest';
import { base64urlToBytes, bytesToBase64url, decodeHash, encodeCode, MAX_CODE_CHARS, playgroundURL, versionsOf } from './permalink.ts';

describe('permalinks', () => {
  it('carry the versions to compare on beside the code, each once; a link without them names none', async () => {
    const hash = await encodeCode('x = 257\n', ['3.12', '3.13', '3.14', '3.15']);
    expect(hash).toMatch(/^code=[A-Za-z0-9_-]+&versions=3\.12,3\.13,3\.14,3\.15$/);
    expect(versionsOf(hash)).toEqual(['3.12', '3.13', '3.14', '3.15']);
    expect(await decodeHash(hash)).toEqual({ status: 'ok', code: 'x = 257\n' });
    expect(versionsOf('#code=abc&versions=3.13, 3.13,,banana,3.15')).toEqual(['3.13', '3.15']);
    expect(versionsOf(await encodeCode('x\n'))).toEqual([]);
    expect(await playgroundURL('/course', 'x\n', ['3.14', '3.15'])).toMatch(/^\/course\/playground\/#code=[\w-]+&versions=3\.14,3\.15$/);
  });

  it('round-trips programs, including non-ASCII text and long code', async () => {
    const programs = ['', 'a = [1, 2]\nb = a\nprint(a is b)\n', 'print("héllo → 世界 🐍")\n', 'x = 1\n'.repeat(5000)];
    for (const code of programs) {
      const hash = await encodeCode(code);
      expect(hash).toMatch(/^code=[A-Za-z0-9_-]*$/);
      expect(await decodeHash(`#${hash}`)).toEqual({ status: 'ok', code });
    }
  });

  it('compresses repetitive code', async () => {
    const code = 'numbers = [i * i for i in range(10)]\n'.repeat(200);
    expect((await encodeCode(code)).length).toBeLessThan(code.length / 10);
  });

  it('base64url matches the standard alphabet with URL-safe characters', () => {
    const bytes = Uint8Array.from([251, 255, 191, 0, 1]);
    const encoded = bytesToBase64url(bytes);
    expect(encoded).toBe(Buffer.from(bytes).toString('base64url'));
    expect([...base64urlToBytes(encoded)!]).toEqual([...bytes]);
    expect(base64urlToBytes('a+b/')).toBeNull();
    expect(base64urlToBytes('abcde')).toBeNull();
  });

  it('a hash without code is not an error', async () => {
    expect(await decodeHash('')).toEqual({ status: 'none' });
    expect(await decodeHash('#step-3')).toEqual({ status: 'none' });
  });

  it('damaged links give a clear message, never an exception', async () => {
    const good = await encodeCode('print("a fairly long line so the stream has a body")\n');
    const cases = ['#code=', '#code=!!!', '#code=a', `#${good.slice(0, good.length - 8)}`, '#code=AAAA', '#code=_____w'];
    for (const hash of cases) {
      const result = await decodeHash(hash);
      expect(result.status, hash).toBe('error');
      if (result.status === 'error') expect(result.message).toMatch(/damaged|longer/);
    }
  });

  it('refuses links that expand past the limit', async () => {
    const hash = await encodeCode('#'.repeat(MAX_CODE_CHARS * 5));
    const result = await decodeHash(hash);
    expect(result).toMatchObject({ status: 'error', message: expect.stringMatching(/longer than/) });
  });

  it('builds playground URLs under the site base', async () => {
    expect(await playgroundURL('/', 'x = 1')).toMatch(/^\/playground\/#code=/);
    expect(await playgroundURL('/course', 'x = 1')).toMatch(/^\/course\/playground\/#code=/);
    expect(await playgroundURL('/course/', 'x = 1')).toMatch(/^\/course\/playground\/#code=/);
  });
});
