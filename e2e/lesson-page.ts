import { expect, type Locator, type Page } from '@playwright/test';

/** A lesson page and its live cells, addressed the way a reader finds them. */
export class LessonPage {
  readonly consoleErrors: string[] = [];

  constructor(readonly page: Page) {
    page.on('console', (message) => {
      if (message.type() === 'error') this.consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => this.consoleErrors.push(String(error)));
  }

  async goto(slug: string) {
    await this.page.goto(`lessons/${slug}/`);
  }

  cell(n: number): LiveCellHandle {
    return new LiveCellHandle(this.page, this.page.getByRole('group', { name: `Python cell ${n}`, exact: true }));
  }
}

export class LiveCellHandle {
  readonly editor: Locator;
  readonly run: Locator;
  readonly output: Locator;

  constructor(
    readonly page: Page,
    readonly root: Locator,
  ) {
    this.editor = root.getByRole('textbox');
    this.run = root.getByRole('button', { name: 'Run' });
    this.output = root.getByRole('region', { name: /^Output of/ });
  }

  /** Replaces the cell's code as a reader would (select all, then type over it). */
  async setCode(code: string) {
    await this.root.scrollIntoViewIfNeeded();
    // The editor loads when the reader clicks into the code (the island must have hydrated first).
    await expect(this.run).toBeEnabled();
    if (!(await this.editor.isVisible())) await this.root.getByRole('group', { name: /^Code of/ }).click();
    await expect(this.editor).toBeVisible();
    await this.editor.click();
    await this.page.keyboard.press('ControlOrMeta+A');
    // insertText avoids the editor's auto-closing brackets and auto-indent.
    await this.page.keyboard.insertText(code);
  }

  /** Runs the cell and waits for its verdict. */
  async runAndWait(timeout = 90_000) {
    await expect(this.run).toBeEnabled();
    await this.run.click();
    await expect(this.output.locator('.verdict')).toBeVisible({ timeout });
  }

  verdict(): Locator {
    return this.output.locator('.verdict');
  }
}
