import { describe, expect, it } from 'vitest';
import { DRAFTS_KEY, loadDraft, MAX_DRAFTS, saveDraft } from './drafts.ts';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
    items,
  };
}

describe('cell drafts', () => {
  it('keeps an edit and gives it back while the cell has the same original code', () => {
    const storage = memoryStorage();
    saveDraft('/l/#cell 1', 'a = 1', 'a = 2', storage);
    expect(loadDraft('/l/#cell 1', 'a = 1', storage)).toBe('a = 2');
    expect(loadDraft('/l/#cell 2', 'a = 1', storage)).toBeNull();
    // The author rewrote the cell: the reader starts from the new code.
    expect(loadDraft('/l/#cell 1', 'a = 10', storage)).toBeNull();
  });

  it('forgets the draft when the code is the original again (Reset)', () => {
    const storage = memoryStorage();
    saveDraft('c', 'x', 'y', storage);
    saveDraft('c', 'x', 'x', storage);
    expect(loadDraft('c', 'x', storage)).toBeNull();
    expect(storage.items.has(DRAFTS_KEY)).toBe(false);
  });

  it('drops the oldest drafts past the cap, and survives a corrupt value', () => {
    const storage = memoryStorage();
    for (let i = 0; i <= MAX_DRAFTS; i++) saveDraft(`c${i}`, 'o', `e${i}`, storage, i);
    expect(loadDraft('c0', 'o', storage)).toBeNull();
    expect(loadDraft(`c${MAX_DRAFTS}`, 'o', storage)).toBe(`e${MAX_DRAFTS}`);
    storage.setItem(DRAFTS_KEY, '{not json');
    expect(loadDraft('c1', 'o', storage)).toBeNull();
    saveDraft('c1', 'o', 'again', storage);
    expect(loadDraft('c1', 'o', storage)).toBe('again');
  });

  it('works without storage at all', () => {
    expect(() => saveDraft('c', 'o', 'e', undefined)).not.toThrow();
    expect(loadDraft('c', 'o', undefined)).toBeNull();
  });
});
