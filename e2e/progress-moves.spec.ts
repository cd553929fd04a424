/**
 * Lessons were split (issue #20): a reader's progress saved before the split, under the old lessons'
 * slugs, shows on the lessons the activities moved to; links to sections that moved follow them.
 */
import { expect, test } from '@playwright/test';
import { LessonPage } from './lesson-page.ts';

/** A store as a reader had it before the split: int-size was in object-allocation, size-class in memory-allocation. */
const OLD_STORE = {
  version: 2,
  activities: {
    'object-allocation/int-size': { attempted: true, passed: true, code: 'def int_size(n):\n    return 16  # mine\n', updatedAt: 1 },
    'object-allocation/grow-in-place': { attempted: true, passed: true, updatedAt: 1 },
    'memory-allocation/size-class': { attempted: true, passed: true, updatedAt: 1 },
  },
};

/** The object() cell now opens "Inside an object"; a reader edited it when it was in object-allocation. */
const MOVED_CELL = 'import struct\nimport sys\n\nprint(sys.getsizeof(object()))\nprint(struct.calcsize("P"))   # bytes in a C pointer';

test.beforeEach(async ({ page }) => {
  await page.addInitScript(
    ({ store, original }) => {
      if (sessionStorage.getItem('seeded')) return;
      localStorage.setItem('ipm-progress', JSON.stringify(store));
      localStorage.setItem(
        'ipm-cell-drafts',
        JSON.stringify({ '/lessons/object-allocation/#Python cell 9': { original, code: 'print("my edit")', at: 1 } }),
      );
      sessionStorage.setItem('seeded', '1');
    },
    { store: OLD_STORE, original: MOVED_CELL },
  );
});

test('progress saved before the split shows on the lessons its activities moved to', async ({ page }) => {
  const lesson = new LessonPage(page);
  await lesson.goto('object-layout');
  // The exercise that moved is solved here, with the reader's code, and counts for this lesson.
  const exercise = page.getByRole('region', { name: /Exercise Work out an int's size/ });
  await exercise.scrollIntoViewIfNeeded();
  await expect(exercise.getByText('✓ Solved')).toBeVisible();
  await expect(exercise.getByText('Your code from last time is back.')).toBeVisible();
  await expect(page.locator('.lesson-progress')).toContainText(/1 of \d+ done/);
  const sidebar = page.getByRole('navigation', { name: 'Lessons' });
  await expect(sidebar.locator('li[data-lesson="object-layout"]')).toHaveAttribute('data-done', '1');
  // What stayed in the old lesson stays counted there; the other moved activity ticks its new lesson.
  await expect(sidebar.locator('li[data-lesson="object-allocation"]')).toHaveAttribute('data-done', '1');
  await expect(sidebar.locator('li[data-lesson="private-heap"]')).toHaveAttribute('data-done', '1');

  // The moved cell's draft came with it.
  const cell = lesson.cell(1);
  await expect(cell.root.getByText('Your edits from last time are back')).toBeVisible();
  await expect(cell.editor).toContainText('print("my edit")');

  // The next save writes the new keys, and nothing is lost.
  await exercise.getByRole('button', { name: 'Show a hint (1 of 3)' }).click();
  await expect
    .poll(async () => Object.keys(JSON.parse((await page.evaluate(() => localStorage.getItem('ipm-progress')))!).activities).sort())
    .toEqual(['object-allocation/grow-in-place', 'object-layout/int-size', 'private-heap/size-class']);
  await page.goto('progress/');
  await expect(page.getByTestId('overall-progress')).toHaveText(/^3 of \d+ exercises and questions done\.$/);
  expect(lesson.consoleErrors).toEqual([]);
});

test('a link to a section that moved goes on to the lesson that has it now', async ({ page }) => {
  const lesson = new LessonPage(page);
  await page.goto('lessons/object-allocation/#where-objects-live');
  await expect(page).toHaveURL(/\/lessons\/object-layout\/#where-objects-live$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Inside an object' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Where objects live' })).toBeInViewport();
  // A section that stayed does not move.
  await page.goto('lessons/object-allocation/#identity-type-and-value');
  await expect(page).toHaveURL(/\/lessons\/object-allocation\/#identity-type-and-value$/);
  expect(lesson.consoleErrors).toEqual([]);
});
