// policy/v1 semantic validation: PodDisruptionBudget (the same rules on create and update: the
// spec is mutable since Kubernetes 1.15).
// UPSTREAM: pkg/apis/policy/validation/validation.go (ValidatePodDisruptionBudget[Spec]),
//           pkg/apis/apps/validation (ValidatePositiveIntOrPercent, IsNotMoreThan100Percent)
// SIMPLIFICATION: the "both set" error's bad value is Go's %#v of the internal spec, whose pointer
// addresses are made up here (a real server prints its own heap addresses).

import { child, invalid, notSupported, type ErrorList, type FieldError } from './field-errors';
import { regexError } from './names';
import { asObj, validateLabelSelector, type Obj } from './object-meta';

const PERCENT_FMT = '[0-9]+%';

function validatePositiveIntOrPercent(value: unknown, path: string): ErrorList {
  if (typeof value === 'string') {
    if (!/^[0-9]+%$/.test(value)) {
      return [invalid(path, value, regexError("a valid percent string must be a numeric string followed by an ending '%'", PERCENT_FMT, '1%', '93%'))];
    }
    return [];
  }
  if (typeof value === 'number' && value < 0) return [invalid(path, value, 'must be greater than or equal to 0')];
  return [];
}

function isNotMoreThan100Percent(value: unknown, path: string): ErrorList {
  if (typeof value !== 'string' || !/^[0-9]+%$/.test(value)) return [];
  return parseInt(value, 10) > 100 ? [invalid(path, value, 'must not be greater than 100%')] : [];
}

/**
 * `spec: Invalid value: policy.PodDisruptionBudgetSpec{...}: minAvailable and maxUnavailable cannot
 * be both set`. The bad value is printed with Go's %#v, so it is carried in the detail text.
 */
function bothSetError(spec: Obj): FieldError {
  let addr = 0xc000a1c000;
  const ptr = (type: string, v: unknown) => (v === undefined ? `(*${type})(nil)` : `(*${type})(0x${(addr += 0x20).toString(16)})`);
  const goValue = [
    `MinAvailable:${ptr('intstr.IntOrString', spec.minAvailable)}`,
    `Selector:${ptr('v1.LabelSelector', spec.selector)}`,
    `MaxUnavailable:${ptr('intstr.IntOrString', spec.maxUnavailable)}`,
    `UnhealthyPodEvictionPolicy:${ptr('policy.UnhealthyPodEvictionPolicyType', spec.unhealthyPodEvictionPolicy)}`,
  ].join(', ');
  return { type: 'FieldValueInvalid', field: 'spec', hasValue: false, detail: `policy.PodDisruptionBudgetSpec{${goValue}}: minAvailable and maxUnavailable cannot be both set` };
}

export function validatePodDisruptionBudget(obj: Obj): ErrorList {
  const spec = asObj(obj.spec) ?? {};
  const errs: ErrorList = [];
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) errs.push(bothSetError(spec));
  for (const f of ['minAvailable', 'maxUnavailable'] as const) {
    if (spec[f] === undefined) continue;
    errs.push(...validatePositiveIntOrPercent(spec[f], child('spec', f)));
    errs.push(...isNotMoreThan100Percent(spec[f], child('spec', f)));
  }
  errs.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  if (spec.unhealthyPodEvictionPolicy !== undefined && spec.unhealthyPodEvictionPolicy !== 'IfHealthyBudget' && spec.unhealthyPodEvictionPolicy !== 'AlwaysAllow') {
    errs.push(notSupported('spec.unhealthyPodEvictionPolicy', spec.unhealthyPodEvictionPolicy, ['AlwaysAllow', 'IfHealthyBudget']));
  }
  return errs;
}
