/**
 * Four Pythons side by side (issue #22): the playground opened with
 * `versions=3.12,3.13,3.14,3.15` runs one program on each, in four engines,
 * and shows four outputs, four diagrams and what differs; the embed honours
 * the same link; a reader who never compares downloads no other Python.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { embedURL } from '../src/site/embed.ts';
import { encodeCode } from '../src/site/permalink.ts';

const PROGRAM = `import sys

x = 257
y = int("257")
print(x is y)

def f():
    local = [1]
    print(sys.getrefcount(local))

f()
`;
const VERSIONS = ['3.12', '3.13', '3.14', '3.15'];
/** Folders of the Pythons other than the course's (src/engine/versions.ts). */
const OTHER_ENGINES = /\/pyodide\/(0\.27\.7|0\.29\.5|315\.0\.0-alpha\.2)\//;

const output = (page: Page, version: string) => page.getByRole('region', { name: `Output of Python ${version}` }).locator('.output-text');

test('the playground runs one program on four Pythons: four outputs, four diagrams, and what differs', async ({ page }) => {
  test.setTimeout(300_000);
  const started = Date.now();
  const engineRequests: string[] = [];
  page.on('request', (r) => /\/pyodide\//.test(r.url()) && engineRequests.push(r.url()));
  await page.goto(`playground/#${await encodeCode(PROGRAM, VERSIONS)}`);
  const picker = page.getByRole('group', { name: 'Python' });
  for (const version of VERSIONS) await expect(picker.getByRole('checkbox', { name: version })).toBeChecked();
  await expect(page.getByRole('heading', { name: 'Python 3.12, 3.13, 3.14, 3.15 side by side' })).toBeVisible();
  await page.waitForTimeout(500);
  expect(engineRequests.filter((url) => OTHER_ENGINES.test(url))).toEqual([]); // nothing runs or loads before Run

  // Run from the keyboard, in the editor.
  await page.getByRole('textbox', { name: 'Playground code' }).click();
  await page.keyboard.press('ControlOrMeta+Enter');
  const expected: Record<string, string> = { '3.12': 'False\n3\n', '3.13': 'False\n2\n', '3.14': 'False\n1\n', '3.15': 'True\n1\n' };
  for (const version of VERSIONS) await expect(output(page, version)).toHaveText(expected[version]!, { timeout: 240_000 });
  const diagrams = page.locator('.version-pane svg.memory-diagram');
  await expect(diagrams).toHaveCount(4);
  for (const version of VERSIONS) {
    await expect(page.getByRole('region', { name: `Memory diagram of Python ${version}` }).locator('svg.memory-diagram')).toBeVisible();
  }
  // Each engine came from its own folder.
  for (const folder of ['0.27.7', '0.29.5', '314.0.7', '315.0.0-alpha.2']) {
    expect(engineRequests.some((url) => url.includes(`/pyodide/${folder}/`))).toBe(true);
  }

  // What differs, the values unlike 3.14's marked.
  const table = page.getByRole('region', { name: 'What differs' }).getByRole('table');
  const shared = table.getByRole('row', { name: /^x and y/ });
  await expect(shared).toContainText('one object');
  await expect(shared.locator('mark')).toHaveText(['one object (differs from 3.14)']);
  const counted = table.getByRole('row', { name: /^refcount of local in f\(\)/ });
  await expect(counted.locator('td')).toHaveText(['line 9', '2 (differs from 3.14)', '1', '1', '1', 'Show']);
  await expect(table.getByRole('row', { name: /^output line 2/ }).locator('mark')).toHaveCount(2);

  // Show: every diagram moves to the line where the count differs, from the keyboard.
  await counted.getByRole('button', { name: /^Show refcount of local in f\(\), line 9/ }).focus();
  await page.keyboard.press('Enter');
  for (const version of VERSIONS) {
    const viewer = page.getByRole('region', { name: `Memory diagram of Python ${version}` });
    await expect(viewer.locator('.step-text')).toContainText('local');
  }
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
  console.log(`four Pythons compared in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  // The embed honours the same versions (its engines now come from the browser's cache).
  await page.goto(await embedURL(new URL('.', page.url().replace(/playground\/.*$/, '')).href, PROGRAM, { versions: ['3.14', '3.15'] }));
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(output(page, '3.14')).toHaveText('False\n1\n', { timeout: 120_000 });
  await expect(output(page, '3.15')).toHaveText('True\n1\n', { timeout: 120_000 });
  await expect(page.locator('.version-pane svg.memory-diagram')).toHaveCount(2);
});

test('a reader who never compares downloads no other Python', async ({ page }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto('playground/');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.locator('svg.memory-diagram')).toBeVisible({ timeout: 150_000 });
  expect(requests.some((url) => url.includes('/pyodide/314.0.7/'))).toBe(true);
  expect(requests.filter((url) => OTHER_ENGINES.test(url))).toEqual([]);
});

test("a lesson cell's Compare versions runs its code on the four Pythons beside it, loaded only then", async ({ page }) => {
  test.setTimeout(300_000);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  const workers = new Set<unknown>();
  page.on('worker', (worker) => {
    workers.add(worker);
    worker.on('close', () => workers.delete(worker));
  });
  await page.goto('lessons/introduction/');
  const cell = page.getByRole('group', { name: 'Python cell 1', exact: true });
  await cell.scrollIntoViewIfNeeded();
  const compare = cell.getByRole('button', { name: 'Compare versions' });
  await expect(compare).toBeEnabled();
  await page.waitForLoadState('networkidle');
  const before = requests.length;
  expect(requests.filter((url) => OTHER_ENGINES.test(url) || /VersionCompare/.test(url))).toEqual([]);
  await compare.focus();
  await page.keyboard.press('Enter');
  await expect(compare).toHaveAttribute('aria-expanded', 'true');
  const comparison = page.getByRole('region', { name: 'Python cell 1 on several Pythons' });
  for (const version of VERSIONS) {
    await expect(comparison.getByRole('region', { name: `Output of Python cell 1 on Python ${version}` }).locator('.verdict')).toBeVisible({
      timeout: 240_000,
    });
  }
  expect(requests.slice(before).some((url) => OTHER_ENGINES.test(url))).toBe(true);
  await expect(comparison.getByRole('heading', { name: 'What differs' })).toBeVisible();
  const axe = await new AxeBuilder({ page }).include('.cell-comparison').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  // Closing it lets the three other Pythons' workers go; the course's stays.
  const comparing = workers.size;
  await compare.click();
  await expect(comparison).toHaveCount(0);
  await expect.poll(() => workers.size).toBe(comparing - 3);
  await cell.getByRole('button', { name: 'Run' }).click();
  await expect(cell.locator('.verdict')).toBeVisible();
});

test("a lesson's version aside shows what each Python printed, made at build time: a table, with no engine loaded", async ({ page }) => {
  const engineRequests: string[] = [];
  page.on('request', (r) => /\/pyodide\//.test(r.url()) && engineRequests.push(r.url()));
  await page.goto('lessons/when-the-collector-runs/');
  const aside = page.locator('details.aside-versions');
  await aside.locator('summary').click();
  const table = aside.getByRole('table', { name: /What this program prints on each Python/ });
  await expect(table).toBeVisible();
  // One row per Python, each with its own engine's answer (content/lessons/versions.test.ts checks the same runs).
  await expect(table.getByRole('row')).toHaveCount(5);
  await expect(table.getByRole('row', { name: /^3\.12 .*\(700, 10, 10\)/ })).toBeVisible();
  await expect(table.getByRole('row', { name: /^3\.14 .*this course.*\(2000, 10, 0\)/ })).toBeVisible();
  const axe = await new AxeBuilder({ page }).include('figure.version-table').analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);
  expect(engineRequests.filter((url) => OTHER_ENGINES.test(url))).toEqual([]);
});
