// Building the request path record: the URL kubectl sends, the etcd key the object lives under, and
// which stage a failed write stopped at, read from the API server's answer.
// UPSTREAM: staging/src/k8s.io/apiserver/pkg/endpoints/request/requestinfo.go (URL layout),
// pkg/registry/*/storage (etcd key prefixes: `minions`, `services/specs`, `controllers`, `ingress`)
// SIMPLIFICATION: the stage of a failure is inferred from its Status reason.

import type { ApiStatus } from '../api/meta';
import type { RequestStage } from '../api/request-path';
import type { ResourceInfo } from '../api/resources';
import { isCustomResource, storageResourceOf } from '../api/discovery';
import { etcdKey as storageKey } from '../etcd/keys';

/** Admission plugins kube-apiserver 1.35 enables by default that the sandbox models (in order). */
export const ADMISSION_PLUGINS = ['NamespaceLifecycle', 'LimitRanger', 'ServiceAccount', 'Priority', 'DefaultTolerationSeconds', 'DefaultStorageClass', 'StorageObjectInUseProtection', 'PersistentVolumeClaimResize', 'DefaultIngressClass', 'ResourceQuota'];

const ETCD_PREFIX: Readonly<Record<string, string>> = {
  nodes: 'minions',
  services: 'services/specs',
  replicationcontrollers: 'controllers',
  ingresses: 'ingress',
};

/** `/registry/pods/default/web`, `/registry/minions/node-1`; without a name, the prefix a list reads. */
export function etcdKey(r: ResourceInfo, namespace: string | undefined, name?: string): string {
  if (isCustomResource(r)) {
    // `/registry/<group>/<plural>/...`, the key the store itself uses.
    const key = storageKey(storageResourceOf(r), r.namespaced ? namespace : undefined, name ?? '');
    return name ? key : key.replace(/\/+$/, '');
  }
  const parts = ['', 'registry', ETCD_PREFIX[r.resource] ?? r.resource];
  if (r.namespaced && namespace) parts.push(namespace);
  if (name) parts.push(name);
  return parts.join('/');
}

/** `/api/v1/namespaces/default/pods/web/log`, `/apis/apps/v1/deployments`. */
export function requestURL(r: ResourceInfo, namespace: string | undefined, name?: string, subresource?: string): string {
  let url = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  if (r.namespaced && namespace) url += `/namespaces/${namespace}`;
  url += `/${r.resource}`;
  if (name) url += `/${name}`;
  if (subresource) url += `/${subresource}`;
  return url;
}

/**
 * The stages after authorization for a write the API server answered: a success passed admission
 * and validation and was stored; a failure stopped at the stage its reason belongs to.
 */
export function stagesAfterAuthorization(r: ResourceInfo, namespace: string | undefined, name: string, result: { ok: true; resourceVersion?: string } | { ok: false; status: ApiStatus }, verb: string): RequestStage[] {
  const key = etcdKey(r, namespace, name);
  const plugins = ADMISSION_PLUGINS;
  if (result.ok) {
    return [
      { stage: 'admission', outcome: 'passed', plugins },
      { stage: 'validation', outcome: 'passed' },
      { stage: 'storage', outcome: 'stored', etcdKey: key, ...(result.resourceVersion ? { resourceVersion: result.resourceVersion } : {}) },
    ];
  }
  const { status } = result;
  const namespaceMissing = status.reason === 'NotFound' && verb === 'create' && status.details?.kind === 'namespaces';
  if (status.reason === 'Forbidden' || namespaceMissing) {
    return [{ stage: 'admission', outcome: 'rejected', plugins, message: status.message }];
  }
  if (status.reason === 'Invalid' || status.reason === 'BadRequest') {
    return [{ stage: 'admission', outcome: 'passed', plugins }, { stage: 'validation', outcome: 'rejected', message: status.message }];
  }
  return [
    { stage: 'admission', outcome: 'passed', plugins },
    { stage: 'validation', outcome: 'passed' },
    { stage: 'storage', outcome: 'failed', etcdKey: key, message: status.message },
  ];
}
