// The kubelet's node status loop: the condition setters, posted with fresh heartbeat times when the
// status changed or nodeStatusReportFrequency passed; the kubelet lifts its own not-ready taint.
// UPSTREAM: pkg/kubelet/kubelet_node_status.go (updateNodeStatus, tryUpdateNodeStatus), pkg/kubelet/nodestatus
// SIMPLIFICATION: never under disk or PID pressure (memory pressure comes from the eviction manager); Ready means the node has a podCIDR; the
// images are the kubelet's pull cache (no image garbage collection).

import type { Node } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/meta';
import { structuredCopy } from '../apiserver/store';
import type { Client } from '../client/clientset';
import type { EventRecorder } from '../client/record';
import { NETWORK_NOT_READY } from './nodestatus/setters';
import { imageSize } from './images/image-manager';
import { imageID } from './runtime';

/** nodeStatusMaxImages: the node reports at most this many images, the largest first. */
export const NODE_STATUS_MAX_IMAGES = 50;

/**
 * The Images setter: the images in the node's cache (normalized references), each as its digest and
 * tag names with its size, largest first (what ImageLocality scores).
 */
export function nodeImages(images: readonly string[]): Array<{ names: string[]; sizeBytes: number }> {
  return images
    .map((name) => ({ names: [imageID(name), name], sizeBytes: imageSize(name) }))
    .sort((a, b) => b.sizeBytes - a.sizeBytes || (a.names[1] < b.names[1] ? -1 : 1))
    .slice(0, NODE_STATUS_MAX_IMAGES);
}

/**
 * nodeStatusUpdateFrequency (10 s): how often the kubelet computes node status. It equals the lease
 * renew interval, so one heartbeat timer drives both.
 */
export const NODE_STATUS_UPDATE_FREQUENCY_MS = 10_000;
/** nodeStatusReportFrequency (5 min): post the node status this often even when nothing changed. */
export const NODE_STATUS_REPORT_FREQUENCY_MS = 5 * 60_000;

export interface NodeStatusDeps {
  readonly client: Client;
  readonly recorder: EventRecorder;
  /** simulated now, ms */
  now(): number;
}

/**
 * updateNodeStatus for `node`. Every posted condition carries a fresh lastHeartbeatTime;
 * lastTransitionTime moves only when the status changes, and each change records an event.
 * `report.lastStatusReportMs` is when the status was last posted; it moves on each post.
 * Returns false when the post failed (the caller retries with back-off).
 */
export function syncNodeStatus(deps: NodeStatusDeps, node: Node & KubeObject, report: { lastStatusReportMs?: number; images?: readonly string[]; memoryPressure?: boolean }): boolean {
  const { client, recorder } = deps;
  const nodeName = node.metadata.name;
  const nowMs = deps.now();
  const now = client.timestamp();
  const desired: Array<[type: string, status: string, reason: string, message: string, event: string]> = [
    // MemoryPressureCondition: what the eviction manager reports (eviction/eviction-manager.ts).
    report.memoryPressure
      ? ['MemoryPressure', 'True', 'KubeletHasInsufficientMemory', 'kubelet has insufficient memory available', 'NodeHasInsufficientMemory']
      : ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available', 'NodeHasSufficientMemory'],
    ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure', 'NodeHasNoDiskPressure'],
    ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available', 'NodeHasSufficientPID'],
    node.spec?.podCIDR
      ? ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status', 'NodeReady']
      : ['Ready', 'False', 'KubeletNotReady', NETWORK_NOT_READY, 'NodeNotReady'],
  ];
  const old = node.status?.conditions ?? [];
  let changed = false;
  const events: string[] = [];
  const conditions = desired.map(([type, status, reason, message, event]) => {
    const prev = old.find((c) => c.type === type);
    const transitioned = prev?.status !== status;
    if (transitioned || prev?.reason !== reason || prev?.message !== message) changed = true;
    if (transitioned && prev) events.push(event);
    return { type, status, reason, message, lastHeartbeatTime: now, lastTransitionTime: transitioned ? now : (prev?.lastTransitionTime ?? now) };
  });
  const images = nodeImages(report.images ?? []);
  if (JSON.stringify(images) !== JSON.stringify(node.status?.images ?? [])) changed = true;
  const due = nowMs - (report.lastStatusReportMs ?? -Infinity) >= NODE_STATUS_REPORT_FREQUENCY_MS;
  if (!changed && !due) return true;
  const copy = structuredCopy(node) as Node & KubeObject;
  const next = { ...copy, status: { ...copy.status, images, conditions: [...conditions, ...old.filter((c) => !desired.some(([t]) => t === c.type))] } } as Node & KubeObject;
  const updated = client.updateStatus(next);
  if (!updated.ok) return false;
  report.lastStatusReportMs = nowMs;
  for (const e of events) recorder.event(updated.object, 'Normal', e, `Node ${nodeName} status is now: ${e}`);
  const hasNotReadyTaint = (updated.object.spec?.taints ?? []).some((t) => t.key === 'node.kubernetes.io/not-ready');
  if (node.spec?.podCIDR && hasNotReadyTaint) {
    const untainted = structuredCopy(updated.object) as Node & KubeObject;
    untainted.spec!.taints = (untainted.spec!.taints ?? []).filter((t) => t.key !== 'node.kubernetes.io/not-ready');
    if (!untainted.spec!.taints.length) delete untainted.spec!.taints;
    client.update(untainted);
  }
  return true;
}
