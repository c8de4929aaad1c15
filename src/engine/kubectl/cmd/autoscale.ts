// `kubectl autoscale deployment web --cpu-percent=50 --min=1 --max=10`: create an autoscaling/v2
// HorizontalPodAutoscaler for a scalable workload.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/cmd/autoscale/autoscale.go (AutoscaleOptions.Validate, Run,
//           createHorizontalPodAutoscalerV2)
// SIMPLIFICATION: no -f, --dry-run, -o or --save-config; --cpu/--memory take `70%` or a quantity.

import type { ResourceInfo } from '../../api/resources';
import { groupResource } from '../../apiserver/errors';
import type { KubeObject } from '../../api/meta';
import type { KubectlContext } from '../kubectl';
import type { CommandOutput } from '../results';
import { stringFlag, type FlagSpec, type ParsedArgs } from './args';
import { fail, flagError, usageError } from './errors';
import { serverErrorLine } from './patch';
import { parseResourceArgs } from './resource-args';

export const autoscaleFlags: readonly FlagSpec[] = [
  { name: 'min', kind: 'string' },
  { name: 'max', kind: 'string' },
  { name: 'cpu-percent', kind: 'string' },
  { name: 'cpu', kind: 'string' },
  { name: 'memory', kind: 'string' },
  { name: 'name', kind: 'string' },
];

export const autoscaleHelp =
  'Creates an autoscaler that automatically chooses and sets the number of pods that run in a Kubernetes cluster.\n\n' +
  'Examples:\n  kubectl autoscale deployment foo --min=2 --max=10\n  kubectl autoscale deployment web --cpu-percent=50 --min=1 --max=10\n' +
  '  kubectl autoscale deployment web --max=5 --cpu=80%\n  kubectl autoscale deployment web --max=5 --memory=200Mi\n\n' +
  'Usage:\n  kubectl autoscale (-f FILENAME | TYPE NAME | TYPE/NAME) [--min=MINPODS] --max=MAXPODS [--cpu=CPU] [--memory=MEMORY] [options]\n';

const SCALABLE = new Set(['deployments', 'replicasets', 'statefulsets', 'replicationcontrollers']);

function intFlag(parsed: ParsedArgs, name: string, dflt: number): number | { error: string } {
  const v = stringFlag(parsed.flags, name);
  if (v === undefined) return dflt;
  if (!/^[+-]?\d+$/.test(v)) return { error: `invalid argument "${v}" for "--${name}" flag: strconv.ParseInt: parsing "${v}": invalid syntax` };
  return Number(v);
}

/** --cpu / --memory: `70%` targets utilization, a quantity targets an average value. */
function resourceMetric(name: string, value: string): Record<string, unknown> | { error: string } {
  const pct = /^(\d+)%$/.exec(value);
  if (pct) return { type: 'Resource', resource: { name, target: { type: 'Utilization', averageUtilization: Number(pct[1]) } } };
  if (!/^[0-9.]+(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.test(value)) return { error: `invalid argument "${value}" for --${name}: must be a percentage (e.g. 70%) or a resource quantity` };
  return { type: 'Resource', resource: { name, target: { type: 'AverageValue', averageValue: value } } };
}

export function runAutoscale(ctx: KubectlContext, parsed: ParsedArgs, namespace: string): CommandOutput {
  const min = intFlag(parsed, 'min', -1);
  if (typeof min === 'object') return flagError('autoscale', min.error);
  const max = intFlag(parsed, 'max', -1);
  if (typeof max === 'object') return flagError('autoscale', max.error);
  const cpuPercent = intFlag(parsed, 'cpu-percent', -1);
  if (typeof cpuPercent === 'object') return flagError('autoscale', cpuPercent.error);
  if (parsed.args.length === 0) {
    return usageError('autoscale', "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
  }
  if (max < 1) return fail(`--max=MAXPODS is required and must be at least 1, max: ${max}`);
  if (max < min) return fail(`--max=MAXPODS must be larger or equal to --min=MINPODS, max: ${max}, min: ${min}`);

  const metrics: Array<Record<string, unknown>> = [];
  const cpu = stringFlag(parsed.flags, 'cpu');
  if (cpu !== undefined) {
    const m = resourceMetric('cpu', cpu);
    if ('error' in m) return fail(String(m.error));
    metrics.push(m);
  } else if (cpuPercent >= 0) {
    metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: cpuPercent } } });
  }
  const memory = stringFlag(parsed.flags, 'memory');
  if (memory !== undefined) {
    const m = resourceMetric('memory', memory);
    if ('error' in m) return fail(String(m.error));
    metrics.push(m);
  }

  const targets = parseResourceArgs(parsed.args);
  if (!targets.ok) return fail(targets.error);
  if (targets.value.targets.some((t) => !t.names)) return fail('resource(s) were provided, but no name was specified');
  if (!ctx.create) return fail('"kubectl autoscale" is not available here');
  let stdout = '';
  let stderr = '';
  for (const { resource, names } of targets.value.targets) {
    for (const name of names ?? []) {
      const r = autoscaleOne(ctx, resource, name, namespace, { min, max, metrics, hpaName: stringFlag(parsed.flags, 'name') || name });
      if (r.ok) stdout += `${r.line}\n`;
      else stderr += `${r.line}\n`;
    }
  }
  return { stdout, stderr, exitCode: stderr === '' ? 0 : 1 };
}

function autoscaleOne(
  ctx: KubectlContext, resource: ResourceInfo, name: string, namespace: string,
  o: { min: number; max: number; metrics: Array<Record<string, unknown>>; hpaName: string },
): { ok: boolean; line: string } {
  const live = ctx.get(resource, resource.namespaced ? namespace : undefined, name);
  if (!live) return { ok: false, line: `Error from server (NotFound): ${groupResource(resource)} "${name}" not found` };
  if (!SCALABLE.has(resource.resource)) {
    return { ok: false, line: `error: cannot autoscale a ${resource.kind}: could not find scale subresource for ${resource.group}/${resource.version}, Resource=${resource.resource} in discovery information` };
  }
  const hpa = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: o.hpaName, namespace },
    spec: {
      scaleTargetRef: { apiVersion: resource.group ? `${resource.group}/${resource.version}` : resource.version, kind: resource.kind, name },
      ...(o.min > 0 ? { minReplicas: o.min } : {}),
      maxReplicas: o.max,
      ...(o.metrics.length > 0 ? { metrics: o.metrics } : {}),
    },
  } as unknown as KubeObject;
  const r = ctx.create!(hpa);
  if (!r.ok) return { ok: false, line: serverErrorLine(r.status) };
  return { ok: true, line: `horizontalpodautoscaler.autoscaling/${o.hpaName} autoscaled` };
}
