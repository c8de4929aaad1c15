// The ClusterRole aggregation controller: a ClusterRole with an aggregationRule gets, as its rules,
// the union of the rules of every ClusterRole its selectors match (admin, edit and view are built so).
// UPSTREAM: pkg/controller/clusterroleaggregation/clusterroleaggregation_controller.go (syncClusterRole)
// SIMPLIFICATION: writes with update instead of server-side apply.

import type { KubeObject, ObjectKey } from '../../api/meta';
import type { ClusterRoleObject, PolicyRule } from '../../api/rbac';
import { selectorMatches } from '../../apiserver/validation/object-meta';
import type { Informer, SharedInformerFactory } from '../../client/informer';
import type { WorkQueue } from '../../client/workqueue';
import type { Controller, ControllerContext, SyncResult } from '../types';
import { DONE } from '../types';
import { compareStrings } from '../../api/meta';

export class ClusterRoleAggregationController implements Controller {
  readonly name = 'clusterrole-aggregation-controller';
  readonly queue: WorkQueue;
  private clusterRoles!: Informer<ClusterRoleObject>;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = ctx.queue;
  }

  start(informers: SharedInformerFactory): void {
    this.clusterRoles = informers.informerFor<ClusterRoleObject>('clusterroles');
    // Any ClusterRole change may change what an aggregated role selects: re-sync all aggregated ones.
    const enqueueAll = () => {
      for (const cr of this.clusterRoles.list()) if (cr.aggregationRule) this.queue.add(cr.metadata.name ?? '');
    };
    this.clusterRoles.addEventHandler({ add: enqueueAll, update: enqueueAll, delete: enqueueAll });
  }

  sync(key: ObjectKey): SyncResult {
    const cr = this.clusterRoles.get(key);
    if (!cr?.aggregationRule) return DONE;
    const wanted = aggregatedRules(cr, this.clusterRoles.list());
    if (JSON.stringify(wanted) === JSON.stringify(cr.rules ?? [])) return DONE;
    const r = this.ctx.client.update({ ...cr, rules: wanted } as KubeObject);
    if (!r.ok && r.status.reason !== 'NotFound') return { kind: 'retry', reason: r.status.message };
    return DONE;
  }
}

/** The rules of the ClusterRoles `cr`'s selectors match, in name order, each rule once. */
export function aggregatedRules(cr: ClusterRoleObject, all: readonly ClusterRoleObject[]): PolicyRule[] {
  const rules: PolicyRule[] = [];
  const seen = new Set<string>();
  const sorted = [...all].sort((a, b) => compareStrings(a.metadata.name ?? '', b.metadata.name ?? ''));
  for (const selector of cr.aggregationRule?.clusterRoleSelectors ?? []) {
    for (const other of sorted) {
      if (other.metadata.name === cr.metadata.name || !selectorMatches(selector, other.metadata.labels ?? {})) continue;
      for (const rule of other.rules ?? []) {
        const k = JSON.stringify(rule);
        if (seen.has(k)) continue;
        seen.add(k);
        rules.push(rule);
      }
    }
  }
  return rules;
}
