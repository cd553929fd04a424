/**
 * The embed's address and the snippet teachers paste. `/embed/` takes the
 * playground's permalink (`#code=…`, src/site/permalink.ts) plus options in the
 * same hash, so one link format serves both and a host page never needs a
 * server: `#code=…&step=last&inline=1&ids=1&diagram=0&readonly=1&theme=dark`, and
 * `versions=3.12,3.14` to run it on several Pythons side by side.
 * Only options that differ from the defaults are written; unknown keys and
 * values the page cannot use are ignored, so an old or hand-edited link still
 * opens.
 */
import { encodeCode, VERSIONS_KEY, versionsOf } from './permalink.ts';

export interface EmbedOptions {
  /** The diagram's step after a Run: a 1-based step number (past the end means the last), or the last. */
  step: number | 'last';
  /** Scalars drawn inside their slots. */
  inline: boolean;
  /** Object ids in the box headers. */
  ids: boolean;
  /** Trace the run and show the memory diagram; off: output only. */
  diagram: boolean;
  /** The reader can run and step but not edit the code. */
  readOnly: boolean;
  /** Colours: the host page's choice, or the reader's system setting. */
  theme: 'light' | 'dark' | 'system';
  /** The Pythons to run it on side by side (as the playground's link writes them); none: the course's. */
  versions: string[];
}

export const EMBED_DEFAULTS: EmbedOptions = {
  step: 1,
  inline: false,
  ids: false,
  diagram: true,
  readOnly: false,
  theme: 'system',
  versions: [],
};

const FLAGS = { inline: 'inline', ids: 'ids', diagram: 'diagram', readOnly: 'readonly' } as const;

function flag(value: string | null, fallback: boolean): boolean {
  if (value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  return fallback;
}

/** The options a URL hash (with or without its `#`) carries; anything missing or unusable is the default. */
export function parseEmbedOptions(hash: string): EmbedOptions {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const options = { ...EMBED_DEFAULTS };
  const step = params.get('step');
  if (step === 'last') options.step = 'last';
  else if (step !== null && /^\d+$/.test(step) && Number(step) >= 1) options.step = Number(step);
  for (const [key, param] of Object.entries(FLAGS) as [keyof typeof FLAGS, string][]) {
    options[key] = flag(params.get(param), EMBED_DEFAULTS[key]);
  }
  const theme = params.get('theme');
  if (theme === 'light' || theme === 'dark') options.theme = theme;
  options.versions = versionsOf(hash);
  return options;
}

/** The hash parameters (without `code`) for `options`: only what differs from the defaults. */
export function embedOptionParams(options: Partial<EmbedOptions>): string {
  const full = { ...EMBED_DEFAULTS, ...options };
  const params = new URLSearchParams();
  if (full.step !== EMBED_DEFAULTS.step) params.set('step', String(full.step));
  for (const [key, param] of Object.entries(FLAGS) as [keyof typeof FLAGS, string][]) {
    if (full[key] !== EMBED_DEFAULTS[key]) params.set(param, full[key] ? '1' : '0');
  }
  if (full.theme !== EMBED_DEFAULTS.theme) params.set('theme', full.theme);
  // Written by hand: URLSearchParams would escape the commas.
  const versions = full.versions.length ? `${VERSIONS_KEY}=${full.versions.join(',')}` : '';
  return [params.toString(), versions].filter(Boolean).join('&');
}

/** The 0-based step a diagram of `count` steps opens on. */
export function openingStep(step: EmbedOptions['step'], count: number): number {
  const last = Math.max(0, count - 1);
  return step === 'last' ? last : Math.min(step - 1, last);
}

/** Absolute URL of the embed showing `code`, for a site whose root is `siteRoot` (origin + base path). */
export async function embedURL(siteRoot: string, code: string, options: Partial<EmbedOptions> = {}): Promise<string> {
  const extra = embedOptionParams(options);
  return `${siteRoot.replace(/\/?$/, '/')}embed/#${await encodeCode(code)}${extra ? `&${extra}` : ''}`;
}

/** Frame height that shows the editor, output and (when on) a diagram without the host page scrolling inside it. */
export function embedHeight(code: string, diagram: boolean): number {
  const lines = Math.min(code.split('\n').length, 20);
  return (diagram ? 420 : 180) + lines * 20;
}

function attribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** The `<iframe>` a teacher pastes: titled for screen readers, full width, a height that fits. */
export function iframeSnippet(url: string, { title, height }: { title: string; height: number }): string {
  return (
    `<iframe src="${attribute(url)}" title="${attribute(title)}" width="100%" height="${Math.round(height)}" ` +
    'style="border: 1px solid #d0d7de; border-radius: 8px;" loading="lazy"></iframe>'
  );
}
