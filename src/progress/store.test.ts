import { describe, expect, it } from 'vitest';
import {
  applyMoves,
  BACKUP_PREFIX,
  mergeProgress,
  type ProgressData,
  ProgressStore,
  parseProgress,
  STORE_KEY,
  type StorageLike,
  VERSION,
} from './store.ts';

/** A Storage over a Map; `quota` (characters of all values) makes setItem throw like a full browser store. */
class MemoryStorage implements StorageLike {
  map = new Map<string, string>();
  quota = Infinity;
  failReads = false;
  getItem(key: string) {
    if (this.failReads) throw new DOMException('denied', 'SecurityError');
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    const used = [...this.map].filter(([k]) => k !== key).reduce((n, [, v]) => n + v.length, 0);
    if (used + value.length > this.quota) throw new DOMException('full', 'QuotaExceededError');
    this.map.set(key, value);
  }
  removeItem(key: string) {
    this.map.delete(key);
  }
}

const clock = () => {
  let t = 1_000;
  return () => (t += 10);
};

describe('progress store', () => {
  it('saves and loads an activity, across instances (reloads)', () => {
    const storage = new MemoryStorage();
    const store = new ProgressStore(storage, clock());
    expect(store.update('refs/drop', { attempted: true, code: 'del alias' })).toBe(true);
    store.update('refs/drop', { passed: true });
    const again = new ProgressStore(storage, clock());
    expect(again.get('refs/drop')).toMatchObject({ attempted: true, passed: true, code: 'del alias' });
    expect(JSON.parse(storage.map.get(STORE_KEY)!).version).toBe(VERSION);
    expect(again.problems).toEqual([]);
  });

  it('never takes a tick back: a later failed check keeps passed', () => {
    const store = new ProgressStore(new MemoryStorage(), clock());
    store.update('a/x', { attempted: true, passed: true });
    store.update('a/x', { attempted: true, passed: false, code: 'broken' });
    expect(store.get('a/x')).toMatchObject({ passed: true, code: 'broken' });
  });

  it('migrates the version 1 format', () => {
    const v1 = JSON.stringify({ version: 1, passed: { 'a/x': true }, code: { 'a/x': 'x = 1', 'a/y': 'y = 2' } });
    const { data, problems } = parseProgress(v1, 5);
    expect(problems).toEqual([]);
    expect(data).toEqual({
      version: VERSION,
      activities: {
        'a/x': { attempted: true, passed: true, code: 'x = 1', updatedAt: 5 },
        'a/y': { attempted: true, passed: false, code: 'y = 2', updatedAt: 5 },
      },
    });
  });

  it('starts fresh on corrupt JSON, keeps a copy of it, and tells the reader', () => {
    const storage = new MemoryStorage();
    storage.map.set(STORE_KEY, '{"version": 2, "activities": {');
    const store = new ProgressStore(storage, clock());
    expect(store.data.activities).toEqual({});
    expect(store.problems[0]).toMatch(/could not be read.*copy/);
    expect(storage.map.get(`${BACKUP_PREFIX}latest`)).toBe('{"version": 2, "activities": {');
    expect(store.update('a/x', { attempted: true })).toBe(true);
    expect(storage.map.get(`${BACKUP_PREFIX}latest`)).toBe('{"version": 2, "activities": {');
  });

  it('keeps the readable entries when some are damaged', () => {
    const storage = new MemoryStorage();
    const good = { attempted: true, passed: true, updatedAt: 3 };
    storage.map.set(STORE_KEY, JSON.stringify({ version: 2, activities: { 'a/good': good, 'a/bad': { passed: 'yes' }, 'a/worse': 7 } }));
    const store = new ProgressStore(storage, clock());
    expect(store.data.activities).toEqual({ 'a/good': good });
    expect(store.problems[0]).toMatch(/^2 saved entries were damaged/);
  });

  it('treats foreign values as unreadable, without throwing', () => {
    for (const raw of ['[]', '"hello"', 'null', '{"activities": {}}', '42']) {
      const storage = new MemoryStorage();
      storage.map.set(STORE_KEY, raw);
      const store = new ProgressStore(storage, clock());
      expect(store.data.activities).toEqual({});
      expect(store.problems.length).toBe(1);
    }
  });

  it('reads but never overwrites a store from a newer version', () => {
    const storage = new MemoryStorage();
    const newer = JSON.stringify({
      version: VERSION + 1,
      activities: { 'a/x': { attempted: true, passed: true, updatedAt: 1 } },
      extra: true,
    });
    storage.map.set(STORE_KEY, newer);
    const store = new ProgressStore(storage, clock());
    expect(store.get('a/x')?.passed).toBe(true);
    expect(store.problems[0]).toMatch(/newer version/);
    expect(store.update('a/y', { attempted: true })).toBe(false);
    expect(storage.map.get(STORE_KEY)).toBe(newer);
  });

  it('when the storage is full, gives up old saved code before ticks, and says so', () => {
    const storage = new MemoryStorage();
    const store = new ProgressStore(storage, clock());
    store.update('a/old', { attempted: true, code: 'x'.repeat(500) });
    store.update('a/new', { attempted: true, passed: true });
    storage.quota = 300;
    expect(store.update('a/newest', { attempted: true, code: 'short' })).toBe(true);
    const saved = JSON.parse(storage.map.get(STORE_KEY)!);
    expect(saved.activities['a/old']).toMatchObject({ attempted: true });
    expect(saved.activities['a/old'].code).toBeUndefined();
    expect(saved.activities['a/newest'].code).toBe('short');
    expect(store.problems.at(-1)).toMatch(/storage is full: your ticks are saved/);
    storage.quota = 10;
    expect(store.update('a/more', { attempted: true })).toBe(false);
    expect(store.problems.at(-1)).toMatch(/could not be saved/);
    expect(store.get('a/more')?.attempted).toBe(true); // still there for this page
  });

  it('works (in memory) when storage cannot be used at all', () => {
    const storage = new MemoryStorage();
    storage.failReads = true;
    const store = new ProgressStore(storage, clock());
    expect(store.problems[0]).toMatch(/could not be read/);
    expect(() => store.update('a/x', { attempted: true })).not.toThrow();
    expect(new ProgressStore(null).problems[0]).toMatch(/does not let the page save/);
  });

  it('two tabs writing different activities both keep their work', () => {
    const storage = new MemoryStorage();
    const now = clock();
    const tab1 = new ProgressStore(storage, now);
    const tab2 = new ProgressStore(storage, now);
    tab1.update('a/one', { attempted: true, passed: true });
    tab2.update('a/two', { attempted: true, code: 'two' }); // tab2 never reloaded: it still merges tab1's write
    tab1.update('a/one', { code: 'one' });
    const fresh = new ProgressStore(storage, now);
    expect(fresh.get('a/one')).toMatchObject({ passed: true, code: 'one' });
    expect(fresh.get('a/two')).toMatchObject({ attempted: true, code: 'two' });
  });

  it('the same activity in two tabs: the newest code wins, and a pass from either is kept', () => {
    const storage = new MemoryStorage();
    const now = clock();
    const tab1 = new ProgressStore(storage, now);
    const tab2 = new ProgressStore(storage, now);
    tab1.update('a/x', { attempted: true, passed: true, code: 'first' });
    tab2.update('a/x', { attempted: true, passed: false, code: 'second' });
    expect(new ProgressStore(storage, now).get('a/x')).toMatchObject({ passed: true, code: 'second' });
  });

  it('exports and imports into another browser, merging with what is there', () => {
    const from = new ProgressStore(new MemoryStorage(), clock());
    from.update('a/x', { attempted: true, passed: true, code: 'x' });
    const to = new ProgressStore(new MemoryStorage(), clock());
    to.update('a/y', { attempted: true });
    expect(to.importText(from.exportText())).toEqual({ imported: 1 });
    expect(to.get('a/x')).toMatchObject({ passed: true, code: 'x' });
    expect(to.get('a/y')).toMatchObject({ attempted: true });
    expect(to.importText('not json')).toMatchObject({ problem: expect.stringMatching(/not a progress export/) });
    expect(to.get('a/x')?.passed).toBe(true);
  });

  it('merges by newest entry without losing ticks', () => {
    const a = { version: VERSION, activities: { k: { attempted: true, passed: true, code: 'old', updatedAt: 1 } } } as const;
    const b = { version: VERSION, activities: { k: { attempted: true, passed: false, code: 'new', updatedAt: 2 } } } as const;
    expect(mergeProgress(a, b).activities.k).toEqual({ attempted: true, passed: true, code: 'new', updatedAt: 2 });
  });
});

describe('progress after lessons were split (moved activities)', () => {
  const moves = { 'allocation/grow-in-place': 'identity/grow-in-place', 'allocation/plus-equals': 'identity/plus-equals' };
  const entry = (passed: boolean, updatedAt: number, extra = {}) => ({ attempted: true, passed, updatedAt, ...extra });

  it('reads work saved under an old key under its new one, and keeps what did not move', () => {
    const storage = new MemoryStorage();
    storage.setItem(
      STORE_KEY,
      JSON.stringify({
        version: 2,
        activities: {
          'allocation/grow-in-place': entry(true, 500, { code: 'a.append(4)' }),
          'allocation/int-size': entry(true, 400),
        },
      }),
    );
    const store = new ProgressStore(storage, clock(), moves);
    expect(store.get('identity/grow-in-place')).toMatchObject({ passed: true, code: 'a.append(4)' });
    expect(store.get('allocation/grow-in-place')).toBeUndefined();
    expect(store.get('allocation/int-size')).toMatchObject({ passed: true });
    expect(store.problems).toEqual([]);
  });

  it('migrates a version 1 store too', () => {
    const storage = new MemoryStorage();
    storage.setItem(STORE_KEY, JSON.stringify({ version: 1, passed: { 'allocation/plus-equals': true }, code: {} }));
    expect(new ProgressStore(storage, clock(), moves).get('identity/plus-equals')).toMatchObject({ passed: true });
  });

  it('merges an old entry with a new one already saved: newest wins, a tick from either is kept', () => {
    const data: ProgressData = {
      version: VERSION,
      activities: {
        'allocation/grow-in-place': entry(true, 100, { code: 'old' }),
        'identity/grow-in-place': entry(false, 200, { code: 'newer' }),
      },
    };
    expect(applyMoves(data, moves).activities).toEqual({ 'identity/grow-in-place': entry(true, 200, { code: 'newer' }) });
  });

  it('writes the new keys at the next save, and loses nothing from the old ones', () => {
    const storage = new MemoryStorage();
    storage.setItem(
      STORE_KEY,
      JSON.stringify({ version: 2, activities: { 'allocation/plus-equals': entry(true, 100, { answer: '[1]' }) } }),
    );
    const store = new ProgressStore(storage, clock(), moves);
    // Reading changes nothing stored: an older page (or a newer version's store) still finds it as it was.
    expect(JSON.parse(storage.map.get(STORE_KEY)!).activities).toHaveProperty(['allocation/plus-equals']);
    store.update('lesson/other', { attempted: true });
    const stored = JSON.parse(storage.map.get(STORE_KEY)!).activities;
    expect(Object.keys(stored).sort()).toEqual(['identity/plus-equals', 'lesson/other']);
    expect(stored['identity/plus-equals']).toMatchObject({ passed: true, answer: '[1]' });
  });

  it('moves the keys of an imported export made before the split', () => {
    const store = new ProgressStore(new MemoryStorage(), clock(), moves);
    const result = store.importText(JSON.stringify({ version: 2, activities: { 'allocation/grow-in-place': entry(true, 5) } }));
    expect(result).toEqual({ imported: 1 });
    expect(store.get('identity/grow-in-place')).toMatchObject({ passed: true });
  });

  it('leaves a store alone when nothing moved', () => {
    const data: ProgressData = { version: VERSION, activities: { 'a/b': entry(true, 1) } };
    expect(applyMoves(data, moves)).toBe(data);
  });
});
