import { describe, expect, it } from 'vitest';
import { clampScale, fitScale, hiddenEdges, ZOOM, zoomKey, zoomStep } from './zoom.ts';

describe('diagram zoom', () => {
  it('fits a wide diagram to its box, never enlarging it and never below a legible size', () => {
    expect(fitScale(600, 1200)).toBe(1);
    expect(fitScale(684, 600)).toBeCloseTo(600 / 684);
    expect(fitScale(684, 282)).toBe(ZOOM.legible);
  });

  it('steps in and out through the zoom steps, within range', () => {
    expect(zoomStep(1, 1)).toBe(1.25);
    expect(zoomStep(1, -1)).toBe(0.9);
    expect(zoomStep(0.82, -1)).toBe(0.75);
    expect(zoomStep(ZOOM.max, 1)).toBe(ZOOM.max);
    expect(zoomStep(ZOOM.min, -1)).toBe(ZOOM.min);
    expect(clampScale(9)).toBe(ZOOM.max);
    expect(clampScale(0.01)).toBe(ZOOM.min);
  });

  it('reads + − and 0 (with or without Shift) as zoom keys, and nothing else', () => {
    expect(['+', '=', '-', '_', '0', 'a', 'ArrowLeft'].map(zoomKey)).toEqual(['in', 'in', 'out', 'out', 'fit', null, null]);
  });

  it('tells which edges hide part of a scrolled diagram', () => {
    expect(hiddenEdges({ scrollLeft: 0, scrollWidth: 500, clientWidth: 500 })).toEqual({ left: false, right: false });
    expect(hiddenEdges({ scrollLeft: 0, scrollWidth: 700, clientWidth: 300 })).toEqual({ left: false, right: true });
    expect(hiddenEdges({ scrollLeft: 400, scrollWidth: 700, clientWidth: 300 })).toEqual({ left: true, right: false });
  });
});
