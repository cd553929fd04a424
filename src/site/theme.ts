/**
 * Light / dark / system theme. The choice is stored; the resolved theme is set
 * as `data-theme` on <html> by an inline script in the page head (before first
 * paint, see BaseLayout.astro, which repeats this logic in a few lines because
 * an inline script cannot import modules).
 */
import { safeLocalStorage, setItem } from '../browser/storage.ts';

export const THEME_KEY = 'ipm:theme';
export const THEME_CHOICES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];

export function parseThemeChoice(raw: unknown): ThemeChoice {
  return raw === 'light' || raw === 'dark' ? raw : 'system';
}

export function resolveTheme(choice: ThemeChoice, systemDark: boolean): 'light' | 'dark' {
  return choice === 'system' ? (systemDark ? 'dark' : 'light') : choice;
}

/** Remembers the reader's choice; where the storage is full or blocked it holds for this page only. */
export function storeThemeChoice(choice: ThemeChoice): void {
  setItem(safeLocalStorage(), THEME_KEY, choice);
}
