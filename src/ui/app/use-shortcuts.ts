// Keyboard shortcuts that keep the editor and terminal one keystroke away: Alt+1..6 open the
// Editor/Terminal/Events/Scheduler/Packets/Timeline tab and focus it; Ctrl+` focuses the dock, or collapses it when focus is
// already inside. Listened in the capture phase so Monaco does not swallow them.

import { useEffect } from 'react';
import { uiStore, type DockTab } from '../stores/ui-store';

const TAB_KEYS: Record<string, DockTab> = { Digit1: 'editor', Digit2: 'terminal', Digit3: 'events', Digit4: 'scheduler', Digit5: 'packets', Digit6: 'timeline' };

/** Focus the first useful control in a dock panel once it is visible. */
export function focusDockPanel(tab: DockTab): void {
  requestAnimationFrame(() => {
    const panel = document.getElementById(`dock-panel-${tab}`);
    const target = panel?.querySelector<HTMLElement>('textarea, input, [tabindex="0"], button, select') ?? panel;
    target?.focus();
  });
}

export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const ui = uiStore.getState();
      if (e.altKey && !e.ctrlKey && !e.metaKey && TAB_KEYS[e.code]) {
        e.preventDefault();
        e.stopPropagation();
        ui.setDockTab(TAB_KEYS[e.code]);
        focusDockPanel(TAB_KEYS[e.code]);
        return;
      }
      if (e.ctrlKey && !e.altKey && e.code === 'Backquote') {
        e.preventDefault();
        e.stopPropagation();
        const inside = document.activeElement?.closest('.dock');
        if (inside && ui.dockOpen) {
          ui.setDockOpen(false);
          (document.activeElement as HTMLElement | null)?.blur();
        } else {
          ui.setDockOpen(true);
          focusDockPanel(ui.dockTab);
        }
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
}
