// `kubectl describe node`: identity, taints, conditions, addresses, capacity, system info, the
// pods on the node with their share of allocatable, and the node's events.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/describe/describe.go (describeNode, describeNodeResource)
// SIMPLIFICATION: quantities print as stored.

import type { Event, Node, Pod } from 'kubernetes-types/core/v1';
import { bytes, cpuMillis, formatBytes, formatCpuMillis } from '../../../api/quantity';
import { podRequests } from '../../../api/resource';
import { translateTimestampSince } from '../../duration';
import { describeEvents, formatRFC1123Z, goCompare, printAnnotationsMultiline, printLabelsMultiline, printTaintsMultiline } from './common';
import { LEVEL_0, LEVEL_1, PrefixWriter } from './tabwriter';

/** The node's Lease in kube-node-lease as NodeDescriber read it, or the error of that read. */
export type NodeLease = { spec?: { holderIdentity?: string; acquireTime?: string; renewTime?: string } } | { error: string };

/**
 * `pods` are the node's non-terminated pods, in API order (namespace, then name). `lease` undefined
 * leaves the Lease section out (describeNode with a nil LeaseDescriber).
 */
export function describeNode(node: Node, pods: readonly Pod[], events: readonly Event[] | undefined, nowMs: number, lease?: NodeLease): string {
  const w = new PrefixWriter();
  const labels = node.metadata?.labels ?? {};
  w.write(LEVEL_0, `Name:\t${node.metadata?.name ?? ''}\n`);
  const roles = Object.keys(labels)
    .filter((k) => k.startsWith('node-role.kubernetes.io/') && k.length > 'node-role.kubernetes.io/'.length)
    .map((k) => k.slice('node-role.kubernetes.io/'.length));
  if (labels['kubernetes.io/role']) roles.push(labels['kubernetes.io/role']);
  w.write(LEVEL_0, `Roles:\t${roles.length > 0 ? roles.sort(goCompare).join(',') : '<none>'}\n`);
  printLabelsMultiline(w, 'Labels', labels);
  printAnnotationsMultiline(w, 'Annotations', node.metadata?.annotations);
  w.write(LEVEL_0, `CreationTimestamp:\t${formatRFC1123Z(node.metadata?.creationTimestamp)}\n`);
  printTaintsMultiline(w, 'Taints', node.spec?.taints);
  w.write(LEVEL_0, `Unschedulable:\t${node.spec?.unschedulable === true}\n`);
  if (lease) describeNodeLease(w, lease);
  const status = node.status ?? {};
  if (status.conditions && status.conditions.length > 0) {
    w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of status.conditions) {
      w.write(LEVEL_1, `${c.type} \t${c.status} \t${formatRFC1123Z(c.lastHeartbeatTime)} \t${formatRFC1123Z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
    }
  }
  w.write(LEVEL_0, 'Addresses:\n');
  for (const a of status.addresses ?? []) w.write(LEVEL_1, `${a.type}:\t${a.address}\n`);
  const printResourceList = (list: Record<string, string | number>) => {
    for (const name of Object.keys(list).sort(goCompare)) w.write(LEVEL_0, `  ${name}:\t${String(list[name])}\n`);
  };
  if (status.capacity && Object.keys(status.capacity).length > 0) {
    w.write(LEVEL_0, 'Capacity:\n');
    printResourceList(status.capacity);
  }
  if (status.allocatable && Object.keys(status.allocatable).length > 0) {
    w.write(LEVEL_0, 'Allocatable:\n');
    printResourceList(status.allocatable);
  }
  const info = status.nodeInfo;
  w.write(LEVEL_0, 'System Info:\n');
  w.write(LEVEL_0, `  Machine ID:\t${info?.machineID ?? ''}\n`);
  w.write(LEVEL_0, `  System UUID:\t${info?.systemUUID ?? ''}\n`);
  w.write(LEVEL_0, `  Boot ID:\t${info?.bootID ?? ''}\n`);
  w.write(LEVEL_0, `  Kernel Version:\t${info?.kernelVersion ?? ''}\n`);
  w.write(LEVEL_0, `  OS Image:\t${info?.osImage ?? ''}\n`);
  w.write(LEVEL_0, `  Operating System:\t${info?.operatingSystem ?? ''}\n`);
  w.write(LEVEL_0, `  Architecture:\t${info?.architecture ?? ''}\n`);
  w.write(LEVEL_0, `  Container Runtime Version:\t${info?.containerRuntimeVersion ?? ''}\n`);
  w.write(LEVEL_0, `  Kubelet Version:\t${info?.kubeletVersion ?? ''}\n`);
  w.write(LEVEL_0, `  Kube-Proxy Version:\t${info?.kubeProxyVersion ?? ''}\n`);
  if (node.spec?.podCIDR) {
    w.write(LEVEL_0, `PodCIDR:\t${node.spec.podCIDR}\n`);
    w.write(LEVEL_0, `PodCIDRs:\t${(node.spec.podCIDRs ?? []).join(',')}\n`);
  }
  if (node.spec?.providerID) w.write(LEVEL_0, `ProviderID:\t${node.spec.providerID}\n`);
  describeNodeResource(w, node, pods, nowMs);
  if (events) describeEvents(w, events, nowMs);
  return w.toString();
}

interface Totals {
  cpuMillis: number;
  memoryBytes: number;
  ephemeralBytes: number;
  scalar: Record<string, number>;
}

/** PodLimits: the sum of app-container limits, or the largest init container's when that is more. */
function podLimits(pod: Pod): Totals {
  const sum = (cs: readonly { resources?: { limits?: Record<string, string | number> } }[]) => {
    const t: Totals = { cpuMillis: 0, memoryBytes: 0, ephemeralBytes: 0, scalar: {} };
    for (const c of cs) {
      const l = c.resources?.limits ?? {};
      t.cpuMillis += cpuMillis(l.cpu);
      t.memoryBytes += bytes(l.memory);
      t.ephemeralBytes += bytes(l['ephemeral-storage']);
      for (const [k, v] of Object.entries(l)) if (!['cpu', 'memory', 'ephemeral-storage'].includes(k)) t.scalar[k] = (t.scalar[k] ?? 0) + bytes(v);
    }
    return t;
  };
  const apps = sum(pod.spec?.containers ?? []);
  for (const init of pod.spec?.initContainers ?? []) {
    const i = sum([init]);
    apps.cpuMillis = Math.max(apps.cpuMillis, i.cpuMillis);
    apps.memoryBytes = Math.max(apps.memoryBytes, i.memoryBytes);
    apps.ephemeralBytes = Math.max(apps.ephemeralBytes, i.ephemeralBytes);
  }
  return apps;
}

/** int64(part / whole * 100), 0 when the node has none of the resource. */
function percent(part: number, whole: number): number {
  return whole > 0 ? Math.trunc((part / whole) * 100) : 0;
}

function describeNodeResource(w: PrefixWriter, node: Node, pods: readonly Pod[], nowMs: number): void {
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(LEVEL_1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(LEVEL_1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const alloc = (node.status?.allocatable && Object.keys(node.status.allocatable).length > 0 ? node.status.allocatable : node.status?.capacity) ?? {};
  const allocCpu = cpuMillis(alloc.cpu);
  const allocMem = bytes(alloc.memory);
  const allocEph = bytes(alloc['ephemeral-storage']);
  const total = { req: { cpu: 0, mem: 0, eph: 0, scalar: {} as Record<string, number> }, lim: { cpu: 0, mem: 0, eph: 0, scalar: {} as Record<string, number> } };
  for (const pod of pods) {
    const req = podRequests(pod);
    const lim = podLimits(pod);
    total.req.cpu += req.cpuMillis;
    total.req.mem += req.memoryBytes;
    total.req.eph += req.ephemeralStorageBytes;
    total.lim.cpu += lim.cpuMillis;
    total.lim.mem += lim.memoryBytes;
    total.lim.eph += lim.ephemeralBytes;
    for (const [k, v] of Object.entries(req.scalar)) total.req.scalar[k] = (total.req.scalar[k] ?? 0) + v;
    for (const [k, v] of Object.entries(lim.scalar)) total.lim.scalar[k] = (total.lim.scalar[k] ?? 0) + v;
    w.write(
      LEVEL_1,
      `${pod.metadata?.namespace ?? ''}\t${pod.metadata?.name ?? ''}\t\t` +
        `${formatCpuMillis(req.cpuMillis)} (${percent(req.cpuMillis, allocCpu)}%)\t${formatCpuMillis(lim.cpuMillis)} (${percent(lim.cpuMillis, allocCpu)}%)\t` +
        `${formatBytes(req.memoryBytes)} (${percent(req.memoryBytes, allocMem)}%)\t${formatBytes(lim.memoryBytes)} (${percent(lim.memoryBytes, allocMem)}%)\t` +
        `${translateTimestampSince(pod.metadata?.creationTimestamp, nowMs)}\n`,
    );
  }
  w.write(LEVEL_0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(LEVEL_1, 'Resource\tRequests\tLimits\n');
  w.write(LEVEL_1, '--------\t--------\t------\n');
  w.write(LEVEL_1, `cpu\t${formatCpuMillis(total.req.cpu)} (${percent(total.req.cpu, allocCpu)}%)\t${formatCpuMillis(total.lim.cpu)} (${percent(total.lim.cpu, allocCpu)}%)\n`);
  w.write(LEVEL_1, `memory\t${formatBytes(total.req.mem)} (${percent(total.req.mem, allocMem)}%)\t${formatBytes(total.lim.mem)} (${percent(total.lim.mem, allocMem)}%)\n`);
  w.write(LEVEL_1, `ephemeral-storage\t${formatBytes(total.req.eph)} (${percent(total.req.eph, allocEph)}%)\t${formatBytes(total.lim.eph)} (${percent(total.lim.eph, allocEph)}%)\n`);
  const names = Object.keys(alloc).sort(goCompare);
  for (const name of names.filter((n) => n.startsWith('hugepages-'))) {
    const r = total.req.scalar[name] ?? 0;
    const l = total.lim.scalar[name] ?? 0;
    const a = bytes(alloc[name]);
    w.write(LEVEL_1, `${name}\t${formatBytes(r)} (${percent(r, a)}%)\t${formatBytes(l)} (${percent(l, a)}%)\n`);
  }
  for (const name of names.filter((n) => n.includes('/') && !n.startsWith('kubernetes.io/') && !n.startsWith('requests.'))) {
    w.write(LEVEL_1, `${name}\t${total.req.scalar[name] ?? 0}\t${total.lim.scalar[name] ?? 0}\n`);
  }
}

/** describeNodeLease: holder, acquire and renew times, `<unset>` when absent (MicroTime printed as RFC1123Z). */
function describeNodeLease(w: PrefixWriter, lease: NodeLease): void {
  if ('error' in lease) {
    w.write(LEVEL_0, `Lease:\tFailed to get lease: ${lease.error}\n`);
    return;
  }
  const spec = lease.spec ?? {};
  w.write(LEVEL_0, 'Lease:\n');
  w.write(LEVEL_1, `HolderIdentity:\t${spec.holderIdentity ?? '<unset>'}\n`);
  w.write(LEVEL_1, `AcquireTime:\t${spec.acquireTime ? formatRFC1123Z(spec.acquireTime) : '<unset>'}\n`);
  w.write(LEVEL_1, `RenewTime:\t${spec.renewTime ? formatRFC1123Z(spec.renewTime) : '<unset>'}\n`);
}
