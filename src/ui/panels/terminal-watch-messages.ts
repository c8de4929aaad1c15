// UI text of a running `kubectl get -w` in the terminal, in both languages. Kept here (not in the
// shared catalogue) and looked up with the UI language by watchText().

import type { Lang } from '../stores/ui-store';

export const terminalWatchMessages = {
  en: {
    stop: 'Stop',
    stopTitle: 'Stop watching (Ctrl+C), as in a real terminal',
    watching: 'watching: new rows appear as the cluster changes',
    ended: 'the watch ended: the cluster was reset, restored or moved in time',
  },
  zh: {
    stop: '停止',
    stopTitle: '停止监视（Ctrl+C），与真实终端一样',
    watching: '正在监视：集群变化时会追加新行',
    ended: '监视已结束：集群被重置、恢复或在时间线上移动',
  },
} as const;

export type TerminalWatchMessage = keyof (typeof terminalWatchMessages)['en'];

export function watchText(lang: Lang, id: TerminalWatchMessage): string {
  return (terminalWatchMessages[lang] as Record<string, string> | undefined)?.[id] ?? terminalWatchMessages.en[id];
}
