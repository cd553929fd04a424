/** `npm run trace` end to end: how a program ended is said on stderr, even when it ends the engine itself. */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), 'ipm-trace-'));

/** Runs the CLI on `code` with Node 24 (the one running this test); never rejects. */
async function traceCli(code: string, ...args: string[]) {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.py`);
  writeFileSync(file, code);
  try {
    const { stdout, stderr } = await run(process.execPath, ['scripts/trace.ts', file, ...args], { maxBuffer: 1 << 28 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code: exit, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code: exit, stdout, stderr };
  }
}

describe('npm run trace', () => {
  it('ends with a clear result when the program calls os._exit(), not a stack of engine source', async () => {
    const out = await traceCli('print("hi")\nimport os\nos._exit(3)\n');
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('The program ended the Python engine itself (Program terminated with exit(3)), so there is no trace.');
    expect(out.stderr).toContain('It printed:\nhi\n');
    expect(out.stdout + out.stderr).not.toContain('pyodide.asm');
  }, 60_000);

  it('says a long program finished, with the steps run and drawn, and lists its gaps', async () => {
    const out = await traceCli('xs = []\nfor i in range(3000):\n    xs.append(i)\nprint(len(xs))\n', '--summary', '--max-steps', '100');
    expect(out.code).toBe(0);
    expect(out.stderr).toMatch(/^Finished: 6,00\d steps, \d+ drawn$/m);
    expect(out.stdout).toMatch(/^CPython 3\.14\.\d+, 32-bit pointers, \d+ steps drawn of 600\d run$/m);
    expect(out.stdout).toMatch(/^… \d+ steps run, not drawn …$/m);
    expect(out.stdout).toContain('stdout: "3000\\n"');
  }, 60_000);
});
