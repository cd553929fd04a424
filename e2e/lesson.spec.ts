import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { LessonPage } from './lesson-page.ts';

test('a lesson renders with its sidebar, contents and neighbours', async ({ page }) => {
  const lesson = new LessonPage(page);
  await lesson.goto('object-allocation');
  await expect(page.getByRole('heading', { level: 1, name: 'Names and objects' })).toBeVisible();
  const sidebar = page.getByRole('navigation', { name: 'Lessons' });
  await expect(sidebar.getByRole('link', { name: 'Names and objects' })).toHaveAttribute('aria-current', 'page');
  await expect(sidebar.getByRole('link', { name: 'Introduction' })).toBeVisible();
  const pager = page.getByRole('navigation', { name: 'Previous and next lesson' });
  await pager.getByRole('link', { name: /Introduction/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Introduction' })).toBeVisible();
  await page
    .getByRole('navigation', { name: 'Previous and next lesson' })
    .getByRole('link', { name: /Names and objects/ })
    .click();
  await expect(page).toHaveURL(/object-allocation/);
  expect(lesson.consoleErrors).toEqual([]);
});

test('predict first: no expected output shows before its cell runs, or before the reader asks', async ({ page }) => {
  test.setTimeout(240_000);
  const lesson = new LessonPage(page);
  await lesson.goto('object-allocation');
  const outputs = page.locator('details.stated-output');
  expect(await outputs.count()).toBeGreaterThan(3);
  for (const output of await outputs.all()) {
    await expect(output).not.toHaveAttribute('open');
    await expect(output.locator('pre')).toBeHidden();
  }
  // Running a cell reveals what the lesson expected, beside what it printed.
  const cell = lesson.cell(1);
  await cell.runAndWait(150_000);
  const first = outputs.first();
  await expect(first.locator('pre')).toBeVisible();
  await expect(first.locator('pre')).toHaveText((await cell.output.locator('.output-text').textContent())!.trimEnd());
  await expect(outputs.nth(1).locator('pre')).toBeHidden();
  // Or the reader chooses to look, from the keyboard.
  await outputs.nth(1).locator('summary').focus();
  await page.keyboard.press('Enter');
  await expect(outputs.nth(1).locator('pre')).toBeVisible();
  // Printed, every expected output shows.
  await page.emulateMedia({ media: 'print' });
  await page.evaluate(() => dispatchEvent(new Event('beforeprint')));
  await expect(outputs.nth(2).locator('pre')).toBeVisible();
});

test('cells show highlighted code before any script runs', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('lessons/object-allocation/');
  const firstCell = page.getByRole('group', { name: 'Python cell 1', exact: true });
  await expect(firstCell.locator('pre.astro-code')).toBeVisible();
  await context.close();
});

test('a "Try" prompt keeps its tested program off the page, and a worked answer opens on request', async ({ page }) => {
  const lesson = new LessonPage(page);
  // A plain "Try" program (here the one behind "change 42 to 4.2, or to \"42\"") is tested, not shown.
  await lesson.goto('object-allocation');
  await expect(page.getByText('print(type(x), x + 1)')).toHaveCount(0);
  // A worked answer's program is shown, folded.
  await lesson.goto('object-layout');
  const answer = page.locator('details', { has: page.getByText('Worked answer') }).first();
  const code = answer.getByText('print(sys.getsizeof(None), sys.getsizeof(True))');
  await expect(code).toBeHidden();
  await answer.getByText('Worked answer').click();
  await expect(code).toBeVisible();
  await expect(answer.getByText('8 16', { exact: true })).toBeVisible();
  expect(lesson.consoleErrors).toEqual([]);
});

test('a reader edits a cell, runs it and sees real CPython output', async ({ page }) => {
  const lesson = new LessonPage(page);
  await lesson.goto('object-allocation');
  const cell = lesson.cell(1);
  await cell.setCode('import sys\nprint(sys.version_info[:2], sys.maxsize == 2**31 - 1)\nprint(6 * 7)');
  await cell.runAndWait();
  await expect(cell.output.locator('.output-text')).toHaveText('(3, 14) True\n42\n');
  await expect(cell.verdict()).toHaveText(/Finished/);
  await expect(cell.root.getByRole('status').first()).toHaveText(/Python 3\.14\.\d+ ready/);
  // Ctrl+Enter runs too, and each run starts from a fresh namespace.
  await cell.setCode('print("sys" in dir())');
  await page.keyboard.press('Control+Enter');
  await expect(cell.output.locator('.output-text')).toHaveText('False\n');
  expect(lesson.consoleErrors).toEqual([]);
});

test('pressing Run straight after typing does not move the button under the pointer', async ({ page }) => {
  // Pressing Run blurs the editor; anything that changed the layout on blur would move Run between
  // mousedown and mouseup, and the click would be lost (it was: a hint shown while editing).
  const lesson = new LessonPage(page);
  await lesson.goto('introduction');
  const cell = lesson.cell(1);
  await cell.setCode('print(1)');
  const editing = await cell.run.boundingBox();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await expect(cell.root.locator('.cm-focused')).toHaveCount(0);
  expect(await cell.run.boundingBox()).toEqual(editing);
  // A press the way a hand makes it, straight from the editor: down, a pause, up.
  await cell.setCode('print(6 * 7)');
  const box = (await cell.run.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.waitForTimeout(100);
  await page.mouse.up();
  await expect(cell.output.locator('.output-text')).toHaveText('42\n', { timeout: 90_000 });
});

test('a syntax error is explained and the cell keeps working', async ({ page }) => {
  const lesson = new LessonPage(page);
  await lesson.goto('object-allocation');
  const cell = lesson.cell(1);
  await cell.setCode('x = 1\ny = = 2\n');
  await cell.runAndWait();
  await expect(cell.verdict()).toContainText('SyntaxError on line 2');
  await expect(cell.verdict().locator('.traceback')).toContainText('^');
  await cell.setCode('print(undefined_name)');
  await cell.runAndWait();
  await expect(cell.verdict()).toContainText("NameError on line 1: name 'undefined_name' is not defined");
  await cell.setCode('print("fixed")');
  await cell.runAndWait();
  await expect(cell.output.locator('.output-text')).toHaveText('fixed\n');
  expect(lesson.consoleErrors).toEqual([]);
});

test('an endless loop is stopped and the next run works', async ({ page }) => {
  const lesson = new LessonPage(page);
  await lesson.goto('object-allocation');
  const cell = lesson.cell(1);
  await cell.setCode('print("before")\nwhile True:\n    pass\n');
  await cell.runAndWait();
  await expect(cell.verdict()).toHaveText(/^Stopped after \d+ s: the program was still running \(a loop that never ends\?\)/);
  await expect(cell.output.locator('.output-text')).toHaveText('before\n');
  await cell.setCode('print("after")');
  await cell.runAndWait();
  await expect(cell.output.locator('.output-text')).toHaveText('after\n');
  expect(lesson.consoleErrors).toEqual([]);
});

test('input() and sys.exit() get clear messages', async ({ page }) => {
  const lesson = new LessonPage(page);
  await lesson.goto('object-allocation');
  const cell = lesson.cell(1);
  await cell.setCode('name = input("Name? ")');
  await cell.runAndWait();
  await expect(cell.verdict()).toContainText("input() can't work here on line 1");
  await cell.setCode('import sys\nprint("bye")\nsys.exit(3)');
  await cell.runAndWait();
  await expect(cell.verdict()).toContainText('sys.exit(3)');
  await expect(cell.output.locator('.output-text')).toHaveText('bye\n');
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`lesson and home pages have no accessibility violations (${colorScheme})`, async ({ browser }) => {
    const context = await browser.newContext({ colorScheme });
    const page = await context.newPage();
    for (const path of ['', 'lessons/object-allocation/', 'lessons/introduction/', 'lessons/reference-counting/', 'no-such-page/']) {
      await page.goto(path);
      // Hydrate every island (they load when visible) so the editors and diagrams are checked too.
      for (const cell of await page.getByRole('group', { name: /^Python cell/ }).all()) await cell.scrollIntoViewIfNeeded();
      await page.waitForLoadState('networkidle');
      const results = await new AxeBuilder({ page }).analyze();
      expect(
        results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
        path || 'home',
      ).toEqual([]);
    }
    await context.close();
  });
}

test('the editor loads only when the reader goes to edit, from the keyboard too', async ({ page }) => {
  const lesson = new LessonPage(page);
  const editorRequests: string[] = [];
  page.on('request', (r) => r.url().includes('/editor.') && editorRequests.push(r.url()));
  await lesson.goto('object-allocation');
  const cell = lesson.cell(1);
  await cell.root.scrollIntoViewIfNeeded();
  await expect(cell.run).toBeEnabled();
  expect(editorRequests).toEqual([]);
  const code = cell.root.getByRole('group', { name: /^Code of/ });
  await code.focus();
  await page.keyboard.press('Enter');
  await expect(cell.editor).toBeFocused();
  expect(editorRequests).toHaveLength(1);
  await page.keyboard.press('End');
  await page.keyboard.insertText('\nprint("typed")');
  await page.keyboard.press('Control+Enter');
  await expect(cell.output.locator('.output-text')).toContainText('typed', { timeout: 90_000 });
  expect(lesson.consoleErrors).toEqual([]);
});
