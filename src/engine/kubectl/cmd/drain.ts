// `kubectl drain NODE`: cordon, then evict every pod on the node through pods/<name>/eviction.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/cmd/drain/drain.go (RunDrain, deleteOrEvictPodsSimple),
//           staging/src/k8s.io/kubectl/pkg/drain/{drain.go,filters.go} (GetPodsForDeletion, evictPods)
// SIMPLIFICATION: a PodDisruptionBudget refusal is printed once and the drain stops with an error
// instead of retrying every 5s until --timeout (the terminal is not a stream); `pod/x evicted` is
// printed as soon as the eviction is accepted, without waiting for the pod to be gone; messages are
// grouped in the order of the pods (kubectl's Go map makes its order random).

import { resourceForKind } from '../../api/resources';
import { compareStrings, type KubeObject } from '../../api/meta';
import type { KubectlContext } from '../kubectl';
import type { CommandOutput } from '../results';
import { boolFlag, stringFlag } from './args';
import type { FlagSpec, ParsedArgs } from './args';
import { fail } from './errors';
import { cordonOrUncordon, visitNodes } from './cordon';
import { serverErrorLine } from './patch';
import { renderErrors } from './targets';

export const drainFlags: readonly FlagSpec[] = [
  { name: 'selector', shorthand: 'l', kind: 'string' },
  { name: 'ignore-daemonsets', kind: 'bool' },
  { name: 'force', kind: 'bool' },
  { name: 'delete-emptydir-data', kind: 'bool' },
  { name: 'disable-eviction', kind: 'bool' },
  { name: 'pod-selector', kind: 'string' },
  { name: 'timeout', kind: 'string' },
  { name: 'grace-period', kind: 'string' },
];

const pods = resourceForKind('Pod')!;
const daemonSets = resourceForKind('DaemonSet')!;

interface PodSpecLike {
  nodeName?: string;
  volumes?: Array<{ emptyDir?: unknown }>;
}

// filters.go's messages: a fatal one stops the drain, a warning is printed and the pod is evicted.
const DAEMONSET_FATAL = 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)';
const DAEMONSET_WARNING = 'ignoring DaemonSet-managed Pods';
const LOCAL_STORAGE_FATAL = 'Pods with local storage (use --delete-emptydir-data to override)';
const LOCAL_STORAGE_WARNING = 'deleting Pods with local storage';
const UNMANAGED_FATAL = 'Pods that declare no controller (use --force to override)';
const UNMANAGED_WARNING = 'deleting Pods that declare no controller';

type Status = { delete: boolean; reason: 'Okay' | 'Skip' | 'Warning' | 'Error'; message?: string };

interface Options {
  ignoreDaemonSets: boolean;
  force: boolean;
  deleteEmptyDirData: boolean;
}

const okay: Status = { delete: true, reason: 'Okay' };

/**
 * makeFilters, in order: a pod runs through them until one refuses it, and the last status run
 * is its fate (so a local-storage warning is dropped by the unreplicated filter after it, as upstream).
 */
function filterPod(ctx: KubectlContext, pod: KubeObject, o: Options): Status {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  const finished = phase === 'Succeeded' || phase === 'Failed';
  const controller = (pod.metadata.ownerReferences ?? []).find((r) => r.controller === true);
  const filters: Array<() => Status> = [
    () => {
      if (controller?.kind !== 'DaemonSet' || finished) return okay;
      if (!ctx.get(daemonSets, pod.metadata.namespace, controller.name)) {
        const message = `daemonsets.apps ${JSON.stringify(controller.name)} not found`;
        return o.force ? { delete: true, reason: 'Warning', message } : { delete: false, reason: 'Error', message };
      }
      if (!o.ignoreDaemonSets) return { delete: false, reason: 'Error', message: DAEMONSET_FATAL };
      return { delete: false, reason: 'Warning', message: DAEMONSET_WARNING };
    },
    () => (pod.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined ? { delete: false, reason: 'Skip' } : okay),
    () => {
      const hasEmptyDir = ((pod.spec as PodSpecLike | undefined)?.volumes ?? []).some((v) => v.emptyDir !== undefined);
      if (!hasEmptyDir || finished) return okay;
      if (!o.deleteEmptyDirData) return { delete: false, reason: 'Error', message: LOCAL_STORAGE_FATAL };
      return { delete: true, reason: 'Warning', message: LOCAL_STORAGE_WARNING };
    },
    () => {
      if (finished || controller) return okay;
      if (o.force) return { delete: true, reason: 'Warning', message: UNMANAGED_WARNING };
      return { delete: false, reason: 'Error', message: UNMANAGED_FATAL };
    },
  ];
  let status = okay;
  for (const filter of filters) {
    status = filter();
    if (!status.delete) break;
  }
  return status;
}

/** PodDeleteList.errors / warnings: group pods by message, in the order messages first appear. */
function groupByMessage(entries: Array<[string, string]>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [msg, pod] of entries) out.set(msg, [...(out.get(msg) ?? []), pod]);
  return out;
}

export function runDrain(ctx: KubectlContext, { args, flags }: ParsedArgs): CommandOutput {
  if (!ctx.patch) return fail('"kubectl drain" is not available here');
  if (boolFlag(flags, 'disable-eviction') && !ctx.delete) return fail('"kubectl drain --disable-eviction" is not available here');
  const visited = visitNodes(ctx, 'drain', args, stringFlag(flags, 'selector'));
  if (!Array.isArray(visited)) return visited;
  const o: Options = {
    ignoreDaemonSets: boolFlag(flags, 'ignore-daemonsets'),
    force: boolFlag(flags, 'force'),
    deleteEmptyDirData: boolFlag(flags, 'delete-emptydir-data'),
  };
  const disableEviction = boolFlag(flags, 'disable-eviction');
  if (!disableEviction && !ctx.evict) return fail('"kubectl drain" needs the eviction API, which this terminal does not offer');

  let stdout = '';
  let stderr = '';
  const remaining: string[] = [];
  let fatal: string[] = [];
  for (const node of visited) {
    const nodeName = node.object.metadata.name ?? '';
    const cordoned = cordonOrUncordon(ctx, node, true);
    if ('err' in cordoned) {
      stderr += cordoned.err;
      continue;
    }
    stdout += cordoned.out;

    // GetPodsForDeletion: every pod bound to the node, in any namespace.
    const onNode = ctx
      .list(pods)
      .filter((p) => (p.spec as PodSpecLike | undefined)?.nodeName === nodeName)
      .sort((a, b) => compareStrings(`${a.metadata.namespace}/${a.metadata.name}`, `${b.metadata.namespace}/${b.metadata.name}`));
    const errors: Array<[string, string]> = [];
    const warnings: Array<[string, string]> = [];
    const victims: KubeObject[] = [];
    for (const pod of onNode) {
      const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
      const s = filterPod(ctx, pod, o);
      if (s.reason === 'Warning') warnings.push([s.message ?? '', key]);
      if (s.reason === 'Error') errors.push([s.message ?? 'unexpected error', key]);
      if (s.delete) victims.push(pod);
    }
    let nodeErrors: string[] = [];
    if (errors.length > 0) {
      nodeErrors = [...groupByMessage(errors)].map(([msg, keys]) => `${msg.toLowerCase().startsWith('cannot delete') ? '' : 'cannot delete '}${msg}: ${keys.join(', ')}`);
    } else {
      if (warnings.length > 0) {
        stderr += `Warning: ${[...groupByMessage(warnings)].map(([msg, keys]) => `${msg}: ${keys.join(', ')}`).join('; ')}\n`;
      }
      let evicting = '';
      let evicted = '';
      for (const pod of victims) {
        const ns = pod.metadata.namespace ?? 'default';
        const name = pod.metadata.name ?? '';
        if (disableEviction) {
          const r = ctx.delete(pods, ns, name);
          if (r.ok) evicted += `pod/${name} deleted\n`;
          else if (r.status.reason !== 'NotFound') nodeErrors.push(serverErrorLine(r.status));
          continue;
        }
        evicting += `evicting pod ${ns}/${name}\n`;
        const r = ctx.evict!(ns, name);
        if (r.ok) {
          evicted += `pod/${name} evicted\n`;
        } else if (r.status.reason === 'TooManyRequests') {
          stderr += `error when evicting pods/${JSON.stringify(name)} -n ${JSON.stringify(ns)} (will retry after 5s): ${r.status.message}\n`;
          nodeErrors.push(`error when evicting pods/${JSON.stringify(name)} -n ${JSON.stringify(ns)}: the sandbox does not retry; run kubectl drain again once the disruption budget allows it`);
        } else if (r.status.reason !== 'NotFound') {
          nodeErrors.push(`error when evicting pods/${JSON.stringify(name)} -n ${JSON.stringify(ns)}: ${r.status.message}`);
        }
      }
      stdout += evicting + evicted;
    }
    if (nodeErrors.length === 0) {
      stdout += `node/${nodeName} drained\n`;
      continue;
    }
    const joined = nodeErrors.length === 1 ? nodeErrors[0] : `[${nodeErrors.join(', ')}]`;
    stderr += `error: unable to drain node ${JSON.stringify(nodeName)} due to error: ${joined}, continuing command...\n`;
    remaining.push(nodeName);
    fatal = nodeErrors;
  }
  if (fatal.length > 0) {
    stderr += `There are pending nodes to be drained:\n${remaining.map((n) => ` ${n}\n`).join('')}`;
    stderr += renderErrors(fatal);
  }
  return { stdout, stderr, exitCode: stderr === '' || (fatal.length === 0 && !/^error|^Error/m.test(stderr)) ? 0 : 1 };
}
