/**
 * The diagram never lies and always fits (issue 25): true tails and values, a diagram that fits its
 * box (or zooms and scrolls with its frames pinned), the code marked while stepping, and the focus
 * kept on the button the reader pressed.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { LessonPage } from './lesson-page.ts';

const MEMORY_CELL = 3; // the Introduction's first memory cell ("names refer to objects")

/** The diagram of a viewer once its island has hydrated (its zoom buttons work). */
async function hydratedViewer(root: Locator): Promise<Locator> {
  const viewer = root.getByRole('region', { name: /^Memory diagram of/ }).first();
  await viewer.scrollIntoViewIfNeeded();
  await expect(viewer.getByRole('button', { name: 'Fit to the box' })).toBeEnabled();
  return viewer;
}

/** The rows of every object box whose header starts with `type`, as "label text" strings. */
async function rowsOf(viewer: Locator, type: string): Promise<string[][]> {
  return viewer
    .locator('svg[role="img"] g.object')
    .evaluateAll(
      (boxes, wanted) =>
        boxes
          .filter((box) => (box.querySelector('text.header')?.textContent ?? '').split(' ')[0] === wanted)
          .map((box) =>
            [...box.querySelectorAll('g.row')].map((row) =>
              [row.querySelector('.row-label')?.textContent ?? '', row.querySelector('.row-text')?.textContent ?? ''].join(' ').trim(),
            ),
          ),
      type,
    );
}

test('an abbreviated list, tuple, dict and str show their true ends; True, False and None by name', async ({ page }) => {
  const lesson = new LessonPage(page);
  await lesson.goto('introduction');
  const cell = lesson.cell(MEMORY_CELL);
  await cell.setCode(
    [
      'xs = list(range(600))',
      'tu = tuple(f"t{i}" for i in range(150))',
      'd = {f"key{i}": i * i for i in range(120)}',
      'text = "start " + "x" * 200 + " the end"',
      'flags = [True, False, None]',
    ].join('\n'),
  );
  await cell.runAndWait();
  const viewer = await hydratedViewer(cell.root);
  await expect(viewer.getByRole('checkbox', { name: 'values inline' })).toBeChecked();
  // A new run opens on its last step: everything is built.
  await expect(viewer.locator('.step-story')).toContainText('The program has finished.');
  const [list, flags] = await rowsOf(viewer, 'list');
  expect(list!.slice(-3)).toEqual(['… 592 more', '598 598', '599 599']);
  expect(list!.slice(0, 2)).toEqual(['0 0', '1 1']);
  expect(flags).toEqual(['0 True', '1 False', '2 None']);
  expect((await rowsOf(viewer, 'tuple'))[0]!.slice(-2)).toEqual(["148 't148'", "149 't149'"]);
  expect((await rowsOf(viewer, 'dict'))[0]!.slice(-2)).toEqual(["'key118' 13924", "'key119' 14161"]);
  const frameRows = await viewer
    .locator('svg[role="img"] g.frame g.row')
    .evaluateAll((rows) =>
      rows.map((row) => `${row.querySelector('.row-label')?.textContent} ${row.querySelector('.row-text')?.textContent ?? ''}`),
    );
  expect(frameRows.find((r) => r.startsWith('text '))).toMatch(/^text 'start x+…\w* end'$/);
  expect(lesson.consoleErrors).toEqual([]);
});

test('no diagram is clipped at 1280 px: each fits its box', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  for (const slug of ['introduction', 'reference-counting']) {
    await page.goto(`lessons/${slug}/`);
    // A predict question's diagram appears once it is answered.
    const question = page.getByRole('region', { name: /^Predict/ }).first();
    if ((await question.count()) > 0) {
      await question.scrollIntoViewIfNeeded();
      await question.getByRole('radio').first().check();
      await question.getByRole('button', { name: 'Check my answer' }).click();
      const more = question.getByRole('button', { name: 'Show me what it prints' });
      if (await more.isVisible()) await more.click();
    }
    const viewers = page.getByRole('region', { name: /^Memory diagram of/ });
    const count = await viewers.count();
    expect(count).toBeGreaterThan(1);
    for (let i = 0; i < count; i++) {
      const viewer = await hydratedViewer(viewers.nth(i).locator('..'));
      const box = viewer.locator('.diagram-scroll');
      await expect
        .poll(() => box.evaluate((el) => el.scrollWidth - el.clientWidth), { message: `${slug}: diagram ${i + 1} is clipped` })
        .toBeLessThanOrEqual(0);
      const badges = viewer.locator('svg[role="img"] .badge rect');
      const right = await box.evaluate((el) => el.getBoundingClientRect().right);
      for (const badge of await badges.all())
        expect((await badge.boundingBox())!.x + (await badge.boundingBox())!.width).toBeLessThanOrEqual(right);
    }
  }
});

for (const slug of ['introduction', 'garbage-collection']) {
  test(`at 390 px every object of the first diagram of ${slug} can be brought into view with the names beside it`, async ({
    browser,
  }, testInfo) => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    await page.goto(`lessons/${slug}/`);
    const viewer = await hydratedViewer(
      page
        .locator('.live-cell')
        .filter({ has: page.locator('.memory-viewer') })
        .first(),
    );
    const box = viewer.locator('.diagram-scroll');
    // Fitted, but never below a legible 75 %.
    await expect(viewer.locator('.zoom-level')).toHaveText(/^(7[5-9]|[89]\d|100) %$/);
    const keys = await viewer.locator('svg[role="img"] g.object').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-key')));
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      const object = viewer.locator(`svg[role="img"] g.object[data-key="${key}"] rect.box`);
      await object.evaluate((el) => el.scrollIntoView({ block: 'nearest', inline: 'end' }));
      const [o, b] = [await object.boundingBox(), await box.boundingBox()];
      expect(o!.x).toBeGreaterThanOrEqual(b!.x - 1);
      expect(o!.x + o!.width).toBeLessThanOrEqual(b!.x + b!.width + 1);
      // The names: the frames are in view, or pinned at the left edge, clear of the object.
      const framesInView = await box.evaluate((el) => el.scrollLeft < 8);
      if (!framesInView) {
        await expect(viewer.locator('svg.frames-pin')).toBeVisible();
        const pin = await viewer.locator('svg.frames-pin').boundingBox();
        expect(pin!.x + pin!.width).toBeLessThanOrEqual(o!.x + 1);
      }
    }
    await testInfo.attach('phone-scrolled', { body: await viewer.screenshot(), contentType: 'image/png' });
    await context.close();
  });
}

test('zoom with the keyboard (+, −, 0) and the buttons', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('lessons/introduction/');
  const viewer = await hydratedViewer(page.getByRole('group', { name: `Python cell ${MEMORY_CELL}`, exact: true }));
  const level = viewer.locator('.zoom-level');
  const fitted = await level.textContent();
  const svg = viewer.locator('svg[role="img"]');
  const width = async () => (await svg.boundingBox())!.width;
  const before = await width();
  await viewer.focus();
  await page.keyboard.press('+');
  await expect(level).not.toHaveText(fitted!);
  expect(await width()).toBeGreaterThan(before);
  await expect(viewer.getByRole('button', { name: 'Fit to the box' })).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press('0');
  await expect(level).toHaveText(fitted!);
  await page.keyboard.press('-');
  expect(await width()).toBeLessThan(before);
  await viewer.getByRole('button', { name: 'Fit to the box' }).click();
  await expect(level).toHaveText(fitted!);
});

test('stepping marks the line about to run and the line just run in the static code', async ({ page }) => {
  const lesson = new LessonPage(page);
  await lesson.goto('introduction');
  const cell = lesson.cell(MEMORY_CELL);
  const viewer = await hydratedViewer(cell.root);
  const lines = cell.root.locator('.cell-static .line');
  await viewer.getByRole('button', { name: '« First' }).click();
  await expect(lines.nth(0)).toHaveClass(/cm-step-next/);
  await viewer.getByRole('button', { name: 'Next ›' }).click();
  await expect(lines.nth(1)).toHaveClass(/cm-step-next/);
  await expect(lines.nth(0)).toHaveClass(/cm-step-previous/);
  await expect(cell.root.locator('.cell-static .cm-step-next')).toHaveCount(1);
  await expect(viewer.locator('.step-story')).toContainText('Line 2 runs next.');
  // Marked as the editor marks it: a bar beside the code, and a frame in the focus colour.
  expect(await lines.nth(1).evaluate((el) => getComputedStyle(el).backgroundImage)).toMatch(/gradient/);
  expect(await lines.nth(1).evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
});

test('a new run keeps the reader on the step they were looking at', async ({ page }) => {
  const lesson = new LessonPage(page);
  await lesson.goto('introduction');
  const cell = lesson.cell(MEMORY_CELL);
  const viewer = await hydratedViewer(cell.root);
  await viewer.getByRole('button', { name: '« First' }).click();
  await viewer.getByRole('button', { name: 'Next ›' }).click();
  await expect(viewer.locator('.step-count')).toHaveText(/^Step 2 of/);
  await cell.runAndWait();
  await expect(cell.root.getByRole('region', { name: /^Memory diagram of/ }).locator('.step-count')).toHaveText(/^Step 2 of/);
});

/** Tabs (keyboard only) until `target` has the focus. */
async function tabTo(page: Page, target: Locator) {
  for (let i = 0; i < 400; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error('never reached by Tab');
}

test('keyboard only: the focus stays on Run and on Check; Run closes the autocomplete; the way out of the editor is shown', async ({
  page,
}) => {
  const lesson = new LessonPage(page);
  await lesson.goto('reference-counting');
  const cell = lesson.cell(1);
  await cell.root.scrollIntoViewIfNeeded();
  await expect(cell.run).toBeEnabled();
  await page.locator('body').focus();
  await tabTo(page, cell.run);
  await page.keyboard.press('Enter');
  await expect(cell.verdict()).toBeVisible({ timeout: 90_000 });
  await expect(cell.run).toBeFocused();

  await cell.setCode('numbers = [1]\nnum');
  await expect(cell.root.getByText('press Esc then Tab to move on')).toBeVisible();
  await page.keyboard.press('Control+Space');
  await expect(page.locator('.cm-tooltip-autocomplete')).toBeVisible();
  await page.keyboard.press('Control+Enter');
  await expect(page.locator('.cm-tooltip-autocomplete')).toHaveCount(0);

  // Out of the editor as the hint says: Esc, then Tab moves on (to the toolbar's Run).
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  await expect(cell.editor).not.toBeFocused();
  const exercise = page.getByRole('region', { name: /^Exercise/ }).first();
  const check = exercise.getByRole('button', { name: 'Check' });
  await exercise.scrollIntoViewIfNeeded();
  await expect(check).toBeEnabled();
  // From the exercise's Run, Tab reaches Check.
  await exercise.getByRole('button', { name: 'Run' }).focus();
  await tabTo(page, check);
  await page.keyboard.press('Enter');
  await expect(exercise.locator('.check-report')).toBeVisible({ timeout: 90_000 });
  await expect(check).toBeFocused();
});

test('a syntax error is marked in the editor gutter', async ({ page }) => {
  const lesson = new LessonPage(page);
  await lesson.goto('introduction');
  const cell = lesson.cell(1);
  await cell.setCode('x = [1, 2\nprint(x)\n');
  await cell.runAndWait();
  await expect(cell.verdict()).toContainText('SyntaxError');
  await expect(cell.root.locator('.cm-lint-marker-error')).toBeVisible();
  await cell.setCode('print(1)\n');
  await cell.runAndWait();
  await expect(cell.root.locator('.cm-lint-marker-error')).toHaveCount(0);
});

test('the first diagram has its legend open, every other a "?"; axe finds nothing', async ({ page }) => {
  await page.goto('lessons/reference-counting/');
  const legends = page.locator('details.diagram-legend');
  await expect(legends.first()).toHaveAttribute('open', '');
  await expect(legends.first()).toContainText('∞ immortal');
  await expect(legends.first()).toContainText('Dashed arrow');
  expect(await legends.count()).toBeGreaterThan(1);
  await expect(legends.nth(1)).not.toHaveAttribute('open', '');
  await expect(legends.nth(1).locator('summary')).toContainText('?');
  await hydratedViewer(
    page
      .locator('.live-cell')
      .filter({ has: page.locator('.memory-viewer') })
      .first(),
  );
  const results = await new AxeBuilder({ page }).include('.memory-viewer').analyze();
  expect(results.violations).toEqual([]);
});

test('a plain cell keeps its edits across a reload, marks the Expected output as the lesson’s, and Reset goes back', async ({ page }) => {
  const lesson = new LessonPage(page);
  await lesson.goto('introduction');
  const cell = lesson.cell(1);
  const expected = page.locator('details.stated-output').first();
  await expect(expected.locator('summary')).toContainText('Expected output');
  await cell.runAndWait();
  await expect(cell.output.locator('.output-text')).toBeVisible();
  await cell.setCode('print("mine")\n');
  // The old output and verdict were about the old code.
  await expect(cell.output).toHaveCount(0);
  await expect(expected).toHaveAttribute('data-edited', '');
  await page.waitForTimeout(600); // the draft is saved a moment after typing stops
  await page.reload();
  const again = lesson.cell(1);
  await expect(again.editor).toContainText('print("mine")');
  await expect(again.root.getByText('Your edits from last time are back')).toBeVisible();
  await expect(page.locator('details.stated-output').first()).toHaveAttribute('data-edited', '');
  await again.root.getByRole('button', { name: 'Reset' }).click();
  await expect(again.editor).toContainText('Hello from CPython');
  await expect(page.locator('details.stated-output').first()).not.toHaveAttribute('data-edited', '');
  await page.waitForTimeout(600);
  await page.reload();
  await expect(lesson.cell(1).root.getByText('Your edits from last time are back')).toHaveCount(0);
});

test('import numpy says what the engine ships; input() shows no engine frames', async ({ page }) => {
  const lesson = new LessonPage(page);
  await lesson.goto('introduction');
  const cell = lesson.cell(1);
  await cell.setCode('import numpy\n');
  await cell.runAndWait();
  await expect(cell.verdict()).toContainText('standard library only');
  await cell.setCode('name = input("Name? ")\n');
  await cell.runAndWait();
  await expect(cell.verdict()).toContainText('console');
  await expect(cell.verdict()).not.toContainText('ipm_');
});

test('check names draw their code as code, not raw backticks', async ({ page }) => {
  const lesson = new LessonPage(page);
  await lesson.goto('introduction');
  const exercise = page.getByRole('region', { name: /^Exercise/ }).first();
  await exercise.scrollIntoViewIfNeeded();
  const check = exercise.getByRole('button', { name: 'Check' });
  await expect(check).toBeEnabled();
  await check.click();
  const list = exercise.getByRole('list', { name: 'Checks' });
  await expect(list).toBeVisible({ timeout: 90_000 });
  await expect(list.locator('code').first()).toBeVisible();
  expect(await list.textContent()).not.toContain('`');
});

test('home: the words are spaced, and Continue leads past a finished lesson', async ({ page }) => {
  await page.goto('./');
  await expect(page.locator('.audience')).toContainText('know what b = a');
  const keys = JSON.parse((await page.locator('li[data-lesson="introduction"]').getAttribute('data-activities'))!) as string[];
  await page.evaluate((done) => {
    localStorage.setItem('ipm:last-lesson', JSON.stringify({ slug: 'introduction', at: Date.now() }));
    const activities = Object.fromEntries(done.map((k) => [k, { attempted: true, passed: true, updatedAt: Date.now() }]));
    localStorage.setItem('ipm-progress', JSON.stringify({ version: 2, activities }));
  }, keys);
  await page.reload();
  const button = page.locator('[data-continue]');
  await expect(button).toBeVisible();
  await expect(button).toHaveText('Continue with the next lesson: Names and objects');
  await expect(button).toHaveAttribute('href', /lessons\/object-allocation\/$/);
});

test('clicking into the static code puts the caret where the reader clicked, and the code does not move', async ({ page }) => {
  const lesson = new LessonPage(page);
  await lesson.goto('introduction');
  const cell = lesson.cell(1);
  await cell.root.scrollIntoViewIfNeeded();
  await expect(cell.run).toBeEnabled();
  // Line 3 is `print("Hello from CPython", …)`: click just inside its start.
  await cell.root
    .locator('.cell-static .line')
    .nth(2)
    .click({ position: { x: 2, y: 6 } });
  await expect(cell.editor).toBeFocused();
  await page.keyboard.type('#');
  await expect(cell.editor.locator('.cm-line').nth(2)).toHaveText(/^#print\("Hello from CPython"/);
});

test('"values inline" is the reader’s choice once made: every diagram follows it, after a reload too', async ({ page }) => {
  await page.goto('lessons/reference-counting/');
  const viewers = page.getByRole('region', { name: /^Memory diagram of Python cell/ });
  expect(await viewers.count()).toBeGreaterThan(1);
  const first = await hydratedViewer(viewers.nth(0).locator('..'));
  const second = await hydratedViewer(viewers.nth(1).locator('..'));
  const box = (viewer: Locator) => viewer.getByRole('checkbox', { name: 'values inline' });
  const chosen = !(await box(first).isChecked());
  await box(first).setChecked(chosen);
  await expect(box(second)).toBeChecked({ checked: chosen });
  await page.reload();
  await expect(
    box(
      await hydratedViewer(
        page
          .getByRole('region', { name: /^Memory diagram of Python cell/ })
          .nth(1)
          .locator('..'),
      ),
    ),
  ).toBeChecked({
    checked: chosen,
  });
});

test('one tab stop per cell before its toolbar', async ({ page }) => {
  const lesson = new LessonPage(page);
  await lesson.goto('introduction');
  const cell = lesson.cell(1);
  await cell.root.scrollIntoViewIfNeeded();
  await expect(cell.run).toBeEnabled();
  await cell.root.getByRole('group', { name: /^Code of/ }).focus();
  await page.keyboard.press('Tab');
  await expect(cell.run).toBeFocused();
});

test('with ids shown, no header or id runs under a count badge', async ({ page }) => {
  await page.goto('lessons/reference-counting/');
  const viewer = await hydratedViewer(
    page
      .locator('.live-cell')
      .filter({ has: page.locator('.memory-viewer') })
      .first(),
  );
  await viewer.getByRole('checkbox', { name: 'ids' }).check();
  // A closed module, class or function has no badge (its one line is all it shows).
  const overlaps = await viewer.locator('svg[role="img"] g.object:not(.compact)').evaluateAll((boxes) =>
    boxes.flatMap((box) => {
      const badge = box.querySelector('.badge rect')!.getBoundingClientRect();
      const header = box.querySelector('text.header')!.getBoundingClientRect();
      const id = box.querySelector('text.object-id')?.getBoundingClientRect();
      const frame = box.querySelector('rect.box')!.getBoundingClientRect();
      const problems: string[] = [];
      if (header.right > badge.left) problems.push(`header ${box.getAttribute('data-key')}`);
      if (!id || id.bottom > frame.top + 1) problems.push(`id ${box.getAttribute('data-key')}`);
      return problems;
    }),
  );
  expect(overlaps).toEqual([]);
  await expect(viewer.locator('text.object-id').first()).toContainText(/^id 0x[0-9a-f]+$/);
});

test('a two-finger pinch zooms the diagram, and Ctrl + wheel does too', async ({ page }) => {
  await page.goto('lessons/introduction/');
  const viewer = await hydratedViewer(page.getByRole('group', { name: `Python cell ${MEMORY_CELL}`, exact: true }));
  const box = viewer.locator('.diagram-scroll');
  const level = viewer.locator('.zoom-level');
  // Two touch pointers moving apart (what a pinch sends), from 50 px apart to 100 px apart: twice the size.
  await box.evaluate((el) => {
    const fire = (type: string, pointerId: number, clientX: number) =>
      el.dispatchEvent(new PointerEvent(type, { pointerId, pointerType: 'touch', clientX, clientY: 60, bubbles: true }));
    fire('pointerdown', 1, 100);
    fire('pointerdown', 2, 150);
    fire('pointermove', 2, 200);
    fire('pointerup', 1, 100);
    fire('pointerup', 2, 200);
  });
  await expect(level).toHaveText('200 %');
  await box.hover();
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, 300);
  await page.keyboard.up('Control');
  await expect(level).not.toHaveText('200 %');
});
