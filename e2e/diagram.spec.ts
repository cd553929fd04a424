import { expect, test } from '@playwright/test';
import { LessonPage } from './lesson-page.ts';

const MEMORY_CELL = 3; // the Introduction's "names refer to objects" cell is marked `memory`

test('the diagram is in the HTML before any script runs', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('lessons/introduction/');
  const viewer = page.getByRole('region', { name: `Memory diagram of Python cell ${MEMORY_CELL}` });
  await expect(viewer.locator('svg.memory-diagram')).toBeVisible();
  await expect(viewer.locator('.step-text')).toContainText('Step 1');
  await context.close();
});

test('a reader steps through the diagram with buttons and keys', async ({ page }, testInfo) => {
  const lesson = new LessonPage(page);
  await lesson.goto('introduction');
  const cell = lesson.cell(MEMORY_CELL);
  await cell.root.scrollIntoViewIfNeeded();
  const viewer = cell.root.getByRole('region', { name: /Memory diagram/ });
  const text = viewer.locator('.step-text');
  await expect(viewer.getByRole('button', { name: 'Next ›' })).toBeEnabled();
  await viewer.getByRole('button', { name: 'Next ›' }).click();
  await viewer.getByRole('button', { name: 'Next ›' }).click();
  await expect(text).toContainText('Step 3');
  await expect(text).toContainText('b → list of 3 items (refcount 2)');
  await expect(viewer.locator('.badge').first()).toHaveAccessibleName(/reference count: 2/);
  await viewer.focus();
  await page.keyboard.press('End');
  await expect(text).toContainText('finished');
  await page.keyboard.press('ArrowLeft');
  await expect(viewer.getByRole('slider', { name: 'Step' })).toHaveAttribute('aria-valuetext', /Step \d+ of \d+/);
  await page.keyboard.press('Home');
  await expect(text).toContainText('Step 1:');
  await testInfo.attach('diagram', { body: await cell.root.screenshot(), contentType: 'image/png' });
  expect(lesson.consoleErrors).toEqual([]);
});

test('edit, run: the diagram shows a cycle waiting for the collector, then gone', async ({ page }, testInfo) => {
  const lesson = new LessonPage(page);
  await lesson.goto('introduction');
  const cell = lesson.cell(MEMORY_CELL);
  await cell.setCode(
    [
      'import gc',
      'class Node:',
      '    pass',
      'a = Node()',
      'b = Node()',
      'a.peer = b',
      'b.peer = a',
      'del a, b',
      'n = gc.collect()',
      'print(n >= 2)',
    ].join('\n'),
  );
  await cell.runAndWait();
  await expect(cell.output.locator('.output-text')).toHaveText('True\n');
  const viewer = cell.root.getByRole('region', { name: /Memory diagram/ });
  const text = viewer.locator('.step-text');
  await viewer.focus();
  await page.keyboard.press('Home');
  // Step until the line after `del a, b` is about to run.
  // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator's rendered text, not a DOM node's
  for (let i = 0; i < 30 && !(await text.innerText()).includes('about to run line 9'); i++) await page.keyboard.press('ArrowRight');
  await expect(text).toContainText('Unreachable but alive, waiting for the garbage collector: Node object, Node object');
  await expect(viewer.locator('.object.unreachable')).toHaveCount(2);
  await testInfo.attach('cycle-unreachable', { body: await cell.root.screenshot(), contentType: 'image/png' });
  await page.keyboard.press('ArrowRight');
  await expect(text).toContainText('the garbage collector ran');
  await expect(text).toContainText('a Node was freed');
  await expect(viewer.locator('.object.unreachable')).toHaveCount(0);
  expect(lesson.consoleErrors).toEqual([]);
});

test('a program past the step budget runs to its end: all its output, its gaps marked, its final state', async ({ page }) => {
  const lesson = new LessonPage(page);
  await lesson.goto('introduction');
  const cell = lesson.cell(MEMORY_CELL);
  await cell.setCode('xs = []\nfor i in range(5000):\n    xs.append(i)\nprint(len(xs), xs[-1])\n');
  await cell.runAndWait(60_000);
  // It finished: the verdict says so, with the steps run and drawn, and never suggests an endless loop.
  await expect(cell.verdict()).toHaveText(/^Finished: 10,00\d steps, [\d,]+ drawn/);
  await expect(cell.output.locator('.output-text')).toHaveText('5000 4999\n');
  const viewer = cell.root.getByRole('region', { name: /Memory diagram/ });
  await viewer.focus();
  await page.keyboard.press('End');
  await expect(viewer.locator('.step-text')).toContainText('xs → list of 5000 items');
  await expect(viewer.locator('.step-count')).toHaveText(/^Step ([\d,]+) of \1 \(step 10,00\d of 10,00\d run\)$/);
  // The print's line is drawn (a line's first run always is), after a marked jump over the loop's last steps.
  await page.keyboard.press('ArrowLeft');
  await expect(viewer.locator('.step-text')).toContainText('about to run line 4');
  await expect(viewer.locator('.gap-note')).toHaveText(/^… [\d,]+ steps? run, not drawn …$/);
  expect(lesson.consoleErrors).toEqual([]);
});

test('a run the tracer cannot stop is killed, and the diagram keeps the steps so far', async ({ page }) => {
  const lesson = new LessonPage(page);
  await lesson.goto('introduction');
  const cell = lesson.cell(MEMORY_CELL);
  // sum(itertools.count()) loops inside C: only terminating the worker ends it.
  await cell.setCode('a = [1, 2]\nb = a\nimport itertools\nsum(itertools.count())\n');
  await cell.runAndWait(60_000);
  await expect(cell.verdict()).toContainText('Stopped after 8 s: the program was still running (a loop that never ends?)');
  const viewer = cell.root.getByRole('region', { name: /Memory diagram/ });
  await viewer.focus();
  await page.keyboard.press('End');
  await expect(viewer.locator('.step-text')).toContainText('about to run line 4');
  await expect(viewer.locator('.step-text')).toContainText('b → list of 2 items (refcount 2)');
  // The engine restarted: the next run works.
  await cell.setCode('x = [0]\nprint(len(x))');
  await cell.runAndWait();
  await expect(cell.output.locator('.output-text')).toHaveText('1\n');
});

test('on a phone in dark mode the diagram scrolls inside its box and the page never overflows', async ({ browser }, testInfo) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, colorScheme: 'dark' });
  const page = await context.newPage();
  await page.goto('lessons/introduction/');
  const cell = page.getByRole('group', { name: `Python cell ${MEMORY_CELL}`, exact: true });
  await cell.scrollIntoViewIfNeeded();
  await expect(cell.getByRole('button', { name: 'Next ›' })).toBeEnabled();
  await cell.getByRole('button', { name: 'Next ›' }).click();
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(widths[0]).toBeLessThanOrEqual(widths[1]!);
  const scroller = cell.locator('.diagram-scroll');
  const [scrollWidth, clientWidth] = await scroller.evaluate((el) => [el.scrollWidth, el.clientWidth]);
  expect(scrollWidth).toBeGreaterThan(clientWidth);
  await testInfo.attach('phone-dark', { body: await cell.screenshot(), contentType: 'image/png' });
  await context.close();
});
