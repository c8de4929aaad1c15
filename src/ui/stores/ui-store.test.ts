import { beforeEach, describe, expect, it } from 'vitest';
import { uiStore } from './ui-store';

describe('the inspector pane', () => {
  beforeEach(() => uiStore.setState({ selected: null, inspectorOpen: false }));

  it('starts folded, opens when something is selected and folds again when nothing is', () => {
    expect(uiStore.getInitialState().inspectorOpen).toBe(false);
    uiStore.getState().select({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'web' });
    expect(uiStore.getState().inspectorOpen).toBe(true);
    uiStore.getState().select(null);
    expect(uiStore.getState().inspectorOpen).toBe(false);
  });

  it('can still be opened by hand with nothing selected', () => {
    uiStore.getState().setInspectorOpen(true);
    expect(uiStore.getState()).toMatchObject({ inspectorOpen: true, selected: null });
  });
});

describe('the dock height', () => {
  it('gives the terminal a taller default and remembers a height per tab', () => {
    uiStore.getState().setDockTab('editor');
    const editorDefault = uiStore.getState().dockHeight;
    uiStore.getState().setDockTab('terminal');
    expect(uiStore.getState().dockHeight).toBeGreaterThan(editorDefault);
    expect(uiStore.getState().dockHeight).toBeGreaterThanOrEqual(300);
    uiStore.getState().setDockHeight(410);
    uiStore.getState().setDockTab('editor');
    expect(uiStore.getState().dockHeight).toBe(editorDefault);
    uiStore.getState().setDockHeight(250);
    uiStore.getState().setDockTab('terminal');
    expect(uiStore.getState().dockHeight).toBe(410);
    uiStore.getState().setDockTab('editor');
    expect(uiStore.getState().dockHeight).toBe(250);
  });
});
