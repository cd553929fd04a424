/**
 * Bytes: the JavaScript a lesson page loads before the engine starts
 * (gzipped, as a host that compresses would send it), and everything a first
 * visit with one Run transfers, counted at the server, with the snapshot and
 * without it. Each side in a fresh profile.
 */

import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect } from '@playwright/test';
import { type Bench, cellByName, frontPage, type Report, WAIT_MS, withProfile } from './browser.ts';
import { judge } from './budgets.ts';
import { kb, mb } from './print.ts';
import { LESSON, type SiteHost } from './site.ts';

async function firstVisit(bench: Bench, host: SiteHost) {
  return withProfile(async (context) => {
    const page = await frontPage(context, bench.options);
    const scripts = new Map<string, number>();
    let engineStarted = false;
    context.on('request', (request) => {
      if (request.url().includes('/pyodide/') || /\/worker-[^/]*\.js$/.test(request.url())) engineStarted = true;
    });
    context.on('response', async (response) => {
      if (engineStarted || response.fromServiceWorker() || !/\.m?js($|\?)/.test(response.url())) return;
      const body = await response.body().catch(() => null);
      if (body) scripts.set(response.url(), gzipSync(body).length);
    });
    const { result: beforeEngine, served } = await host.count(async () => {
      await page.goto(host.url + LESSON, { waitUntil: 'networkidle' });
      const cell = cellByName(page, 1);
      await cell.scrollIntoViewIfNeeded(); // hydrates the island (the editor waits for the reader to edit)
      await expect(cell.getByRole('button', { name: 'Run' })).toBeEnabled();
      const beforeEngine = [...scripts.values()].reduce((a, b) => a + b, 0);
      await cell.getByRole('button', { name: 'Run' }).click();
      await cell.locator('.verdict').waitFor({ timeout: WAIT_MS });
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(1_000); // the service worker caching what the page fetched before it took control
      return beforeEngine;
    });
    const byKind: Record<string, number> = {};
    for (const [file, size] of served) {
      const kind = file.includes('/pyodide/') ? path.basename(file).replace(/-[0-9a-f]+\.bin\.gz$/, '.bin.gz') : 'site';
      byKind[kind] = (byKind[kind] ?? 0) + size;
    }
    const total = Object.values(byKind).reduce((a, b) => a + b, 0);
    return { lessonJsGzBeforeEngine: beforeEngine, firstVisitTotalBytes: total, firstVisitBytesByFile: byKind };
  });
}

export async function bytes(bench: Bench): Promise<Report> {
  const withSnapshot = await firstVisit(bench, bench.hosts.snapshot);
  const withoutSnapshot = await firstVisit(bench, bench.hosts.normal);
  const firstVisitBytesSnapshotToNormal = withSnapshot.firstVisitTotalBytes / withoutSnapshot.firstVisitTotalBytes;
  return {
    json: { ratios: { firstVisitBytesSnapshotToNormal }, bytes: { withSnapshot, withoutSnapshot } },
    rows: [
      {
        cells: ['lesson JS before the engine (gzip)', kb(withSnapshot.lessonJsGzBeforeEngine), ''],
        verdicts: [judge('lesson-js-before-engine', withSnapshot.lessonJsGzBeforeEngine / 1024)],
      },
      {
        cells: ['first visit, one Run, all bytes: snapshot boot', mb(withSnapshot.firstVisitTotalBytes), ''],
        verdicts: [judge('first-visit-bytes-vs-normal', firstVisitBytesSnapshotToNormal)],
      },
      { cells: ['first visit, one Run, all bytes: normal boot', mb(withoutSnapshot.firstVisitTotalBytes), ''] },
    ],
    notes: [
      `First visit by file (snapshot boot): ${Object.entries(withSnapshot.firstVisitBytesByFile)
        .map(([k, v]) => `${k} ${mb(v)}`)
        .join(', ')}`,
    ],
  };
}
