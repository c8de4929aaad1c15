// The service accounts controller: every active namespace has a `default` ServiceAccount; it is
// created when the namespace appears and re-created when someone deletes it.
// UPSTREAM: pkg/controller/serviceaccount/serviceaccounts_controller.go (syncNamespace)
// SIMPLIFICATION: no token controller (legacy token Secrets). kube-root-ca.crt is published by
// ../certificates/rootcacertpublisher; ServiceAccount admission admits a pod whose `default` SA is not
// created yet (upstream waits ~2 s for this controller; see ../../apiserver/admission/serviceaccount.ts).

import type { KubeObject, ObjectKey } from '../../api/meta';
import { resourceForKind } from '../../api/resources';
import type { Informer, SharedInformerFactory } from '../../client/informer';
import type { WorkQueue } from '../../client/workqueue';
import type { Controller, ControllerContext, SyncResult } from '../types';
import { DONE } from '../types';

/** The ServiceAccounts every namespace gets (--service-account names; upstream default: `default`). */
export const DEFAULT_SERVICE_ACCOUNTS: readonly string[] = ['default'];

const SERVICE_ACCOUNTS = resourceForKind('ServiceAccount')!;

export class ServiceAccountsController implements Controller {
  readonly name = 'serviceaccount-controller';
  readonly queue: WorkQueue;
  private namespaces!: Informer;
  private serviceAccounts!: Informer;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = ctx.queue;
  }

  start(informers: SharedInformerFactory): void {
    this.namespaces = informers.informerFor('namespaces');
    this.serviceAccounts = informers.informerFor('serviceaccounts');
    const enqueue = (ns: KubeObject) => this.queue.add(ns.metadata.name ?? '');
    this.namespaces.addEventHandler({ add: enqueue, update: (_old, ns) => enqueue(ns) });
    // A deleted default ServiceAccount is re-created.
    this.serviceAccounts.addEventHandler({
      delete: (sa) => {
        if (DEFAULT_SERVICE_ACCOUNTS.includes(sa.metadata.name ?? '')) this.queue.add(sa.metadata.namespace ?? '');
      },
    });
  }

  /** syncNamespace: create the missing default ServiceAccounts of an Active namespace. */
  sync(name: ObjectKey): SyncResult {
    const ns = this.namespaces.get(name);
    if (!ns || ns.metadata.deletionTimestamp || (ns.status as { phase?: string } | undefined)?.phase !== 'Active') return DONE;
    for (const saName of DEFAULT_SERVICE_ACCOUNTS) {
      if (this.serviceAccounts.get(`${name}/${saName}`)) continue;
      const r = this.ctx.client.create({ apiVersion: 'v1', kind: SERVICE_ACCOUNTS.kind, metadata: { name: saName, namespace: name } } as KubeObject);
      // AlreadyExists: our cache lags behind; Forbidden: the namespace started terminating meanwhile.
      if (!r.ok && r.status.reason !== 'AlreadyExists' && r.status.reason !== 'Forbidden' && r.status.reason !== 'NotFound') {
        return { kind: 'retry', reason: r.status.message };
      }
    }
    return DONE;
  }
}
