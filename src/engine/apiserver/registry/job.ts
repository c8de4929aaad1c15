// The Job registry strategy: on create, the pod template is labelled with the Job's uid and name and
// the selector is generated from the uid (unless spec.manualSelector), status starts empty.
// UPSTREAM: pkg/registry/batch/job/strategy.go (PrepareForCreate, generateSelector)
// SIMPLIFICATION: the DNS-label name warning and the update-time immutability checks are not modelled.

import type { KubeObject } from '../../api/meta';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const JOB_CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
export const LEGACY_CONTROLLER_UID_LABEL = 'controller-uid';
export const LEGACY_JOB_NAME_LABEL = 'job-name';

/** jobStrategy.PrepareForCreate + generateSelector. `obj` already has its uid and defaults. */
export function prepareJobForCreate(obj: KubeObject): void {
  const job = obj as Json;
  job.status = {};
  const spec = (job.spec ??= {});
  if (spec.manualSelector === true) return;
  const uid = obj.metadata.uid ?? '';
  const name = obj.metadata.name ?? '';
  const template = (spec.template ??= {});
  template.metadata ??= {};
  template.metadata.labels = {
    ...(template.metadata.labels ?? {}),
    [JOB_CONTROLLER_UID_LABEL]: uid,
    [JOB_NAME_LABEL]: name,
    [LEGACY_CONTROLLER_UID_LABEL]: uid,
    [LEGACY_JOB_NAME_LABEL]: name,
  };
  spec.selector = { ...(spec.selector ?? {}), matchLabels: { ...(spec.selector?.matchLabels ?? {}), [JOB_CONTROLLER_UID_LABEL]: uid } };
  // SetDefaults_Job copies the template labels when the Job has none; a Job read back from storage is
  // defaulted again, so a real cluster shows the generated labels on the Job too.
  if (Object.keys(obj.metadata.labels ?? {}).length === 0) obj.metadata.labels = { ...template.metadata.labels };
}
