// `kubectl get networkpolicies`: NAME POD-SELECTOR AGE (`-o wide` adds nothing).
// UPSTREAM: pkg/printers/internalversion/printers.go (networkPolicyColumnDefinitions, printNetworkPolicy)

import type { NetworkPolicy } from 'kubernetes-types/networking/v1';
import { formatLabelSelector } from '../../api/labels';
import type { KubeObject } from '../../api/meta';
import { translateTimestampSince } from '../duration';
import type { TableHandler } from './table';

export const networkPolicyTable: TableHandler = {
  columns: [{ name: 'Name', format: 'name' }, { name: 'Pod-Selector' }, { name: 'Age' }],
  row(obj: KubeObject, nowMs: number): string[] {
    const np = obj as unknown as NetworkPolicy;
    // metav1.FormatLabelSelector of the (never nil) podSelector: `<none>` for {}, i.e. every pod.
    return [obj.metadata.name ?? '', formatLabelSelector(np.spec?.podSelector ?? {}), translateTimestampSince(obj.metadata.creationTimestamp, nowMs)];
  },
};
