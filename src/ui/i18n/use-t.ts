// `t(id, params)` for the current language. Components use the hook (re-render on language change);
// code outside React (drop handlers, toasts) uses `tNow`.

import { useCallback } from 'react';
import { uiStore, useUiStore, type Lang } from '../stores/ui-store';
import { messages, type MessageId } from './messages';

export type { MessageId } from './messages';
export type MessageParams = Record<string, string | number>;
export type TFunction = (id: MessageId, params?: MessageParams) => string;

/** The message in `lang`, falling back to English, with `{name}` parameters filled in. */
export function translate(lang: Lang, id: MessageId, params?: MessageParams): string {
  const table: Record<string, string> = messages[lang];
  const text = table[id] ?? (messages.en as Record<string, string>)[id] ?? id;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (params[name] !== undefined ? String(params[name]) : whole));
}

export function useT(): TFunction {
  const lang = useUiStore((s) => s.lang);
  return useCallback<TFunction>((id, params) => translate(lang, id, params), [lang]);
}

/** Translate in the language selected right now (for code that runs outside render). */
export function tNow(id: MessageId, params?: MessageParams): string {
  return translate(uiStore.getState().lang, id, params);
}
