/**
 * How big a diagram is drawn: fitted to its box by default, never below a legible size unless the
 * reader zooms out on purpose, and the zoom steps the keyboard (+ − 0), the buttons, pinch and
 * Ctrl+wheel move through. Pure.
 */

export const ZOOM = {
  /** The smallest fit: 12px text drawn at 9px. Below it the box scrolls instead (with a cue). */
  legible: 0.75,
  /** The reader's own zoom stays within these. */
  min: 0.4,
  max: 2,
  /** Where + and − go. */
  steps: [0.4, 0.5, 0.6, 0.75, 0.9, 1, 1.25, 1.5, 2],
} as const;

/** The scale that fits a diagram `diagramWidth` wide in a box `boxWidth` wide: never enlarged, never below legible. */
export function fitScale(diagramWidth: number, boxWidth: number): number {
  if (diagramWidth <= 0 || boxWidth <= 0) return 1;
  return Math.min(1, Math.max(ZOOM.legible, boxWidth / diagramWidth));
}

/** The reader's zoom kept in range. */
export function clampScale(scale: number): number {
  return Math.min(ZOOM.max, Math.max(ZOOM.min, scale));
}

/** The next zoom step in `direction` (+1 in, −1 out) from `scale`. */
export function zoomStep(scale: number, direction: 1 | -1): number {
  const epsilon = 0.001;
  if (direction > 0) return ZOOM.steps.find((s) => s > scale + epsilon) ?? ZOOM.max;
  return [...ZOOM.steps].reverse().find((s) => s < scale - epsilon) ?? ZOOM.min;
}

/** What a key does to the zoom: 'in', 'out', 'fit', or null for a key that is not a zoom key. */
export function zoomKey(key: string): 'in' | 'out' | 'fit' | null {
  if (key === '+' || key === '=') return 'in';
  if (key === '-' || key === '_' || key === '−') return 'out';
  if (key === '0') return 'fit';
  return null;
}

/** Which edges of a scrolled box hide part of the diagram. */
export function hiddenEdges(box: { scrollLeft: number; scrollWidth: number; clientWidth: number }): { left: boolean; right: boolean } {
  return { left: box.scrollLeft > 1, right: box.scrollLeft + box.clientWidth < box.scrollWidth - 1 };
}
