// scheduling.k8s.io/v1 semantic validation: PriorityClass on create.
// UPSTREAM: pkg/apis/scheduling/validation/validation.go (ValidatePriorityClass),
//           pkg/apis/scheduling/v1/helpers.go (IsKnownSystemPriorityClass)
// Update-only rules (value and preemptionPolicy immutable) live in ../registry/priorityclass.ts.

import { forbidden, notSupported, required, type ErrorList } from './field-errors';
import { asObj, asString, type Obj } from './object-meta';
import { HIGHEST_USER_DEFINABLE_PRIORITY, SYSTEM_PRIORITY_CLASS_PREFIX, isKnownSystemPriorityClass } from '../registry/priorityclass';

/** core validation.ValidatePreemptionPolicy (shared by Pod and PriorityClass). */
export function validatePreemptionPolicy(policy: unknown, path: string): ErrorList {
  if (policy === 'PreemptLowerPriority' || policy === 'Never') return [];
  if (policy === '') return [required(path)];
  return [notSupported(path, policy, ['PreemptLowerPriority', 'Never'])];
}

/**
 * ValidatePriorityClass: a `system-` name must be one of the built-in classes exactly (name, value,
 * globalDefault); any other class may not go above 1000000000. The name's DNS-subdomain format is
 * ObjectMeta's rule.
 */
export function validatePriorityClass(obj: Obj): ErrorList {
  const errs: ErrorList = [];
  const name = asString(asObj(obj.metadata)?.name);
  const value = typeof obj.value === 'number' ? obj.value : 0;
  if (name.startsWith(SYSTEM_PRIORITY_CLASS_PREFIX)) {
    const known = isKnownSystemPriorityClass(name, value, obj.globalDefault === true);
    if (known !== true) {
      errs.push(forbidden('metadata.name', `priority class names with '${SYSTEM_PRIORITY_CLASS_PREFIX}' prefix are reserved for system use only. error: ${known}`));
    }
  } else if (value > HIGHEST_USER_DEFINABLE_PRIORITY) {
    errs.push(forbidden('value', `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`));
  }
  if (obj.preemptionPolicy !== undefined) errs.push(...validatePreemptionPolicy(obj.preemptionPolicy, 'preemptionPolicy'));
  return errs;
}
