// The Endpoints controller: one core/v1 Endpoints per Service with a selector, named like the Service,
// listing the matching pods' addresses (ready ones in `addresses`, the rest in `notReadyAddresses`)
// per resolved port. The API is deprecated (1.33+) and nothing in the datapath reads it: kube-proxy
// and CoreDNS read EndpointSlices. Services without a selector keep the Endpoints their users write
// (the EndpointSlice mirroring controller turns those into slices).
// UPSTREAM: pkg/controller/endpoint/endpoints_controller.go, trigger_time_tracker.go
//           (staging/src/k8s.io/endpointslice/util/trigger_time_tracker.go)
// SIMPLIFICATION: IPv4 only (the first pod IP of the Service's family); no endpointUpdatesBatchPeriod;
// the stale-cache check comes before the trigger-time computation (upstream: after), so a retry
// keeps the trigger time it would otherwise lose.

import type { EndpointAddress, EndpointPort, EndpointSubset, Endpoints, Service } from 'kubernetes-types/core/v1';
import type { KubeObject, ObjectKey } from '../../api/meta';
import { keyOf, splitKey } from '../../api/meta';
import { selectorFromSet } from '../../api/labels';
import { resourceForKind } from '../../api/resources';
import type { Informer, SharedInformerFactory } from '../../client/informer';
import type { WorkQueue } from '../../client/workqueue';
import type { JsonValue } from '../../sim/clock';
import { repackSubsets } from '../../apiserver/registry/endpoints';
import type { Controller, ControllerContext, SyncResult } from '../types';
import { DONE } from '../types';
import type { PodObject } from '../controller-utils';
import { getPodReadyCondition, isPodReady, isPodTerminal, semanticEqual } from '../controller-utils';
import { findPort } from '../endpointslice/endpointslice-controller';

/** The label this controller puts on the Endpoints it manages (KEP-4974, for a future cleanup). */
export const LabelManagedBy = 'endpoints.kubernetes.io/managed-by';
export const ControllerName = 'endpoint-controller';
/** v1.IsHeadlessService */
export const LabelHeadless = 'service.kubernetes.io/headless';
/** v1.EndpointsLastChangeTriggerTime */
export const AnnotationLastChangeTriggerTime = 'endpoints.kubernetes.io/last-change-trigger-time';
/** v1.EndpointsOverCapacity */
export const AnnotationOverCapacity = 'endpoints.kubernetes.io/over-capacity';
/** The most addresses one Endpoints holds; beyond it the controller truncates and annotates. */
export const maxCapacity = 1000;

type ServiceObject = Service & KubeObject;
type EndpointsObject = Endpoints & KubeObject;

const ENDPOINTS = resourceForKind('Endpoints')!;

/** TriggerTimeTracker's per-Service state: the trigger times seen at the last sync. */
interface ServiceState {
  /** pod name -> its Ready condition's lastTransitionTime */
  pods: Record<string, string>;
  /** the Service's creationTimestamp */
  service: string;
}

export class EndpointController implements Controller {
  readonly name = 'endpoint-controller';
  readonly queue: WorkQueue;
  private services!: Informer<ServiceObject>;
  private pods!: Informer<PodObject>;
  private endpoints!: Informer<EndpointsObject>;
  private readonly triggerTimes: Record<string, ServiceState>;
  /**
   * staleEndpointsTracker: per Service key, the resourceVersion of the Endpoints this controller last
   * wrote. Until the informer shows that version, its copy is stale and a write would conflict.
   */
  private readonly written: Record<string, number>;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = ctx.queue;
    const state = ctx.state as { triggerTimes?: Record<string, ServiceState>; written?: Record<string, number> } | undefined;
    this.triggerTimes = JSON.parse(JSON.stringify(state?.triggerTimes ?? {})) as Record<string, ServiceState>;
    this.written = { ...(state?.written ?? {}) };
  }

  start(informers: SharedInformerFactory): void {
    this.services = informers.informerFor<ServiceObject>('services');
    this.pods = informers.informerFor<PodObject>('pods');
    this.endpoints = informers.informerFor<EndpointsObject>('endpoints');
    this.services.addEventHandler({
      add: (s) => this.queue.add(keyOf(s.metadata)),
      update: (_o, s) => this.queue.add(keyOf(s.metadata)),
      delete: (s) => this.queue.add(keyOf(s.metadata)),
    });
    this.pods.addEventHandler({
      add: (p) => this.addPod(p),
      update: (o, p) => this.updatePod(o, p),
      delete: (p) => this.addPod(p),
    });
    // Only deletes: someone removed an Endpoints the controller keeps, so it writes it again (and
    // what it wrote before no longer needs to show up in the informer).
    this.endpoints.addEventHandler({
      delete: (e) => {
        delete this.written[keyOf(e.metadata)];
        this.queue.add(keyOf(e.metadata));
      },
    });
  }

  save(): JsonValue {
    return { triggerTimes: JSON.parse(JSON.stringify(this.triggerTimes)) as JsonValue, written: { ...this.written } };
  }

  /** addPod (and deletePod): the Services whose selector matches the pod. */
  private addPod(pod: PodObject): void {
    for (const key of this.podServiceMemberships(pod)) this.queue.add(key);
  }

  /** GetServicesToUpdateOnPodChange: the Services of the old and new labels (only when something changed). */
  private updatePod(old: PodObject, cur: PodObject): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    const keys = new Set(this.podServiceMemberships(cur));
    if (!semanticEqual(old.metadata.labels, cur.metadata.labels)) for (const k of this.podServiceMemberships(old)) keys.add(k);
    for (const k of keys) this.queue.add(k);
  }

  private podServiceMemberships(pod: PodObject): ObjectKey[] {
    const out: ObjectKey[] = [];
    for (const svc of this.services.list(pod.metadata.namespace)) {
      const sel = svc.spec?.selector;
      if (!sel || Object.keys(sel).length === 0) continue;
      if (selectorFromSet(sel).matches(pod.metadata.labels)) out.push(keyOf(svc.metadata));
    }
    return out;
  }

  sync(key: ObjectKey): SyncResult {
    return this.syncService(key);
  }

  syncService(key: ObjectKey): SyncResult {
    const { namespace, name } = splitKey(key);
    const service = this.services.get(key);
    if (!service) {
      // The Service is gone: so is its Endpoints.
      const r = this.ctx.client.delete(ENDPOINTS, namespace, name);
      if (!r.ok && r.status.reason !== 'NotFound') return { kind: 'retry', reason: r.status.message };
      delete this.triggerTimes[key];
      delete this.written[key];
      return DONE;
    }
    // ExternalName Services get no endpoints from this controller (issues.k8s.io/105986).
    if (service.spec?.type === 'ExternalName') return DONE;
    // Without a selector, the endpoints are written out of band through the API. (An empty selector
    // is nil once stored upstream: it selects nothing here either.)
    if (!service.spec?.selector || Object.keys(service.spec.selector).length === 0) return DONE;

    const current = this.endpoints.get(key);
    const written = this.written[key];
    if (written !== undefined) {
      if (!current || Number(current.metadata.resourceVersion) < written) {
        return { kind: 'retry', reason: `endpoints informer cache is out of date, resource version ${written} already processed for endpoints ${key}` };
      }
      delete this.written[key];
    }

    const sel = selectorFromSet(service.spec.selector);
    const pods = this.pods.list(namespace).filter((p) => sel.matches(p.metadata.labels));
    // Computed before the no-op check so the tracker's state moves on even when nothing is written.
    const triggerTime = this.computeEndpointLastChangeTriggerTime(key, service, pods);

    const tolerateUnready = Boolean(service.spec.publishNotReadyAddresses);
    let subsets: EndpointSubset[] = [];
    for (const pod of pods) {
      if (!shouldPodBeInEndpoints(pod, tolerateUnready)) continue;
      const epa = podToEndpointAddressForService(service, pod);
      if (!epa) continue;
      if (pod.spec?.hostname && pod.spec.subdomain === service.metadata.name && pod.metadata.namespace === service.metadata.namespace) {
        epa.hostname = pod.spec.hostname;
      }
      const ports = service.spec.ports ?? [];
      if (ports.length === 0) {
        // A headless Service may have no ports; its addresses are still listed.
        if (service.spec.clusterIP === 'None') subsets.push(endpointSubset(pod, epa, undefined, tolerateUnready));
        continue;
      }
      for (const sp of ports) {
        const portNum = findPort(pod, sp);
        if (portNum === undefined) continue;
        const epp: EndpointPort = { name: sp.name, port: portNum, protocol: sp.protocol };
        if (sp.appProtocol !== undefined) epp.appProtocol = sp.appProtocol;
        if (epp.name === undefined) delete epp.name;
        subsets.push(endpointSubset(pod, epa, epp, tolerateUnready));
      }
    }
    subsets = repackSubsets(subsets);

    const desiredLabels: Record<string, string> = { ...(service.metadata.labels ?? {}), [LabelManagedBy]: ControllerName };
    // !IsServiceIPSet: headless, or no ClusterIP allocated yet.
    if (!service.spec.clusterIP || service.spec.clusterIP === 'None') desiredLabels[LabelHeadless] = '';
    else delete desiredLabels[LabelHeadless];

    if (current && subsetsEqualIgnoreResourceVersion(current.subsets ?? [], subsets) && semanticEqual(current.metadata.labels ?? {}, desiredLabels) && capacityAnnotationSetCorrectly(current)) {
      return DONE;
    }
    const annotations: Record<string, string> = { ...(current?.metadata.annotations ?? {}) };
    if (triggerTime) annotations[AnnotationLastChangeTriggerTime] = triggerTime;
    else delete annotations[AnnotationLastChangeTriggerTime];
    const truncated = truncateEndpoints(subsets);
    if (truncated) {
      subsets = truncated;
      annotations[AnnotationOverCapacity] = 'truncated';
    } else delete annotations[AnnotationOverCapacity];

    const next = {
      ...(current ?? { apiVersion: 'v1', kind: 'Endpoints' }),
      metadata: {
        ...(current?.metadata ?? { name, namespace }),
        labels: desiredLabels,
        ...(Object.keys(annotations).length ? { annotations } : {}),
      },
    } as EndpointsObject;
    if (!Object.keys(annotations).length) delete next.metadata.annotations;
    if (subsets.length) next.subsets = subsets;
    else delete next.subsets;

    const r = current ? this.ctx.client.update<KubeObject>(next) : this.ctx.client.create<KubeObject>(next);
    if (!r.ok) {
      // A terminating namespace refuses new objects; nothing to retry.
      if (!current && r.status.reason === 'Forbidden' && (r.status.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating')) return DONE;
      if (current) this.ctx.recorder.event(next, 'Warning', 'FailedToUpdateEndpoint', `Failed to update endpoint ${namespace}/${name}: ${r.status.message}`);
      else this.ctx.recorder.event(next, 'Warning', 'FailedToCreateEndpoint', `Failed to create endpoint for service ${namespace}/${name}: ${r.status.message}`);
      return { kind: 'retry', reason: r.status.message };
    }
    this.written[key] = Number(r.object.metadata.resourceVersion);
    return DONE;
  }

  /**
   * TriggerTimeTracker.ComputeEndpointLastChangeTriggerTime: for a Service seen for the first time, its
   * creationTimestamp; afterwards the earliest trigger (a pod's Ready transition, the Service's creation)
   * that changed since the last sync, or '' when none did.
   */
  private computeEndpointLastChangeTriggerTime(key: ObjectKey, service: ServiceObject, pods: readonly PodObject[]): string {
    const state = this.triggerTimes[key];
    let minChanged = '';
    const podTimes: Record<string, string> = {};
    const earlier = (a: string, b: string) => (!a ? b : Date.parse(b) < Date.parse(a) ? b : a);
    for (const pod of pods) {
      const t = getPodReadyCondition(pod)?.lastTransitionTime;
      if (!t) continue;
      podTimes[pod.metadata.name ?? ''] = t;
      const last = state?.pods[pod.metadata.name ?? ''];
      if (!last || Date.parse(t) > Date.parse(last)) minChanged = earlier(minChanged, t);
    }
    const serviceTime = service.metadata.creationTimestamp ?? '';
    if (serviceTime && (!state?.service || Date.parse(serviceTime) > Date.parse(state.service))) minChanged = earlier(minChanged, serviceTime);
    this.triggerTimes[key] = { pods: podTimes, service: serviceTime };
    if (!state) return serviceTime;
    return minChanged;
  }
}

/**
 * ShouldPodBeInEndpoints(pod, includeTerminating): not Succeeded/Failed, has an IP, and (unless
 * publishNotReadyAddresses) not terminating. Unlike EndpointSlices, Endpoints drop terminating pods.
 */
export function shouldPodBeInEndpoints(pod: PodObject, includeTerminating: boolean): boolean {
  if (isPodTerminal(pod)) return false;
  if (!pod.status?.podIP && (pod.status?.podIPs ?? []).length === 0) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp != null) return false;
  return true;
}

/** podToEndpointAddressForService for an IPv4 Service: the pod's IPv4 address, its node and a reference to it. */
export function podToEndpointAddressForService(svc: ServiceObject, pod: PodObject): EndpointAddress | undefined {
  const family = svc.spec?.ipFamilies?.[0] ?? (svc.spec?.clusterIP?.includes(':') ? 'IPv6' : 'IPv4');
  const ips = (pod.status?.podIPs ?? []).map((p) => p.ip ?? '');
  if (ips.length === 0 && pod.status?.podIP) ips.push(pod.status.podIP);
  const ip = ips.find((x) => x && x.includes(':') === (family === 'IPv6'));
  if (!ip) return undefined;
  return {
    ip,
    nodeName: pod.spec?.nodeName ?? '',
    targetRef: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid },
  };
}

/** addEndpointSubset: one subset for this address and port, ready or not ready. */
function endpointSubset(pod: PodObject, epa: EndpointAddress, epp: EndpointPort | undefined, tolerateUnready: boolean): EndpointSubset {
  const ports = epp ? [epp] : [];
  if (tolerateUnready || isPodReady(pod)) return { addresses: [{ ...epa }], ports };
  return { notReadyAddresses: [{ ...epa }], ports };
}

/** endpointSubsetsEqualIgnoreResourceVersion: targetRef.resourceVersion does not count. */
function subsetsEqualIgnoreResourceVersion(a: readonly EndpointSubset[], b: readonly EndpointSubset[]): boolean {
  const strip = (ss: readonly EndpointSubset[]) =>
    ss.map((s) => ({
      ...s,
      addresses: (s.addresses ?? []).map((x) => ({ ...x, targetRef: x.targetRef ? { ...x.targetRef, resourceVersion: undefined } : undefined })),
      notReadyAddresses: (s.notReadyAddresses ?? []).map((x) => ({ ...x, targetRef: x.targetRef ? { ...x.targetRef, resourceVersion: undefined } : undefined })),
    }));
  return semanticEqual(strip(a), strip(b));
}

/** capacityAnnotationSetCorrectly: false when over capacity (it must be truncated) or annotated while under it. */
function capacityAnnotationSetCorrectly(ep: EndpointsObject): boolean {
  let n = 0;
  for (const s of ep.subsets ?? []) n += (s.addresses ?? []).length + (s.notReadyAddresses ?? []).length;
  if (n > maxCapacity) return false;
  return ep.metadata.annotations?.[AnnotationOverCapacity] === undefined;
}

/**
 * truncateEndpoints: undefined when at most maxCapacity addresses; otherwise the subsets cut to
 * maxCapacity, ready addresses first, each subset keeping its share rounded up.
 * Worked example: 1200 ready in two subsets of 600 -> each keeps ceil(600/1200*1000) = 500, and every
 * not-ready address goes. 900 ready + 300 not ready -> the 100 free places go to not-ready addresses.
 */
export function truncateEndpoints(subsets: readonly EndpointSubset[]): EndpointSubset[] | undefined {
  let totalReady = 0;
  let totalNotReady = 0;
  for (const s of subsets) {
    totalReady += (s.addresses ?? []).length;
    totalNotReady += (s.notReadyAddresses ?? []).length;
  }
  if (totalReady + totalNotReady <= maxCapacity) return undefined;
  const truncateReady = totalReady > maxCapacity;
  const max = truncateReady ? maxCapacity : maxCapacity - totalReady;
  const numTotal = truncateReady ? totalReady : totalNotReady;
  let canBeAdded = max;
  return subsets.map((s) => {
    const inSubset = truncateReady ? (s.addresses ?? []).length : (s.notReadyAddresses ?? []).length;
    const toBeAdded = Math.min(Math.ceil((inSubset / numTotal) * max), canBeAdded);
    if (truncateReady) {
      const addresses = (s.addresses ?? []).slice(0, toBeAdded);
      canBeAdded -= addresses.length;
      const out: EndpointSubset = { ...s, addresses };
      delete out.notReadyAddresses;
      return out;
    }
    const notReadyAddresses = (s.notReadyAddresses ?? []).slice(0, toBeAdded);
    canBeAdded -= notReadyAddresses.length;
    return { ...s, notReadyAddresses };
  });
}
