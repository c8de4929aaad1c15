// The resource quota controller: status.hard follows spec.hard and status.used is recomputed from what
// the namespace holds, so usage that admission charged is given back when pods finish or objects go.
// UPSTREAM: pkg/controller/resourcequota/resource_quota_controller.go (syncResourceQuota),
//           staging/src/k8s.io/apiserver/pkg/quota/v1/generic/evaluator.go (CalculateUsageStats)
// SIMPLIFICATION: no periodic full resync; a quota is recomputed when it or an object of its namespace
// changes, and again when a terminating pod's grace period runs out. Events and Leases are not counted.

import type { KubeObject, ObjectKey } from '../../api/meta';
import { RESOURCES, type ResourceInfo } from '../../api/resources';
import type { Informer, SharedInformerFactory } from '../../client/informer';
import type { WorkQueue } from '../../client/workqueue';
import { evaluatorFor, scopeSelectorsOf, type ResourceQuotaObject } from '../../quota/v1/evaluator/core/evaluators';
import { add, mask, toResourceList, type Usage } from '../../quota/v1/resources';
import type { Controller, ControllerContext, SyncResult } from '../types';
import { DONE } from '../types';

/** Namespaced resources whose objects a quota can count. */
const COUNTED: readonly ResourceInfo[] = RESOURCES.filter((r) => r.namespaced && r.resource !== 'events' && r.resource !== 'leases');
/** Kinds whose updates can change usage (others only count objects, so only add/delete matter). */
const USAGE_ON_UPDATE = new Set(['pods', 'persistentvolumeclaims', 'services']);

export class ResourceQuotaController implements Controller {
  readonly name = 'resourcequota-controller';
  readonly queue: WorkQueue;
  private quotas!: Informer<ResourceQuotaObject>;
  private readonly informers = new Map<string, Informer>();

  constructor(private readonly ctx: ControllerContext) {
    this.queue = ctx.queue;
  }

  start(informers: SharedInformerFactory): void {
    this.quotas = informers.informerFor<ResourceQuotaObject>('resourcequotas');
    const enqueue = (q: KubeObject) => this.queue.add(`${q.metadata.namespace}/${q.metadata.name}`);
    this.quotas.addEventHandler({
      add: enqueue,
      // Our own status writes come back as updates: only a spec change (or a missing status) needs work.
      update: (old, q) => {
        if (JSON.stringify(old.spec) !== JSON.stringify(q.spec) || !q.status?.hard || !q.status.used) enqueue(q);
      },
    });
    // Replenishment: a change in a namespace re-syncs that namespace's quotas.
    const replenish = (obj: KubeObject) => {
      for (const q of this.quotas.list(obj.metadata.namespace)) enqueue(q);
    };
    for (const r of COUNTED) {
      const inf = informers.informerFor(r.resource);
      this.informers.set(r.resource, inf);
      inf.addEventHandler({
        add: replenish,
        delete: replenish,
        ...(USAGE_ON_UPDATE.has(r.resource) ? { update: (_old: KubeObject, obj: KubeObject) => replenish(obj) } : {}),
      });
    }
  }

  /** syncResourceQuota */
  sync(key: ObjectKey): SyncResult {
    const rq = this.quotas.get(key);
    if (!rq) return DONE;
    const hard = { ...rq.spec?.hard };
    const hardNames = Object.keys(hard);
    const selectors = scopeSelectorsOf(rq);
    const namespace = rq.metadata.namespace ?? 'default';
    const nowMs = this.ctx.now();
    const epochMs = Date.parse(this.ctx.timestamp(0));
    let recheckAt: number | undefined;

    // CalculateUsage: every evaluator that matches one of the hard resources sums its objects.
    let used: Usage = new Map();
    for (const r of COUNTED) {
      const evaluator = evaluatorFor(r);
      const matched = evaluator.matchingResources(hardNames);
      if (matched.length === 0) continue;
      let total: Usage = new Map(matched.map((n) => [n, 0]));
      for (const obj of this.informers.get(r.resource)!.list(namespace)) {
        if (!evaluator.matchesScopes(obj, selectors)) continue;
        total = add(total, mask(evaluator.usage(obj, nowMs, epochMs), matched));
        const expiry = terminatingPodExpiry(obj, epochMs);
        if (r.resource === 'pods' && expiry !== undefined && expiry >= nowMs) recheckAt = Math.min(recheckAt ?? Infinity, expiry + 1000);
      }
      used = add(used, total);
    }
    const status = { hard, used: toResourceList(mask(used, hardNames), hard) };
    if (JSON.stringify(status) !== JSON.stringify(normalized(rq.status))) {
      const r = this.ctx.client.updateStatus({ ...rq, status } as ResourceQuotaObject);
      if (!r.ok && r.status.reason !== 'NotFound') return { kind: 'retry', reason: r.status.message };
    }
    return recheckAt === undefined ? DONE : { kind: 'requeueAfter', delayMs: Math.max(1, recheckAt - nowMs), background: true };
  }
}

/** When a terminating pod stops counting (sim ms), if it is terminating with a grace period. */
function terminatingPodExpiry(obj: KubeObject, epochMs: number): number | undefined {
  const del = obj.metadata.deletionTimestamp;
  const grace = obj.metadata.deletionGracePeriodSeconds;
  if (!del || grace === undefined) return undefined;
  return Date.parse(del) + grace * 1000 - epochMs;
}

function normalized(status: ResourceQuotaObject['status']): unknown {
  const sortKeys = (m: Record<string, string> | undefined) => Object.fromEntries(Object.entries(m ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)));
  return { hard: status?.hard ?? null, used: status?.used ? sortKeys(status.used) : null };
}
