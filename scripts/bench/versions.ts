/**
 * Versions: what comparing costs a reader. For each Python, in a fresh
 * profile (a first comparison), the playground opened on that version alone
 * (`versions=3.12`; 3.14 alone is the course's ordinary playground, booting
 * from its snapshot): the bytes its engine folder served, and Run → output,
 * cold, as a multiple of the course's 3.14 measured the same way. The other
 * versions boot the normal way (no snapshot), so most of their time is
 * CPython starting.
 */
import { expect, type Page } from '@playwright/test';
import { DEFAULT_VERSION, ENGINE_BUILDS, engineDir, PYTHON_VERSIONS, type PythonVersion } from '../../src/engine/versions.ts';
import { encodeCode } from '../../src/site/permalink.ts';
import { type Bench, frontPage, type Report, WAIT_MS, withProfile } from './browser.ts';
import { mb, ms, statsRow } from './print.ts';
import { ratio, stats } from './stats.ts';

const PROGRAM = 'x = [1, 2, 3]\nprint(len(x))\n';

/** The output the run shows: the course's playground's own, or the version's pane. */
const outputOf = (page: Page, version: PythonVersion) =>
  version === DEFAULT_VERSION
    ? page.getByRole('region', { name: 'Output of Playground' })
    : page.getByRole('region', { name: `Output of Python ${version}` });

async function coldRun(bench: Bench, version: PythonVersion): Promise<{ ms: number; engineBytes: number }> {
  return withProfile(async (context) => {
    const page = await frontPage(context, bench.options);
    const host = bench.hosts.snapshot;
    const { result, served } = await host.count(async () => {
      await page.goto(`${host.url}playground/#${await encodeCode(PROGRAM, [version])}`);
      const run = page.getByRole('button', { name: 'Run' });
      await expect(run).toBeEnabled({ timeout: WAIT_MS });
      const started = Date.now();
      await run.click();
      await expect(outputOf(page, version).locator('.verdict')).toBeVisible({ timeout: WAIT_MS });
      return Date.now() - started;
    });
    const folder = `/${engineDir(version)}`;
    const engineBytes = [...served].filter(([file]) => file.startsWith(folder)).reduce((sum, [, bytes]) => sum + bytes, 0);
    return { ms: result, engineBytes };
  });
}

export async function versions(bench: Bench): Promise<Report> {
  const times = Object.fromEntries(PYTHON_VERSIONS.map((v) => [v, [] as number[]])) as Record<PythonVersion, number[]>;
  const bytes = {} as Record<PythonVersion, number>;
  for (let i = 0; i < bench.options.runs; i++) {
    // Alternating the order, so no version always goes first.
    const order = i % 2 ? [...PYTHON_VERSIONS].reverse() : PYTHON_VERSIONS;
    for (const version of order) {
      const run = await coldRun(bench, version);
      times[version].push(run.ms);
      bytes[version] = run.engineBytes;
    }
  }
  const course = stats(times[DEFAULT_VERSION]);
  const rows = PYTHON_VERSIONS.map((version) => {
    const s = stats(times[version]);
    const vs = version === DEFAULT_VERSION ? 'the course’s (snapshot boot)' : `${ratio(s, course).toFixed(2)}× the course’s 3.14`;
    return statsRow(`cold Run → output on ${version} alone: ${mb(bytes[version])} of engine`, s, vs);
  });
  return {
    json: {
      versions: Object.fromEntries(
        PYTHON_VERSIONS.map((v) => [
          v,
          {
            pyodide: ENGINE_BUILDS[v].pyodide,
            engineBytes: bytes[v],
            coldRunMs: times[v],
            coldRunToCourse: ratio(stats(times[v]), course),
          },
        ]),
      ),
    },
    rows,
    notes: [
      `Comparing downloads each extra engine once (then the browser's HTTP cache); median cold Run → output on 3.14: ${ms(course.median)}.`,
    ],
  };
}
