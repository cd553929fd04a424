/**
 * The layered layout in the browser (issue 24): each structure the layout tests check on golden
 * traces, run in a lesson's memory cell at a laptop's width, drawn whole inside its box (no box cut
 * off at the right), dashed only where a cycle closes, with a screenshot attached; axe finds nothing.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, test } from '@playwright/test';
import { encodeCode } from '../src/site/permalink.ts';
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
  // A class statement is one step (the tracer's class-body collapse), unless its body calls a function: step
  // into that call with internals shown, to where the body's frame holds CPython's names; hidden, they go
  // from the drawing and its text alike.
  await cell.setCode(GOLDEN_PROGRAMS['class-body-calls']);
  await cell.runAndWait();
  await expect(viewer.locator('.step-story')).toContainText('The program has finished.');
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

/** A linked list of `nodes` nodes pushed at the front, as the diagram bench builds its large graph. */
const longChain = (nodes: number) =>
  [
    'class Node:',
    '    __slots__ = ("value", "next")',
    'head = None',
    `for i in range(${nodes}):`,
    '    n = Node()',
    '    n.value = i',
    '    n.next = head',
    '    head = n',
    'del n',
  ].join('\n');

test('a long chain folds its middle into one "… N more" box the reader can unfold from the keyboard; axe finds nothing', async ({
  page,
}, testInfo) => {
  const lesson = new LessonPage(page);
  await lesson.goto('introduction');
  const cell = lesson.cell(MEMORY_CELL);
  await cell.setCode(longChain(60));
  await cell.runAndWait();
  const viewer = cell.root.getByRole('region', { name: /^Memory diagram of/ });
  await expect(viewer.locator('.step-story')).toContainText('The program has finished.');
  const svg = viewer.locator('svg[role="img"]');
  const fold = svg.locator('g.fold');
  // 60 nodes: the 3 newest and the 2 oldest drawn, the 55 between them folded.
  await expect(fold).toHaveCount(1);
  await expect(fold).toContainText('… 55 more');
  await expect(svg.locator('g.object.kind-instance')).toHaveCount(5);
  await expect(viewer.locator('.step-text')).toContainText('Drawn folded, each as one "… N more" box: 55 Node objects of a long chain.');
  // A lesson's box holds three columns at most: the width the server renders, so hydration moves nothing.
  await expect(svg).toHaveAttribute('viewBox', /^0 0 884 /);
  const folded = (await svg.boundingBox())!;
  expect(folded.height).toBeLessThan(500);
  expect(await clippedBoxes(viewer)).toEqual([]);
  await testInfo.attach('long chain, folded', { body: await viewer.locator('.diagram-scroll').screenshot(), contentType: 'image/png' });
  const axe = await new AxeBuilder({ page }).include('.memory-viewer').analyze();
  expect(axe.violations).toEqual([]);

  // Unfold from the keyboard: every node drawn, the drawing much taller; then fold again.
  const unfold = viewer.getByRole('button', { name: 'Unfold: draw everything' });
  await unfold.focus();
  await page.keyboard.press('Enter');
  await expect(fold).toHaveCount(0);
  await expect(svg.locator('g.object.kind-instance')).toHaveCount(60);
  expect((await svg.boundingBox())!.height).toBeGreaterThan(3 * folded.height);
  expect(await clippedBoxes(viewer)).toEqual([]);
  const foldAgain = viewer.getByRole('button', { name: 'Fold long chains and frames' });
  await expect(foldAgain).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(fold).toHaveCount(1);
  // From the first step on, the fold's box appears where it stays (once the chain's fourth node is made) with
  // fewer in it: folding moves nothing while stepping.
  const place = async () => ({ x: await fold.locator('rect').getAttribute('x'), y: await fold.locator('rect').getAttribute('y') });
  const final = await place();
  await viewer.focus();
  await page.keyboard.press('Home');
  for (let i = 0; i < 60 && (await fold.count()) === 0; i++) await page.keyboard.press('ArrowRight');
  await expect(fold).toContainText('… 1 more');
  expect(await place()).toEqual(final);
  expect(lesson.consoleErrors).toEqual([]);
});

test('in a box wider than three columns (an embed on a wide screen) a chain runs further right before it wraps', async ({ page }) => {
  await page.setViewportSize({ width: 1800, height: 1000 });
  await page.goto(`embed/#${await encodeCode(GOLDEN_PROGRAMS['chain-appended'])}`);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const svg = page.locator('svg.memory-diagram[role="img"]');
  await expect(svg).toBeVisible({ timeout: 150_000 });
  const scroll = page.locator('.diagram-scroll');
  const boxWidth = await scroll.evaluate((element) => element.clientWidth);
  // n heap columns take 224 + 220·n px (layout.ts's GEOMETRY); the box is measured, not assumed.
  const columns = Math.floor((boxWidth - 2 - 224) / 220);
  expect(columns).toBeGreaterThan(3);
  await expect(svg).toHaveAttribute('viewBox', new RegExp(`^0 0 ${224 + 220 * columns} `));
  expect(await clippedBoxes(page.locator('.memory-viewer'))).toEqual([]);
});
