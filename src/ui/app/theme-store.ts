// The theme preference as a small store: read from the kv store at start, written back on every
// toggle, applied to `<html data-theme>` and re-applied when the system's preference changes.

import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { loadKv, saveKv } from '../persistence/kv';
import { parseThemePreference, resolveTheme, THEME_KV_KEY, toggledPreference, type Theme, type ThemePreference } from './theme';

const DARK_QUERY = '(prefers-color-scheme: dark)';

function systemPrefersDark(): boolean {
  return typeof matchMedia === 'function' && matchMedia(DARK_QUERY).matches;
}

interface ThemeState {
  preference: ThemePreference;
  theme: Theme;
}

export const themeStore = createStore<ThemeState>()(() => ({ preference: 'system', theme: resolveTheme('system', systemPrefersDark()) }));

export function useTheme(): Theme {
  return useStore(themeStore, (s) => s.theme);
}

function apply(preference: ThemePreference): void {
  const theme = resolveTheme(preference, systemPrefersDark());
  themeStore.setState({ preference, theme });
  if (typeof document !== 'undefined') {
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
  }
}

/** Switch to the other theme and remember the choice. */
export function toggleTheme(): void {
  const next = toggledPreference(themeStore.getState().preference, systemPrefersDark());
  apply(next);
  void saveKv(THEME_KV_KEY, next);
}

let started = false;

/** Apply the system theme at once, then the saved preference once the kv store answers. Idempotent. */
export function startTheme(): void {
  if (started) return;
  started = true;
  apply('system');
  void loadKv(THEME_KV_KEY).then((saved) => apply(parseThemePreference(saved)));
  if (typeof matchMedia === 'function') {
    matchMedia(DARK_QUERY).addEventListener('change', () => apply(themeStore.getState().preference));
  }
}
