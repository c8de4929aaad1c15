// The service controller of cloud-controller-manager: a Service of type LoadBalancer gets a load
// balancer from the cloud, and its address in status.loadBalancer.ingress.
// UPSTREAM: staging/src/k8s.io/cloud-provider/controllers/service/controller.go
// SIMPLIFICATION: the "cloud" is the address pool of an L2 load balancer such as MetalLB or
// cloud-provider-kind (192.168.49.240-254 on the node network); no node sync, no cloud API calls.

import type { Service } from 'kubernetes-types/core/v1';
import type { KubeObject, ObjectKey } from '../../api/meta';
import { keyOf } from '../../api/meta';
import type { Informer, SharedInformerFactory } from '../../client/informer';
import type { WorkQueue } from '../../client/workqueue';
import type { JsonValue } from '../../sim/clock';
import type { Controller, ControllerContext, SyncResult } from '../types';
import { DONE } from '../types';

export type ServiceObject = Service & KubeObject;

/** servicehelper.LoadBalancerCleanupFinalizer: the Service is not deleted before its load balancer is. */
export const LoadBalancerCleanupFinalizer = 'service.kubernetes.io/load-balancer-cleanup';

/** The simulated cloud's address pool (first and last address, inclusive). */
export interface LoadBalancerPool {
  first: string;
  last: string;
}

export const DEFAULT_LOAD_BALANCER_POOL: LoadBalancerPool = { first: '192.168.49.240', last: '192.168.49.254' };

interface State {
  /** ip -> the Service key it is assigned to */
  assigned: Record<string, ObjectKey>;
}

/** wantsLoadBalancer: type LoadBalancer and no loadBalancerClass (a class means another implementation owns it). */
export function wantsLoadBalancer(svc: ServiceObject): boolean {
  return svc.spec?.type === 'LoadBalancer' && svc.spec.loadBalancerClass == null;
}

function hasFinalizer(svc: ServiceObject): boolean {
  return (svc.metadata.finalizers ?? []).includes(LoadBalancerCleanupFinalizer);
}

/** needsCleanup: we hold a load balancer (finalizer) for a Service being deleted or no longer asking for one. */
function needsCleanup(svc: ServiceObject): boolean {
  if (!hasFinalizer(svc)) return false;
  return svc.metadata.deletionTimestamp != null || !wantsLoadBalancer(svc);
}

/** needsUpdate: the parts of a Service that change its load balancer (type, ports, traffic policy, IP). */
function needsUpdate(old: ServiceObject, cur: ServiceObject): boolean {
  if (!wantsLoadBalancer(old) && !wantsLoadBalancer(cur)) return false;
  if (wantsLoadBalancer(old) !== wantsLoadBalancer(cur)) return true;
  const pick = (s: ServiceObject) => JSON.stringify([
    s.spec?.ports, s.spec?.loadBalancerIP, s.spec?.loadBalancerSourceRanges, s.spec?.externalTrafficPolicy,
    s.spec?.healthCheckNodePort, s.spec?.externalIPs, s.metadata.uid,
  ]);
  return pick(old) !== pick(cur);
}

function ipToNumber(ip: string): number {
  return ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
}

function numberToIP(n: number): string {
  return [24, 16, 8, 0].map((s) => String(Math.floor(n / 2 ** s) % 256)).join('.');
}

export class ServiceController implements Controller {
  readonly name = 'service-lb-controller';
  readonly queue: WorkQueue;
  private services!: Informer<ServiceObject>;
  private readonly state: State;

  constructor(private readonly ctx: ControllerContext, private readonly pool: LoadBalancerPool = DEFAULT_LOAD_BALANCER_POOL) {
    this.queue = ctx.queue;
    const s = ctx.state as State | undefined;
    this.state = { assigned: { ...(s?.assigned ?? {}) } };
  }

  start(informers: SharedInformerFactory): void {
    this.services = informers.informerFor<ServiceObject>('services');
    this.services.addEventHandler({
      add: (s) => {
        if (wantsLoadBalancer(s) || needsCleanup(s)) this.queue.add(keyOf(s.metadata));
      },
      update: (o, s) => {
        if (needsUpdate(o, s) || needsCleanup(s) || (wantsLoadBalancer(s) && !hasFinalizer(s))) this.queue.add(keyOf(s.metadata));
      },
      delete: (s) => this.queue.add(keyOf(s.metadata)),
    });
  }

  save(): JsonValue {
    return { assigned: { ...this.state.assigned } };
  }

  sync(key: ObjectKey): SyncResult {
    return this.processServiceCreateOrUpdate(key);
  }

  /** The ingress IP assigned to a Service, if any. */
  assignedIP(key: ObjectKey): string | undefined {
    return Object.entries(this.state.assigned).find(([, k]) => k === key)?.[0];
  }

  private processServiceCreateOrUpdate(key: ObjectKey): SyncResult {
    const svc = this.services.get(key);
    if (!svc) {
      // Gone without our finalizer (it was never ours, or the API server finished the delete).
      this.release(key);
      return DONE;
    }
    return this.syncLoadBalancerIfNeeded(key, svc);
  }

  private syncLoadBalancerIfNeeded(key: ObjectKey, svc: ServiceObject): SyncResult {
    const recorder = this.ctx.recorder;
    if (needsCleanup(svc)) {
      recorder.event(svc, 'Normal', 'DeletingLoadBalancer', 'Deleting load balancer');
      this.release(key);
      recorder.event(svc, 'Normal', 'DeletedLoadBalancer', 'Deleted load balancer');
      let cur = svc;
      const finalizers = (svc.metadata.finalizers ?? []).filter((f) => f !== LoadBalancerCleanupFinalizer);
      const r = this.ctx.client.update<ServiceObject>({ ...svc, metadata: { ...svc.metadata, finalizers } });
      if (!r.ok) return r.status.reason === 'NotFound' ? DONE : { kind: 'retry', reason: r.status.message };
      cur = r.object;
      // A Service being deleted is gone once its last finalizer is; one changing type keeps no address.
      if (cur.metadata.deletionTimestamp != null || this.services.get(key) === undefined) return DONE;
      return this.patchStatus(cur, []);
    }
    if (!wantsLoadBalancer(svc)) {
      // Never ours, or a Service of another class: nothing to release but an address we may still hold.
      this.release(key);
      return DONE;
    }
    recorder.event(svc, 'Normal', 'EnsuringLoadBalancer', 'Ensuring load balancer');
    let cur = svc;
    if (!hasFinalizer(svc)) {
      const r = this.ctx.client.update<ServiceObject>({ ...svc, metadata: { ...svc.metadata, finalizers: [...(svc.metadata.finalizers ?? []), LoadBalancerCleanupFinalizer] } });
      if (!r.ok) return r.status.reason === 'NotFound' ? DONE : { kind: 'retry', reason: r.status.message };
      cur = r.object;
    }
    const ip = this.ensureLoadBalancer(key);
    if (!ip) {
      recorder.event(cur, 'Warning', 'SyncLoadBalancerFailed', `Error syncing load balancer: failed to ensure load balancer: no available IPs in pool ${this.pool.first}-${this.pool.last}`);
      return DONE; // retried when another load balancer releases its address
    }
    recorder.event(cur, 'Normal', 'EnsuredLoadBalancer', 'Ensured load balancer');
    return this.patchStatus(cur, [{ ip, ipMode: 'VIP' }]);
  }

  /** EnsureLoadBalancer of the simulated cloud: the Service's address, or the lowest free one of the pool. */
  private ensureLoadBalancer(key: ObjectKey): string | undefined {
    const held = this.assignedIP(key);
    if (held) return held;
    for (let n = ipToNumber(this.pool.first); n <= ipToNumber(this.pool.last); n++) {
      const ip = numberToIP(n);
      if (this.state.assigned[ip] === undefined) {
        this.state.assigned[ip] = key;
        return ip;
      }
    }
    return undefined;
  }

  /** EnsureLoadBalancerDeleted: the address goes back to the pool; Services waiting for one are retried. */
  private release(key: ObjectKey): void {
    const ip = this.assignedIP(key);
    if (!ip) return;
    delete this.state.assigned[ip];
    for (const s of this.services.list()) {
      if (wantsLoadBalancer(s) && s.metadata.deletionTimestamp == null && !(s.status?.loadBalancer?.ingress ?? []).length) this.queue.add(keyOf(s.metadata));
    }
  }

  private patchStatus(svc: ServiceObject, ingress: Array<{ ip: string; ipMode: string }>): SyncResult {
    const prev = svc.status?.loadBalancer?.ingress ?? [];
    if (JSON.stringify(prev) === JSON.stringify(ingress)) return DONE;
    const loadBalancer = ingress.length ? { ingress } : {};
    const r = this.ctx.client.updateStatus<ServiceObject>({ ...svc, status: { ...svc.status, loadBalancer } as ServiceObject['status'] });
    if (!r.ok) return r.status.reason === 'NotFound' ? DONE : { kind: 'retry', reason: r.status.message };
    return DONE;
  }
}
