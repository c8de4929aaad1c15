// Keyboard shortcuts that keep the editor and terminal one keystroke away: Alt+1..6 open the
// Editor/Terminal/Events/Scheduler/Packets/Timeline tab and focus it; Ctrl+` focuses the dock, or collapses it when focus is
// already inside. Listened in the capture phase so Monaco does not swallow them.
// Ctrl/Cmd+K (outside the Monaco editor, whose chords start with it) or `/` opens the canvas search;
// `?` opens the shortcuts list. `/` and `?` are text wherever the learner types.
// The `?` overlay lists these and the panels' own keys (shortcuts.ts): keep both in step.

import { useEffect } from 'react';
import { openSearch } from '../canvas/search-store';
import { uiStore, type DockTab } from '../stores/ui-store';
import { openOverlay, overlayStore } from './overlay-store';
import { DOCK_TAB_KEYS, isTypingTarget } from './shortcuts';

const TAB_KEYS: Readonly<Record<string, DockTab>> = DOCK_TAB_KEYS;

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
        return;
      }
      const inMonaco = (e.target as Element | null)?.closest?.('.monaco-editor') != null;
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.code === 'KeyK' && !inMonaco) {
        e.preventDefault();
        e.stopPropagation();
        overlayStore.setState({ open: null });
        openSearch();
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return;
      if (e.key === '/') {
        e.preventDefault();
        overlayStore.setState({ open: null });
        openSearch();
      } else if (e.key === '?') {
        e.preventDefault();
        openOverlay('shortcuts');
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
}
