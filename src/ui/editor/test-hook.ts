// `window.__sandboxEditor`: how e2e tests drive the editor. Present in dev builds, and in the
// production build only with a `?test` query flag (e2e runs against `vite build` + `vite preview`).

export interface EditorMarker {
  /** 'apply' for engine diagnostics, 'yaml' for monaco-yaml's syntax and schema checks */
  owner: string;
  line: number;
  message: string;
  /** Monaco's MarkerSeverity: 8 Error, 4 Warning, 2 Info, 1 Hint */
  severity: number;
}

export interface SandboxEditorHook {
  setValue(text: string): void;
  getValue(): string;
  getMarkers(): EditorMarker[];
  /** same as pressing Apply; resolves when the reply was shown */
  apply(): Promise<void>;
  /** same as pressing Diff (kubectl diff, a dry run); resolves when the preview was shown */
  diff(): Promise<void>;
}

declare global {
  interface Window {
    __sandboxEditor?: SandboxEditorHook;
  }
}

export function testHooksEnabled(mode: string = import.meta.env.MODE, search: string = globalThis.location?.search ?? ''): boolean {
  return mode !== 'production' || new URLSearchParams(search).has('test');
}
