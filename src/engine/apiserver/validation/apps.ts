// apps/v1 semantic validation: Deployment, ReplicaSet, StatefulSet, DaemonSet.
// UPSTREAM: pkg/apis/apps/validation/validation.go
// SIMPLIFICATION: update-only rules (immutable selector, StatefulSet spec) belong to the server's
// update path; only create-time rules are here.

import { forbidden, invalid, notSupported, required, type ErrorList } from './field-errors';
import { regexError } from './names';
import { validatePodTemplateSpec } from './core';
import {
  asObj,
  asString,
  isEmptySelector,
  selectorMatches,
  sortedMap,
  validateLabelSelector,
  type Obj,
} from './object-meta';

function nonnegative(errs: ErrorList, value: unknown, field: string): void {
  if (typeof value === 'number' && value < 0) errs.push(invalid(field, value, 'must be greater than or equal to 0'));
}

/** Render a LabelSelector as Go's JSON does (struct field order: matchLabels, matchExpressions). */
function selectorValue(selector: Obj): Obj {
  const out: Obj = {};
  if (selector.matchLabels !== undefined) out.matchLabels = sortedMap(selector.matchLabels);
  if (selector.matchExpressions !== undefined) out.matchExpressions = selector.matchExpressions;
  return out;
}

/**
 * The selector and template checks every replicated workload shares: a selector is required and
 * non-empty, it must select the template's labels, and template pods restart Always.
 * `word` is the kind in upstream's message ("empty selector is invalid for deployment").
 */
function validateSelectorAndTemplate(spec: Obj, word: string, kindName: string): ErrorList {
  const errs: ErrorList = [];
  const selector = asObj(spec.selector);
  if (!selector) errs.push(required('spec.selector'));
  else {
    errs.push(...validateLabelSelector(selector, 'spec.selector'));
    if (isEmptySelector(selector)) errs.push(invalid('spec.selector', selectorValue(selector), `empty selector is invalid for ${word}`));
  }
  const template = asObj(spec.template) ?? {};
  const labels = asObj(template.metadata)?.labels;
  // A nil selector selects nothing (so the template never matches); an empty one selects everything.
  if (!selector || (!isEmptySelector(selector) && !selectorMatches(selector, labels))) {
    errs.push(invalid('spec.template.metadata.labels', sortedMap(labels), '`selector` does not match template `labels`'));
  }
  errs.push(...validatePodTemplateSpec(template, 'spec.template'));
  const podSpec = asObj(template.spec) ?? {};
  if (podSpec.restartPolicy !== undefined && podSpec.restartPolicy !== 'Always') {
    errs.push(notSupported('spec.template.spec.restartPolicy', podSpec.restartPolicy, ['Always']));
  }
  if (podSpec.activeDeadlineSeconds !== undefined) {
    errs.push(forbidden('spec.template.spec.activeDeadlineSeconds', `activeDeadlineSeconds in ${kindName} is not Supported`));
  }
  return errs;
}

const PERCENT_FMT = '[0-9]+%';

function validateIntOrPercent(errs: ErrorList, value: unknown, field: string): void {
  if (typeof value === 'string') {
    if (!/^[0-9]+%$/.test(value)) {
      errs.push(invalid(field, value, regexError("a valid percent string must be a numeric string followed by an ending '%'", PERCENT_FMT, '1%', '93%')));
    }
  } else nonnegative(errs, value, field);
}

function intOrPercentIsZero(v: unknown): boolean {
  return v === 0 || v === '0%';
}

function validateDeploymentStrategy(strategy: unknown): ErrorList {
  const s = asObj(strategy);
  if (!s) return [];
  const errs: ErrorList = [];
  const type = s.type === undefined ? 'RollingUpdate' : asString(s.type);
  if (type === 'Recreate') {
    if (s.rollingUpdate !== undefined) errs.push(forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"));
  } else if (type === 'RollingUpdate') {
    const ru = asObj(s.rollingUpdate);
    if (ru) {
      // Unset values default to 25% before validation.
      const maxUnavailable = ru.maxUnavailable ?? '25%';
      const maxSurge = ru.maxSurge ?? '25%';
      validateIntOrPercent(errs, maxUnavailable, 'spec.strategy.rollingUpdate.maxUnavailable');
      validateIntOrPercent(errs, maxSurge, 'spec.strategy.rollingUpdate.maxSurge');
      if (intOrPercentIsZero(maxUnavailable) && intOrPercentIsZero(maxSurge)) {
        errs.push(invalid('spec.strategy.rollingUpdate.maxUnavailable', maxUnavailable, 'may not be 0 when `maxSurge` is 0'));
      }
      if (typeof maxUnavailable === 'string' && /^[0-9]+%$/.test(maxUnavailable) && parseInt(maxUnavailable, 10) > 100) {
        errs.push(invalid('spec.strategy.rollingUpdate.maxUnavailable', maxUnavailable, 'must not be greater than 100%'));
      }
    }
  } else {
    errs.push(notSupported('spec.strategy.type', s.type, ['Recreate', 'RollingUpdate']));
  }
  return errs;
}

export function validateDeployment(obj: Obj): ErrorList {
  const spec = asObj(obj.spec) ?? {};
  const errs: ErrorList = [];
  nonnegative(errs, spec.replicas, 'spec.replicas');
  errs.push(...validateSelectorAndTemplate(spec, 'deployment', 'ReplicaSet'));
  errs.push(...validateDeploymentStrategy(spec.strategy));
  nonnegative(errs, spec.minReadySeconds, 'spec.minReadySeconds');
  nonnegative(errs, spec.revisionHistoryLimit, 'spec.revisionHistoryLimit');
  if (typeof spec.progressDeadlineSeconds === 'number') {
    nonnegative(errs, spec.progressDeadlineSeconds, 'spec.progressDeadlineSeconds');
    const minReady = typeof spec.minReadySeconds === 'number' ? spec.minReadySeconds : 0;
    if (spec.progressDeadlineSeconds <= minReady) {
      errs.push(invalid('spec.progressDeadlineSeconds', spec.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
    }
  }
  return errs;
}

export function validateReplicaSet(obj: Obj): ErrorList {
  const spec = asObj(obj.spec) ?? {};
  const errs: ErrorList = [];
  nonnegative(errs, spec.replicas, 'spec.replicas');
  // Upstream's ReplicaSet validation reuses the Deployment wording for an empty selector.
  errs.push(...validateSelectorAndTemplate(spec, 'deployment', 'ReplicaSet'));
  nonnegative(errs, spec.minReadySeconds, 'spec.minReadySeconds');
  return errs;
}

export function validateStatefulSet(obj: Obj): ErrorList {
  const spec = asObj(obj.spec) ?? {};
  const errs: ErrorList = [];
  if (spec.podManagementPolicy !== undefined && !['OrderedReady', 'Parallel'].includes(asString(spec.podManagementPolicy))) {
    errs.push(notSupported('spec.podManagementPolicy', spec.podManagementPolicy, ['OrderedReady', 'Parallel']));
  }
  const strategy = asObj(spec.updateStrategy);
  if (strategy?.type !== undefined && !['OnDelete', 'RollingUpdate'].includes(asString(strategy.type))) {
    errs.push(notSupported('spec.updateStrategy.type', strategy.type, ['OnDelete', 'RollingUpdate']));
  }
  nonnegative(errs, spec.replicas, 'spec.replicas');
  // The pods mount their claims as volumes named after the claim templates, so the template's
  // volumeMounts may name a claim template (upstream leaves the template's volumes unvalidated).
  const claimNames = (Array.isArray(spec.volumeClaimTemplates) ? spec.volumeClaimTemplates : [])
    .map((t) => asString(asObj(asObj(t)?.metadata)?.name))
    .filter((n) => n !== '');
  const template = asObj(spec.template);
  const podSpec = asObj(template?.spec);
  const withClaims = podSpec && claimNames.length > 0
    ? { ...spec, template: { ...template, spec: { ...podSpec, volumes: [
      ...(Array.isArray(podSpec.volumes) ? podSpec.volumes : []).filter((v) => !claimNames.includes(asString(asObj(v)?.name))),
      ...claimNames.map((name) => ({ name, persistentVolumeClaim: { claimName: name } })),
    ] } } }
    : spec;
  errs.push(...validateSelectorAndTemplate(withClaims, 'statefulset', 'StatefulSet'));
  nonnegative(errs, spec.minReadySeconds, 'spec.minReadySeconds');
  return errs;
}

export function validateDaemonSet(obj: Obj): ErrorList {
  const spec = asObj(obj.spec) ?? {};
  const errs: ErrorList = [];
  errs.push(...validateSelectorAndTemplate(spec, 'daemonset', 'DaemonSet'));
  const strategy = asObj(spec.updateStrategy);
  if (strategy?.type !== undefined && !['OnDelete', 'RollingUpdate'].includes(asString(strategy.type))) {
    errs.push(notSupported('spec.updateStrategy.type', strategy.type, ['OnDelete', 'RollingUpdate']));
  }
  nonnegative(errs, spec.minReadySeconds, 'spec.minReadySeconds');
  nonnegative(errs, spec.revisionHistoryLimit, 'spec.revisionHistoryLimit');
  return errs;
}
