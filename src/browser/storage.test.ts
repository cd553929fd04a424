import { describe, expect, it } from 'vitest';
import { getItem, readItem, removeItem, type StorageLike, setItem } from './storage.ts';

/** A storage whose every call throws `error`. */
const refusing = (error: unknown): StorageLike => ({
  getItem: () => {
    throw error;
  },
  setItem: () => {
    throw error;
  },
  removeItem: () => {
    throw error;
  },
});

describe('safe storage', () => {
  it('reads, writes and removes like the storage it wraps', () => {
    const map = new Map<string, string>();
    const storage: StorageLike = {
      getItem: (key) => map.get(key) ?? null,
      setItem: (key, value) => void map.set(key, value),
      removeItem: (key) => void map.delete(key),
    };
    expect(readItem(storage, 'k')).toEqual({ ok: true, value: null });
    expect(setItem(storage, 'k', 'v')).toBe('saved');
    expect(getItem(storage, 'k')).toBe('v');
    expect(removeItem(storage, 'k')).toBe(true);
    expect(getItem(storage, 'k')).toBeNull();
  });

  it('never throws: no storage, a refusing one, a full one', () => {
    for (const missing of [null, undefined]) {
      expect(readItem(missing, 'k')).toEqual({ ok: false });
      expect(getItem(missing, 'k')).toBeNull();
      expect(setItem(missing, 'k', 'v')).toBe('failed');
      expect(removeItem(missing, 'k')).toBe(false);
    }
    const denied = refusing(new DOMException('denied', 'SecurityError'));
    expect(readItem(denied, 'k')).toEqual({ ok: false });
    expect(setItem(denied, 'k', 'v')).toBe('failed');
    expect(removeItem(denied, 'k')).toBe(false);
    expect(setItem(refusing(new DOMException('full', 'QuotaExceededError')), 'k', 'v')).toBe('full');
    expect(setItem(refusing(new DOMException('full', 'NS_ERROR_DOM_QUOTA_REACHED')), 'k', 'v')).toBe('full');
    expect(setItem(refusing(new Error('Quota exceeded')), 'k', 'v')).toBe('full');
    expect(setItem(refusing('odd'), 'k', 'v')).toBe('failed');
  });
});
