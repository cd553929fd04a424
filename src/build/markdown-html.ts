/**
 * The Markdown of exercises and questions (prompts, hints, explanations) as
 * HTML, at build time. Islands receive it ready to show, highlighted with the
 * same Shiki themes as the lesson's own code (astro.config.mjs).
 */
import { createMarkdownProcessor, type MarkdownRenderer } from '@astrojs/markdown-remark';

// One processor for the whole build: making it loads Shiki's grammars and themes.
let markdown: Promise<MarkdownRenderer> | null = null;

export async function toHtml(text: string): Promise<string> {
  markdown ??= createMarkdownProcessor({
    shikiConfig: { themes: { light: 'github-light', dark: 'github-dark-default' } },
  });
  return (await (await markdown).render(text)).code;
}
