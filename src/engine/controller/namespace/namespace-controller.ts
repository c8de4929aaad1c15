// The namespace controller: a namespace marked for deletion (Terminating) is emptied, every
// namespaced object in it deleted, and once nothing remains its `kubernetes` finalizer is removed
// through the finalize subresource, which lets the API server remove it.
// UPSTREAM: pkg/controller/namespace/namespace_controller.go,
//           pkg/controller/namespace/deletion/namespaced_resources_deleter.go (Delete, deleteAllContent)
// SIMPLIFICATION: discovery is the static RESOURCES table (no NamespaceDeletionDiscoveryFailure /
// GroupVersionParsingFailure conditions); objects are deleted one by one instead of deletecollection.

import type { NamespaceCondition } from 'kubernetes-types/core/v1';
import type { KubeObject, ObjectKey } from '../../api/meta';
import type { ResourceInfo } from '../../api/resources';
import { RESOURCES, resourceForKind } from '../../api/resources';
import { isCustomResource } from '../../api/discovery';
import { FINALIZER_KUBERNETES, specFinalizers } from '../../apiserver/registry/namespace';
import type { SharedInformerFactory } from '../../client/informer';
import type { WorkQueue } from '../../client/workqueue';
import type { Controller, ControllerContext, SyncResult } from '../types';
import { DONE } from '../types';
import { compareStrings } from '../../api/meta';

const NAMESPACES = resourceForKind('Namespace')!;

/** What is left after one deletion pass. */
interface Remaining {
  /** `pods.` / `deployments.apps` -> count, as the condition message names them */
  byResource: Map<string, number>;
  /** metadata finalizer -> count of remaining objects carrying it */
  byFinalizer: Map<string, number>;
  /** seconds until the slowest remaining pod's grace period ends (at least 1 when anything remains) */
  estimateSeconds: number;
}

export class NamespaceController implements Controller {
  readonly name = 'namespace-controller';
  readonly queue: WorkQueue;
  private readonly namespaced: ResourceInfo[] = RESOURCES.filter((r) => r.namespaced);

  constructor(private readonly ctx: ControllerContext) {
    this.queue = ctx.queue;
  }

  start(informers: SharedInformerFactory): void {
    const namespaces = informers.informerFor('namespaces');
    const enqueueIfDeleting = (ns: KubeObject) => {
      if (ns.metadata.deletionTimestamp) this.queue.add(ns.metadata.name ?? '');
    };
    namespaces.addEventHandler({ add: enqueueIfDeleting, update: (_old, ns) => enqueueIfDeleting(ns) });
    // Content that goes away (a pod whose kubelet finished it) lets a terminating namespace progress.
    for (const r of this.namespaced) {
      informers.informerFor(r.resource).addEventHandler({
        delete: (obj) => {
          const ns = namespaces.get(obj.metadata.namespace ?? '');
          if (ns) enqueueIfDeleting(ns);
        },
      });
    }
  }

  /** namespacedResourcesDeleter.Delete */
  sync(name: ObjectKey): SyncResult {
    const ns = this.ctx.client.get(NAMESPACES, undefined, name);
    if (!ns || !ns.metadata.deletionTimestamp) return DONE;
    if (specFinalizers(ns).includes(FINALIZER_KUBERNETES)) {
      const remaining = this.deleteAllContent(name);
      const status = this.updateConditions(ns, remaining);
      if (status) return status;
      if (remaining.byResource.size > 0) {
        // Pods are still terminating through their kubelets; their deletion enqueues us again.
        return { kind: 'requeueAfter', delayMs: remaining.estimateSeconds * 1000, background: true };
      }
      const r = this.ctx.client.finalizeNamespace(name, specFinalizers(ns).filter((f) => f !== FINALIZER_KUBERNETES));
      if (!r.ok) return r.status.reason === 'NotFound' ? DONE : { kind: 'retry', reason: r.status.message };
    }
    // Finalized: a last DELETE removes it (a no-op while other finalizers remain).
    const latest = this.ctx.client.get(NAMESPACES, undefined, name);
    if (latest && specFinalizers(latest).length === 0) {
      const r = this.ctx.client.delete(NAMESPACES, undefined, name);
      if (!r.ok && r.status.reason !== 'NotFound') return { kind: 'retry', reason: r.status.message };
    }
    return DONE;
  }

  /** deleteAllContent: delete every namespaced object (background propagation), then count what remains. */
  private deleteAllContent(namespace: string): Remaining {
    const remaining: Remaining = { byResource: new Map(), byFinalizer: new Map(), estimateSeconds: 0 };
    const nowMs = this.ctx.now();
    // Discovery at the time of the pass: custom kinds of established CRDs too.
    const custom = this.ctx.client.resources().filter((x) => x.namespaced && isCustomResource(x));
    for (const r of [...this.namespaced, ...custom]) {
      for (const obj of this.ctx.client.list(r, namespace)) {
        if (obj.metadata.deletionTimestamp) continue;
        this.ctx.client.delete(r, namespace, obj.metadata.name ?? '', { propagationPolicy: 'Background' });
      }
      const left = this.ctx.client.list(r, namespace);
      if (left.length === 0) continue;
      remaining.byResource.set(`${r.resource}.${r.group}`, left.length);
      for (const obj of left) {
        for (const f of obj.metadata.finalizers ?? []) remaining.byFinalizer.set(f, (remaining.byFinalizer.get(f) ?? 0) + 1);
        const deadline = obj.metadata.deletionTimestamp ? Date.parse(obj.metadata.deletionTimestamp) - this.epochMs() : nowMs;
        remaining.estimateSeconds = Math.max(remaining.estimateSeconds, Math.ceil((deadline - nowMs) / 1000));
      }
      remaining.estimateSeconds = Math.max(remaining.estimateSeconds, 1);
    }
    return remaining;
  }

  /** Wall-clock epoch of simulated time 0, recovered from the context's timestamp of t=0. */
  private epochMs(): number {
    return Date.parse(this.ctx.timestamp(0));
  }

  /** NamespaceContentRemaining and NamespaceFinalizersRemaining, as the deleter's conditionUpdater writes them. */
  private updateConditions(ns: KubeObject, remaining: Remaining): SyncResult | undefined {
    const list = (m: Map<string, number>, sep: string) => [...m].sort(([a], [b]) => compareStrings(a, b)).map(([k, n]) => `${k}${sep}${n} resource instances`).join(', ');
    const wanted: Array<Omit<NamespaceCondition, 'lastTransitionTime'>> = [
      remaining.byResource.size > 0
        ? { type: 'NamespaceContentRemaining', status: 'True', reason: 'SomeResourcesRemain', message: `Some resources are remaining: ${list(remaining.byResource, ' has ')}` }
        : { type: 'NamespaceContentRemaining', status: 'False', reason: 'ContentRemoved', message: 'All content successfully removed' },
      remaining.byFinalizer.size > 0
        ? { type: 'NamespaceFinalizersRemaining', status: 'True', reason: 'SomeFinalizersRemain', message: `Some content in the namespace has finalizers remaining: ${list(remaining.byFinalizer, ' in ')}` }
        : { type: 'NamespaceFinalizersRemaining', status: 'False', reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished' },
    ];
    const status = (ns.status ?? {}) as { phase?: string; conditions?: NamespaceCondition[] };
    const current = status.conditions ?? [];
    const next = current.filter((c) => !wanted.some((w) => w.type === c.type));
    for (const w of wanted) {
      const old = current.find((c) => c.type === w.type);
      const same = old && old.status === w.status && old.reason === w.reason && old.message === w.message;
      next.push(same && old ? old : { ...w, lastTransitionTime: old && old.status === w.status ? old.lastTransitionTime : this.ctx.timestamp() });
    }
    if (JSON.stringify(next) === JSON.stringify(current) && status.phase === 'Terminating') return undefined;
    const r = this.ctx.client.updateStatus({ ...ns, status: { ...status, phase: 'Terminating', conditions: next } } as KubeObject);
    if (!r.ok && r.status.reason !== 'NotFound') return { kind: 'retry', reason: r.status.message };
    return undefined;
  }
}
