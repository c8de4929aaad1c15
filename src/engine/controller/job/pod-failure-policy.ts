// spec.podFailurePolicy: the first rule matching a failed pod decides whether its failure counts
// (Count), is ignored (Ignore), fails the whole Job (FailJob) or fails only its index (FailIndex).
// UPSTREAM: pkg/controller/job/pod_failure_policy.go

import type { PodFailurePolicy, PodFailurePolicyOnExitCodesRequirement } from 'kubernetes-types/batch/v1';
import type { ContainerStatus, PodCondition, PodStatus } from 'kubernetes-types/core/v1';
import type { PodObject } from '../controller-utils';

export type PodFailurePolicyAction = 'FailJob' | 'FailIndex' | 'Ignore' | 'Count';

export interface PolicyMatch {
  /** the Job's failure message when a FailJob rule matched */
  failJobMessage?: string;
  /** whether the failure counts towards backoffLimit (false: an Ignore rule matched) */
  countFailed: boolean;
  action?: PodFailurePolicyAction;
}

/** matchPodFailurePolicy */
export function matchPodFailurePolicy(policy: PodFailurePolicy | undefined, pod: PodObject): PolicyMatch {
  if (!policy) return { countFailed: true };
  const rules = policy.rules ?? [];
  for (let index = 0; index < rules.length; index++) {
    const rule = rules[index];
    const action = rule.action as PodFailurePolicyAction;
    let failJobMessage: string | undefined;
    if (rule.onExitCodes) {
      const cs = matchOnExitCodes(pod.status ?? {}, rule.onExitCodes);
      if (!cs) continue;
      failJobMessage = `Container ${cs.name} for pod ${pod.metadata.namespace}/${pod.metadata.name} failed with exit code ${cs.state?.terminated?.exitCode} matching ${action} rule at index ${index}`;
    } else if (rule.onPodConditions) {
      const cond = matchOnPodConditions(pod.status ?? {}, rule.onPodConditions);
      if (!cond) continue;
      failJobMessage = `Pod ${pod.metadata.namespace}/${pod.metadata.name} has condition ${cond.type} matching ${action} rule at index ${index}`;
    } else continue;
    switch (action) {
      case 'Ignore': return { countFailed: false, action };
      case 'Count': return { countFailed: true, action };
      case 'FailIndex': return { countFailed: true, action };
      case 'FailJob': return { failJobMessage, countFailed: true, action };
    }
  }
  return { countFailed: true };
}

function matchOnExitCodes(status: PodStatus, req: PodFailurePolicyOnExitCodesRequirement): ContainerStatus | undefined {
  return matchingContainer(status.containerStatuses ?? [], req) ?? matchingContainer(status.initContainerStatuses ?? [], req);
}

function matchingContainer(list: readonly ContainerStatus[], req: PodFailurePolicyOnExitCodesRequirement): ContainerStatus | undefined {
  for (const cs of list) {
    const t = cs.state?.terminated;
    if (!t) continue;
    if (req.containerName && req.containerName !== cs.name) continue;
    if (t.exitCode === 0) continue;
    const listed = req.values.includes(t.exitCode);
    if (req.operator === 'In' ? listed : req.operator === 'NotIn' ? !listed : false) return cs;
  }
  return undefined;
}

function matchOnPodConditions(status: PodStatus, patterns: readonly { type: string; status: string }[]): PodCondition | undefined {
  for (const c of status.conditions ?? []) {
    for (const p of patterns) if (c.type === p.type && c.status === p.status) return c;
  }
  return undefined;
}
