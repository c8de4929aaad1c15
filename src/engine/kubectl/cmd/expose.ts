// `kubectl expose (TYPE NAME | TYPE/NAME) [--port] [--target-port] [--type] [--name] [--protocol]`:
// a Service selecting what a Deployment, ReplicaSet, Pod or Service selects.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/cmd/expose/expose.go (RunExpose, createService),
//           staging/src/k8s.io/kubectl/pkg/polymorphichelpers/{mapbasedselectorforobject,portsforobject,protocolsforobject}.go
// SIMPLIFICATION: no --external-ip, --load-balancer-ip, --session-affinity, --cluster-ip or -f.

import type { ContainerPort, PodSpec } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/meta';
import type { KubectlContext } from '../kubectl';
import type { CommandOutput } from '../results';
import { stringFlag } from './args';
import type { FlagSpec, ParsedArgs } from './args';
import { fail, usageError } from './errors';
import { generatorFlags, sendGenerated } from './generate';
import { isOutput, renderErrors, visitTargets } from './targets';

export const exposeFlags: readonly FlagSpec[] = [
  ...generatorFlags,
  { name: 'port', kind: 'string' },
  { name: 'target-port', kind: 'string' },
  { name: 'type', kind: 'string' },
  { name: 'name', kind: 'string' },
  { name: 'protocol', kind: 'string' },
  { name: 'labels', shorthand: 'l', kind: 'string' },
  { name: 'selector', kind: 'string' },
];

const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];

interface Selectable {
  selector: Record<string, string>;
  ports: Array<{ port: number; protocol: string }>;
}

/** MapBasedSelectorForObject and PortsForObject/ProtocolsForObject for the kinds expose supports. */
function introspect(obj: KubeObject): Selectable | { error: string } {
  const spec = (obj.spec ?? {}) as Record<string, unknown>;
  const containerPorts = (ps: PodSpec | undefined) =>
    (ps?.containers ?? []).flatMap((c) => (c.ports ?? []) as ContainerPort[]).map((p) => ({ port: p.containerPort, protocol: p.protocol ?? 'TCP' }));
  switch (obj.kind) {
    case 'Pod':
      return { selector: { ...(obj.metadata.labels ?? {}) }, ports: containerPorts(spec as unknown as PodSpec) };
    case 'Service': {
      const ports = (spec.ports as Array<{ port: number; protocol?: string }> | undefined) ?? [];
      return { selector: { ...((spec.selector as Record<string, string> | undefined) ?? {}) }, ports: ports.map((p) => ({ port: p.port, protocol: p.protocol ?? 'TCP' })) };
    }
    case 'Deployment':
    case 'ReplicaSet': {
      const sel = spec.selector as { matchLabels?: Record<string, string>; matchExpressions?: Array<{ key: string }> } | undefined;
      if (sel?.matchExpressions && sel.matchExpressions.length > 0) {
        return { error: `couldn't convert expressions - "${sel.matchExpressions[0].key}" to map-based selector format` };
      }
      return { selector: { ...(sel?.matchLabels ?? {}) }, ports: containerPorts((spec.template as { spec?: PodSpec } | undefined)?.spec) };
    }
    default:
      return { error: `cannot expose a ${obj.kind}` };
  }
}

export function runExpose(ctx: KubectlContext, { args, flags }: ParsedArgs, namespace: string): CommandOutput {
  if (args.length === 0) {
    return usageError('expose', "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
  }
  const type = stringFlag(flags, 'type');
  if (type !== undefined && !SERVICE_TYPES.includes(type)) return fail(`invalid service type: ${type}`);
  const visited = visitTargets(ctx, args, namespace, undefined, false);
  if (isOutput(visited)) return visited;
  if (visited.notFound.length > 0) return { stdout: '', stderr: renderErrors(visited.notFound), exitCode: 1 };
  let stdout = '';
  let stderr = '';
  for (const { object } of visited.objects) {
    const found = introspect(object);
    if ('error' in found) {
      stderr += `error: ${found.error}\n`;
      continue;
    }
    const selectorText = stringFlag(flags, 'selector');
    const selector = selectorText
      ? Object.fromEntries(selectorText.split(',').map((p) => p.split('=') as [string, string]))
      : found.selector;
    if (Object.keys(selector).length === 0) {
      stderr += `error: couldn't retrieve selectors via --selector flag or introspection: the ${object.kind.toLowerCase()} has no selector\n`;
      continue;
    }
    const portText = stringFlag(flags, 'port');
    const protocol = stringFlag(flags, 'protocol');
    const targetText = stringFlag(flags, 'target-port');
    const target = targetText === undefined ? undefined : /^\d+$/.test(targetText) ? Number(targetText) : targetText;
    let ports: Array<Record<string, unknown>>;
    if (portText !== undefined) {
      if (!/^\d+$/.test(portText)) {
        stderr += `error: invalid argument "${portText}" for "--port" flag: strconv.ParseInt: parsing "${portText}": invalid syntax\n`;
        continue;
      }
      const port = Number(portText);
      ports = [{ port, protocol: protocol ?? found.ports.find((p) => p.port === port)?.protocol ?? 'TCP', targetPort: target ?? port }];
    } else if (found.ports.length > 0) {
      // generateService: one port keeps no name; several are named port-1, port-2...
      ports = found.ports.map((p, i) => ({
        ...(found.ports.length > 1 ? { name: `port-${i + 1}` } : {}),
        port: p.port,
        protocol: protocol ?? p.protocol,
        targetPort: target ?? p.port,
      }));
    } else {
      stderr += "error: couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples\n";
      continue;
    }
    const labelText = stringFlag(flags, 'labels');
    const labels = labelText ? Object.fromEntries(labelText.split(',').map((p) => p.split('=') as [string, string])) : object.metadata.labels;
    const svc: KubeObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: stringFlag(flags, 'name') ?? object.metadata.name, ...(labels && Object.keys(labels).length > 0 ? { labels: { ...labels } } : {}) },
      spec: { ports, selector, ...(type ? { type } : {}) },
      status: { loadBalancer: {} },
    } as KubeObject;
    const r = sendGenerated(ctx, svc, flags, namespace, 'exposed');
    stdout += r.stdout;
    stderr += r.stderr;
  }
  return { stdout, stderr, exitCode: stderr === '' ? 0 : 1 };
}
