// Light or dark: the learner's choice when they made one (saved in the kv store), otherwise what the
// operating system prefers (prefers-color-scheme). The page carries the result as
// `<html data-theme="light|dark">`; the CSS variables in src/ui/styles/app.css and the Monaco theme
// (src/ui/editor/EditorPanel.tsx watches the attribute) follow it.

export type Theme = 'light' | 'dark';
/** 'system': follow prefers-color-scheme */
export type ThemePreference = Theme | 'system';

export const THEME_KV_KEY = 'ui.theme';

/** A saved value read back from storage: anything but a known preference means "system". */
export function parseThemePreference(saved: unknown): ThemePreference {
  return saved === 'light' || saved === 'dark' || saved === 'system' ? saved : 'system';
}

/** The theme to show for a preference, given whether the system prefers dark. */
export function resolveTheme(pref: ThemePreference, systemPrefersDark: boolean): Theme {
  if (pref === 'system') return systemPrefersDark ? 'dark' : 'light';
  return pref;
}

/**
 * What the header toggle switches to: the opposite of what is shown. When that opposite is what
 * the system prefers anyway, the choice goes back to 'system', so a learner who toggles back and
 * forth ends up following the operating system again rather than pinned to one theme.
 */
export function toggledPreference(pref: ThemePreference, systemPrefersDark: boolean): ThemePreference {
  const next: Theme = resolveTheme(pref, systemPrefersDark) === 'dark' ? 'light' : 'dark';
  return next === resolveTheme('system', systemPrefersDark) ? 'system' : next;
}
