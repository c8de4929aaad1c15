// What runs between decoding/defaulting and storage for the kinds that need more than schema
// validation, in upstream's order: mutating admission, the registry strategy's (update) validation,
// then validating admission.
// UPSTREAM: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/{create,update}.go (admission around
// rest.BeforeCreate/BeforeUpdate), pkg/kubeapiserver/options/plugins.go (plugin order)
// SIMPLIFICATION: only the LimitRanger, ServiceAccount, Priority, storage, DefaultIngressClass and ResourceQuota plugins and the PriorityClass and storage update
// rules are modelled here;
// NamespaceLifecycle and the defaulting plugins run in apiserver.ts and registry/defaults.ts.

import type { ApiStatus, KubeObject } from '../../api/meta';
import type { ResourceInfo } from '../../api/resources';
import { invalidStatus } from '../validation/field-errors';
import { validateServiceClusterIPUpdate } from '../validation/service-update';
import { validatePriorityClassUpdate, type PriorityClassObject } from '../registry/priorityclass';
import { admitPod, validatePriorityClass, type PriorityClassLister } from './priority';
import { addProtectionFinalizer, admitDefaultStorageClass, validateClaimResize, type StorageClassLister } from './storage';
import { validatePersistentVolumeClaimUpdate, validatePersistentVolumeUpdate, validateStorageClassUpdate } from '../validation/storage';
import type { PersistentVolumeClaimObject, PersistentVolumeObject } from '../../api/volume';
import type { Obj } from '../validation/object-meta';
import { defaultLimitRange, mutateLimitRanges, validateLimitRanges, type LimitRangeLister, type LimitRangeObject } from './limitranger';
import { admitResourceQuota, type ResourceQuotaAccessor } from './resourcequota';
import { admitDefaultIngressClass, type IngressClassLister } from './defaultingressclass';
import { admitServiceAccount, type ServiceAccountAdmissionContext } from './serviceaccount';

export interface AdmissionContext {
  priorityClasses: PriorityClassLister;
  /** for DefaultStorageClass and PersistentVolumeClaimResize (absent: no classes) */
  storageClasses?: StorageClassLister;
  /** for PersistentVolumeClaimResize */
  persistentVolume?: (name: string) => PersistentVolumeObject | undefined;
  /** for LimitRanger (absent: no ranges) */
  limitRanges?: LimitRangeLister;
  /** for ResourceQuota (absent: no quotas) */
  resourceQuotas?: ResourceQuotaAccessor;
  /** for DefaultIngressClass (absent: no classes) */
  ingressClasses?: IngressClassLister;
  /** for ServiceAccount (absent: the plugin is off) */
  serviceAccounts?: ServiceAccountAdmissionContext;
}

const NO_CLASSES: StorageClassLister = { list: () => [], get: () => undefined };

/**
 * Admit a create (`old` undefined) or an update of `obj`, which may be mutated. `displayName` is the
 * name errors report (a generateName prefix before the name exists). Returns the failure, if any.
 */
export function admitAndValidate(ctx: AdmissionContext, resource: ResourceInfo, obj: KubeObject, old: KubeObject | undefined, displayName: string): ApiStatus | undefined {
  // LimitRanger is the first mutating plugin; its validation and ResourceQuota (the last plugin)
  // run once every mutation is done.
  const limitRanges = ctx.limitRanges ?? (() => []);
  mutateLimitRanges(resource, obj, old, limitRanges);
  return admitKind(ctx, resource, obj, old, displayName)
    ?? validateLimitRanges(resource, obj, old, limitRanges, displayName)
    ?? (ctx.resourceQuotas ? admitResourceQuota(resource, obj, old, ctx.resourceQuotas, displayName) : undefined);
}

function admitKind(ctx: AdmissionContext, resource: ResourceInfo, obj: KubeObject, old: KubeObject | undefined, displayName: string): ApiStatus | undefined {
  switch (resource.resource) {
    case 'pods':
      // ServiceAccount runs right after LimitRanger, before Priority (plugins.go AllOrderedPlugins).
      return (ctx.serviceAccounts ? admitServiceAccount(ctx.serviceAccounts, resource, obj, old, displayName) : undefined)
        ?? admitPod(resource, obj, old, ctx.priorityClasses, displayName);
    case 'priorityclasses': {
      const pc = obj as PriorityClassObject;
      if (old) {
        const errs = validatePriorityClassUpdate(pc, old as PriorityClassObject);
        if (errs.length) return invalidStatus(resource, displayName, errs);
      }
      return validatePriorityClass(resource, pc, old !== undefined, ctx.priorityClasses);
    }
    case 'persistentvolumeclaims': {
      const claim = obj as PersistentVolumeClaimObject;
      if (!old) {
        admitDefaultStorageClass(claim, ctx.storageClasses ?? NO_CLASSES);
        addProtectionFinalizer(obj, resource.resource);
        return undefined;
      }
      const errs = validatePersistentVolumeClaimUpdate(obj as unknown as Obj, old as unknown as Obj);
      if (errs.length) return invalidStatus(resource, displayName, errs);
      return validateClaimResize(resource, claim, old as PersistentVolumeClaimObject, ctx.storageClasses ?? NO_CLASSES, ctx.persistentVolume ?? (() => undefined), displayName);
    }
    case 'persistentvolumes': {
      if (!old) {
        addProtectionFinalizer(obj, resource.resource);
        return undefined;
      }
      const errs = validatePersistentVolumeUpdate(obj as unknown as Obj, old as unknown as Obj);
      return errs.length ? invalidStatus(resource, displayName, errs) : undefined;
    }
    case 'storageclasses': {
      if (!old) return undefined;
      const errs = validateStorageClassUpdate(obj as unknown as Obj, old as unknown as Obj);
      return errs.length ? invalidStatus(resource, displayName, errs) : undefined;
    }
    case 'services': {
      if (!old) return undefined;
      const errs = validateServiceClusterIPUpdate(obj, old);
      return errs.length ? invalidStatus(resource, displayName, errs) : undefined;
    }
    case 'ingresses':
      if (!old && ctx.ingressClasses) admitDefaultIngressClass(obj, ctx.ingressClasses);
      return undefined;
    case 'limitranges':
      // SetDefaults_LimitRangeItem (registered defaulting; here with the plugin that reads it).
      defaultLimitRange(obj as LimitRangeObject);
      return undefined;
    default:
      return undefined;
  }
}
