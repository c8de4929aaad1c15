// validateObject: what the API server says about a create/update body before storing it.
// UPSTREAM: staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go (decode, then
//           rest.BeforeCreate -> strategy.Validate), pkg/registry/<group>/<resource>/strategy.go
// SIMPLIFICATION: runs on the object as sent (before defaulting); fields the schema marks required
// and no hand-written rule covers get a generic `Required value`.

import type { ApiStatus, KubeObject } from '../../api/meta';
import { apiVersionOf, type ResourceInfo } from '../../api/resources';
import { validateDaemonSet, validateDeployment, validateReplicaSet, validateStatefulSet } from './apps';
import { validateCronJob, validateHorizontalPodAutoscaler, validateJob } from './batch';
import { validateConfigMap, validatePod, validateSecret, validateService } from './core';
import { validatePodDisruptionBudget } from './policy';
import { validateNetworkPolicy } from './networkpolicy';
import { validateIngress, validateIngressClass } from './ingress';
import { validatePriorityClass } from './scheduling';
import { validateClusterRole, validateClusterRoleBinding, validateRole, validateRoleBinding } from './rbac';
import { validatePersistentVolume, validatePersistentVolumeClaim, validateStorageClass } from './storage';
import { decodeObject, decodeStatus, formatFieldPath, type DecodeResult } from './decode';
import { invalidStatus, required, type ErrorList } from './field-errors';
import { validateImmutableFields } from './immutable';
import { asObj, asString, validateObjectMeta, type Obj } from './object-meta';
import { schemaDefinitionFor } from './schema';
import { convertHorizontalPodAutoscalerToStorage } from '../registry/horizontalpodautoscaler';
import { validateEndpoints } from '../registry/endpoints';

type KindValidator = (obj: Obj) => ErrorList;

const KIND_VALIDATORS: Record<string, KindValidator> = {
  '/Pod': validatePod,
  '/Service': validateService,
  '/Endpoints': validateEndpoints,
  '/ConfigMap': validateConfigMap,
  '/Secret': validateSecret,
  'apps/Deployment': validateDeployment,
  'apps/ReplicaSet': validateReplicaSet,
  'apps/StatefulSet': validateStatefulSet,
  'apps/DaemonSet': validateDaemonSet,
  'batch/Job': validateJob,
  'batch/CronJob': validateCronJob,
  'autoscaling/HorizontalPodAutoscaler': validateHorizontalPodAutoscaler,
  'scheduling.k8s.io/PriorityClass': validatePriorityClass,
  'policy/PodDisruptionBudget': validatePodDisruptionBudget,
  '/PersistentVolume': validatePersistentVolume,
  '/PersistentVolumeClaim': validatePersistentVolumeClaim,
  'storage.k8s.io/StorageClass': validateStorageClass,
  'networking.k8s.io/NetworkPolicy': validateNetworkPolicy,
  'networking.k8s.io/Ingress': validateIngress,
  'networking.k8s.io/IngressClass': validateIngressClass,
  'rbac.authorization.k8s.io/Role': validateRole,
  'rbac.authorization.k8s.io/ClusterRole': validateClusterRole,
  'rbac.authorization.k8s.io/RoleBinding': validateRoleBinding,
  'rbac.authorization.k8s.io/ClusterRoleBinding': validateClusterRoleBinding,
};

/**
 * Schema-required fields for which a generic `Required value` would not be what the server says:
 * templates (the server reports their contents instead), ports (range error), optional-in-1.35.
 */
const NOT_GENERIC_REQUIRED = new Set([
  'DeploymentSpec.template',
  'StatefulSetSpec.template',
  'StatefulSetSpec.serviceName',
  // a claim template's apiVersion and kind are optional (the server defaults them)
  'PersistentVolumeClaim.apiVersion',
  'PersistentVolumeClaim.kind',
  'DaemonSetSpec.template',
  'JobSpec.template',
  'CronJobSpec.jobTemplate',
  'ServicePort.port',
  'HorizontalPodAutoscalerSpec.maxReplicas',
  'LabelSelectorRequirement.operator',
  'LabelSelectorRequirement.key',
  'Event.involvedObject',
  'EndpointSlice.endpoints',
  // an int32 without omitempty: a missing value decodes as 0, which the server accepts
  'PriorityClass.value',
  // a list without omitempty: the kubelet itself writes `drivers: null`
  'CSINodeSpec.drivers',
  // roleRef decodes as an empty struct: rbac validation reports its kind and name instead
  'RoleBinding.roleRef',
  'ClusterRoleBinding.roleRef',
]);

/** Drop null-valued fields: JSON null leaves a Go field at its zero value, i.e. absent. */
export function pruneNulls<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x) => pruneNulls(x)) as T;
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = pruneNulls(x);
    return out as T;
  }
  return v;
}

function genericRequired(definition: string, decoded: DecodeResult): ErrorList {
  const errs: ErrorList = [];
  for (const m of decoded.missing) {
    const prop = m.path[m.path.length - 1];
    // apiVersion and kind are kubectl's to check; metadata's content is ObjectMeta's rules.
    if (m.path.length === 1 && (prop === 'apiVersion' || prop === 'kind' || prop === 'metadata')) continue;
    if (NOT_GENERIC_REQUIRED.has(`${m.definition}.${String(prop)}`)) continue;
    errs.push(required(formatFieldPath(definition, m.path)));
  }
  return errs;
}

/**
 * Validate a create or update body for `resource`: a BadRequest when it does not decode strictly
 * (wrong types, unknown fields), an Invalid (422) with one cause per field error when it breaks a
 * validation rule, undefined when the server would accept it. `obj` is not modified.
 */
export function validateObject(sent: KubeObject, resource: ResourceInfo, old?: KubeObject): ApiStatus | undefined {
  // An autoscaling/v1 body is checked as the v2 object it converts to.
  const obj = convertHorizontalPodAutoscalerToStorage(sent);
  const definition = schemaDefinitionFor(apiVersionOf(resource), resource.kind);
  let decoded: DecodeResult | undefined;
  if (definition) {
    decoded = decodeObject(obj, definition, resource.kind);
    const bad = decodeStatus(obj, resource, definition, decoded);
    if (bad) return bad;
  }
  const o = pruneNulls(obj) as unknown as Obj;
  const errs: ErrorList = [...validateObjectMeta(o.metadata, resource)];
  const kindValidator = KIND_VALIDATORS[`${resource.group}/${resource.kind}`];
  if (kindValidator) errs.push(...kindValidator(o));
  // An update's immutable fields are checked after the spec's own rules, as the strategies append them.
  if (old) errs.push(...validateImmutableFields(obj, old, resource.resource));
  if (definition && decoded) {
    const seen = new Set(errs.map((e) => `${e.type} ${e.field}`));
    for (const e of genericRequired(definition, decoded)) if (!seen.has(`${e.type} ${e.field}`)) errs.push(e);
  }
  if (errs.length === 0) return undefined;
  return invalidStatus(resource, asString(asObj(o.metadata)?.name), errs);
}
