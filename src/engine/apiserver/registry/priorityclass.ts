// The PriorityClass registry: the two built-in classes the API server creates at start, defaulting,
// the update rules (value and preemptionPolicy are immutable) and the refusal to delete a system class.
// UPSTREAM: pkg/apis/scheduling/types.go (constants), pkg/apis/scheduling/v1/helpers.go,
//           pkg/apis/scheduling/v1/defaults.go, pkg/registry/scheduling/priorityclass/strategy.go,
//           pkg/registry/scheduling/priorityclass/storage/storage.go (Delete),
//           pkg/registry/scheduling/rest/storage_scheduling.go (AddSystemPriorityClasses)

import type { ApiStatus, KubeObject } from '../../api/meta';
import type { ResourceInfo } from '../../api/resources';
import { forbidden as forbiddenStatus } from '../errors';
import { forbidden, invalid, type ErrorList } from '../validation/field-errors';

/** User-defined classes may not go above this; the range above it is for system classes. */
export const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;
/** Priority of system-cluster-critical; system-node-critical is 1000 more. */
export const SYSTEM_CRITICAL_PRIORITY = 2 * HIGHEST_USER_DEFINABLE_PRIORITY;
export const SYSTEM_PRIORITY_CLASS_PREFIX = 'system-';
export const SYSTEM_CLUSTER_CRITICAL = 'system-cluster-critical';
export const SYSTEM_NODE_CRITICAL = 'system-node-critical';
/** What a pod gets when it names no class and no class is globalDefault. */
export const DEFAULT_PRIORITY_WHEN_NO_DEFAULT_CLASS_EXISTS = 0;

export interface PriorityClassObject extends KubeObject {
  value?: number;
  globalDefault?: boolean;
  description?: string;
  preemptionPolicy?: string;
}

/** The classes the API server's post-start hook creates (node-critical first, as upstream lists them). */
export const SYSTEM_PRIORITY_CLASSES: ReadonlyArray<{ name: string; value: number; description: string }> = [
  { name: SYSTEM_NODE_CRITICAL, value: SYSTEM_CRITICAL_PRIORITY + 1000, description: 'Used for system critical pods that must not be moved from their current node.' },
  { name: SYSTEM_CLUSTER_CRITICAL, value: SYSTEM_CRITICAL_PRIORITY, description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.' },
];

/** The built-in classes as objects to create (AddSystemPriorityClasses). */
export function systemPriorityClassObjects(): PriorityClassObject[] {
  return SYSTEM_PRIORITY_CLASSES.map((c) => ({
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: c.name },
    value: c.value,
    description: c.description,
  }));
}

/** IsKnownSystemPriorityClass: true, or the reason the name/value/globalDefault is not a system class. */
export function isKnownSystemPriorityClass(name: string, value: number, globalDefault: boolean): true | string {
  const spc = SYSTEM_PRIORITY_CLASSES.find((c) => c.name === name);
  if (!spc) return `${name} is not a known system priority class`;
  if (spc.value !== value) return `value of ${spc.name} PriorityClass must be ${spc.value}`;
  if (globalDefault) return `globalDefault of ${spc.name} PriorityClass must be false`;
  return true;
}

/** SetDefaults_PriorityClass: preemptionPolicy PreemptLowerPriority. */
export function defaultPriorityClass(pc: Record<string, unknown>): void {
  pc.preemptionPolicy ??= 'PreemptLowerPriority';
}

/** ValidatePriorityClassUpdate: value and preemptionPolicy may not change. */
export function validatePriorityClassUpdate(next: PriorityClassObject, old: PriorityClassObject): ErrorList {
  const errs: ErrorList = [];
  if ((next.value ?? 0) !== (old.value ?? 0)) errs.push(forbidden('value', 'may not be changed in an update.'));
  if (next.preemptionPolicy !== old.preemptionPolicy) errs.push(invalid('preemptionPolicy', next.preemptionPolicy ?? null, 'field is immutable'));
  return errs;
}

/** The PriorityClass REST's Delete: system classes stay. */
export function validatePriorityClassDelete(resource: ResourceInfo, name: string): ApiStatus | undefined {
  if (SYSTEM_PRIORITY_CLASSES.some((c) => c.name === name)) {
    return forbiddenStatus(resource, name, 'this is a system priority class and cannot be deleted');
  }
  return undefined;
}
