// What a UI action that changes the cluster would be as a command: the kubectl line a learner can
// copy (or run in the sandbox's terminal), or an honest note when no kubectl command does it (the
// scheduler's Binding, a kubelet stopped on the node, simulated traffic, a rebuilt cluster).
// SIMPLIFICATION: `runnable` says whether this sandbox's terminal runs the command (it has no files
// or stdin for `create -f`); the command itself is real kubectl.

import type { ObjectRef } from '../../worker/protocol';
import type { MessageId } from '../i18n/messages';

export type ClusterAction =
  /** palette drop: a pod created with spec.nodeName (the scheduler is bypassed) */
  | { type: 'createPodOnNode'; namespace: string; name: string; image: string; labels?: Record<string, string>; nodeName: string }
  /** a Pending pod dropped on a node: the person acts as kube-scheduler and POSTs a Binding */
  | { type: 'bindPod'; namespace: string; name: string; nodeName: string }
  | { type: 'delete'; ref: ObjectRef }
  | { type: 'nodePower'; nodeName: string; action: 'stop' | 'start' }
  | { type: 'setLoad'; kind: string; namespace?: string; name: string; rps: number }
  | { type: 'rebuild' }
  /** a new worker machine joins */
  | { type: 'addNode'; nodeName: string }
  /** a worker's machine is gone */
  | { type: 'removeNode'; nodeName: string }
  /** the cluster-autoscaler on (with its bounds) or off */
  | { type: 'clusterAutoscaler'; minNodes?: number; maxNodes?: number };

export interface KubectlEquivalent {
  /** the command line (several lines for a heredoc); absent when none exists */
  command?: string;
  /** the sandbox's terminal runs it as is ("Run in terminal") */
  runnable: boolean;
  /** what to say beside (or instead of) the command */
  note?: MessageId;
  noteParams?: Record<string, string | number>;
}

/** The resource word kubectl users type for a kind: `deployment`, `pod`, `horizontalpodautoscaler`. */
export function resourceWord(kind: string): string {
  return kind.toLowerCase();
}

/** ` -n ns` unless the namespace is default (or the object is cluster-scoped). */
function nsFlag(namespace: string | undefined): string {
  return namespace && namespace !== 'default' ? ` -n ${namespace}` : '';
}

/** Single-quote a word for a POSIX shell when it needs it. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=,@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export function kubectlEquivalent(action: ClusterAction): KubectlEquivalent {
  switch (action.type) {
    case 'createPodOnNode': {
      const labels = Object.entries(action.labels ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
      const overrides = JSON.stringify({ apiVersion: 'v1', spec: { nodeName: action.nodeName } });
      const parts = ['kubectl run', action.name, `--image=${action.image}`];
      if (labels) parts.push(`--labels=${labels}`);
      parts.push(`--overrides=${shellQuote(overrides)}`);
      return { command: parts.join(' ') + nsFlag(action.namespace), runnable: true, note: 'kubectl.note.nodeName', noteParams: { node: action.nodeName } };
    }
    case 'bindPod': {
      const yaml = [
        'apiVersion: v1',
        'kind: Binding',
        'metadata:',
        `  name: ${action.name}`,
        `  namespace: ${action.namespace}`,
        'target:',
        '  apiVersion: v1',
        '  kind: Node',
        `  name: ${action.nodeName}`,
      ].join('\n');
      return { command: `kubectl create -f - <<'EOF'\n${yaml}\nEOF`, runnable: false, note: 'kubectl.note.binding' };
    }
    case 'delete':
      return {
        command: `kubectl delete ${resourceWord(action.ref.kind)} ${action.ref.name}${action.ref.kind === 'Node' ? '' : nsFlag(action.ref.namespace)}`,
        runnable: true,
      };
    case 'nodePower':
      return { command: `systemctl ${action.action} kubelet`, runnable: false, note: action.action === 'stop' ? 'kubectl.note.kubeletStop' : 'kubectl.note.kubeletStart', noteParams: { node: action.nodeName } };
    case 'setLoad':
      return { runnable: false, note: 'kubectl.note.load' };
    case 'rebuild':
      return { runnable: false, note: 'kubectl.note.rebuild' };
    case 'addNode':
      return {
        command: 'kubeadm join 192.168.49.2:6443 --token <token> --discovery-token-ca-cert-hash sha256:<hash>',
        runnable: false,
        note: 'kubectl.note.nodeAdd',
        noteParams: { node: action.nodeName },
      };
    case 'removeNode':
      return { command: `kubectl delete node ${action.nodeName}`, runnable: false, note: 'kubectl.note.nodeRemove' };
    case 'clusterAutoscaler':
      if (action.minNodes === undefined || action.maxNodes === undefined) {
        return { command: 'kubectl -n kube-system scale deployment cluster-autoscaler --replicas=0', runnable: false, note: 'kubectl.note.clusterAutoscalerOff' };
      }
      return {
        command: `cluster-autoscaler --nodes=${action.minNodes}:${action.maxNodes}:workers --scan-interval=10s --scale-down-utilization-threshold=0.5 --scale-down-unneeded-time=10m`,
        runnable: false,
        note: 'kubectl.note.clusterAutoscaler',
      };
  }
}
