// The node inspector's "Remove node": the worker's machine is gone (World.removeNode through the
// nodeLifecycle command). Asks first: the kubelet stops for good and bare pods are lost.

import { useState } from 'react';
import { kubectlEquivalent } from '../app/kubectl-equivalent';
import { engineClient } from '../bridge/engine-client';
import { useT } from '../i18n/use-t';
import { uiStore } from '../stores/ui-store';
import './NodeRemoveButton.css';

export function NodeRemoveButton({ nodeName }: { nodeName: string }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const remove = async () => {
    if (!window.confirm(t('nodes.removeConfirm', { node: nodeName }))) return;
    const { pushToast, select } = uiStore.getState();
    setBusy(true);
    try {
      const reply = await engineClient.request({ kind: 'nodeLifecycle', action: 'remove', nodeName });
      if (reply.kind === 'nodeLifecycle') {
        pushToast({ kind: reply.ok ? 'info' : 'error', text: reply.message, ...(reply.ok ? { kubectl: kubectlEquivalent({ type: 'removeNode', nodeName }) } : {}) });
        if (reply.ok) select(null);
      } else if (reply.kind === 'error') pushToast({ kind: 'error', text: reply.message });
    } catch (err) {
      pushToast({ kind: 'error', text: String(err) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" className="inspector-power" data-testid="node-remove" disabled={busy} title={t('nodes.removeTitle')} onClick={() => void remove()}>
      {t('nodes.remove')}
    </button>
  );
}
