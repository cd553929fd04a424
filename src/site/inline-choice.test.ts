import { describe, expect, it } from 'vitest';
import { INLINE_KEY, readInlineChoice, writeInlineChoice } from './inline-choice.ts';

describe('the values-inline choice', () => {
  it('is null until the reader chooses, then what they chose', () => {
    const items = new Map<string, string>();
    const storage = { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v) };
    expect(readInlineChoice(storage)).toBeNull();
    writeInlineChoice(false, storage);
    expect(readInlineChoice(storage)).toBe(false);
    writeInlineChoice(true, storage);
    expect(readInlineChoice(storage)).toBe(true);
    items.set(INLINE_KEY, 'garbage');
    expect(readInlineChoice(storage)).toBeNull();
  });

  it('works without storage', () => {
    expect(readInlineChoice(undefined)).toBeNull();
    expect(() => writeInlineChoice(true, undefined)).not.toThrow();
  });
});
