import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { LessonPage } from './lesson-page.ts';

/** The playground's editor, as a reader finds it. */
const playgroundEditor = (page: Page) => page.getByRole('textbox', { name: 'Playground code' });

async function typeInto(page: Page, code: string) {
  const editor = playgroundEditor(page);
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(code);
}

test('search finds a lesson term from the keyboard and opens the heading it is under', async ({ page }) => {
  await page.goto('');
  await page.keyboard.press('/');
  const dialog = page.getByRole('dialog', { name: 'Search the lessons' });
  await expect(dialog).toBeVisible();
  const input = dialog.getByRole('searchbox', { name: 'Search the lessons' });
  await expect(input).toBeFocused();
  await input.fill('immortal');
  await expect(dialog.getByRole('status').first()).toContainText('match “immortal”');
  const section = dialog.locator('a.hit-section', { hasText: 'Immortal objects' }).first();
  await expect(section).toHaveAttribute('href', /lessons\/freeing\/#immortal-objects/);
  await section.click();
  await expect(page).toHaveURL(/lessons\/freeing\/#immortal-objects$/);
  await expect(page.getByRole('heading', { level: 2, name: 'Immortal objects' })).toBeInViewport();
  // Ctrl+K opens it from anywhere; Escape closes it; words that are nowhere say so.
  await page.keyboard.press('Control+k');
  await expect(dialog).toBeVisible();
  // Pagefind falls back to ever shorter prefixes of a word it does not know, down to one letter, so only a
  // word whose first letter starts no word of any lesson finds nothing.
  await input.fill('ʬʬʬʬ');
  await expect(dialog.getByRole('status').first()).toHaveText('No lesson matches “ʬʬʬʬ”.');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('only lesson text is indexed: no other page, no buttons, no diagram controls', async ({ page }) => {
  await page.goto('');
  const indexed = await page.evaluate(async () => {
    const pagefind = await import(/* @vite-ignore */ `${location.origin}/pagefind/pagefind.js`);
    const found = new Map<string, string>();
    for (const query of ['python', 'run', 'playground', 'memory']) {
      for (const result of (await pagefind.search(query)).results) {
        const data = await result.data();
        found.set(data.url, data.content);
      }
    }
    return [...found];
  });
  expect(indexed.length).toBeGreaterThanOrEqual(3);
  for (const [url, content] of indexed) {
    expect(url).toMatch(/^\/lessons\/[a-z-]+\/$/);
    // The viewer's own labels ("values inline") may be named by the prose that explains them; these never are.
    for (const chrome of ['Open in playground', 'Ctrl/⌘ + Enter runs', 'Step 1 of', 'Skip to content']) {
      expect(content, url).not.toContain(chrome);
    }
  }
});

test('a permalink round trip: the code travels, nothing runs until Run', async ({ browser }) => {
  test.setTimeout(240_000);
  const code = 'greeting = "hello from a link"\nwords = greeting.split()\nprint(len(words), words[-1])\n';
  const writer = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await writer.newPage();
  await page.goto('playground/');
  await typeInto(page, code);
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByText('Link copied')).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(page.url());
  expect(copied).toMatch(/\/playground\/#code=[A-Za-z0-9_-]+$/);
  await writer.close();

  const reader = await browser.newContext();
  const shared = await reader.newPage();
  const engineRequests: string[] = [];
  shared.on('request', (r) => /pyodide|worker/.test(r.url()) && engineRequests.push(r.url()));
  await shared.goto(copied);
  await expect(shared.getByRole('status').filter({ hasText: 'It has not run' })).toBeVisible();
  await expect(playgroundEditor(shared)).toHaveText(code.trimEnd().split('\n').join(''));
  await shared.waitForTimeout(1000);
  expect(engineRequests).toEqual([]);
  await expect(shared.getByRole('region', { name: 'Output of Playground' })).toHaveCount(0);
  await expect(shared.locator('svg.memory-diagram')).toHaveCount(0);

  await shared.getByRole('button', { name: 'Run' }).click();
  const output = shared.getByRole('region', { name: 'Output of Playground' });
  await expect(output.locator('.output-text')).toHaveText('4 link\n', { timeout: 150_000 });
  const viewer = shared.getByRole('region', { name: 'Memory diagram of Playground' });
  await expect(viewer.locator('svg.memory-diagram')).toBeVisible();
  await viewer.focus();
  await shared.keyboard.press('End');
  await expect(viewer.locator('.step-text')).toContainText('words → list of 4 items');
  await reader.close();
});

test('a damaged link is explained and the playground still works', async ({ page }) => {
  await page.goto('playground/#code=not-really-compressed');
  await expect(page.getByRole('alert')).toContainText('damaged');
  await expect(playgroundEditor(page)).toContainText('a = [1, 2, 3]');
  await page.getByRole('combobox', { name: 'Example:' }).selectOption({ label: 'A function call' });
  await expect(playgroundEditor(page)).toContainText('def make_pair(x):');
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a lesson cell opens in the playground with its edited code, not run', async ({ page }) => {
  const lesson = new LessonPage(page);
  await lesson.goto('object-allocation');
  const cell = lesson.cell(1);
  await cell.setCode('x = [1, 2]\nprint(x)');
  await cell.root.getByRole('link', { name: 'Open in playground' }).click();
  await expect(page).toHaveURL(/\/playground\/#code=/);
  await expect(playgroundEditor(page)).toHaveText('x = [1, 2]print(x)');
  await expect(page.getByRole('status').filter({ hasText: 'It has not run' })).toBeVisible();
});

test('on a 360 px phone nothing overflows and the lesson menu is a disclosure', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  for (const path of ['', 'lessons/reference-counting/', 'playground/', 'no-such-page/']) {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    const [scrollWidth, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    expect(scrollWidth, path || 'home').toBeLessThanOrEqual(width);
  }
  await page.goto('lessons/reference-counting/');
  const menu = page.getByRole('button', { name: 'Lessons' });
  const sidebar = page.getByRole('navigation', { name: 'Lessons' });
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(sidebar).toBeHidden();
  await menu.click();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await expect(sidebar.getByRole('link', { name: 'Reference counting' })).toHaveAttribute('aria-current', 'page');
  // Escape from inside the menu closes it and gives focus back to the button.
  await sidebar.getByRole('link', { name: 'Introduction' }).focus();
  await page.keyboard.press('Escape');
  await expect(sidebar).toBeHidden();
  await expect(menu).toBeFocused();
  await menu.click();
  await sidebar.getByRole('link', { name: 'Introduction' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Introduction' })).toBeVisible();
  await context.close();
});

test('the theme choice is applied before paint and survives a reload', async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: 'light' });
  const page = await context.newPage();
  await page.goto('lessons/introduction/');
  const theme = page.getByRole('combobox', { name: 'Theme' });
  await expect(theme).toHaveValue('system');
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(await background()).toBe('rgb(255, 255, 255)');
  await theme.selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await background()).toBe('rgb(13, 17, 23)');
  // On reload, the first paint is already dark: the attribute is set by the time the body exists.
  await page.addInitScript(() => {
    document.addEventListener('DOMContentLoaded', () => {
      (window as unknown as { themeAtLoad: string | undefined }).themeAtLoad = document.documentElement.dataset.theme;
    });
  });
  await page.reload();
  expect(await page.evaluate(() => (window as unknown as { themeAtLoad?: string }).themeAtLoad)).toBe('dark');
  await expect(theme).toHaveValue('dark');
  // Code blocks follow: Shiki's dark colours.
  const codeBackground = await page
    .locator('pre.astro-code')
    .first()
    .evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(codeBackground).toBe('rgb(13, 17, 23)');
  // Back to "Auto": the system's scheme rules again, and follows it when it changes.
  await theme.selectOption('system');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await context.close();
});

test('a broken store does not break the page', async ({ page }) => {
  await page.addInitScript(() => {
    localStorage.setItem('ipm:theme', '{not json');
    localStorage.setItem('ipm:last-lesson', '{"slug": ["x"]');
  });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('');
  await expect(page.getByRole('combobox', { name: 'Theme' })).toHaveValue('system');
  await expect(page.getByRole('link', { name: /Continue where you left off/ })).toBeHidden();
  expect(errors).toEqual([]);
});

test('home: continue where you left off, lessons with their times, progress slot', async ({ page }) => {
  await page.goto('');
  await expect(page.getByRole('link', { name: /Continue where you left off/ })).toBeHidden();
  const lessons = page.locator('.lesson-list > li[data-lesson]');
  expect(await lessons.count()).toBeGreaterThanOrEqual(3);
  await expect(lessons.first()).toContainText(/\d+ min/);
  await expect(page.locator('#course-progress[data-progress-slot]')).toHaveCount(1);
  await page.goto('lessons/object-allocation/');
  await page.goto('');
  const resume = page.getByRole('link', { name: 'Continue where you left off: Names and objects' });
  await expect(resume).toBeVisible();
  await resume.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Names and objects' })).toBeVisible();
});

test('the home demo diagram is there before Python loads, and steps', async ({ page }) => {
  await page.goto('');
  const demo = page.getByRole('group', { name: 'Demo program', exact: true });
  const viewer = demo.getByRole('region', { name: 'Memory diagram of Demo program' });
  await viewer.scrollIntoViewIfNeeded();
  // It opens on the step its cell chose (step=3): both names on one list; back to the first, then to the last.
  await expect(viewer.locator('.step-count')).toHaveText(/^Step 3 of \d+/);
  await expect(viewer.locator('.step-text')).toContainText('a → list of 3 items (refcount 2); b → list of 3 items (refcount 2)');
  await expect(viewer.getByRole('button', { name: '« First' })).toBeEnabled();
  await viewer.getByRole('button', { name: '« First' }).click();
  await expect(viewer.locator('.step-text')).toContainText('Step 1:');
  await viewer.getByRole('button', { name: 'Last »' }).click();
  await expect(viewer.locator('.step-text')).toContainText('c → list of 4 items');
});

test('pages carry titles, descriptions and social tags', async ({ page }) => {
  await page.goto('lessons/reference-counting/');
  await expect(page).toHaveTitle('Reference counting · Inside Python Memory');
  await expect(page.locator('meta[name="description"]')).toHaveAttribute('content', /.{40,}/);
  await expect(page.locator('meta[property="og:type"]')).toHaveAttribute('content', 'article');
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute('content', 'Reference counting · Inside Python Memory');
  await expect(page.locator('meta[name="twitter:card"]')).toHaveAttribute('content', 'summary');
  await page.goto('no-such-page/');
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', 'noindex');
});

test('printing a lesson leaves the text and code, not the site around it', async ({ page }) => {
  await page.goto('lessons/introduction/');
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.site-header')).toBeHidden();
  await expect(page.getByRole('navigation', { name: 'Lessons' })).toBeHidden();
  await expect(page.locator('.cell-toolbar').first()).toBeHidden();
  await expect(page.locator('pre.astro-code').first()).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});

for (const theme of ['light', 'dark'] as const) {
  test(`every page type passes axe, with the reader's ${theme} theme`, async ({ browser }) => {
    test.setTimeout(240_000);
    const context = await browser.newContext({ colorScheme: theme === 'light' ? 'dark' : 'light' });
    await context.addInitScript((choice) => localStorage.setItem('ipm:theme', choice), theme);
    const page = await context.newPage();
    const check = async (what: string) => {
      const results = await new AxeBuilder({ page }).analyze();
      expect(
        results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
        what,
      ).toEqual([]);
    };
    for (const path of ['', 'lessons/introduction/', 'no-such-page/']) {
      await page.goto(path);
      for (const cell of await page.getByRole('group', { name: /^(Python cell|Demo program)/ }).all()) await cell.scrollIntoViewIfNeeded();
      await page.waitForLoadState('networkidle');
      await check(path || 'home');
    }
    await page.goto('playground/');
    await page.getByRole('button', { name: 'Run' }).click();
    await expect(page.locator('svg.memory-diagram')).toBeVisible({ timeout: 150_000 });
    await check('playground after a run');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('searchbox').fill('reference');
    await expect(page.locator('.search-results a').first()).toBeVisible();
    await check('search dialog');
    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto('lessons/introduction/');
    await page.getByRole('button', { name: 'Lessons' }).click();
    await check('phone, lesson menu open');
    await context.close();
  });
}
