/**
 * The layered layout in the browser (issue 24): each structure the layout tests check on golden
 * traces, run in a lesson's memory cell at a laptop's width, drawn whole inside its box (no box cut
 * off at the right), dashed only where a cycle closes, with a screenshot attached; axe finds nothing.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, test } from '@playwright/test';
import { GOLDEN_PROGRAMS, type GoldenName } from '../test/golden/programs.ts';
import { LessonPage } from './lesson-page.ts';

const MEMORY_CELL = 3; // the Introduction's first memory cell

test.use({ viewport: { width: 1280, height: 900 } });

/** Each structure, with the dashed arrows its last step has (one per edge that closes a cycle). */
const STRUCTURES: [GoldenName, number][] = [
  ['chain-appended', 0],
  ['chain-pushed', 0],
  ['binary-tree', 0],
  ['list-of-dicts', 0],
  ['doubly-linked', 4],
  ['instance-cycle', 1],
];

/** Boxes of the diagram not wholly inside the visible part of its scrolling box, at the fitted zoom. */
async function clippedBoxes(viewer: Locator): Promise<string[]> {
  return viewer.locator('.diagram-scroll').evaluate((scroll) => {
    const frame = scroll.getBoundingClientRect();
    return [...scroll.querySelectorAll('svg[role="img"] rect.box, svg[role="img"] .badge rect')]
      .map((rect) => rect.getBoundingClientRect())
      .filter((r) => r.left < frame.left - 0.5 || r.right > frame.right + 0.5)
      .map((r) => `${Math.round(r.left)}–${Math.round(r.right)} outside ${Math.round(frame.left)}–${Math.round(frame.right)}`);
  });
}

test('each structure is drawn whole in its box at 1280 px, dashed only where a cycle closes', async ({ page }, testInfo) => {
  const lesson = new LessonPage(page);
  await lesson.goto('introduction');
  const cell = lesson.cell(MEMORY_CELL);
  for (const [name, dashed] of STRUCTURES) {
    await cell.setCode(GOLDEN_PROGRAMS[name]);
    await cell.runAndWait();
    const viewer = cell.root.getByRole('region', { name: /^Memory diagram of/ });
    await expect(viewer.locator('.step-story')).toContainText('The program has finished.');
    await expect(viewer.getByRole('button', { name: 'Fit to the box' })).toHaveAttribute('aria-pressed', 'true');
    const svg = viewer.locator('svg[role="img"]');
    // Values inline (this cell's default), then drawn as boxes of their own.
    const inline = viewer.getByRole('checkbox', { name: 'values inline' });
    for (const values of ['inline', 'boxes']) {
      await inline.setChecked(values === 'inline');
      await expect(svg.locator('path.arrow.back'), `${name}, values ${values}`).toHaveCount(dashed);
      expect(await clippedBoxes(viewer), `${name}, values ${values}`).toEqual([]);
      await testInfo.attach(`${name} (values ${values})`, {
        body: await viewer.locator('.diagram-scroll').screenshot(),
        contentType: 'image/png',
      });
    }
    await inline.check();
  }
  expect(lesson.consoleErrors).toEqual([]);
});

test('a class is one closed line without a count until the reader ticks "internals"; axe finds nothing', async ({ page }, testInfo) => {
  const lesson = new LessonPage(page);
  await lesson.goto('introduction');
  const cell = lesson.cell(MEMORY_CELL);
  await cell.setCode(GOLDEN_PROGRAMS['doubly-linked']);
  await cell.runAndWait();
  const viewer = cell.root.getByRole('region', { name: /^Memory diagram of/ });
  await expect(viewer.locator('.step-story')).toContainText('The program has finished.');
  const classBox = viewer.locator('svg[role="img"] g.object.kind-class');
  await expect(classBox).toHaveClass(/compact/);
  await expect(classBox.locator('.badge')).toHaveCount(0);
  await expect(classBox).toContainText('class Node');
  await expect(viewer.locator('.step-text')).toContainText(/Node → class Node[;.]/);
  // Step into the class body with internals shown, to where its frame holds CPython's names; hidden, they go
  // from the drawing and its text alike.
  const text = viewer.locator('.step-text');
  const internals = viewer.getByRole('checkbox', { name: 'internals' });
  const qualname = viewer.locator('svg[role="img"] .row-label', { hasText: '__qualname__' });
  await internals.check();
  await viewer.focus();
  await page.keyboard.press('Home');
  for (let i = 0; i < 15 && !(await text.textContent())?.includes('__qualname__'); i++) await page.keyboard.press('ArrowRight');
  await expect(qualname).toHaveCount(1);
  await internals.uncheck();
  await expect(qualname).toHaveCount(0);
  await expect(text).not.toContainText('__qualname__');
  await internals.check();
  await expect(qualname).toHaveCount(1);
  await viewer.focus();
  await page.keyboard.press('End');
  await expect(classBox).not.toHaveClass(/compact/);
  await expect(classBox.locator('.badge')).toHaveCount(1);
  await testInfo.attach('internals', { body: await viewer.locator('.diagram-scroll').screenshot(), contentType: 'image/png' });
  const results = await new AxeBuilder({ page }).include('.memory-viewer').analyze();
  expect(results.violations).toEqual([]);
  expect(lesson.consoleErrors).toEqual([]);
});
