/**
 * The reader's progress: per exercise and question, attempted / passed and
 * their last code or answer. Kept in localStorage under one key, as versioned
 * JSON, so it survives reloads and visits.
 *
 * It must never lose what a reader did, and never break a page:
 * - every write reads the stored value again and merges per activity (newest
 *   wins), so two tabs writing different exercises both keep their work;
 * - one setItem per write: localStorage replaces a key atomically;
 * - a value that is not JSON, or entries that are not ours, are copied aside
 *   (never wiped), the readable part is kept, and the reader is told;
 * - a store written by a newer version of the course is read where it can be,
 *   and never overwritten;
 * - a full store first gives up saved code of the oldest activities (ticks are
 *   kept), and if even that fails the reader is told their work is not saved;
 * - nothing here throws: problems come back as messages (storage calls go
 *   through browser/storage.ts, which never throws);
 * - work saved under an activity that moved to another lesson (moves.ts) is
 *   read under its new key, merged with anything already there; the stored
 *   value changes only at the next write, like any other.
 */
import { readItem, removeItem, type StorageLike, setItem } from '../browser/storage.ts';
import type { ActivityMoves } from './moves.ts';

export type { StorageLike };

export const STORE_KEY = 'ipm-progress';
/** Where an unreadable store is copied before starting fresh. */
export const BACKUP_PREFIX = 'ipm-progress-unreadable-';
export const VERSION = 2;
/** Saved code longer than this is not kept (a reader pasting megabytes must not fill the store). */
export const MAX_CODE_CHARS = 20_000;

export interface ActivityProgress {
  /** The reader checked their code (or answered the question) at least once. */
  attempted: boolean;
  /** The check passed (or the answer was right) at least once. */
  passed: boolean;
  /** The reader's last code in the exercise's editor. */
  code?: string;
  /** The reader's last answer to a question. */
  answer?: string;
  /** Hints revealed so far. */
  hints?: number;
  /** Milliseconds since the epoch of the last change; merges keep the newest. */
  updatedAt: number;
}

export interface ProgressData {
  version: typeof VERSION;
  activities: Record<string, ActivityProgress>;
}

export interface Loaded {
  data: ProgressData;
  /** Messages for the reader (empty when all is well). */
  problems: string[];
  /** False when the stored value must not be overwritten (a newer version's). */
  writable: boolean;
}

export const emptyProgress = (): ProgressData => ({ version: VERSION, activities: {} });

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One activity's entry if it is well formed; null otherwise. */
function readActivity(value: unknown): ActivityProgress | null {
  if (!isRecord(value)) return null;
  const { attempted, passed, code, answer, hints, updatedAt } = value;
  if (typeof attempted !== 'boolean' || typeof passed !== 'boolean') return null;
  if (typeof updatedAt !== 'number' || !Number.isFinite(updatedAt)) return null;
  const entry: ActivityProgress = { attempted: attempted || passed, passed, updatedAt };
  if (typeof code === 'string') entry.code = code;
  if (typeof answer === 'string') entry.answer = answer;
  if (typeof hints === 'number' && Number.isInteger(hints) && hints >= 0) entry.hints = hints;
  return entry;
}

/**
 * Version 1 (the first format): `{ version: 1, passed: { key: true }, code: { key: "…" } }`.
 * Each passed key becomes attempted and passed; each code alone means attempted.
 */
function fromVersion1(value: Record<string, unknown>, now: number): Record<string, unknown> {
  const passed = isRecord(value.passed) ? value.passed : {};
  const code = isRecord(value.code) ? value.code : {};
  const activities: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(passed), ...Object.keys(code)])) {
    activities[key] = {
      attempted: true,
      passed: passed[key] === true,
      ...(typeof code[key] === 'string' ? { code: code[key] } : {}),
      updatedAt: now,
    };
  }
  return { version: 2, activities };
}

/** Migrations from each old version to the next; a new format adds one here. */
const MIGRATIONS: Record<number, (value: Record<string, unknown>, now: number) => Record<string, unknown>> = {
  1: fromVersion1,
};

/** Parses a stored value (any version) into current data, keeping every readable entry. */
export function parseProgress(raw: string | null, now = Date.now()): Loaded {
  if (raw === null) return { data: emptyProgress(), problems: [], writable: true };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return {
      data: emptyProgress(),
      problems: ['Your saved progress could not be read, so this page starts fresh. A copy of it was kept in this browser.'],
      writable: true,
    };
  }
  if (!isRecord(value) || typeof value.version !== 'number') {
    return {
      data: emptyProgress(),
      problems: [
        'The saved progress is not in a format this course knows, so this page starts fresh. A copy of it was kept in this browser.',
      ],
      writable: true,
    };
  }
  const problems: string[] = [];
  let writable = true;
  let version = value.version;
  if (version > VERSION) {
    writable = false;
    problems.push(
      'Your progress was saved by a newer version of this course. It is shown where possible but not changed here; reload to get the new version.',
    );
  }
  while (version < VERSION && MIGRATIONS[version]) {
    value = MIGRATIONS[version]!(value as Record<string, unknown>, now);
    version = (value as { version: number }).version;
  }
  if (version < VERSION) {
    return {
      data: emptyProgress(),
      problems: [`Saved progress of an unknown old format (version ${version}) was kept aside, and this page starts fresh.`],
      writable: true,
    };
  }
  const activities: Record<string, ActivityProgress> = {};
  const source = (value as Record<string, unknown>).activities;
  let dropped = 0;
  if (isRecord(source)) {
    for (const [key, entry] of Object.entries(source)) {
      const read = readActivity(entry);
      if (read) activities[key] = read;
      else dropped += 1;
    }
  } else if (source !== undefined) dropped += 1;
  if (dropped > 0 && writable) {
    problems.push(
      `${dropped} saved ${dropped === 1 ? 'entry was' : 'entries were'} damaged and could not be read; the rest of your progress is kept. A copy of the damaged data was kept in this browser.`,
    );
  }
  return { data: { version: VERSION, activities }, problems, writable };
}

/** Merges two stores: per activity, the newer entry wins; ticks are never lost to an older one. */
export function mergeProgress(a: ProgressData, b: ProgressData): ProgressData {
  const activities = { ...a.activities };
  for (const [key, theirs] of Object.entries(b.activities)) {
    const ours = activities[key];
    if (!ours) activities[key] = theirs;
    else {
      const newer = theirs.updatedAt > ours.updatedAt ? theirs : ours;
      activities[key] = { ...newer, attempted: ours.attempted || theirs.attempted, passed: ours.passed || theirs.passed };
    }
  }
  return { version: VERSION, activities };
}

/** The store with every entry of a moved activity under its new key (merged, newest wins, with one already there). */
export function applyMoves(data: ProgressData, moves: ActivityMoves): ProgressData {
  const moved = Object.keys(data.activities).filter((key) => key in moves);
  if (moved.length === 0) return data;
  let result: ProgressData = { version: VERSION, activities: { ...data.activities } };
  for (const from of moved) {
    const entry = result.activities[from]!;
    delete result.activities[from];
    result = mergeProgress(result, { version: VERSION, activities: { [moves[from]!]: entry } });
  }
  return result;
}

/** Serialized for the store and for export files. */
export const serialize = (data: ProgressData): string => JSON.stringify(data);

/** Without the saved code of the oldest activities that have some: room for what matters more. */
function shedOldestCode(data: ProgressData): ProgressData | null {
  const withCode = Object.entries(data.activities)
    .filter(([, a]) => a.code !== undefined)
    .sort(([, x], [, y]) => x.updatedAt - y.updatedAt);
  if (withCode.length === 0) return null;
  const [key, oldest] = withCode[0]!;
  const { code: _, ...rest } = oldest;
  return { ...data, activities: { ...data.activities, [key]: rest } };
}

/** The store over one Storage. Each instance is one tab's view; they agree through the storage. */
export class ProgressStore {
  #storage: StorageLike | null;
  #data: ProgressData = emptyProgress();
  #writable = true;
  #listeners = new Set<(data: ProgressData) => void>();
  /** Messages for the reader about the store, newest last. */
  problems: string[] = [];

  readonly now: () => number;
  readonly #moves: ActivityMoves;

  /** `moves`: the course's moved activities (from the build), applied whenever the store is read. */
  constructor(storage: StorageLike | null, now: () => number = Date.now, moves: ActivityMoves = {}) {
    this.#storage = storage;
    this.now = now;
    this.#moves = moves;
    if (!storage)
      this.problems.push('This browser does not let the page save anything, so your progress lasts only until you leave the page.');
    this.reload();
  }

  get data(): ProgressData {
    return this.#data;
  }

  get(key: string): ActivityProgress | undefined {
    return this.#data.activities[key];
  }

  /** Re-reads the storage (after another tab wrote it, say). */
  reload(): void {
    const { data, problems, writable } = this.#read();
    this.#data = data;
    this.#writable = writable;
    for (const p of problems) if (!this.problems.includes(p)) this.problems.push(p);
    this.#emit();
  }

  /** Records a change to one activity; returns false (with a problem for the reader) if it could not be saved. */
  update(key: string, change: Partial<Omit<ActivityProgress, 'updatedAt'>>): boolean {
    const { data: latest, writable } = this.#read();
    this.#writable = writable;
    const before = latest.activities[key] ?? this.#data.activities[key];
    // Code too long to keep is not saved; what was saved before stays.
    const { code, ...rest } = change;
    const keepCode = code !== undefined && code.length <= MAX_CODE_CHARS ? code : before?.code;
    const next: ActivityProgress = {
      ...before,
      ...rest,
      // Ticks only go forward: a later failed check does not undo an earlier pass.
      passed: Boolean(before?.passed || change.passed),
      attempted: Boolean(before?.attempted || change.attempted || before?.passed || change.passed),
      updatedAt: Math.max(this.now(), (before?.updatedAt ?? 0) + 1),
    };
    if (keepCode !== undefined) next.code = keepCode;
    else delete next.code;
    this.#data = mergeProgress(mergeProgress(this.#data, latest), { version: VERSION, activities: { [key]: next } });
    const saved = this.#write(this.#data);
    this.#emit();
    return saved;
  }

  /** Merges an exported file into the store; returns how many activities it held, or a problem. */
  importText(text: string): { imported: number } | { problem: string } {
    const { data: parsed, problems } = parseProgress(text, this.now());
    const data = applyMoves(parsed, this.#moves);
    if (problems.length && Object.keys(data.activities).length === 0) {
      return { problem: `That file is not a progress export of this course (${problems[0]})` };
    }
    const { data: latest } = this.#read();
    this.#data = mergeProgress(mergeProgress(this.#data, latest), data);
    this.#write(this.#data);
    this.#emit();
    return { imported: Object.keys(data.activities).length };
  }

  /** The whole store as a file's text, for moving progress to another browser. */
  exportText(): string {
    return JSON.stringify(this.#data, null, 2);
  }

  /** Forgets everything (the reader asked to). */
  clear(): void {
    this.#data = emptyProgress();
    removeItem(this.#storage, STORE_KEY); // (refused: there was nothing saved to remove)
    this.#emit();
  }

  subscribe(listener: (data: ProgressData) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit() {
    for (const l of this.#listeners) l(this.#data);
  }

  #read(): Loaded {
    if (!this.#storage) return { data: this.#data, problems: [], writable: false };
    const read = readItem(this.#storage, STORE_KEY);
    if (!read.ok) return { data: this.#data, problems: ['Your saved progress could not be read in this browser.'], writable: false };
    const raw = read.value;
    const loaded = parseProgress(raw, this.now());
    if (loaded.problems.length && loaded.writable && raw !== null) this.#keepAside(raw);
    return { ...loaded, data: applyMoves(loaded.data, this.#moves) };
  }

  /** Copies an unreadable value aside, once, before it can be overwritten. */
  #keepAside(raw: string) {
    const existing = readItem(this.#storage, `${BACKUP_PREFIX}latest`);
    if (!existing.ok || existing.value === raw) return;
    // No room for a copy: the value itself is still untouched until the next save.
    setItem(this.#storage, `${BACKUP_PREFIX}latest`, raw);
  }

  #write(data: ProgressData): boolean {
    if (!this.#storage) return false;
    if (!this.#writable) return false;
    let attempt: ProgressData | null = data;
    while (attempt) {
      const written = setItem(this.#storage, STORE_KEY, serialize(attempt));
      if (written === 'saved') {
        if (attempt !== data) {
          this.#data = attempt;
          this.#note('The browser’s storage is full: your ticks are saved, but the code of some older exercises was not kept.');
        }
        return true;
      }
      if (written !== 'full') break;
      attempt = shedOldestCode(attempt);
    }
    this.#note(
      'Your progress could not be saved: this browser’s storage is full or unavailable. Export it from the Progress page to keep it.',
    );
    return false;
  }

  #note(problem: string) {
    if (!this.problems.includes(problem)) this.problems.push(problem);
  }
}
