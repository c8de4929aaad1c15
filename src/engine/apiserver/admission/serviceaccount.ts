// The ServiceAccount admission plugin. On pod create it defaults spec.serviceAccountName to
// `default`, refuses a pod whose ServiceAccount does not exist, copies the ServiceAccount's
// imagePullSecrets when the pod has none and, unless automountServiceAccountToken is false (the
// pod's setting wins over the ServiceAccount's), adds the projected `kube-api-access-<5 chars>`
// volume (a bound token, the cluster's CA from the kube-root-ca.crt ConfigMap and the namespace)
// mounted read-only at /var/run/secrets/kubernetes.io/serviceaccount in every container and init
// container that does not mount something there already.
// UPSTREAM: plugin/pkg/admission/serviceaccount/admission.go (Admit, Validate, getServiceAccount,
// shouldAutomount, mountServiceAccountToken, TokenVolumeSource)
// SIMPLIFICATION: a missing `default` ServiceAccount is not an error. Upstream retries the lookup of
// `default` for up to ~2 s while the serviceaccounts controller creates it; here a Namespace and a
// Pod applied together cannot wait, so the pod is admitted as if the controller had won that race.
// Mountable-secrets enforcement (kubernetes.io/enforce-mountable-secrets) and the update of
// ephemeral containers are not modelled; mirror pods are left alone.

import type { ApiStatus, KubeObject } from '../../api/meta';
import type { ResourceInfo } from '../../api/resources';
import { forbidden } from '../errors';

export const DEFAULT_SERVICE_ACCOUNT_NAME = 'default';
/** DefaultAPITokenMountPath */
export const DEFAULT_API_TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
/** ServiceAccountVolumeName: the volume is named `kube-api-access-` plus 5 random characters. */
export const SERVICE_ACCOUNT_VOLUME_NAME = 'kube-api-access';
/** The ConfigMap the root-ca-cert-publisher keeps in every namespace (RootCACertConfigMapName). */
export const ROOT_CA_CONFIG_MAP = 'kube-root-ca.crt';
/** serviceaccount.WarnOnlyBoundTokenExpirationSeconds: 1 h + 7 s, so the token's age can be told apart. */
export const BOUND_TOKEN_EXPIRATION_SECONDS = 3607;

const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

interface ServiceAccountFields {
  automountServiceAccountToken?: boolean;
  imagePullSecrets?: Array<{ name?: string }>;
}

/** What the plugin reads: the ServiceAccount lister, and the name generator for the volume. */
export interface ServiceAccountAdmissionContext {
  serviceAccount(namespace: string, name: string): (KubeObject & ServiceAccountFields) | undefined;
  /** names.SimpleNameGenerator's 5 characters (the API server's seeded stream) */
  randomSuffix(): string;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** TokenVolumeSource: the projected source of the kube-api-access volume. */
export function tokenVolumeSource(): Json {
  return {
    // explicitly set, as upstream does (kubernetes#104464)
    defaultMode: 420,
    sources: [
      { serviceAccountToken: { expirationSeconds: BOUND_TOKEN_EXPIRATION_SECONDS, path: 'token' } },
      { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: ROOT_CA_CONFIG_MAP } },
      { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
    ],
  };
}

/**
 * Admit (and Validate) a pod create: mutates `pod`; returns the Forbidden status when its
 * ServiceAccount does not exist. Updates are not touched (those fields are immutable).
 */
export function admitServiceAccount(ctx: ServiceAccountAdmissionContext, resource: ResourceInfo, pod: KubeObject, old: KubeObject | undefined, displayName: string): ApiStatus | undefined {
  if (resource.resource !== 'pods' || old) return undefined;
  const spec: Json = ((pod as { spec?: Json }).spec ??= {});
  if (pod.metadata?.annotations?.[MIRROR_POD_ANNOTATION] !== undefined) return undefined;
  // v1 conversion: the deprecated serviceAccount field fills serviceAccountName when that is empty.
  if (!spec.serviceAccountName && spec.serviceAccount) spec.serviceAccountName = spec.serviceAccount;
  if (!spec.serviceAccountName) spec.serviceAccountName = DEFAULT_SERVICE_ACCOUNT_NAME;
  const namespace = pod.metadata?.namespace ?? 'default';
  const name: string = spec.serviceAccountName;
  const sa = ctx.serviceAccount(namespace, name);
  if (!sa && name !== DEFAULT_SERVICE_ACCOUNT_NAME) {
    return forbidden(resource, displayName, `error looking up service account ${namespace}/${name}: serviceaccount "${name}" not found`);
  }
  if (shouldAutomount(sa, spec)) mountServiceAccountToken(spec, ctx.randomSuffix);
  if (!spec.imagePullSecrets || spec.imagePullSecrets.length === 0) {
    const secrets = sa?.imagePullSecrets ?? [];
    if (secrets.length > 0) spec.imagePullSecrets = secrets.map((s) => ({ name: s.name }));
  }
  // The v1 representation carries the deprecated field too (Convert_core_PodSpec_To_v1_PodSpec).
  spec.serviceAccount = spec.serviceAccountName;
  return undefined;
}

/** shouldAutomount: the pod's preference wins, then the ServiceAccount's, else true. */
function shouldAutomount(sa: ServiceAccountFields | undefined, spec: Json): boolean {
  if (typeof spec.automountServiceAccountToken === 'boolean') return spec.automountServiceAccountToken;
  if (typeof sa?.automountServiceAccountToken === 'boolean') return sa.automountServiceAccountToken;
  return true;
}

function mountServiceAccountToken(spec: Json, randomSuffix: () => string): void {
  const volumes: Json[] = spec.volumes ?? [];
  // A kube-api-access-* volume the pod already has (a copy of an admitted pod) is reused.
  let volumeName = volumes.find((v) => typeof v.name === 'string' && v.name.startsWith(`${SERVICE_ACCOUNT_VOLUME_NAME}-`))?.name as string | undefined;
  const hasVolume = volumeName !== undefined;
  volumeName ??= `${SERVICE_ACCOUNT_VOLUME_NAME}-${randomSuffix()}`;
  let needsVolume = false;
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])] as Json[]) {
    const mounts: Json[] = c.volumeMounts ?? [];
    // Existing mounts at the default mount path prevent mounting of the API token.
    if (mounts.some((m) => m.mountPath === DEFAULT_API_TOKEN_MOUNT_PATH)) continue;
    c.volumeMounts = [...mounts, { mountPath: DEFAULT_API_TOKEN_MOUNT_PATH, name: volumeName, readOnly: true }];
    needsVolume = true;
  }
  if (!hasVolume && needsVolume) spec.volumes = [...volumes, { name: volumeName, projected: tokenVolumeSource() }];
}
