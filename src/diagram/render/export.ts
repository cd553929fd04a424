/**
 * A diagram step as a file a teacher can put on a slide: a self-contained SVG
 * (every colour, font and dash written on the element itself, since the site's
 * stylesheet and its `light-dark()` variables do not travel with the file) and
 * a PNG drawn from that SVG. Browser-only: it reads the styles the page
 * computed for the drawn diagram, so the file shows what the reader sees.
 */

/** The presentation properties the diagram's stylesheet sets; written inline on every exported element. */
const PRESENTATION = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
] as const;

const SVG_NS = 'http://www.w3.org/2000/svg';
const CAPTION_LINE = 18;
const CAPTION_PAD = 10;

export interface ExportedSvg {
  text: string;
  width: number;
  height: number;
}

/**
 * A standalone copy of `svg` on a background of `background`, with `caption`
 * lines under the picture. Interactive attributes (focus, roles) are dropped:
 * a file is a picture; its text alternative is the caption and the `<title>`.
 */
export function standaloneSvg(svg: SVGSVGElement, { background, caption = [] }: { background: string; caption?: string[] }): ExportedSvg {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const originals = [svg, ...svg.querySelectorAll('*')];
  const copies = [copy, ...copy.querySelectorAll('*')];
  originals.forEach((original, i) => {
    const element = copies[i]!;
    const computed = getComputedStyle(original);
    const style = PRESENTATION.map((name) => `${name}: ${computed.getPropertyValue(name)}`).join('; ');
    element.setAttribute('style', style);
    for (const name of ['tabindex', 'role', 'aria-label', 'aria-describedby', 'class']) element.removeAttribute(name);
  });
  const width = Number(svg.getAttribute('width'));
  const pictureHeight = Number(svg.getAttribute('height'));
  const height = pictureHeight + (caption.length ? caption.length * CAPTION_LINE + 2 * CAPTION_PAD : 0);
  copy.setAttribute('xmlns', SVG_NS);
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(height));
  copy.setAttribute('viewBox', `0 0 ${width} ${height}`);

  const backdrop = document.createElementNS(SVG_NS, 'rect');
  for (const [name, value] of Object.entries({ x: '0', y: '0', width: String(width), height: String(height), fill: background })) {
    backdrop.setAttribute(name, value);
  }
  copy.insertBefore(backdrop, copy.firstChild);

  const textStyle = getComputedStyle(svg.querySelector('text') ?? svg);
  caption.forEach((line, i) => {
    const text = document.createElementNS(SVG_NS, 'text');
    text.setAttribute('x', String(CAPTION_PAD));
    text.setAttribute('y', String(pictureHeight + CAPTION_PAD + (i + 0.75) * CAPTION_LINE));
    text.setAttribute(
      'style',
      `fill: ${textStyle.getPropertyValue('fill')}; font-family: ${textStyle.getPropertyValue('font-family')}; font-size: 13px`,
    );
    text.setAttribute('xml:space', 'preserve');
    text.textContent = line;
    copy.appendChild(text);
  });

  const label = document.createElementNS(SVG_NS, 'title');
  label.textContent = svg.getAttribute('aria-label') ?? 'Memory diagram';
  copy.insertBefore(label, copy.firstChild);
  return { text: `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}`, width, height };
}

/** The SVG drawn at its own size on a canvas, as a PNG. */
export async function svgToPng({ text, width, height }: ExportedSvg): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    const image = new Image(width, height);
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    canvas.getContext('2d')?.drawImage(image, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The browser could not make a PNG.'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Hands `blob` to the browser as a download called `name`. */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
