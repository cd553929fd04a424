/**
 * Chromium for the browser bench, launched as the e2e tests launch it
 * (e2e/chromium.ts), and the page helpers every measure uses.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../../e2e/chromium.ts';
import type { BrowserOptions } from './cli.ts';
import type { Row } from './print.ts';
import type { SiteHost } from './site.ts';

/** What every browser measure is given. */
export interface Bench {
  options: BrowserOptions;
  /** The site with its memory snapshot, and the same build without it (the normal boot). */
  hosts: { snapshot: SiteHost; normal: SiteHost };
  /**
   * The profile the reading measures (first diagram, Run → diagram, tracer)
   * share, in that order, as one reader's browser: opened on first use, closed
   * by the entry once they are done.
   */
  readingProfile(): Promise<BrowserContext>;
}

/** How long a page may take to show what a measure waits for (a cold normal boot on a busy machine). */
export const WAIT_MS = 120_000;

/** A fresh persistent profile: Playwright's default context never caches the engine's wasm. */
export async function openProfile(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ipm-bench-'));
  const context = await chromium.launchPersistentContext(dir, { headless: true, ...chromiumLaunchOptions });
  return {
    context,
    async close() {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function withProfile<T>(fn: (context: BrowserContext) => Promise<T>): Promise<T> {
  const profile = await openProfile();
  try {
    return await fn(profile.context);
  } finally {
    await profile.close();
  }
}

/** A new tab in front: background tabs never see their islands become visible. */
export async function frontPage(context: BrowserContext, { debug }: Pick<BrowserOptions, 'debug'>): Promise<Page> {
  const page = await context.newPage();
  await page.bringToFront();
  if (debug) {
    page.on('console', (m) => console.log('console:', m.type(), m.text()));
    page.on('pageerror', (e) => console.log('pageerror:', e.message));
    page.on('response', (r) => r.status() >= 400 && console.log('status:', r.status(), r.url()));
  }
  return page;
}

/** When the page's first performance entry called `name` started (waiting for it). */
export async function markTime(page: Page, name: string): Promise<number> {
  await page.waitForFunction((n) => performance.getEntriesByName(n).length > 0, name, { timeout: WAIT_MS });
  return page.evaluate((n) => performance.getEntriesByName(n)[0]!.startTime, name);
}

/** The `detail` of the page's first mark called `name`. */
export function markDetail<T>(page: Page, name: string): Promise<T | undefined> {
  return page.evaluate((n) => (performance.getEntriesByName(n)[0] as PerformanceMark | undefined)?.detail as T | undefined, name);
}

/**
 * One click on the Run button inside `root` (a CSS selector) → the result on screen: the button
 * comes back with a verdict shown, then the frame after it is painted. `total` is that, in ms;
 * `engine` the page's own last `measure` (click → result parsed, before rendering); `clickedAt`
 * the click's time on the page's clock.
 */
export function timeRunClick(page: Page, root: string, measure: string): Promise<{ total: number; engine: number; clickedAt: number }> {
  return page.evaluate(
    async ({ root, measure, WAIT }) => {
      const group = document.querySelector(root)!;
      const button = [...group.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Run')!;
      // The run clears the last verdict when it starts and shows a new one (a new element) when it ends.
      const before = group.querySelector('.verdict');
      const started = performance.now();
      const settled = new Promise<void>((resolve, reject) => {
        const done = () => {
          const verdict = group.querySelector('.verdict');
          const busy = button.disabled || button.getAttribute('aria-disabled') === 'true';
          return verdict !== null && verdict !== before && !busy;
        };
        const observer = new MutationObserver(() => {
          if (!done()) return;
          observer.disconnect();
          clearTimeout(timer);
          resolve();
        });
        const timer = setTimeout(() => {
          observer.disconnect();
          reject(new Error(`no verdict in ${root} after ${WAIT}ms: ${group.textContent?.slice(0, 300)}`));
        }, WAIT);
        observer.observe(group, { attributes: true, childList: true, subtree: true, characterData: true });
      });
      button.click();
      await settled;
      // The frame showing the new result.
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      const total = performance.now() - started;
      const engine = performance.getEntriesByName(measure).at(-1)?.duration ?? Number.NaN;
      return { total, engine, clickedAt: started };
    },
    { root, measure, WAIT: WAIT_MS },
  );
}

export const cellByName = (page: Page, n: number) => page.getByRole('group', { name: `Python cell ${n}`, exact: true });

/** What a measure hands back to the entry. */
export interface Report {
  /** Its part of bench/results.json, under the keys the single script wrote. */
  json: Record<string, unknown>;
  /** Its rows of the table, with the budgets they are judged against. */
  rows: Row[];
  /** Lines printed after the table. */
  notes: string[];
}
