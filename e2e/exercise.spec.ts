import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { LessonPage } from './lesson-page.ts';

const LESSON = 'reference-counting';
/** The lesson's first output question, alias-append (others ask the same question, further down). */
const aliasAppend = (page: Page) => page.getByRole('region', { name: /Predict What does this program print/ }).first();
const EXERCISE = 'Drop the last reference';
const SOLVED = 'data = [1, 2, 3]\nalias = data\ndel data\ndel alias\nprint("done")\n';

/** The exercise as a reader finds it: by its heading. */
function exercise(page: Page): Locator {
  return page.getByRole('region', { name: new RegExp(`Exercise ${EXERCISE}`) });
}

async function typeCode(page: Page, root: Locator, code: string) {
  await root.scrollIntoViewIfNeeded();
  const check = root.getByRole('button', { name: 'Check' });
  await expect(check).toBeEnabled();
  const editor = root.getByRole('textbox', { name: /^Your code for the exercise/ });
  if (!(await editor.isVisible())) await root.getByRole('group', { name: /^Starter code of/ }).click();
  await expect(editor).toBeVisible();
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(code);
}

async function checkAndWait(root: Locator) {
  await root.getByRole('button', { name: 'Check' }).click();
  const report = root.locator('.check-report');
  await expect(report).toBeVisible({ timeout: 60_000 });
  return report;
}

test('a reader fails an exercise, takes a hint, sees the solution, solves it, and finds it all after a reload', async ({ page }) => {
  const lesson = new LessonPage(page);
  await lesson.goto(LESSON);
  const ex = exercise(page);
  await ex.scrollIntoViewIfNeeded();
  await expect(ex.getByText('Not attempted yet')).toBeVisible();
  // The solution stays locked until a first attempt.
  await expect(ex.getByRole('button', { name: 'Show the solution' })).toBeDisabled();

  // The starter as it is: the checker says which check failed and why.
  await expect(ex.getByRole('button', { name: 'Check' })).toBeEnabled();
  let report = await checkAndWait(ex);
  await expect(report).toContainText('Not yet: The list is still alive at the end');
  await expect(report.getByRole('listitem')).toHaveText([
    /Failed: a list is freed/,
    /Not checked: the program no longer holds a list of 1, 2, 3/,
  ]);
  await expect(ex.getByText('Attempted', { exact: true })).toBeVisible();

  // A syntax error is reported as such, not as a failed check or a crash.
  await typeCode(page, ex, 'data = [1, 2, 3\n');
  report = await checkAndWait(ex);
  await expect(report).toContainText('Your program did not finish, so nothing was checked. SyntaxError on line 1');

  // Hints, one at a time.
  await ex.getByRole('button', { name: 'Show a hint (1 of 2)' }).click();
  await expect(ex.getByRole('list', { name: 'Hints' }).getByRole('listitem')).toHaveCount(1);
  await ex.getByRole('button', { name: 'Show a hint (2 of 2)' }).click();
  await expect(ex.getByRole('list', { name: 'Hints' }).getByRole('listitem')).toHaveCount(2);
  await expect(ex.getByRole('button', { name: 'No more hints' })).toBeDisabled();

  // The solution, after a confirmation.
  await ex.getByRole('button', { name: 'Show the solution' }).click();
  await expect(ex.getByRole('alertdialog')).toContainText('See the solution?');
  await ex.getByRole('button', { name: 'Keep trying' }).click();
  await expect(ex.getByRole('region', { name: /^Solution of/ })).toHaveCount(0);
  await ex.getByRole('button', { name: 'Show the solution' }).click();
  await ex.getByRole('button', { name: 'Show it' }).click();
  await expect(ex.getByRole('region', { name: /^Solution of/ })).toContainText('del alias');

  // Solved.
  await typeCode(page, ex, SOLVED);
  report = await checkAndWait(ex);
  await expect(report).toContainText('All checks passed');
  await expect(ex.getByText('✓ Solved')).toBeVisible();
  await expect(page.locator('.lesson-progress')).toContainText(/1 of \d+ done/);

  // After a reload: the reader's code, the tick and the revealed hints are still there.
  await page.reload();
  const again = exercise(page);
  await again.scrollIntoViewIfNeeded();
  await expect(again.getByText('✓ Solved')).toBeVisible();
  await expect(again.getByText('Your code from last time is back.')).toBeVisible();
  await expect(again.getByRole('textbox', { name: /^Your code for the exercise/ })).toContainText('del alias');
  await expect(again.getByRole('list', { name: 'Hints' }).getByRole('listitem')).toHaveCount(2);
  await expect(page.locator('.lesson-progress')).toContainText(/1 of \d+ done/);

  // Reset to starter brings the starter back, and the tick stays.
  await again.getByRole('button', { name: 'Reset to the starter code' }).click();
  await expect(again.getByRole('textbox', { name: /^Your code for the exercise/ })).not.toContainText('del alias');
  await expect(again.getByText('✓ Solved')).toBeVisible();
  expect(lesson.consoleErrors).toEqual([]);
});

test('a predict question: a first wrong answer gets another try, a second shows the real output and the run; the right one is remembered', async ({
  page,
}) => {
  const lesson = new LessonPage(page);
  await lesson.goto(LESSON);
  const question = aliasAppend(page);
  await question.scrollIntoViewIfNeeded();
  const choices = question.getByRole('radio');
  await expect(choices).toHaveCount(4);
  await expect(question.getByRole('button', { name: 'Check my answer' })).toBeDisabled();
  await question.getByRole('radio', { name: '[1, 2] 1' }).check();
  const checkAnswer = question.getByRole('button', { name: 'Check my answer' });
  await checkAnswer.click();
  const report = question.locator('.check-report');
  // The first wrong try: told so, not shown the answer, the focus still on the button.
  await expect(report).toContainText('Not quite. Read the program again');
  await expect(question.locator('.predict-real')).toHaveCount(0);
  await expect(question.getByRole('region', { name: /^Memory diagram of/ })).toHaveCount(0);
  await expect(checkAnswer).toBeFocused();
  await question.getByRole('radio', { name: '[1, 2] 1' }).check();
  await checkAnswer.click();
  await expect(report).toContainText('Not quite. This is what it really prints:');
  await expect(checkAnswer).toBeFocused();
  await expect(report.locator('.predict-real')).toHaveText('[1, 2, 3]\n2');
  await expect(question.getByRole('region', { name: /^Memory diagram of/ })).toBeVisible();
  await question.getByRole('button', { name: 'Try again' }).click();
  await question.getByRole('radio', { name: '[1, 2, 3] 2' }).check();
  await question.getByRole('button', { name: 'Check my answer' }).click();
  await expect(report).toContainText('Right!');
  await expect(question.getByText('✓ Answered right')).toBeVisible();
  await page.reload();
  await expect(aliasAppend(page).getByText('✓ Answered right')).toBeVisible();
  await expect(page.locator('.lesson-progress')).toContainText(/1 of \d+ done/);
  expect(lesson.consoleErrors).toEqual([]);
});

test('a corrupt progress store does not break the page: the reader is told, and work is saved again', async ({ page }) => {
  await page.addInitScript(() => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem('ipm-progress', '{"version": 2, "activities": {"reference-counting/alias-append": ');
      sessionStorage.setItem('seeded', '1');
    }
  });
  const lesson = new LessonPage(page);
  await lesson.goto(LESSON);
  await expect(page.locator('.progress-notice')).toContainText('could not be read');
  const question = aliasAppend(page);
  await question.scrollIntoViewIfNeeded();
  await question.getByRole('radio', { name: '[1, 2, 3] 2' }).check();
  await question.getByRole('button', { name: 'Check my answer' }).click();
  await expect(question.getByText('✓ Answered right')).toBeVisible();
  const kept = await page.evaluate(() => localStorage.getItem('ipm-progress-unreadable-latest'));
  expect(kept).toContain('"activities"');
  await page.reload();
  await expect(aliasAppend(page).getByText('✓ Answered right')).toBeVisible();
  expect(lesson.consoleErrors).toEqual([]);
});

test('progress moves to another browser: export to a file, import in a fresh context', async ({ page, browser }, testInfo) => {
  await page.addInitScript(() => {
    if (!localStorage.getItem('ipm-progress')) {
      localStorage.setItem(
        'ipm-progress',
        JSON.stringify({
          version: 2,
          activities: { 'reference-counting/alias-append': { attempted: true, passed: true, answer: '[1, 2, 3]\n2', updatedAt: 1 } },
        }),
      );
    }
  });
  await page.goto('progress/');
  await expect(page.getByTestId('overall-progress')).toHaveText(/^1 of \d+ exercises and questions done\.$/);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export to a file' }).click();
  const file = testInfo.outputPath('progress.json');
  await (await download).saveAs(file);
  expect(JSON.parse(readFileSync(file, 'utf8')).activities['reference-counting/alias-append'].passed).toBe(true);

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto('progress/');
  await expect(other.getByTestId('overall-progress')).toHaveText(/^0 of \d+/);
  await other.getByLabel('Import from a file').setInputFiles(file);
  await expect(other.getByText('Imported 1 saved activity, merged with what was here.')).toBeVisible();
  await expect(other.getByTestId('overall-progress')).toHaveText(/^1 of \d+/);
  await other.goto(`lessons/${LESSON}/`);
  await expect(other.locator('.lesson-progress')).toContainText(/1 of \d+ done/);
  await fresh.close();
});

test('exercise pages and the progress page have no accessibility violations', async ({ page }) => {
  const lesson = new LessonPage(page);
  await lesson.goto(LESSON);
  const ex = exercise(page);
  await ex.scrollIntoViewIfNeeded();
  await expect(ex.getByRole('button', { name: 'Check' })).toBeEnabled();
  await checkAndWait(ex);
  await ex.getByRole('button', { name: 'Show a hint (1 of 2)' }).click();
  const question = aliasAppend(page);
  await question.scrollIntoViewIfNeeded();
  await question.getByRole('radio').first().check();
  await question.getByRole('button', { name: 'Check my answer' }).click();
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const results = await new AxeBuilder({ page }).include('.exercise').include('.predict').include('.lesson-header').analyze();
    expect(results.violations, scheme).toEqual([]);
  }
  await page.goto('progress/');
  await expect(page.getByTestId('overall-progress')).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});

test('a diagram question: the answer is what the diagram shows after the line, and the diagram opens at that step', async ({ page }) => {
  const lesson = new LessonPage(page);
  await lesson.goto(LESSON);
  const question = page.getByRole('region', { name: /Predict After line 4 runs, what does the badge/ });
  await question.scrollIntoViewIfNeeded();
  await expect(question.getByRole('group', { name: 'Pick what the diagram shows' })).toBeVisible();
  const checkAnswer = question.getByRole('button', { name: 'Check my answer' });
  await question.getByRole('radio', { name: '2', exact: true }).check();
  await checkAnswer.click();
  await question.getByRole('radio', { name: '2', exact: true }).check();
  await checkAnswer.click();
  const report = question.locator('.check-report');
  await expect(report).toContainText('Not quite. The diagram shows:');
  await expect(report.locator('.predict-real')).toHaveText('3');
  // The explanation says why, and the diagram opens on the picture the question was about: after line 4 (del b).
  await expect(report).toContainText('one per slot');
  const viewer = question.getByRole('region', { name: /^Memory diagram of/ });
  await expect(viewer).toBeVisible();
  await expect(viewer.locator('.step-count')).toHaveText(/^Step \d+ of \d+$/);
  const [at, last] = (await viewer.locator('.step-count').textContent())!.match(/\d+/g)!.map(Number);
  // Not the last step, where a diagram opens by default: the step after line 4, with line 5 still to run.
  expect(at).toBeGreaterThan(1);
  expect(at).toBeLessThan(last!);
  expect(lesson.consoleErrors).toEqual([]);
});
