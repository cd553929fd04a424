/**
 * Teachers' embeds and exported steps: /embed/ framed by a page on another
 * site, the Embed dialog of a lesson cell, and a step downloaded as SVG and
 * PNG that shows, outside the site, what the page showed.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { embedURL, iframeSnippet } from '../src/site/embed.ts';
import { decodeHash } from '../src/site/permalink.ts';
import { LessonPage } from './lesson-page.ts';
import { type StaticHost, serveStatic } from './static-server.ts';

const PROGRAM = 'a = [1, 2, 3]\nb = a\nb.append(4)\nprint(a)\n';
const TITLE = 'Aliasing, live';

let teacher: StaticHost;
let teacherHtml = '';

test.beforeAll(async ({ baseURL }) => {
  // The teacher's page: another site (localhost, not 127.0.0.1) on another port, plain static files.
  const src = await embedURL(baseURL!, PROGRAM, { step: 'last', ids: true });
  teacherHtml = `<!doctype html><html lang="en"><head><title>My course notes</title></head><body>
    <h1>Week 3: names and objects</h1>${iframeSnippet(src, { title: TITLE, height: 640 })}</body></html>`;
  teacher = await serveStatic(await mkdtemp(path.join(tmpdir(), 'teacher-')), '/', { extraFiles: { 'notes.html': teacherHtml } });
});

test.afterAll(async () => {
  await teacher?.close();
});

/** The teacher's page on a host name other than the course's: a cross-site frame. */
const teacherPage = () => `${teacher.url.replace('127.0.0.1', 'localhost')}notes.html`;

test('an embed on another site shows the code, runs only on Run, and steps by keyboard', async ({ page }) => {
  test.setTimeout(240_000);
  const engineRequests: string[] = [];
  page.on('request', (r) => /pyodide/.test(r.url()) && engineRequests.push(r.url()));
  await page.goto(teacherPage());
  const frame = page.frameLocator(`iframe[title="${TITLE}"]`);
  const editor = frame.getByRole('textbox', { name: 'Embedded program: code' });
  await expect(editor).toHaveText(PROGRAM.trimEnd().split('\n').join(''));
  // Shown, not run: no output, no diagram, no Python downloaded.
  await expect(frame.getByText('Nothing has run yet')).toBeVisible();
  await page.waitForTimeout(1000);
  expect(engineRequests).toEqual([]);
  await expect(frame.getByRole('region', { name: 'Output of Embedded program' })).toHaveCount(0);
  // The page around the program is not there: no site header, search or footer.
  await expect(frame.locator('.site-header, .site-footer, .search-dialog')).toHaveCount(0);

  await frame.getByRole('button', { name: 'Run' }).click();
  const output = frame.getByRole('region', { name: 'Output of Embedded program' });
  await expect(output.locator('.output-text')).toHaveText('[1, 2, 3, 4]\n', { timeout: 150_000 });
  const viewer = frame.getByRole('region', { name: 'Memory diagram of Embedded program' });
  await expect(viewer.locator('svg.memory-diagram')).toBeVisible();
  // step=last: it opens on the end; ids=1: the ids are shown (above each box, clear of its count).
  const count = viewer.locator('.step-count');
  const [, total] = /Step (\d+) of (\d+)/.exec((await count.textContent()) ?? '')!.map(Number) as [number, number, number];
  await expect(count).toHaveText(`Step ${total} of ${total}`);
  await expect(viewer.getByRole('checkbox', { name: 'ids' })).toBeChecked();
  await expect(viewer.locator('.object .object-id').first()).toContainText('0x');

  // Keyboard only, inside the frame.
  await viewer.focus();
  await page.keyboard.press('Home');
  await expect(count).toHaveText(`Step 1 of ${total}`);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(count).toHaveText(`Step 3 of ${total}`);
  await expect(viewer.locator('.step-text')).toContainText('b → list');
  // Run again: the reader stays on the step they were reading, and the focus stays on Run.
  const run = frame.getByRole('button', { name: 'Run' });
  await viewer.locator('svg.memory-diagram').evaluate((svg) => svg.setAttribute('data-before-run', ''));
  await run.focus();
  await page.keyboard.press('Enter');
  await expect(viewer.locator('svg.memory-diagram[data-before-run]')).toHaveCount(0); // the new run's diagram
  await expect(viewer.locator('svg.memory-diagram')).toBeVisible();
  await expect(count).toHaveText(`Step 3 of ${total}`);
  await expect(run).toBeFocused();
});

test('the embed is axe-clean in dark colours, honours read-only and diagram=0, and explains a damaged link', async ({ page, baseURL }) => {
  test.setTimeout(240_000);
  await page.goto(await embedURL(baseURL!, PROGRAM, { readOnly: true, theme: 'dark' }));
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const editor = page.getByRole('textbox', { name: 'Embedded program (read-only)' });
  await expect(editor).toHaveAttribute('aria-readonly', 'true');
  await editor.click();
  await page.keyboard.type('junk');
  await expect(editor).toHaveText(PROGRAM.trimEnd().split('\n').join(''));
  await page.getByRole('button', { name: 'Run' }).click();
  const output = page.getByRole('region', { name: 'Output of Embedded program' }).locator('.output-text');
  await expect(output).toHaveText('[1, 2, 3, 4]\n', { timeout: 150_000 });
  await expect(page.locator('svg.memory-diagram')).toBeVisible();
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);

  await page.goto(await embedURL(baseURL!, PROGRAM, { diagram: false }));
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(output).toHaveText('[1, 2, 3, 4]\n', { timeout: 150_000 });
  await expect(page.locator('svg.memory-diagram, .embed-waiting')).toHaveCount(0); // output only

  await page.goto('embed/#code=not-really-compressed');
  await expect(page.getByRole('alert')).toContainText('damaged');
  await expect(page.getByRole('button', { name: 'Run' })).toBeEnabled();
});

test('a lesson cell’s Embed dialog gives a snippet with the edited code, a preview and one-click copy', async ({ browser }) => {
  test.setTimeout(240_000);
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  const lesson = new LessonPage(page);
  await lesson.goto('object-allocation');
  const cell = lesson.cell(1);
  await cell.setCode('x = [1, 2]\nprint(x)');
  await cell.root.getByRole('button', { name: 'Embed' }).click();
  const dialog = page.getByRole('dialog', { name: 'Embed this program' });
  await expect(dialog).toBeVisible();
  const snippet = await dialog.getByRole('textbox', { name: 'HTML to paste' }).inputValue();
  expect(snippet).toMatch(/^<iframe src="http:\/\/[^"]+\/embed\/#code=[^"]+" title="[^"]+" width="100%" height="\d+"/);
  const src = /src="([^"]+)"/.exec(snippet)![1]!.replace(/&amp;/g, '&');
  expect(await decodeHash(new URL(src).hash)).toEqual({ status: 'ok', code: 'x = [1, 2]\nprint(x)' });

  await dialog.getByRole('combobox', { name: 'Open the diagram on' }).selectOption('last');
  await expect(dialog.getByRole('textbox', { name: 'HTML to paste' })).toHaveValue(/step=last/);
  await dialog.getByRole('button', { name: 'Copy HTML' }).click();
  await expect(dialog.getByRole('status')).toContainText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(/step=last/);
  const preview = dialog.frameLocator('iframe.embed-preview');
  await expect(preview.getByRole('textbox', { name: 'Embedded program: code' })).toHaveText('x = [1, 2]print(x)');

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(cell.root.getByRole('button', { name: 'Embed' })).toBeFocused();
  await context.close();
});

/** Share of pixels that differ noticeably between two PNG screenshots of the same size. */
async function pixelDifference(page: Page, a: Buffer, b: Buffer): Promise<number> {
  return page.evaluate(
    async ([first, second]) => {
      const pixels = async (data: string) => {
        const image = new Image();
        image.src = `data:image/png;base64,${data}`;
        await image.decode();
        const canvas = new OffscreenCanvas(image.width, image.height);
        const context = canvas.getContext('2d')!;
        context.drawImage(image, 0, 0);
        return context.getImageData(0, 0, image.width, image.height);
      };
      const [x, y] = [await pixels(first), await pixels(second)];
      // An element on the page can sit at a fractional position, so its screenshot may be a pixel larger.
      if (Math.abs(x.width - y.width) > 1 || Math.abs(x.height - y.height) > 1) return 1;
      const [width, height] = [Math.min(x.width, y.width), Math.min(x.height, y.height)];
      let differing = 0;
      for (let row = 0; row < height; row++) {
        for (let column = 0; column < width; column++) {
          const [i, j] = [(row * x.width + column) * 4, (row * y.width + column) * 4];
          const delta =
            Math.abs(x.data[i]! - y.data[j]!) + Math.abs(x.data[i + 1]! - y.data[j + 1]!) + Math.abs(x.data[i + 2]! - y.data[j + 2]!);
          if (delta > 60) differing++;
        }
      }
      return differing / (width * height);
    },
    [a.toString('base64'), b.toString('base64')] as const,
  );
}

async function downloadFrom(page: Page, button: Locator): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return { name: download.suggestedFilename(), bytes: await readFile((await download.path())!) };
}

test('a step downloads as a self-contained SVG, drawn as on the page, and a PNG of the diagram’s size', async ({ page, browser }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1600, height: 1000 }); // the whole diagram on screen, to compare with the file
  await page.goto('playground/');
  await page.getByRole('button', { name: 'Run' }).click();
  const viewer = page.getByRole('region', { name: 'Memory diagram of Playground' });
  const diagram = viewer.locator('svg.memory-diagram');
  await expect(diagram).toBeVisible({ timeout: 150_000 });
  // A new diagram opens on its last step.
  await expect(viewer.getByRole('button', { name: 'Last »' })).toBeDisabled();
  await page.mouse.move(0, 0); // no hover or focus marks in either picture
  const onPage = await diagram.screenshot();
  const size = { width: Number(await diagram.getAttribute('width')), height: Number(await diagram.getAttribute('height')) };

  const svg = await downloadFrom(page, viewer.getByRole('button', { name: 'SVG' }));
  expect(svg.name).toMatch(/^memory-step-\d+\.svg$/);
  const text = svg.bytes.toString('utf8');
  // It parses as SVG, holds the step's objects, and needs no stylesheet: no class is left to style.
  const parsed = await page.evaluate((source) => {
    const doc = new DOMParser().parseFromString(source, 'image/svg+xml');
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      root: doc.documentElement.localName,
      classes: doc.querySelectorAll('[class]').length,
      texts: [...doc.querySelectorAll('text')].map((t) => t.textContent),
    };
  }, text);
  expect(parsed.error).toBeNull();
  expect(parsed.root).toBe('svg');
  expect(parsed.classes).toBe(0);
  expect(parsed.texts.join(' ')).toContain('Global frame');
  expect(parsed.texts.some((t) => t?.startsWith('list'))).toBe(true);

  // Outside the site, in a fresh page of its own, it draws the same picture.
  const outside = await browser.newPage();
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'export-')), svg.name);
  await writeFile(file, svg.bytes);
  await outside.goto(`file://${file}`);
  const standalone = await outside.locator('svg').screenshot();
  expect(await pixelDifference(page, onPage, standalone)).toBeLessThan(0.02);
  await outside.close();

  const png = await downloadFrom(page, viewer.getByRole('button', { name: 'PNG' }));
  expect(png.name).toMatch(/\.png$/);
  expect(png.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  expect({ width: png.bytes.readUInt32BE(16), height: png.bytes.readUInt32BE(20) }).toEqual(size);
  expect(await pixelDifference(page, onPage, png.bytes)).toBeLessThan(0.02);

  // With a caption: the line about to run and the step's narration, under the picture.
  await viewer.getByRole('button', { name: '« First' }).click();
  await viewer.getByRole('checkbox', { name: 'with caption' }).check();
  const captioned = (await downloadFrom(page, viewer.getByRole('button', { name: 'SVG' }))).bytes.toString('utf8');
  expect(captioned).toContain('Line 1: a = [1, 2, 3]');
  expect(captioned).toMatch(/Step 1 of \d+/);
});
