/**
 * Browser benchmark: what readers wait for, measured in Chromium on the built
 * site (served by the e2e static host), side by side with bare Pyodide loaded
 * the same way and with the engine booting without its memory snapshot.
 * Prints a table with each figure beside its budget (budgets.ts) and writes
 * bench/results.json; `--check` fails on a missed budget. One file per measure:
 *
 *   boot.ts            page start → Python ready, cold and warm: snapshot vs normal boot vs bare Pyodide
 *   first-diagram.ts   first diagram on screen vs first paint, every lesson with a memory cell
 *   runs.ts            Run → diagram for every lesson memory cell, after the warm-up and straight after the boot
 *   tracer-browser.ts  tracer cost in the site's own worker
 *   navigation.ts      lesson to lesson with the client router: next click → output, workers, heap after 20 swaps
 *   bytes.ts           JS before the engine, and first-visit bytes with and without the snapshot
 *   versions.ts        each Python's engine bytes and cold Run → output, beside the course's 3.14
 *
 *   npm run bench [-- --only boot,bytes] [-- --runs 5] [-- --check]   (see cli.ts; builds dist/ first if it is missing)
 */
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { boot } from './boot.ts';
import { type Bench, openProfile, type Report } from './browser.ts';
import type { Verdict } from './budgets.ts';
import { bytes } from './bytes.ts';
import { BROWSER_MEASURES, type BrowserMeasureId, browserOptions } from './cli.ts';
import { firstDiagrams } from './first-diagram.ts';
import { navigation } from './navigation.ts';
import { finish, printBudgets, printTable } from './print.ts';
import { ROOT, writeResults } from './results.ts';
import { runs } from './runs.ts';
import { DIST, LESSON, serveSite, snapshotBuilt } from './site.ts';
import { tracerInBrowser } from './tracer-browser.ts';
import { versions } from './versions.ts';

/** Each measure, and whether it runs in the reading profile (one reader's browser, shared in this order). */
const MEASURES: Record<BrowserMeasureId, { run: (bench: Bench) => Promise<Report>; reading: boolean }> = {
  boot: { run: boot, reading: false },
  'first-diagram': { run: firstDiagrams, reading: true },
  runs: { run: runs, reading: true },
  tracer: { run: tracerInBrowser, reading: true },
  navigation: { run: navigation, reading: false },
  bytes: { run: bytes, reading: false },
  versions: { run: versions, reading: false },
};

const options = browserOptions(process.argv.slice(2), process.env);
if (!existsSync(path.join(DIST, LESSON, 'index.html'))) execSync('npm run build', { cwd: ROOT, stdio: 'inherit' });

const hosts = { snapshot: await serveSite({ snapshot: true }), normal: await serveSite({ snapshot: false }) };
/** The reading profile, while open (see Bench.readingProfile). */
let reading: Awaited<ReturnType<typeof openProfile>> | undefined;
const bench: Bench = {
  options,
  hosts,
  async readingProfile() {
    reading ??= await openProfile();
    return reading.context;
  },
};

const reports: Report[] = [];
try {
  for (const id of options.only) {
    const measure = MEASURES[id];
    if (!measure.reading && reading) {
      await reading.close();
      reading = undefined;
    }
    reports.push(await measure.run(bench));
  }
} finally {
  await reading?.close();
  await hosts.snapshot.close();
  await hosts.normal.close();
}

/** The measures' parts of results.json, one level deep (boot and bytes both add to `ratios`). */
const merged: Record<string, unknown> = {};
for (const { json } of reports) {
  for (const [key, value] of Object.entries(json)) {
    const before = merged[key];
    merged[key] = before && typeof before === 'object' && typeof value === 'object' ? { ...before, ...value } : value;
  }
}
const verdicts: Verdict[] = reports.flatMap((r) => r.rows.flatMap((row) => row.verdicts ?? []));
const built = snapshotBuilt();

console.log(
  `\nBrowser benchmark (Chromium, built site, ${options.runs} runs; snapshot ${built ? 'built' : 'NOT built'}; ${options.only.join(', ')})\n`,
);
printTable(
  ['measure', 'median', 'min–max', 'target / budget'],
  reports.flatMap((r) => r.rows),
);
console.log('');
for (const note of reports.flatMap((r) => r.notes)) console.log(note);
printBudgets(verdicts, BROWSER_MEASURES, options.only);
writeResults('results.json', {
  date: new Date().toISOString(),
  runs: options.runs,
  snapshotBuilt: built,
  measures: options.only,
  ...merged,
  budgets: verdicts,
});
finish(verdicts, options.check);
