// What runs between decoding/defaulting and storage for the kinds that need more than schema
// validation, in upstream's order: mutating admission, the registry strategy's (update) validation,
// then validating admission.
// UPSTREAM: staging/src/k8s.io/apiserver/pkg/endpoints/handlers/{create,update}.go (admission around
// rest.BeforeCreate/BeforeUpdate), pkg/kubeapiserver/options/plugins.go (plugin order)
// SIMPLIFICATION: only the Priority plugin and the PriorityClass update rules are modelled here;
// NamespaceLifecycle and the defaulting plugins run in apiserver.ts and registry/defaults.ts.

import type { ApiStatus, KubeObject } from '../../api/meta';
import type { ResourceInfo } from '../../api/resources';
import { invalidStatus } from '../validation/field-errors';
import { validatePriorityClassUpdate, type PriorityClassObject } from '../registry/priorityclass';
import { admitPod, validatePriorityClass, type PriorityClassLister } from './priority';

export interface AdmissionContext {
  priorityClasses: PriorityClassLister;
}

/**
 * Admit a create (`old` undefined) or an update of `obj`, which may be mutated. `displayName` is the
 * name errors report (a generateName prefix before the name exists). Returns the failure, if any.
 */
export function admitAndValidate(ctx: AdmissionContext, resource: ResourceInfo, obj: KubeObject, old: KubeObject | undefined, displayName: string): ApiStatus | undefined {
  switch (resource.resource) {
    case 'pods':
      return admitPod(resource, obj, old, ctx.priorityClasses, displayName);
    case 'priorityclasses': {
      const pc = obj as PriorityClassObject;
      if (old) {
        const errs = validatePriorityClassUpdate(pc, old as PriorityClassObject);
        if (errs.length) return invalidStatus(resource, displayName, errs);
      }
      return validatePriorityClass(resource, pc, old !== undefined, ctx.priorityClasses);
    }
    default:
      return undefined;
  }
}
