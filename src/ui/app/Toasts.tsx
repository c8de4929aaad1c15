// Short-lived messages (drop results, refusals with a way out, reset), in the bottom-right corner
// of the canvas just above the dock: away from the control plane and the Services, and newest
// nearest the dock. Errors are announced assertively, the rest politely. A toast after an action
// that changed the cluster carries its kubectl equivalent (KubectlLine).

import { useT } from '../i18n/use-t';
import { useUiStore } from '../stores/ui-store';
import { KubectlLine } from './KubectlLine';

export function Toasts() {
  const t = useT();
  const toasts = useUiStore((s) => s.toasts);
  const dismiss = useUiStore((s) => s.dismissToast);
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast toast-${toast.kind}`} data-testid="toast" data-kind={toast.kind} role={toast.kind === 'error' ? 'alert' : 'status'}>
          <div className="toast-top">
            <div className="toast-text">{toast.text}</div>
            <button type="button" className="btn btn-icon toast-close" aria-label={t('app.dismiss')} title={t('app.dismiss')} onClick={() => dismiss(toast.id)}>
              ×
            </button>
          </div>
          {toast.kubectl && <KubectlLine eq={toast.kubectl} />}
          {toast.action && (
            <div className="toast-actions">
              <button
                type="button"
                className="btn btn-danger"
                data-testid="toast-action"
                onClick={() => {
                  toast.action?.run();
                  dismiss(toast.id);
                }}
              >
                {toast.action.label}
              </button>
            </div>
          )}
        </div>
      ))}
    </div>
  );
}
