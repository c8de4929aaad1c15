// The Priority admission plugin. On pod create it resolves spec.priorityClassName (or the
// globalDefault class) into spec.priority and spec.preemptionPolicy, refusing an unknown class or a
// priority/policy that disagrees with the class; on PriorityClass create/update it allows one
// globalDefault class only.
// UPSTREAM: plugin/pkg/admission/priority/admission.go
// SIMPLIFICATION: on pod update both priority and preemptionPolicy are carried over when the new
// object leaves them out (upstream carries priority; pod update validation guards the rest).

import type { ApiStatus, KubeObject } from '../../api/meta';
import type { ResourceInfo } from '../../api/resources';
import { forbidden } from '../errors';
import { DEFAULT_PRIORITY_WHEN_NO_DEFAULT_CLASS_EXISTS, type PriorityClassObject } from '../registry/priorityclass';

/** Read access to the PriorityClasses the plugin's informer holds. */
export interface PriorityClassLister {
  list(): readonly PriorityClassObject[];
  get(name: string): PriorityClassObject | undefined;
}

interface PodSpecFields {
  priorityClassName?: string;
  priority?: number;
  preemptionPolicy?: string;
}

/** getDefaultPriorityClass: the globalDefault class; if a race left several, the lowest value wins. */
export function getDefaultPriorityClass(lister: PriorityClassLister): PriorityClassObject | undefined {
  let found: PriorityClassObject | undefined;
  for (const pc of lister.list()) {
    if (pc.globalDefault && (!found || (found.value ?? 0) > (pc.value ?? 0))) found = pc;
  }
  return found;
}

/**
 * admitPod. `pod` is the mutable object being created (or updated, with `old`); `displayName` is the
 * name admission reports, which for a pod created with generateName is the prefix (the name is not
 * generated yet when admission runs). Returns the Forbidden status, or undefined after mutating.
 */
export function admitPod(resource: ResourceInfo, pod: KubeObject, old: KubeObject | undefined, lister: PriorityClassLister, displayName: string): ApiStatus | undefined {
  const spec = ((pod as { spec?: PodSpecFields }).spec ??= {});
  if (old) {
    // The plugin set these on create; an update that leaves them out keeps them.
    const oldSpec = (old as { spec?: PodSpecFields }).spec ?? {};
    if (spec.priority === undefined && oldSpec.priority !== undefined) spec.priority = oldSpec.priority;
    if (spec.preemptionPolicy === undefined && oldSpec.preemptionPolicy !== undefined) spec.preemptionPolicy = oldSpec.preemptionPolicy;
    return undefined;
  }

  let className = spec.priorityClassName ?? '';
  let priority: number;
  let policy: string | undefined;
  if (className === '') {
    const dpc = getDefaultPriorityClass(lister);
    className = dpc?.metadata.name ?? '';
    priority = dpc ? (dpc.value ?? 0) : DEFAULT_PRIORITY_WHEN_NO_DEFAULT_CLASS_EXISTS;
    policy = dpc ? dpc.preemptionPolicy : 'PreemptLowerPriority';
  } else {
    const pc = lister.get(className);
    if (!pc) return forbidden(resource, displayName, `no PriorityClass with name ${className} was found`);
    priority = pc.value ?? 0;
    policy = pc.preemptionPolicy;
  }
  if (className) spec.priorityClassName = className;
  if (spec.priority !== undefined && spec.priority !== priority) {
    return forbidden(resource, displayName, `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`);
  }
  spec.priority = priority;
  if (policy !== undefined) {
    if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== policy) {
      return forbidden(resource, displayName, `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`);
    }
    spec.preemptionPolicy = policy;
  }
  return undefined;
}

/**
 * validatePriorityClass: only one class may be globalDefault. A second default is refused on create,
 * and on update unless the existing default is this very class.
 */
export function validatePriorityClass(resource: ResourceInfo, pc: PriorityClassObject, isUpdate: boolean, lister: PriorityClassLister): ApiStatus | undefined {
  if (!pc.globalDefault) return undefined;
  const dpc = getDefaultPriorityClass(lister);
  if (dpc && (!isUpdate || dpc.metadata.name !== pc.metadata.name)) {
    return forbidden(resource, pc.metadata.name ?? '', `PriorityClass ${dpc.metadata.name} is already marked as default. Only one default can exist`);
  }
  return undefined;
}
