import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { LessonPage } from './lesson-page.ts';

/** Opens a lesson and waits for its picture's island to hydrate (Astro drops `ssr` from the island then). */
async function openPicture(page: Page, slug: string, picture: string) {
  const lesson = new LessonPage(page);
  await lesson.goto(slug);
  const figure = page.locator(`figure.${picture}`);
  await figure.scrollIntoViewIfNeeded();
  await expect(page.locator(`astro-island:not([ssr]) figure.${picture}`)).toBeVisible();
  return { lesson, figure };
}

async function expectAxeClean(page: Page, picture: string) {
  const results = await new AxeBuilder({ page }).include(`figure.${picture}`).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

test('the byte strip draws the chosen object to scale, with its table', async ({ page }) => {
  const { lesson, figure } = await openPicture(page, 'object-layout', 'object-strip');
  await figure.getByRole('radio', { name: '[1, 2, 3]' }).check();
  const status = figure.getByRole('status');
  await expect(status).toContainText('sys.getsizeof says 44 bytes');
  await expect(status).toContainText('make 88 bytes on 64-bit CPython');
  // The wasm32 strip: pre-header, header, ob_size, ob_item, allocated, then the item array (4 slots, 1 spare).
  const wasm = figure.locator('.strip-row').first();
  await expect(wasm.locator('.strip-field')).toHaveCount(7 + 4);
  await expect(wasm.locator('.strip-field.spare')).toHaveCount(1);
  // To scale: the 64-bit header fields are twice as wide as the wasm32 ones.
  const width = async (row: number) => (await figure.locator('.strip-row').nth(row).locator('.strip-field').nth(2).boundingBox())!.width;
  expect((await width(1)) / (await width(0))).toBeCloseTo(2, 1);
  // The text alternative says the same.
  await figure.getByText('The strip as a table').click();
  const table = figure.getByRole('table', { name: /Fields of \[1, 2, 3\]/ });
  await expect(table.getByRole('row', { name: /^total/ })).toContainText('44');
  await expect(table.getByRole('row', { name: /^ob_item\[3\]/ })).toContainText('reserved, not used yet');
  // Keyboard: the radios are one group; the arrow key moves to the next object.
  await figure.getByRole('radio', { name: '0', exact: true }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(status).toContainText('2**30');
  await expectAxeClean(page, 'object-strip');
  expect(lesson.consoleErrors).toEqual([]);
});

test('the growth staircase follows the count the reader chooses, with its table', async ({ page }) => {
  const { lesson, figure } = await openPicture(page, 'memory-optimisation', 'staircase');
  await expect(figure.locator('rect.column')).toHaveCount(21);
  const slider = figure.getByRole('slider', { name: /Appends shown/ });
  await slider.focus();
  await page.keyboard.press('End');
  await expect(figure.locator('rect.column')).toHaveCount(81);
  await expect(figure.getByRole('status')).toContainText('After 80 appends');
  await figure.getByText('The staircase as a table').click();
  const table = figure.getByRole('table', { name: /List size against length/ });
  await expect(table.getByRole('row', { name: /^1–4/ })).toContainText('44');
  await expectAxeClean(page, 'staircase');
  expect(lesson.consoleErrors).toEqual([]);
});

test('the collector’s pass steps over the real cycle from the keyboard, its table following', async ({ page }) => {
  const { lesson, figure } = await openPicture(page, 'garbage-collection', 'collector-pass');
  await expect(figure.locator('svg.memory-diagram')).toBeVisible();
  await expect(figure.locator('.pass-badge')).toHaveCount(4);
  const status = figure.getByRole('status');
  await expect(status).toContainText('Copy each object');
  const next = figure.getByRole('button', { name: 'Next' });
  await next.focus();
  await page.keyboard.press('End');
  await expect(figure.getByText(/^Step 8 of 8/)).toBeVisible();
  await expect(status).toContainText('garbage: list a, list b');
  await expect(status).toContainText('the engine’s collector ran for real: it collected 2');
  const table = figure.getByRole('table', { name: /gc_refs and standing/ });
  await expect(table.getByRole('row', { name: /^list kept/ })).toContainText('reachable');
  await expect(table.getByRole('row', { name: /^list a/ })).toContainText('unreachable: garbage');
  await page.keyboard.press('ArrowLeft');
  await expect(figure.getByText(/^Step 7 of 8/)).toBeVisible();
  await expect(status).toContainText('reachable after all');
  await expectAxeClean(page, 'collector-pass');
  expect(lesson.consoleErrors).toEqual([]);
});

test('each picture is axe clean in the dark theme and on a phone, its text alternative open', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, colorScheme: 'dark' });
  const page = await context.newPage();
  for (const [slug, picture, summary] of [
    ['object-layout', 'object-strip', 'The strip as a table'],
    ['memory-optimisation', 'staircase', 'The staircase as a table'],
    ['garbage-collection', 'collector-pass', 'The diagram in words'],
  ] as const) {
    const { figure } = await openPicture(page, slug, picture);
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await figure.getByText(summary).click();
    await expectAxeClean(page, picture);
    // Nothing of the picture runs off the page: wide parts scroll inside it.
    const box = (await figure.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(360);
  }
  await context.close();
});
