// The `kubectl edit` buffer in Monaco: while an edit is open the editor shows its own model, named for
// the object (the learner's manifest model and its saved buffer stay untouched), headed by the
// comment kubectl edit writes. The model outlives a dock tab switch; it is disposed when the edit ends.

import { useEffect, type RefObject } from 'react';
import { editStore, type EditSession } from './edit-session';
import { saveBuffer } from './buffer-store';
import { MANIFEST_URI, monaco } from './monaco-setup';
import { testHooksEnabled } from './test-hook';

/** kubectl edit's header (editoptions.go); YAML ignores it. */
export const EDIT_HEADER =
  "# Please edit the object below. Lines beginning with a '#' will be ignored,\n" +
  '# and an empty file will abort the edit. If an error occurs while saving this file will be\n' +
  '# reopened with the relevant failures.\n#\n';

/** `file:///sandbox/edit/3/deployment.apps-web/manifest.yaml`: the schema's fileMatch (**∕manifest.yaml) still applies. */
export function editModelUri(edit: EditSession): string {
  const ns = edit.target.ref.namespace ? `${edit.target.ref.namespace}.` : '';
  return `file:///sandbox/edit/${edit.serial}/${ns}${edit.target.singular}-${edit.target.ref.name}/manifest.yaml`;
}

declare global {
  interface Window {
    /** e2e: the open kubectl edit buffer */
    __sandboxEdit?: { getValue(): string; setValue(text: string): void };
  }
}

const editModels = new Map<number, monaco.editor.ITextModel>();

function modelFor(edit: EditSession): monaco.editor.ITextModel {
  let model = editModels.get(edit.serial);
  if (!model || model.isDisposed()) {
    const uri = monaco.Uri.parse(editModelUri(edit));
    model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(EDIT_HEADER + edit.original, 'yaml', uri);
    editModels.set(edit.serial, model);
  }
  return model;
}

/** Dispose the buffers of edits that ended. */
function disposeEnded(current: number | undefined): void {
  for (const [serial, model] of editModels) {
    if (serial === current) continue;
    model.dispose();
    editModels.delete(serial);
  }
}

/** Show the open edit's buffer in `editorRef`, and the manifest again when it ends. */
export function useEditModel(editorRef: RefObject<monaco.editor.IStandaloneCodeEditor | null>, edit: EditSession | null): void {
  const serial = edit?.serial;
  useEffect(() => {
    const editor = editorRef.current;
    if (!editor) return;
    const manifest = monaco.editor.getModel(monaco.Uri.parse(MANIFEST_URI));
    const current = editStore.getState().edit;
    if (!current || current.serial !== serial) {
      if (manifest && editor.getModel() !== manifest) {
        editor.setModel(manifest);
        saveBuffer(manifest.getValue()); // whatever saved the edit buffer meanwhile, the manifest is the buffer
      }
      disposeEnded(undefined);
      return;
    }
    disposeEnded(current.serial);
    const model = modelFor(current);
    if (editor.getModel() !== model) editor.setModel(model);
    editor.focus();
    if (testHooksEnabled()) window.__sandboxEdit = { getValue: () => model.getValue(), setValue: (text) => model.setValue(text) };
    return () => {
      if (window.__sandboxEdit) delete window.__sandboxEdit;
    };
  }, [editorRef, serial]);
}
