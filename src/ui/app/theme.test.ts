import { describe, expect, it } from 'vitest';
import { parseThemePreference, resolveTheme, toggledPreference } from './theme';

describe('theme choice', () => {
  it('follows the system until the learner chooses', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
  });

  it('keeps an explicit choice whatever the system prefers', () => {
    expect(resolveTheme('dark', false)).toBe('dark');
    expect(resolveTheme('light', true)).toBe('light');
  });

  it('reads unknown or missing saved values as "system"', () => {
    expect(parseThemePreference(undefined)).toBe('system');
    expect(parseThemePreference('solarized')).toBe('system');
    expect(parseThemePreference(1)).toBe('system');
    expect(parseThemePreference('dark')).toBe('dark');
    expect(parseThemePreference('light')).toBe('light');
  });

  it('toggles to the opposite of what is shown, back to "system" when that matches the system', () => {
    // system light: showing light -> dark (explicit), then dark -> light which is the system's: 'system'
    expect(toggledPreference('system', false)).toBe('dark');
    expect(toggledPreference('dark', false)).toBe('system');
    // system dark: showing dark -> light (explicit), and back
    expect(toggledPreference('system', true)).toBe('light');
    expect(toggledPreference('light', true)).toBe('system');
    // a choice made against the system stays a choice when the system changes to match it
    expect(resolveTheme(toggledPreference('light', false), false)).toBe('dark');
  });
});
