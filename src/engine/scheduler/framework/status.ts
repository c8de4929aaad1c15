// The result of running one plugin: a code, and for rejections the user-facing reasons.
// UPSTREAM: staging/src/k8s.io/kube-scheduler/framework/interface.go (Code, Status)
// SIMPLIFICATION: no Wait/Pending codes (no Permit plugins, no DRA); `detail` is ours, for the UI.

/**
 * Success: the plugin is happy. Skip: the plugin has nothing to say about this pod (PreFilter/PreScore
 * only; its Filter/Score is then not run). Unschedulable: the node does not fit now, but preempting
 * pods might help. UnschedulableAndUnresolvable: no preemption can help (taints, affinity, node name).
 * Error: something broke; the pod goes to the backoff queue.
 */
export type Code = 'Success' | 'Skip' | 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Error';

export type Status =
  | { readonly code: 'Success' }
  | { readonly code: 'Skip' }
  | {
      readonly code: 'Unschedulable' | 'UnschedulableAndUnresolvable';
      /** verbatim reason strings, counted into the FailedScheduling histogram */
      readonly reasons: readonly string[];
      /** the plugin that rejected, set by the framework */
      readonly plugin?: string;
      /** specifics for the UI (e.g. "cpu: requested 4000m, used 200m, capacity 2000m"); never in events */
      readonly detail?: string;
    }
  | { readonly code: 'Error'; readonly message: string; readonly plugin?: string };

export type RejectedStatus = Extract<Status, { reasons: readonly string[] }>;

export const SUCCESS: Status = Object.freeze({ code: 'Success' });
export const SKIP: Status = Object.freeze({ code: 'Skip' });

export function unschedulable(reasons: string | readonly string[], detail?: string): RejectedStatus {
  return { code: 'Unschedulable', reasons: typeof reasons === 'string' ? [reasons] : reasons, ...(detail ? { detail } : {}) };
}

export function unresolvable(reasons: string | readonly string[], detail?: string): RejectedStatus {
  return { code: 'UnschedulableAndUnresolvable', reasons: typeof reasons === 'string' ? [reasons] : reasons, ...(detail ? { detail } : {}) };
}

export function asError(message: string): Status {
  return { code: 'Error', message };
}

export function isSuccess(s: Status): boolean {
  return s.code === 'Success';
}

export function isSkip(s: Status): boolean {
  return s.code === 'Skip';
}

/** Unschedulable or UnschedulableAndUnresolvable: the pod does not fit (as opposed to an error). */
export function isRejected(s: Status): s is RejectedStatus {
  return s.code === 'Unschedulable' || s.code === 'UnschedulableAndUnresolvable';
}

export function reasonsOf(s: Status): readonly string[] {
  if (isRejected(s)) return s.reasons;
  if (s.code === 'Error') return [s.message];
  return [];
}

/** Status.Message(): the reasons joined with ", ". */
export function messageOf(s: Status): string {
  return reasonsOf(s).join(', ');
}

export function pluginOf(s: Status): string | undefined {
  return isRejected(s) || s.code === 'Error' ? s.plugin : undefined;
}

export function withPlugin(s: Status, plugin: string): Status {
  if (isRejected(s) || s.code === 'Error') return { ...s, plugin };
  return s;
}
