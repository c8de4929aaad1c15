// The EndpointSlice controller: for each Service with a selector, EndpointSlices listing the pods
// that back it (address, ready/serving/terminating, node, the resolved target port).
// UPSTREAM: pkg/controller/endpointslice/endpointslice_controller.go,
//           staging/src/k8s.io/endpointslice/{reconciler.go,utils.go,endpointslice_tracker.go}
// SIMPLIFICATION: IPv4 only; one slice per distinct port mapping (no split at 100 endpoints, no
// topology hints, no endpoints.kubernetes.io/last-change-trigger-time annotation).

import type { Node, Service, ServicePort } from 'kubernetes-types/core/v1';
import type { Endpoint, EndpointPort, EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { KubeObject, ObjectKey } from '../../api/meta';
import { keyOf } from '../../api/meta';
import { selectorFromSet } from '../../api/labels';
import { resourceForKind } from '../../api/resources';
import type { Informer, SharedInformerFactory } from '../../client/informer';
import type { WorkQueue } from '../../client/workqueue';
import type { JsonValue } from '../../sim/clock';
import type { Controller, ControllerContext, SyncResult } from '../types';
import { DONE } from '../types';
import type { PodObject } from '../controller-utils';
import { isPodReady, isPodTerminal, newControllerRef, semanticEqual, stableStringify } from '../controller-utils';

export const LabelServiceName = 'kubernetes.io/service-name';
export const LabelManagedBy = 'endpointslice.kubernetes.io/managed-by';
export const ControllerManagedBy = 'endpointslice-controller.k8s.io';
const LabelHeadless = 'service.kubernetes.io/headless';
const LabelTopologyZone = 'topology.kubernetes.io/zone';

type ServiceObject = Service & KubeObject;
type EndpointSliceObject = EndpointSlice & KubeObject;
type NodeObject = Node & KubeObject;

const SLICE_RESOURCE = resourceForKind('EndpointSlice')!;
const SERVICE_INDEX = 'endpointslice-service';

/** A slice we are about to write: its ports and endpoints. */
interface DesiredSlice {
  ports: EndpointPort[];
  endpoints: Endpoint[];
}

export class EndpointSliceController implements Controller {
  readonly name = 'endpointslice-controller';
  readonly queue: WorkQueue;
  private services!: Informer<ServiceObject>;
  private pods!: Informer<PodObject>;
  private slices!: Informer<EndpointSliceObject>;
  private nodes!: Informer<NodeObject>;
  /**
   * EndpointSliceTracker: per Service key, the slices we wrote (name -> resourceVersion, or -1 for
   * a delete). Until the informer shows them, the cache is stale and a sync would act on old data
   * (e.g. create a second slice): the sync waits for the slice's watch event instead.
   */
  private readonly tracker: Record<string, Record<string, number>>;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = ctx.queue;
    const state = ctx.state as { tracker?: Record<string, Record<string, number>> } | undefined;
    this.tracker = JSON.parse(JSON.stringify(state?.tracker ?? {})) as Record<string, Record<string, number>>;
  }

  start(informers: SharedInformerFactory): void {
    this.services = informers.informerFor<ServiceObject>('services');
    this.pods = informers.informerFor<PodObject>('pods');
    this.slices = informers.informerFor<EndpointSliceObject>('endpointslices');
    this.nodes = informers.informerFor<NodeObject>('nodes');
    this.slices.addIndexer(SERVICE_INDEX, (s) => {
      const svc = s.metadata.labels?.[LabelServiceName];
      return svc ? [keyOf({ namespace: s.metadata.namespace, name: svc })] : [];
    });
    this.services.addEventHandler({
      add: (s) => this.queue.add(keyOf(s.metadata)),
      update: (_o, s) => this.queue.add(keyOf(s.metadata)),
      delete: (s) => this.queue.add(keyOf(s.metadata)),
    });
    this.pods.addEventHandler({
      add: (p) => this.enqueueServicesOf(p),
      update: (o, p) => {
        if (o.metadata.resourceVersion === p.metadata.resourceVersion) return;
        this.enqueueServicesOf(p);
        if (!semanticEqual(o.metadata.labels, p.metadata.labels)) this.enqueueServicesOf(o);
      },
      delete: (p) => this.enqueueServicesOf(p),
    });
    const onSlice = (s: EndpointSliceObject) => {
      if (s.metadata.labels?.[LabelManagedBy] !== ControllerManagedBy) return;
      const svc = s.metadata.labels?.[LabelServiceName];
      if (svc) this.queue.add(keyOf({ namespace: s.metadata.namespace, name: svc }));
    };
    this.slices.addEventHandler({ add: onSlice, update: (_o, s) => onSlice(s), delete: onSlice });
  }

  save(): JsonValue {
    return { tracker: JSON.parse(JSON.stringify(this.tracker)) as JsonValue };
  }

  /** GetPodServiceMemberships: Services in the pod's namespace whose selector matches it. */
  private enqueueServicesOf(pod: PodObject): void {
    for (const svc of this.services.list(pod.metadata.namespace)) {
      const sel = svc.spec?.selector;
      if (!sel || Object.keys(sel).length === 0) continue;
      if (selectorFromSet(sel).matches(pod.metadata.labels)) this.queue.add(keyOf(svc.metadata));
    }
  }

  /** StaleSlices: has the informer not yet seen some slice we wrote for this Service? */
  private staleSlices(key: ObjectKey, existing: EndpointSliceObject[]): boolean {
    const tracked = this.tracker[key];
    if (!tracked) return false;
    let stale = false;
    for (const [name, rv] of Object.entries(tracked)) {
      const cached = existing.find((s) => s.metadata.name === name);
      const seen = rv < 0 ? !cached : cached !== undefined && Number(cached.metadata.resourceVersion) >= rv;
      if (seen) delete tracked[name];
      else stale = true;
    }
    if (!stale) delete this.tracker[key];
    return stale;
  }

  private track(key: ObjectKey, name: string, rv: number): void {
    (this.tracker[key] ??= {})[name] = rv;
  }

  sync(key: ObjectKey): SyncResult {
    return this.syncService(key);
  }

  /** syncService + reconciler.reconcile for the IPv4 address family. */
  syncService(key: ObjectKey): SyncResult {
    const svc = this.services.get(key);
    if (!svc) {
      // Its slices are owned by it: the garbage collector removes them.
      delete this.tracker[key];
      return DONE;
    }
    // ExternalName Services get no endpoints; Services without a selector get theirs out of band.
    if (svc.spec?.type === 'ExternalName') return DONE;
    const selector = svc.spec?.selector;
    if (!selector || Object.keys(selector).length === 0) return DONE;

    const existing = this.slices.byIndex(SERVICE_INDEX, key).filter((s) => s.metadata.labels?.[LabelManagedBy] === ControllerManagedBy);
    if (this.staleSlices(key, existing)) return DONE; // the slice's watch event will bring us back

    const sel = selectorFromSet(selector);
    const groups = new Map<string, DesiredSlice>();
    for (const pod of this.pods.list(svc.metadata.namespace)) {
      if (!sel.matches(pod.metadata.labels) || !shouldPodBeInEndpoints(pod)) continue;
      const ep = podToEndpoint(pod, this.nodes.get(pod.spec?.nodeName ?? ''), svc);
      if (!ep) continue;
      const ports = getEndpointPorts(svc, pod);
      const pk = stableStringify(ports);
      let g = groups.get(pk);
      if (!g) {
        g = { ports, endpoints: [] };
        groups.set(pk, g);
      }
      g.endpoints.push(ep);
    }
    // No endpoints at all: one placeholder slice without ports or endpoints.
    if (groups.size === 0) groups.set(stableStringify([]), { ports: [], endpoints: [] });

    const owned = existing.filter((s) => (s.metadata.ownerReferences ?? []).some((r) => r.uid === svc.metadata.uid && r.controller));
    const toDelete = existing.filter((s) => !owned.includes(s));
    const unmatched: DesiredSlice[] = [];
    const used = new Set<EndpointSliceObject>();
    for (const [pk, g] of groups) {
      const match = owned.find((s) => !used.has(s) && stableStringify(s.ports ?? []) === pk);
      if (!match) {
        unmatched.push(g);
        continue;
      }
      used.add(match);
      const r = this.updateSlice(key, svc, match, g.ports, keepOrder(match.endpoints ?? [], g.endpoints));
      if (r) return r;
    }
    // Rather than create one slice and delete another, reuse the old one (reconciler.finalize).
    const leftovers = owned.filter((s) => !used.has(s));
    for (const g of unmatched) {
      const reuse = leftovers.shift();
      const r = reuse ? this.updateSlice(key, svc, reuse, g.ports, g.endpoints) : this.createSlice(key, svc, g);
      if (r) return r;
    }
    for (const s of [...leftovers, ...toDelete]) {
      const r = this.ctx.client.delete(SLICE_RESOURCE, s.metadata.namespace, s.metadata.name ?? '');
      if (!r.ok && r.status.reason !== 'NotFound') return { kind: 'retry', reason: r.status.message };
      this.track(key, s.metadata.name ?? '', -1);
    }
    return DONE;
  }

  private createSlice(key: ObjectKey, svc: ServiceObject, g: DesiredSlice): SyncResult | undefined {
    const slice = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        generateName: `${svc.metadata.name}-`,
        namespace: svc.metadata.namespace,
        labels: endpointSliceLabels(svc),
        ownerReferences: [newControllerRef(svc, { apiVersion: 'v1', kind: 'Service' })],
      },
      addressType: 'IPv4',
      endpoints: g.endpoints,
      ports: g.ports,
    };
    const r = this.ctx.client.create<KubeObject>(slice);
    if (!r.ok) return { kind: 'retry', reason: r.status.message };
    this.track(key, r.object.metadata.name ?? '', Number(r.object.metadata.resourceVersion));
    return undefined;
  }

  /** Update in place; no write when nothing changed. */
  private updateSlice(key: ObjectKey, svc: ServiceObject, cur: EndpointSliceObject, ports: EndpointPort[], endpoints: Endpoint[]): SyncResult | undefined {
    const labels = endpointSliceLabels(svc);
    const next = {
      ...cur,
      metadata: { ...cur.metadata, labels },
      addressType: 'IPv4',
      endpoints,
      ports,
    } as EndpointSliceObject;
    if (
      semanticEqual(cur.endpoints ?? [], endpoints) && semanticEqual(cur.ports ?? [], ports) &&
      semanticEqual(cur.metadata.labels, labels) && cur.addressType === 'IPv4'
    ) {
      return undefined;
    }
    const r = this.ctx.client.update<KubeObject>(next);
    if (!r.ok) return { kind: 'retry', reason: r.status.message };
    this.track(key, r.object.metadata.name ?? '', Number(r.object.metadata.resourceVersion));
    return undefined;
  }
}

/** Keep the order of endpoints already in the slice; append new ones (as the reconciler fills slices). */
function keepOrder(current: readonly Endpoint[], desired: Endpoint[]): Endpoint[] {
  const byUID = new Map(desired.map((e) => [e.targetRef?.uid ?? e.addresses.join(','), e]));
  const out: Endpoint[] = [];
  for (const e of current) {
    const k = e.targetRef?.uid ?? e.addresses.join(',');
    const d = byUID.get(k);
    if (d) {
      out.push(d);
      byUID.delete(k);
    }
  }
  out.push(...byUID.values());
  return out;
}

/** setEndpointSliceLabels: the Service's own labels (minus reserved ones) plus service-name, managed-by, headless. */
function endpointSliceLabels(svc: ServiceObject): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(svc.metadata.labels ?? {})) {
    if (k === LabelServiceName || k === LabelManagedBy) continue;
    labels[k] = v;
  }
  labels[LabelServiceName] = svc.metadata.name ?? '';
  labels[LabelManagedBy] = ControllerManagedBy;
  // !IsServiceIPSet: headless (or not yet allocated)
  if (!svc.spec?.clusterIP || svc.spec.clusterIP === 'None') labels[LabelHeadless] = '';
  return labels;
}

/**
 * ShouldPodBeInEndpoints(pod, includeTerminating=true): not Succeeded/Failed and has an IP.
 * Terminating pods stay listed, with ready=false and terminating=true.
 */
export function shouldPodBeInEndpoints(pod: PodObject): boolean {
  if (isPodTerminal(pod)) return false;
  return Boolean(pod.status?.podIP) || (pod.status?.podIPs ?? []).length > 0;
}

/** podToEndpoint for IPv4: undefined when the pod has no IPv4 address. */
export function podToEndpoint(pod: PodObject, node: NodeObject | undefined, svc: ServiceObject): Endpoint | undefined {
  const ips = (pod.status?.podIPs ?? []).map((p) => p.ip).filter((ip): ip is string => Boolean(ip) && !ip!.includes(':'));
  if (ips.length === 0 && pod.status?.podIP && !pod.status.podIP.includes(':')) ips.push(pod.status.podIP);
  if (ips.length === 0) return undefined;
  const serving = isPodReady(pod);
  const terminating = pod.metadata.deletionTimestamp != null;
  // "ready" is never true for a terminating pod, unless publishNotReadyAddresses.
  const ready = Boolean(svc.spec?.publishNotReadyAddresses) || (serving && !terminating);
  const ep: Endpoint = { addresses: ips, conditions: { ready, serving, terminating } };
  if (pod.spec?.hostname && pod.spec.subdomain === svc.metadata.name && pod.metadata.namespace === svc.metadata.namespace) {
    ep.hostname = pod.spec.hostname;
  }
  ep.targetRef = { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid };
  if (pod.spec?.nodeName) ep.nodeName = pod.spec.nodeName;
  const zone = node?.metadata.labels?.[LabelTopologyZone];
  if (zone) ep.zone = zone;
  return ep;
}

/**
 * getEndpointPorts: one port per Service port whose targetPort resolves for this pod; a named
 * targetPort is looked up among the pod's container ports (same name and protocol).
 */
export function getEndpointPorts(svc: ServiceObject, pod: PodObject): EndpointPort[] {
  const out: EndpointPort[] = [];
  for (const sp of svc.spec?.ports ?? []) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    const ep: EndpointPort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
    if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
    out.push(ep);
  }
  return out;
}

/** podutil.FindPort */
export function findPort(pod: PodObject, sp: ServicePort): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === 'number') return target;
  const proto = sp.protocol ?? 'TCP';
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')];
  for (const c of containers) {
    for (const p of c.ports ?? []) {
      if (p.name === target && (p.protocol ?? 'TCP') === proto) return p.containerPort;
    }
  }
  return undefined;
}
