/**
 * The lessons issue #20 split out of garbage collection, optimisation and profiling, as a reader meets
 * them: each fits a phone, keeps its version notes folded in one labelled aside, and passes axe; a
 * diagram question answered on one of them opens the diagram it asked about.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { LessonPage } from './lesson-page.ts';

const SPLIT = [
  'garbage-collection',
  'when-the-collector-runs',
  'finalizers-and-weak-references',
  'memory-optimisation',
  'fewer-objects',
  'memory-profiling',
  'tracemalloc',
  'conclusion',
];

for (const slug of SPLIT) {
  test(`${slug} fits a 360 px phone, tables included, folds its version notes in one aside, and has no accessibility violations`, async ({
    browser,
  }) => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const lesson = new LessonPage(page);
    await lesson.goto(slug);
    await page.waitForLoadState('networkidle');
    const [scrollWidth, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    expect(scrollWidth).toBeLessThanOrEqual(width);
    const aside = page.locator('details.aside-versions');
    await expect(aside).toHaveCount(1);
    await expect(aside).not.toHaveAttribute('open', '');
    await aside.getByText('On other versions and 64-bit builds').click();
    await expect(aside).toHaveAttribute('open', '');
    // A table that scrolled would be a region the keyboard cannot reach: every one fits, cells wrapping.
    const overflowing = await page.locator('table').evaluateAll((tables) => tables.filter((t) => t.scrollWidth > t.clientWidth).length);
    expect(overflowing, 'tables wider than the phone').toBe(0);
    const results = await new AxeBuilder({ page }).include('.aside-versions').include('.lesson-header').analyze();
    expect(results.violations.map((v) => v.id)).toEqual([]);
    expect(lesson.consoleErrors).toEqual([]);
    await context.close();
  });
}

test('a diagram question on a split lesson: the right badge is accepted and the diagram opens', async ({ page }) => {
  const lesson = new LessonPage(page);
  await lesson.goto('garbage-collection');
  const question = page.getByRole('region', { name: /^Predict After line 2 runs/ });
  await question.scrollIntoViewIfNeeded();
  await question.getByRole('radio', { name: '2', exact: true }).check();
  await question.getByRole('button', { name: 'Check my answer' }).click();
  await expect(question.locator('.check-report')).toContainText('Right!');
  await expect(question.getByRole('region', { name: /^Memory diagram of/ })).toBeVisible();
  expect(lesson.consoleErrors).toEqual([]);
});
