/**
 * "Download SVG / PNG" for the diagram's current step, with an optional
 * caption (the line about to run and the step's narration), so a teacher can
 * put a step of a real CPython diagram on a slide or a handout.
 */
import type { RefObject } from 'preact';
import { useState } from 'preact/hooks';
import { download, standaloneSvg, svgToPng } from '../diagram/render/export.ts';

interface Props {
  /** The element holding the drawn `<svg>` (its background is the picture's). */
  frame: RefObject<HTMLElement>;
  /** 1-based step number, for the file name. */
  step: number;
  /** Caption lines (code line, step text); written only when the reader asks for them. */
  caption: string[];
  disabled: boolean;
}

export function ExportStep({ frame, step, caption, disabled }: Props) {
  const [withCaption, setWithCaption] = useState(false);
  const [error, setError] = useState('');

  function picture() {
    const svg = frame.current?.querySelector('svg');
    if (!svg || !frame.current) throw new Error('There is no diagram to export yet.');
    return standaloneSvg(svg, { background: getComputedStyle(frame.current).backgroundColor, caption: withCaption ? caption : [] });
  }

  async function save(kind: 'svg' | 'png') {
    setError('');
    try {
      const exported = picture();
      const blob = kind === 'svg' ? new Blob([exported.text], { type: 'image/svg+xml' }) : await svgToPng(exported);
      download(blob, `memory-step-${step}.${kind}`);
    } catch (problem) {
      setError(problem instanceof Error ? problem.message : String(problem));
    }
  }

  return (
    <div class="export-step" role="group" aria-label="Download this step">
      <span class="export-label">Download step:</span>
      <button type="button" class="button" disabled={disabled} onClick={() => void save('svg')}>
        SVG
      </button>
      <button type="button" class="button" disabled={disabled} onClick={() => void save('png')}>
        PNG
      </button>
      <label class="toggle">
        <input
          type="checkbox"
          disabled={disabled}
          checked={withCaption}
          onChange={(e) => setWithCaption((e.target as HTMLInputElement).checked)}
        />{' '}
        with caption
      </label>
      {error && (
        <span class="export-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
