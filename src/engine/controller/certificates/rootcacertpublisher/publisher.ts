// The root CA certificate publisher: every namespace has a ConfigMap `kube-root-ca.crt` whose
// `ca.crt` is the cluster's CA bundle, so that pods can verify the API server (the kube-api-access
// volume projects it to /var/run/secrets/kubernetes.io/serviceaccount/ca.crt). It is created when a
// namespace appears and put back when someone deletes or edits it.
// UPSTREAM: pkg/controller/certificates/rootcacertpublisher/publisher.go (syncNamespace)
// SIMPLIFICATION: the CA is a fixed, simulated PEM (no key pair behind it, not a parsable certificate).

import type { KubeObject, ObjectKey } from '../../../api/meta';
import type { Informer, SharedInformerFactory } from '../../../client/informer';
import type { WorkQueue } from '../../../client/workqueue';
import type { Controller, ControllerContext, SyncResult } from '../../types';
import { DONE } from '../../types';
import { structuredCopy } from '../../../apiserver/store';

/** RootCACertConfigMapName */
export const ROOT_CA_CERT_CONFIG_MAP_NAME = 'kube-root-ca.crt';
/** DescriptionAnnotation and Description */
export const DESCRIPTION_ANNOTATION = 'kubernetes.io/description';
export const DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. ' +
  'No other usage is guaranteed across distributions of Kubernetes clusters.';

/** The simulated cluster CA (kubeadm's /etc/kubernetes/pki/ca.crt stands here). */
export const ROOT_CA_PEM =
  '-----BEGIN CERTIFICATE-----\nMIIDBTCCAe2gAwIBAgIIU2FuZGJveENBMA0GCSqGSIb3DQEBCwUAMBUxEzARBgNV\n' +
  'BAMTCmt1YmVybmV0ZXMwHhcNMjYwMTAxMDAwMDAwWhcNMzYwMTAxMDAwMDAwWjAV\n' +
  'MRMwEQYDVQQDEwprdWJlcm5ldGVzIChzaW11bGF0ZWQsIG5vdCBhIHJlYWwga2V5\n-----END CERTIFICATE-----\n';

interface ConfigMapFields {
  data?: Record<string, string>;
}

export class Publisher implements Controller {
  readonly name = 'root-ca-cert-publisher';
  readonly queue: WorkQueue;
  private namespaces!: Informer;
  private configMaps!: Informer;

  constructor(private readonly ctx: ControllerContext, private readonly rootCA: string = ROOT_CA_PEM) {
    this.queue = ctx.queue;
  }

  start(informers: SharedInformerFactory): void {
    this.namespaces = informers.informerFor('namespaces');
    this.configMaps = informers.informerFor('configmaps');
    this.namespaces.addEventHandler({
      add: (ns) => this.queue.add(ns.metadata.name ?? ''),
      // namespaceUpdated: only an Active namespace is worth a sync.
      update: (_old, ns) => {
        if ((ns.status as { phase?: string } | undefined)?.phase === 'Active') this.queue.add(ns.metadata.name ?? '');
      },
    });
    const onConfigMap = (cm: KubeObject) => {
      if (cm.metadata.name === ROOT_CA_CERT_CONFIG_MAP_NAME) this.queue.add(cm.metadata.namespace ?? '');
    };
    this.configMaps.addEventHandler({ delete: onConfigMap, update: (_old, cm) => onConfigMap(cm) });
  }

  /** syncNamespace: create the ConfigMap, or restore its data and description annotation. */
  sync(name: ObjectKey): SyncResult {
    const ns = this.namespaces.get(name);
    // A terminating namespace refuses the create anyway.
    if (!ns || ns.metadata.deletionTimestamp) return DONE;
    const data = { 'ca.crt': this.rootCA };
    const cm = this.configMaps.get(`${name}/${ROOT_CA_CERT_CONFIG_MAP_NAME}`) as (KubeObject & ConfigMapFields) | undefined;
    if (!cm) {
      const r = this.ctx.client.create({
        apiVersion: 'v1', kind: 'ConfigMap',
        metadata: { name: ROOT_CA_CERT_CONFIG_MAP_NAME, namespace: name, annotations: { [DESCRIPTION_ANNOTATION]: DESCRIPTION } },
        data,
      } as KubeObject);
      // Don't retry if the namespace is gone or terminating; AlreadyExists: our cache lags behind.
      if (!r.ok && r.status.reason !== 'NotFound' && r.status.reason !== 'Forbidden' && r.status.reason !== 'AlreadyExists') return { kind: 'retry', reason: r.status.message };
      return DONE;
    }
    const same = Object.keys(cm.data ?? {}).length === 1 && cm.data?.['ca.crt'] === this.rootCA;
    if (same && (cm.metadata.annotations?.[DESCRIPTION_ANNOTATION] ?? '').length > 0) return DONE;
    const next = structuredCopy(cm) as KubeObject & ConfigMapFields;
    next.data = data;
    next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [DESCRIPTION_ANNOTATION]: DESCRIPTION };
    const r = this.ctx.client.update(next);
    if (!r.ok && r.status.reason !== 'NotFound') return { kind: 'retry', reason: r.status.message };
    return DONE;
  }
}
