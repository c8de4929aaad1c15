// Selectors that reduce the store to what the canvas *layout* depends on. Each returns a primitive
// (string, boolean, null) or an index list the store already keeps stable, so the canvas recomputes
// its layout only when the structure changes, not when a pod's status does.

import type { ObjectRef } from '../../worker/protocol';
import type { ViewKind } from '../../worker/protocol';
import type { ClusterState } from '../stores/cluster-store';

/** The Node view id to draw as the control plane box: the first node with the control-plane role. */
export function selectControlPlaneId(s: ClusterState): string | null {
  for (const id of s.nodeIds) {
    const v = s.objects.get(id);
    if (v?.kind === 'Node' && v.roles.includes('control-plane')) return id;
  }
  return null;
}

/** "svcId>podId podId|svcId>..." for every Service's endpoints with a pod: changes only with membership. */
export function selectEndpointSignature(s: ClusterState): string {
  const parts: string[] = [];
  for (const [svc, eps] of s.endpointsByService) {
    const pods = eps.filter((e) => e.podKey).map((e) => `Pod:${e.podKey}`);
    if (pods.length) parts.push(`${svc}>${pods.join(' ')}`);
  }
  return parts.join('|');
}

export function parseEndpointSignature(sig: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!sig) return out;
  for (const part of sig.split('|')) {
    const i = part.indexOf('>');
    out.set(part.slice(0, i), part.slice(i + 1).split(' '));
  }
  return out;
}

/** Show the first-step hint while the learner has created nothing: no Deployment, no pod outside kube-system. */
export function selectShowHint(s: ClusterState): boolean {
  if (!s.connected || s.deploymentIds.length > 0) return false;
  for (const ids of s.podIdsByNode.values()) {
    for (const id of ids) if (!id.startsWith('Pod:kube-system/')) return false;
  }
  return true;
}

const KINDS: Record<string, { kind: ViewKind; apiVersion: string }> = {
  Node: { kind: 'Node', apiVersion: 'v1' },
  Pod: { kind: 'Pod', apiVersion: 'v1' },
  Service: { kind: 'Service', apiVersion: 'v1' },
  Deployment: { kind: 'Deployment', apiVersion: 'apps/v1' },
  ReplicaSet: { kind: 'ReplicaSet', apiVersion: 'apps/v1' },
};

/** 'Pod:default/web-1' -> { kind: 'Pod', namespace: 'default', name: 'web-1' }; null for non-object ids. */
export function refOfViewId(id: string): ObjectRef | null {
  const colon = id.indexOf(':');
  if (colon < 0) return null;
  const meta = KINDS[id.slice(0, colon)];
  if (!meta) return null;
  const key = id.slice(colon + 1);
  const slash = key.indexOf('/');
  return slash < 0
    ? { apiVersion: meta.apiVersion, kind: meta.kind, name: key }
    : { apiVersion: meta.apiVersion, kind: meta.kind, namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
