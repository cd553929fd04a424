import { describe, expect, it } from 'vitest';
import { EMBED_DEFAULTS, embedHeight, embedOptionParams, embedURL, iframeSnippet, openingStep, parseEmbedOptions } from './embed.ts';
import { decodeHash } from './permalink.ts';

describe('embed options', () => {
  it('are the defaults when the hash carries none', () => {
    expect(parseEmbedOptions('')).toEqual(EMBED_DEFAULTS);
    expect(parseEmbedOptions('#code=abc')).toEqual(EMBED_DEFAULTS);
  });

  it('read every option from the hash', () => {
    expect(parseEmbedOptions('#code=abc&step=last&inline=1&ids=true&diagram=0&readonly=1&theme=dark')).toEqual({
      step: 'last',
      inline: true,
      ids: true,
      diagram: false,
      readOnly: true,
      theme: 'dark',
      versions: [],
    });
    expect(parseEmbedOptions('step=4').step).toBe(4);
    expect(parseEmbedOptions('#code=abc&versions=3.13,3.14').versions).toEqual(['3.13', '3.14']);
  });

  it('ignore values they cannot use', () => {
    expect(parseEmbedOptions('#step=0&inline=maybe&theme=sepia&diagram=')).toEqual(EMBED_DEFAULTS);
    expect(parseEmbedOptions('#step=-2').step).toBe(1);
    expect(parseEmbedOptions('#step=2.5').step).toBe(1);
  });

  it('write only what differs from the defaults, and read back the same', () => {
    expect(embedOptionParams({})).toBe('');
    expect(embedOptionParams({ diagram: true, step: 1 })).toBe('');
    const options = {
      step: 'last' as const,
      inline: true,
      ids: false,
      diagram: true,
      readOnly: true,
      theme: 'light' as const,
      versions: ['3.12', '3.15'],
    };
    const params = embedOptionParams(options);
    expect(params).toBe('step=last&inline=1&readonly=1&theme=light&versions=3.12,3.15');
    expect(parseEmbedOptions(params)).toEqual(options);
  });

  it('open on the chosen step, clamped to the trace', () => {
    expect(openingStep(1, 10)).toBe(0);
    expect(openingStep(4, 10)).toBe(3);
    expect(openingStep(40, 10)).toBe(9);
    expect(openingStep('last', 10)).toBe(9);
    expect(openingStep('last', 0)).toBe(0);
  });
});

describe('embed URL and snippet', () => {
  it('carry the code in the playground’s permalink format, then the options', async () => {
    const code = 'a = [1, 2]\nb = a\nprint("<&>")\n';
    const url = await embedURL('https://example.org/course', code, { step: 'last', diagram: false });
    expect(url.startsWith('https://example.org/course/embed/#code=')).toBe(true);
    const hash = new URL(url).hash;
    expect(await decodeHash(hash)).toEqual({ status: 'ok', code });
    expect(parseEmbedOptions(hash)).toMatchObject({ step: 'last', diagram: false });
  });

  it('is an iframe with a title and a height, its attributes escaped', () => {
    const snippet = iframeSnippet('https://x.org/embed/#code=a&step=2', { title: 'Memory of "pairs" <demo>', height: 480.4 });
    expect(snippet).toBe(
      '<iframe src="https://x.org/embed/#code=a&amp;step=2" title="Memory of &quot;pairs&quot; &lt;demo>" width="100%" height="480" ' +
        'style="border: 1px solid #d0d7de; border-radius: 8px;" loading="lazy"></iframe>',
    );
  });

  it('is taller for longer code and with a diagram, up to a cap', () => {
    expect(embedHeight('x = 1', true)).toBeGreaterThan(embedHeight('x = 1', false));
    expect(embedHeight('x = 1\n'.repeat(10), true)).toBeGreaterThan(embedHeight('x = 1', true));
    expect(embedHeight('x = 1\n'.repeat(200), true)).toBe(embedHeight('x = 1\n'.repeat(50), true));
  });
});
