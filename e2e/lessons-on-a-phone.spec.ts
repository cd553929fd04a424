/**
 * Every lesson as a reader meets it on a phone: it fits 360 px, tables included, keeps its version notes
 * folded in at most one labelled aside, which passes axe; and a diagram question answered on a lesson
 * opens the diagram it asked about.
 */
import { readdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { lessonSlugOf } from '../src/site/lesson-slug.ts';
import { LessonPage } from './lesson-page.ts';

const LESSONS = readdirSync(new URL('../content/lessons/', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => lessonSlugOf(entry.name));

for (const slug of LESSONS) {
  test(`${slug} fits a 360 px phone, tables included, and folds its version notes in at most one aside, free of accessibility violations`, async ({
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
    expect(await aside.count()).toBeLessThanOrEqual(1);
    if ((await aside.count()) === 1) {
      await expect(aside).not.toHaveAttribute('open', '');
      await aside.getByText('On other versions and 64-bit builds').click();
      await expect(aside).toHaveAttribute('open', '');
    }
    // A table that scrolled would be a region the keyboard cannot reach: every one fits, cells wrapping.
    const overflowing = await page.locator('table').evaluateAll((tables) => tables.filter((t) => t.scrollWidth > t.clientWidth).length);
    expect(overflowing, 'tables wider than the phone').toBe(0);
    const axe = new AxeBuilder({ page }).include('.lesson-header');
    const results = await ((await aside.count()) === 1 ? axe.include('.aside-versions') : axe).analyze();
    expect(results.violations.map((v) => v.id)).toEqual([]);
    expect(lesson.consoleErrors).toEqual([]);
    await context.close();
  });
}

test('a diagram question: the right badge is accepted and the diagram opens', async ({ page }) => {
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
