// The EndpointSlice mirroring controller: for a Service without a selector, the Endpoints its user
// wrote become EndpointSlices (managed-by endpointslicemirroring-controller.k8s.io), because the
// datapath (kube-proxy, CoreDNS) reads only EndpointSlices. Endpoints labelled
// endpointslice.kubernetes.io/skip-mirror=true (the API server's own `kubernetes` Endpoints) are not
// mirrored; neither are Endpoints of Services with a selector (the EndpointSlice controller serves those).
// UPSTREAM: pkg/controller/endpointslicemirroring/{endpointslicemirroring_controller.go,reconciler.go,
//           reconciler_helpers.go,utils.go}
// SIMPLIFICATION: one slice per (subset's ports, address family) without the split at
// maxEndpointsPerSlice; at most 1000 addresses a subset are mirrored (mirroring-max-endpoints-per-subset).

import type { EndpointAddress, EndpointSubset, Endpoints, Service } from 'kubernetes-types/core/v1';
import type { Endpoint, EndpointPort, EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { KubeObject, ObjectKey } from '../../api/meta';
import { keyOf } from '../../api/meta';
import { resourceForKind } from '../../api/resources';
import type { Informer, SharedInformerFactory } from '../../client/informer';
import type { WorkQueue } from '../../client/workqueue';
import { repackSubsets } from '../../apiserver/registry/endpoints';
import type { Controller, ControllerContext, SyncResult } from '../types';
import { DONE } from '../types';
import { newControllerRef, semanticEqual, stableStringify } from '../controller-utils';
import { LabelManagedBy, LabelServiceName } from '../endpointslice/endpointslice-controller';
import { AnnotationLastChangeTriggerTime } from '../endpoint/endpoints-controller';

/** The managed-by value of mirrored slices. */
export const ControllerName = 'endpointslicemirroring-controller.k8s.io';
/** discovery.LabelSkipMirror */
export const LabelSkipMirror = 'endpointslice.kubernetes.io/skip-mirror';
/** resourcelock.LeaderElectionRecordAnnotationKey: old leader-election Endpoints are never mirrored. */
const LeaderElectionAnnotation = 'control-plane.alpha.kubernetes.io/leader';
const LastAppliedConfigAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';
/** --mirroring-max-endpoints-per-subset's default. */
export const maxEndpointsPerSubset = 1000;

type ServiceObject = Service & KubeObject;
type EndpointsObject = Endpoints & KubeObject;
type EndpointSliceObject = EndpointSlice & KubeObject;
type AddressType = 'IPv4' | 'IPv6';

const SLICE_RESOURCE = resourceForKind('EndpointSlice')!;
const SERVICE_INDEX = 'endpointslicemirroring-service';

interface DesiredSlice {
  addressType: AddressType;
  ports: EndpointPort[];
  endpoints: Endpoint[];
}

export class EndpointSliceMirroringController implements Controller {
  readonly name = 'endpointslice-mirroring-controller';
  readonly queue: WorkQueue;
  private services!: Informer<ServiceObject>;
  private endpoints!: Informer<EndpointsObject>;
  private slices!: Informer<EndpointSliceObject>;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = ctx.queue;
  }

  start(informers: SharedInformerFactory): void {
    this.services = informers.informerFor<ServiceObject>('services');
    this.endpoints = informers.informerFor<EndpointsObject>('endpoints');
    this.slices = informers.informerFor<EndpointSliceObject>('endpointslices');
    this.slices.addIndexer(SERVICE_INDEX, (s) => {
      const svc = s.metadata.labels?.[LabelServiceName];
      return svc && s.metadata.labels?.[LabelManagedBy] === ControllerName ? [keyOf({ namespace: s.metadata.namespace, name: svc })] : [];
    });
    this.endpoints.addEventHandler({
      add: (e) => {
        if (shouldMirror(e)) this.queue.add(keyOf(e.metadata));
      },
      update: (o, e) => {
        if (shouldMirror(o) || shouldMirror(e)) this.queue.add(keyOf(e.metadata));
      },
      delete: (e) => {
        if (shouldMirror(e)) this.queue.add(keyOf(e.metadata));
      },
    });
    this.services.addEventHandler({
      add: (s) => this.queue.add(keyOf(s.metadata)),
      // Only a selector appearing or going changes who owns the Service's slices.
      update: (o, s) => {
        if (hasSelector(o) !== hasSelector(s)) this.queue.add(keyOf(s.metadata));
      },
      delete: (s) => this.queue.add(keyOf(s.metadata)),
    });
    const onSlice = (s: EndpointSliceObject) => {
      if (s.metadata.labels?.[LabelManagedBy] !== ControllerName) return;
      const svc = s.metadata.labels?.[LabelServiceName];
      if (svc) this.queue.add(keyOf({ namespace: s.metadata.namespace, name: svc }));
    };
    this.slices.addEventHandler({
      add: onSlice,
      update: (o, s) => {
        onSlice(o);
        onSlice(s);
      },
      delete: onSlice,
    });
  }

  sync(key: ObjectKey): SyncResult {
    return this.syncEndpoints(key);
  }

  syncEndpoints(key: ObjectKey): SyncResult {
    const svc = this.services.get(key);
    // No Service: the mirrored slices are owned by the Endpoints; the garbage collector removes them with it.
    if (!svc) return DONE;
    if (svc.spec?.type === 'ExternalName') return DONE;
    const mirrored = this.slices.byIndex(SERVICE_INDEX, key);
    if (hasSelector(svc)) return this.deleteMirroredSlices(mirrored);
    const endpoints = this.endpoints.get(key);
    if (!endpoints || !shouldMirror(endpoints)) return this.deleteMirroredSlices(mirrored);
    return this.reconcile(endpoints, mirrored);
  }

  private deleteMirroredSlices(slices: readonly EndpointSliceObject[]): SyncResult {
    for (const s of slices) {
      const r = this.ctx.client.delete(SLICE_RESOURCE, s.metadata.namespace, s.metadata.name ?? '');
      if (!r.ok && r.status.reason !== 'NotFound') return { kind: 'retry', reason: r.status.message };
    }
    return DONE;
  }

  /** reconciler.reconcile: desired slices from the repacked subsets, then update, create and delete. */
  private reconcile(endpoints: EndpointsObject, existing: readonly EndpointSliceObject[]): SyncResult {
    const desired = new Map<string, DesiredSlice>();
    let invalid = 0;
    let skipped = 0;
    for (const subset of repackSubsets(endpoints.subsets ?? [])) {
      const ports = epPortsToEpsPorts(subset);
      const total = (subset.addresses ?? []).length + (subset.notReadyAddresses ?? []).length;
      let added = 0;
      const add = (address: EndpointAddress, ready: boolean) => {
        if (added >= maxEndpointsPerSubset) return;
        const addressType = getAddressType(address.ip);
        if (!addressType) {
          invalid++;
          return;
        }
        const k = `${addressType}/${stableStringify(ports)}`;
        let d = desired.get(k);
        if (!d) desired.set(k, (d = { addressType, ports, endpoints: [] }));
        const ep = addressToEndpoint(address, ready);
        if (!d.endpoints.some((e) => semanticEqual(e, ep))) d.endpoints.push(ep);
        added++;
      };
      for (const a of subset.addresses ?? []) add(a, true);
      for (const a of subset.notReadyAddresses ?? []) add(a, false);
      skipped += total - added;
    }
    if (invalid > 0) this.ctx.recorder.event(endpoints, 'Warning', 'InvalidIPAddress', `Skipped ${invalid} invalid IP addresses when mirroring to EndpointSlices`);
    if (skipped > invalid) {
      this.ctx.recorder.event(endpoints, 'Warning', 'TooManyAddressesToMirror', `A max of ${maxEndpointsPerSubset} addresses can be mirrored to EndpointSlices per Endpoints subset. ${skipped} addresses were skipped`);
    }

    const used = new Set<EndpointSliceObject>();
    const unmatched: DesiredSlice[] = [];
    for (const [k, d] of desired) {
      const match = existing.find((s) => !used.has(s) && `${s.addressType}/${stableStringify(s.ports ?? [])}` === k);
      if (!match) {
        unmatched.push(d);
        continue;
      }
      used.add(match);
      const r = this.writeSlice(endpoints, d, match);
      if (r) return r;
    }
    // Reuse a slice no longer needed before creating one (reconciler.finalize).
    const leftovers = existing.filter((s) => !used.has(s));
    for (const d of unmatched) {
      const r = this.writeSlice(endpoints, d, leftovers.shift());
      if (r) return r;
    }
    return this.deleteMirroredSlices(leftovers);
  }

  /** Create (cur undefined) or update a mirrored slice; no write when nothing changed. */
  private writeSlice(endpoints: EndpointsObject, d: DesiredSlice, cur: EndpointSliceObject | undefined): SyncResult | undefined {
    const labels = mirroredLabels(endpoints);
    const annotations = mirroredAnnotations(endpoints);
    const ownerReferences = [newControllerRef(endpoints, { apiVersion: 'v1', kind: 'Endpoints' })];
    if (cur) {
      const endpointsInOrder = keepOrder(cur.endpoints ?? [], d.endpoints);
      if (
        cur.addressType === d.addressType && semanticEqual(cur.ports ?? [], d.ports) && semanticEqual(cur.endpoints ?? [], endpointsInOrder) &&
        semanticEqual(cur.metadata.labels ?? {}, labels) && semanticEqual(cur.metadata.annotations ?? {}, annotations) &&
        semanticEqual(cur.metadata.ownerReferences ?? [], ownerReferences)
      ) {
        return undefined;
      }
      const next = {
        ...cur,
        metadata: { ...cur.metadata, labels, annotations, ownerReferences },
        addressType: d.addressType,
        endpoints: endpointsInOrder,
        ports: d.ports,
      } as EndpointSliceObject;
      if (!Object.keys(annotations).length) delete next.metadata.annotations;
      const r = this.ctx.client.update<KubeObject>(next);
      return r.ok ? undefined : { kind: 'retry', reason: r.status.message };
    }
    const slice = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        generateName: `${endpoints.metadata.name}-`,
        namespace: endpoints.metadata.namespace,
        labels,
        ...(Object.keys(annotations).length ? { annotations } : {}),
        ownerReferences,
      },
      addressType: d.addressType,
      endpoints: d.endpoints,
      ports: d.ports,
    };
    const r = this.ctx.client.create<KubeObject>(slice);
    return r.ok ? undefined : { kind: 'retry', reason: r.status.message };
  }
}

/** shouldMirror: not labelled skip-mirror=true and not an old leader-election record. */
export function shouldMirror(ep: EndpointsObject): boolean {
  if (ep.metadata.labels?.[LabelSkipMirror] === 'true') return false;
  return ep.metadata.annotations?.[LeaderElectionAnnotation] === undefined;
}

function hasSelector(svc: ServiceObject): boolean {
  return Object.keys(svc.spec?.selector ?? {}).length > 0;
}

/** newEndpointSlice's labels: the Endpoints' own, with service-name and managed-by set. */
function mirroredLabels(ep: EndpointsObject): Record<string, string> {
  return { ...(ep.metadata.labels ?? {}), [LabelServiceName]: ep.metadata.name ?? '', [LabelManagedBy]: ControllerName };
}

/** Every annotation but the trigger time and kubectl's last-applied configuration. */
function mirroredAnnotations(ep: EndpointsObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(ep.metadata.annotations ?? {})) {
    if (k === AnnotationLastChangeTriggerTime || k === LastAppliedConfigAnnotation) continue;
    out[k] = v;
  }
  return out;
}

function epPortsToEpsPorts(subset: EndpointSubset): EndpointPort[] {
  return (subset.ports ?? []).map((p) => {
    const out: EndpointPort = { name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' };
    if (p.appProtocol !== undefined) out.appProtocol = p.appProtocol;
    return out;
  });
}

/** addressToEndpoint: the address, ready as listed, its targetRef, nodeName and hostname. */
function addressToEndpoint(address: EndpointAddress, ready: boolean): Endpoint {
  const ep: Endpoint = { addresses: [address.ip], conditions: { ready } };
  if (address.hostname) ep.hostname = address.hostname;
  if (address.nodeName !== undefined) ep.nodeName = address.nodeName;
  if (address.targetRef) ep.targetRef = address.targetRef;
  return ep;
}

/** getAddressType: IPv4, IPv6, or undefined for something that is not an IP. */
function getAddressType(ip: string): AddressType | undefined {
  if (/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(ip)) return ip.split('.').every((o) => Number(o) <= 255) ? 'IPv4' : undefined;
  return /^[0-9a-fA-F:]+$/.test(ip) && ip.includes(':') ? 'IPv6' : undefined;
}

/** Keep the order of endpoints already in the slice; append new ones. */
function keepOrder(current: readonly Endpoint[], desired: readonly Endpoint[]): Endpoint[] {
  const key = (e: Endpoint) => `${e.addresses.join(',')}/${e.targetRef?.uid ?? ''}`;
  const byKey = new Map(desired.map((e) => [key(e), e]));
  const out: Endpoint[] = [];
  for (const e of current) {
    const d = byKey.get(key(e));
    if (d) {
      out.push(d);
      byKey.delete(key(e));
    }
  }
  out.push(...byKey.values());
  return out;
}
