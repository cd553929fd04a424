import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { LessonPage } from './lesson-page.ts';

/** The explorer's parts, found the way a reader (or a screen reader) finds them. */
async function openExplorer(page: Page) {
  const lesson = new LessonPage(page);
  await lesson.goto('private-heap');
  const controls = page.getByRole('group', { name: 'Allocate an object' });
  await controls.scrollIntoViewIfNeeded();
  const allocate = controls.getByRole('button', { name: 'Allocate', exact: true });
  // The buttons are disabled in the server-rendered HTML until the island hydrates.
  await expect(allocate).toBeEnabled();
  const explorer = page.locator('.pymalloc-explorer');
  return {
    lesson,
    controls,
    allocate,
    object: controls.getByLabel('Object'),
    status: explorer.getByRole('status'),
    summary: explorer.locator('figcaption'),
    table: explorer.getByRole('table', { name: /Blocks by size class/ }),
  };
}

test('the pymalloc explorer is usable from the keyboard and says what happened', async ({ page }) => {
  const { lesson, allocate, object, status, summary, table, controls } = await openExplorer(page);
  await expect(status).toHaveText(/Nothing allocated yet/);
  await expect(summary).toHaveText(/No arenas/);

  // Two ints: Tab from the picker to Allocate, then Enter, twice.
  await object.focus();
  await page.keyboard.press('Tab');
  await expect(allocate).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(status).toContainText('Allocated #1 (int, 28 bytes): size class 1 (32-byte blocks).');
  await expect(status).toContainText('allocate arena 1');
  await expect(summary).toContainText('1 small block in use: 1 of 32 bytes (1 pool)');
  await page.keyboard.press('Enter');
  await expect(status).toContainText('took the next never-used block of a used pool of that class: block 1 of pool 0 of arena 1');
  await expect(table.getByRole('row').nth(1)).toHaveText(/^\s*1\s*32\s*1\s*2\s*508\s*$/);

  // A float shares the ints' size class; a 3-item list takes two requests.
  await object.selectOption({ label: 'a float, like 2.5 (24 bytes)' });
  await object.focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(status).toContainText('#3 (float, 24 bytes): size class 1 (32-byte blocks)');
  await object.selectOption({ label: 'a 3-item list [1, 2, 3] (56 + 32 bytes)' });
  await allocate.press('Enter');
  await expect(status).toContainText('size class 3 (64-byte blocks)');
  await expect(summary).toContainText('5 small blocks in use: 4 of 32 bytes (1 pool), 1 of 64 bytes (1 pool)');

  // A custom size over the threshold goes to the system; bad input gets a message.
  await object.selectOption({ label: 'a request of a size you choose' });
  const size = controls.getByLabel('Size in bytes');
  await size.fill('12.5');
  await size.press('Enter');
  await expect(page.getByRole('alert')).toHaveText(/not a whole number of bytes/);
  await expect(size).toHaveAttribute('aria-invalid', 'true');
  await size.fill('513');
  await size.press('Enter');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(status).toContainText('more than 512 bytes, so pymalloc passed the request to the system allocator');
  await expect(summary).toContainText('1 large block (513 bytes) from the system allocator');

  // Free the first int with the keyboard: its block heads the free list, focus moves to the next Free button.
  const freeFirst = page.getByRole('button', { name: 'Free #1 int' });
  await freeFirst.focus();
  await page.keyboard.press('Enter');
  await expect(status).toContainText('Freed #1 (int, 28 bytes), block 0 of pool 0 of arena 1.');
  await expect(page.getByRole('button', { name: 'Free #2 int' })).toBeFocused();
  await expect(page.getByRole('button', { name: 'Free #1 int' })).toHaveCount(0);

  // The next 32-byte request gets block 0 back.
  await object.selectOption({ label: 'an int, like 1000 (28 bytes)' });
  await allocate.press('Enter');
  await expect(status).toContainText('took the head of the free list of a used pool of that class: block 0 of pool 0 of arena 1');

  // Pools are buttons: pressing one shows its blocks.
  const pool = page.getByRole('group', { name: 'Pools of arena 1' }).getByRole('button', { name: /pool 1 of arena 1: 64-byte blocks/ });
  await pool.press('Enter');
  await expect(pool).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('region', { name: 'Blocks of pool 1 of arena 1' })).toContainText('1 of 255 in use');

  // Free all, then Reset: back to an empty allocator.
  await controls.getByRole('button', { name: 'Free all' }).press('Enter');
  await expect(status).toContainText('Freed all 6 allocations.');
  await expect(summary).toContainText('arena 1 has 0 pools in use, 2 empty and 62 never used');
  await controls.getByRole('button', { name: 'Reset' }).press('Enter');
  await expect(summary).toHaveText(/No arenas/);
  expect(lesson.consoleErrors).toEqual([]);
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the lesson and its explorer have no accessibility violations (${colorScheme})`, async ({ browser }) => {
    const context = await browser.newContext({ colorScheme });
    const page = await context.newPage();
    const { allocate, object, status } = await openExplorer(page);
    // Put something in every part of the picture: pools, a pool's blocks, the system allocator.
    await allocate.click();
    await object.selectOption({ label: 'a 600-byte bytes (633 bytes)' });
    await allocate.click();
    await expect(status).toContainText('system allocator');
    for (const cell of await page.getByRole('group', { name: /^Python cell/ }).all()) await cell.scrollIntoViewIfNeeded();
    await page.waitForLoadState('networkidle');
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
    await context.close();
  });
}
