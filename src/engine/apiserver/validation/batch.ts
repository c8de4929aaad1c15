// batch/v1 and autoscaling/v2 semantic validation: Job, CronJob, HorizontalPodAutoscaler.
// UPSTREAM: pkg/apis/batch/validation/validation.go, pkg/apis/autoscaling/validation/validation.go
// SIMPLIFICATION: Job selectors are not checked; of HPA metrics only resource targets (utilization
// above 0, a target set).

import { child, invalid, notSupported, required, type ErrorList } from './field-errors';
import { validatePodTemplateSpec } from './core';
import { asObj, asString, type Obj } from './object-meta';
import { parseCron } from '../../controller/cronjob/cron';

function nonnegative(errs: ErrorList, value: unknown, field: string): void {
  if (typeof value === 'number' && value < 0) errs.push(invalid(field, value, 'must be greater than or equal to 0'));
}

/** ValidateJobSpec at `path` (`spec`, or `spec.jobTemplate.spec` inside a CronJob). */
function validateJobSpec(spec: unknown, path: string): ErrorList {
  const s = asObj(spec) ?? {};
  const errs: ErrorList = [];
  nonnegative(errs, s.parallelism, child(path, 'parallelism'));
  nonnegative(errs, s.completions, child(path, 'completions'));
  nonnegative(errs, s.activeDeadlineSeconds, child(path, 'activeDeadlineSeconds'));
  nonnegative(errs, s.backoffLimit, child(path, 'backoffLimit'));
  const template = asObj(s.template) ?? {};
  errs.push(...validatePodTemplateSpec(template, child(path, 'template')));
  // Defaulting turns an unset restartPolicy into Always, which a Job refuses.
  const restartPolicy = asString(asObj(template.spec)?.restartPolicy);
  if (restartPolicy !== 'OnFailure' && restartPolicy !== 'Never') {
    errs.push(required(child(path, 'template', 'spec', 'restartPolicy'), 'valid values: "OnFailure", "Never"'));
  }
  if (s.completionMode !== undefined && !['NonIndexed', 'Indexed'].includes(asString(s.completionMode))) {
    errs.push(notSupported(child(path, 'completionMode'), s.completionMode, ['NonIndexed', 'Indexed']));
  }
  return errs;
}

export function validateJob(obj: Obj): ErrorList {
  return validateJobSpec(obj.spec, 'spec');
}

/**
 * validateScheduleFormat: robfig/cron's ParseStandard must accept the schedule, and the time zone
 * goes in spec.timeZone, not in the schedule. SIMPLIFICATION: an update keeping an old object's TZ=
 * prefix is refused too (upstream lets it stay).
 */
function validateScheduleFormat(schedule: string): ErrorList {
  const errs: ErrorList = [];
  // ParseStandard takes a TZ=/CRON_TZ= prefix and `@every <duration>` (the controller models neither)
  const bare = schedule.replace(/^(CRON_)?TZ=\S+\s+/, '');
  try {
    if (!/^@every\s+\S+$/.test(bare)) parseCron(bare);
  } catch (e) {
    errs.push(invalid('spec.schedule', schedule, e instanceof Error ? e.message : String(e)));
  }
  if (schedule.includes('TZ')) errs.push(invalid('spec.schedule', schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  return errs;
}

export function validateCronJob(obj: Obj): ErrorList {
  const spec = asObj(obj.spec) ?? {};
  const errs: ErrorList = [];
  const name = asString(asObj(obj.metadata)?.name);
  // Job names get an 11-character suffix and must stay DNS-1035-label length (63).
  if (name.length > 52) errs.push(invalid('metadata.name', name, 'must be no more than 52 characters'));
  const schedule = asString(spec.schedule);
  if (!schedule) errs.push(required('spec.schedule'));
  else errs.push(...validateScheduleFormat(schedule));
  if (spec.concurrencyPolicy !== undefined && !['Allow', 'Forbid', 'Replace'].includes(asString(spec.concurrencyPolicy))) {
    errs.push(notSupported('spec.concurrencyPolicy', spec.concurrencyPolicy, ['Allow', 'Forbid', 'Replace']));
  }
  nonnegative(errs, spec.startingDeadlineSeconds, 'spec.startingDeadlineSeconds');
  nonnegative(errs, spec.successfulJobsHistoryLimit, 'spec.successfulJobsHistoryLimit');
  nonnegative(errs, spec.failedJobsHistoryLimit, 'spec.failedJobsHistoryLimit');
  errs.push(...validateJobSpec(asObj(spec.jobTemplate)?.spec, 'spec.jobTemplate.spec'));
  return errs;
}

export function validateHorizontalPodAutoscaler(obj: Obj): ErrorList {
  const spec = asObj(obj.spec) ?? {};
  const errs: ErrorList = [];
  const min = typeof spec.minReplicas === 'number' ? spec.minReplicas : 1;
  const max = typeof spec.maxReplicas === 'number' ? spec.maxReplicas : 0;
  if (min < 1) errs.push(invalid('spec.minReplicas', min, 'must be greater than or equal to 1'));
  if (max < 1) errs.push(invalid('spec.maxReplicas', max, 'must be greater than 0'));
  if (max < min) errs.push(invalid('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'));
  const ref = asObj(spec.scaleTargetRef) ?? {};
  if (!asString(ref.kind)) errs.push(required('spec.scaleTargetRef.kind'));
  if (!asString(ref.name)) errs.push(required('spec.scaleTargetRef.name'));
  const metrics = Array.isArray(spec.metrics) ? spec.metrics : [];
  metrics.forEach((m, i) => {
    const source = asObj(asObj(m)?.resource) ?? asObj(asObj(m)?.containerResource);
    const target = asObj(source?.target);
    const path = `spec.metrics[${i}].${asObj(m)?.resource ? 'resource' : 'containerResource'}.target`;
    if (typeof target?.averageUtilization === 'number' && target.averageUtilization < 1) errs.push(invalid(`${path}.averageUtilization`, target.averageUtilization, 'must be greater than 0'));
    if (source && target?.averageUtilization === undefined && target?.averageValue === undefined) errs.push(required(`${path}.averageUtilization`, 'must set either a target raw value or a target utilization'));
  });
  return errs;
}
