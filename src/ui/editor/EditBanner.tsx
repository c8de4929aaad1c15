// The strip above the editor while `kubectl edit` is open: which object, what Apply does, Cancel, and
// the last failed attempt's error (a stale resourceVersion's Conflict, unreadable YAML).

import { useT } from '../i18n/use-t';
import { cancelEdit, type EditSession } from './edit-session';
import './EditBanner.css';

export function EditBanner({ edit }: { edit: EditSession }) {
  const t = useT();
  return (
    <div className="editor-edit-banner" data-testid="editor-edit-banner" role="status">
      <span className="editor-edit-title mono">{t('editor.editing', { ref: `${edit.target.singular}/${edit.target.ref.name}` })}</span>
      <span className="editor-edit-hint">{t('editor.editingHint')}</span>
      <button type="button" className="editor-edit-cancel" data-testid="editor-edit-cancel" onClick={cancelEdit}>
        {t('editor.editCancel')}
      </button>
      {edit.error && (
        <pre className="editor-edit-error" data-testid="editor-edit-error">
          {edit.error}
        </pre>
      )}
    </div>
  );
}
