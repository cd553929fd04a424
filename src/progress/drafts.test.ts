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

describe('drafts of cells that moved', () => {
  it('finds a draft by its original code in the lessons the page took from, and moves it to the new key', () => {
    const storage = memoryStorage();
    saveDraft('/lessons/allocation/#Python cell 7', 'x = [1]', 'x = [1, 2]', storage, 10);
    saveDraft('/lessons/other/#Python cell 1', 'y = 1', 'y = 2', storage, 20);
    expect(loadDraft('/lessons/identity/#Python cell 2', 'x = [1]', storage, ['identity', 'allocation'])).toBe('x = [1, 2]');
    const kept = JSON.parse(storage.items.get(DRAFTS_KEY)!);
    expect(Object.keys(kept).sort()).toEqual(['/lessons/identity/#Python cell 2', '/lessons/other/#Python cell 1']);
    // Found under its new key from now on, without the table.
    expect(loadDraft('/lessons/identity/#Python cell 2', 'x = [1]', storage)).toBe('x = [1, 2]');
  });

  it('finds a cell renumbered within its own lesson', () => {
    const storage = memoryStorage();
    saveDraft('/lessons/allocation/#Python cell 7', 'x = [1]', 'x = [1, 2]', storage);
    expect(loadDraft('/lessons/allocation/#Python cell 3', 'x = [1]', storage, ['allocation'])).toBe('x = [1, 2]');
  });

  it('takes no draft of other code, or from a lesson the page did not take from', () => {
    const storage = memoryStorage();
    saveDraft('/lessons/allocation/#Python cell 7', 'x = [1]', 'x = [1, 2]', storage);
    expect(loadDraft('/lessons/identity/#Python cell 2', 'x = [9]', storage, ['identity', 'allocation'])).toBeNull();
    expect(loadDraft('/lessons/identity/#Python cell 2', 'x = [1]', storage, ['identity'])).toBeNull();
  });
});
