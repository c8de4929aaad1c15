// `kubectl create deployment|namespace|configmap|secret generic|service clusterip|nodeport NAME ...`.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/cmd/create/create_deployment.go (createDeployment, buildPodSpec),
//           create_namespace.go, create_configmap.go (handleConfigMapFromLiteralSources),
//           create_secret.go, create_service.go (createService), pkg/util (ParseLiteralSource)
// SIMPLIFICATION: --from-literal only (no --from-file or --from-env-file); one --image per deployment;
// service types clusterip and nodeport.

import { base64Encode } from '../../apiserver/registry/secret';
import type { KubeObject } from '../../api/meta';
import type { KubectlContext } from '../kubectl';
import type { CommandOutput } from '../results';
import { stringArrayFlag, stringFlag } from './args';
import type { FlagSpec, ParsedArgs } from './args';
import { fail, usageError } from './errors';
import { containerNameFromImage, generatorFlags, parsePort, sendGenerated } from './generate';
import { createRbacFlags, RBAC_GENERATOR_ALIASES, RBAC_GENERATORS, rbacGenerated } from './create-rbac';

export const createGeneratorFlags: readonly FlagSpec[] = [
  ...generatorFlags,
  { name: 'image', kind: 'stringArray' },
  { name: 'replicas', kind: 'string' },
  { name: 'port', kind: 'string' },
  { name: 'from-literal', kind: 'stringArray' },
  { name: 'type', kind: 'string' },
  { name: 'tcp', kind: 'stringArray' },
  { name: 'node-port', kind: 'string' },
  { name: 'clusterip', kind: 'string' },
  ...createRbacFlags,
];

export const GENERATORS = ['configmap', 'deployment', 'namespace', 'secret', 'service'];
const ALIASES: Record<string, string> = { cm: 'configmap', deploy: 'deployment', ns: 'namespace', svc: 'service' };
/** kubectl create subcommands this sandbox does not build yet. */
const OTHER_GENERATORS = ['clusterrole', 'clusterrolebinding', 'cronjob', 'ingress', 'job', 'poddisruptionbudget', 'priorityclass', 'quota', 'token'];

function oneName(cmd: string, names: readonly string[]): string | CommandOutput {
  if (names.length !== 1) return usageError(`create ${cmd}`, `exactly one NAME is required, got ${names.length}`);
  return names[0];
}

/** ParseLiteralSource: `key=value`, split at the first '='. */
function literals(flags: ParsedArgs['flags']): Record<string, string> | { error: string } {
  const data: Record<string, string> = {};
  for (const source of stringArrayFlag(flags, 'from-literal')) {
    const eq = source.indexOf('=');
    if (eq < 0) return { error: `invalid literal source ${source}, expected key=value` };
    data[source.slice(0, eq)] = source.slice(eq + 1);
  }
  return data;
}

function deployment(name: string, flags: ParsedArgs['flags']): KubeObject | { error: string } {
  const images = stringArrayFlag(flags, 'image');
  if (images.length === 0) return { error: 'required flag(s) "image" not set' };
  const replicasText = stringFlag(flags, 'replicas') ?? '1';
  if (!/^-?\d+$/.test(replicasText)) return { error: `invalid argument "${replicasText}" for "-r, --replicas" flag: strconv.ParseInt: parsing "${replicasText}": invalid syntax` };
  const port = parsePort(flags);
  if (typeof port === 'object') return port;
  if (port !== undefined && images.length > 1) return { error: '--port can only be used with a single image' };
  const labels = { app: name };
  const containers = images.map((image) => ({
    name: containerNameFromImage(image),
    image,
    ...(port !== undefined ? { ports: [{ containerPort: port }] } : {}),
    resources: {},
  }));
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels },
    spec: {
      replicas: Number(replicasText),
      selector: { matchLabels: { ...labels } },
      strategy: {},
      template: { metadata: { labels: { ...labels } }, spec: { containers } },
    },
    status: {},
  };
}

function service(type: 'ClusterIP' | 'NodePort', name: string, flags: ParsedArgs['flags']): KubeObject | { error: string } {
  const ports: Array<Record<string, unknown>> = [];
  const nodePort = parsePort(flags, 'node-port');
  if (typeof nodePort === 'object') return nodePort;
  for (const tcp of stringArrayFlag(flags, 'tcp')) {
    const [portText, targetText, ...extra] = tcp.split(':');
    if (extra.length > 0 || !/^\d+$/.test(portText)) return { error: `${tcp} is not a valid port` };
    const port = Number(portText);
    const target = targetText === undefined ? port : /^\d+$/.test(targetText) ? Number(targetText) : targetText;
    ports.push({
      name: tcp.replace(/:/g, '-'),
      port,
      protocol: 'TCP',
      targetPort: target,
      ...(type === 'NodePort' && nodePort !== undefined ? { nodePort } : {}),
    });
  }
  const clusterIP = stringFlag(flags, 'clusterip');
  const spec: Record<string, unknown> = { ports, selector: { app: name }, type };
  if (clusterIP !== undefined && type === 'ClusterIP') spec.clusterIP = clusterIP;
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, labels: { app: name } }, spec, status: { loadBalancer: {} } };
}

/** `kubectl create <generator> ...`; `args[0]` is the generator. */
export function runCreateGenerator(ctx: KubectlContext, { args, flags }: ParsedArgs, namespace: string): CommandOutput {
  const [typed, ...rest] = args;
  const generator = ALIASES[typed] ?? RBAC_GENERATOR_ALIASES[typed] ?? typed;
  if (RBAC_GENERATORS.includes(generator)) {
    const name = oneName(generator, rest);
    if (typeof name !== 'string') return name;
    const generated = rbacGenerated(generator, name, flags, ctx.resources?.());
    if ('error' in generated) return fail(generated.error as string);
    return sendGenerated(ctx, generated as KubeObject, flags, namespace);
  }
  if (OTHER_GENERATORS.includes(generator)) {
    return fail(`"kubectl create ${typed}" is not available in this sandbox yet; write the object as YAML and use kubectl create -f`);
  }
  if (!GENERATORS.includes(generator)) return usageError('create', `Unexpected args: [${args.join(' ')}]`);
  let obj: KubeObject | { error: string } | CommandOutput;
  if (generator === 'secret' || generator === 'service') {
    const [sub, ...names] = rest;
    const subs = generator === 'secret' ? ['generic', 'docker-registry', 'tls'] : ['clusterip', 'nodeport', 'loadbalancer', 'externalname'];
    if (sub === undefined) return usageError(`create ${generator}`, `a subcommand is required: ${subs.join(', ')}`);
    if (!subs.includes(sub)) return usageError(`create ${generator}`, `unknown command "${sub}" for "kubectl create ${generator}"`);
    const supported = generator === 'secret' ? sub === 'generic' : sub === 'clusterip' || sub === 'nodeport';
    if (!supported) return fail(`"kubectl create ${generator} ${sub}" is not available in this sandbox yet; write the object as YAML and use kubectl create -f`);
    const name = oneName(`${generator} ${sub}`, names);
    if (typeof name !== 'string') return name;
    if (generator === 'secret') {
      const data = literals(flags);
      if ('error' in data) return fail(data.error as string);
      const encoded = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, base64Encode(v)]));
      obj = { apiVersion: 'v1', kind: 'Secret', metadata: { name }, data: encoded, type: stringFlag(flags, 'type') ?? 'Opaque' } as KubeObject;
    } else {
      obj = service(sub === 'clusterip' ? 'ClusterIP' : 'NodePort', name, flags);
    }
  } else {
    const name = oneName(generator, rest);
    if (typeof name !== 'string') return name;
    if (generator === 'deployment') obj = deployment(name, flags);
    else if (generator === 'namespace') obj = { apiVersion: 'v1', kind: 'Namespace', metadata: { name }, spec: {}, status: {} } as KubeObject;
    else {
      const data = literals(flags);
      if ('error' in data) return fail(data.error as string);
      obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data } as KubeObject;
    }
  }
  if ('error' in obj) return fail(obj.error as string);
  return sendGenerated(ctx, obj as KubeObject, flags, namespace);
}
