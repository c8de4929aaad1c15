// The Docker-links-style environment variables the kubelet gives every container for the Services of
// its namespace (and the `kubernetes` Service), e.g. WEB_SERVICE_HOST=10.96.0.50, WEB_PORT_80_TCP=tcp://10.96.0.50:80.
// UPSTREAM: pkg/kubelet/envvars/envvars.go (FromServices), pkg/kubelet/kubelet_pods.go (getServiceEnvVarMap)
// SIMPLIFICATION: computed when a command runs in the container (a real kubelet fixes them when the
// container starts, so a Service created later is missing from an older container's env).

import type { ConfigMap, Pod, Secret, Service } from 'kubernetes-types/core/v1';
import { base64Decode } from '../runtime/files/atomic-writer';
import { fieldRefValue } from './field-ref';

/** Where envFrom and valueFrom key references read (the kubelet's configMap/secret managers). */
export interface EnvSources {
  configMap(namespace: string, name: string): ConfigMap | undefined;
  secret(namespace: string, name: string): Secret | undefined;
}

function envName(serviceName: string): string {
  return serviceName.toUpperCase().replace(/-/g, '_');
}

/** The variables for one Service with a ClusterIP (headless and ExternalName Services give none). */
export function serviceEnvVars(svc: Service): Array<[string, string]> {
  const ip = svc.spec?.clusterIP;
  if (!ip || ip === 'None') return [];
  const name = envName(svc.metadata?.name ?? '');
  const ports = svc.spec?.ports ?? [];
  const out: Array<[string, string]> = [[`${name}_SERVICE_HOST`, ip]];
  if (ports.length === 0) return out;
  out.push([`${name}_SERVICE_PORT`, String(ports[0].port)]);
  for (const p of ports) if (p.name) out.push([`${name}_SERVICE_PORT_${envName(p.name)}`, String(p.port)]);
  const first = ports[0];
  out.push([`${name}_PORT`, `${(first.protocol ?? 'TCP').toLowerCase()}://${ip}:${first.port}`]);
  for (const p of ports) {
    const proto = p.protocol ?? 'TCP';
    const prefix = `${name}_PORT_${p.port}_${proto}`;
    out.push([prefix, `${proto.toLowerCase()}://${ip}:${p.port}`], [`${prefix}_PROTO`, proto.toLowerCase()], [`${prefix}_PORT`, String(p.port)], [`${prefix}_ADDR`, ip]);
  }
  return out;
}

/**
 * getServiceEnvVarMap: the `kubernetes` Service in default always; the pod's own namespace's Services
 * when enableServiceLinks is true (the default). Sorted by Service name, as the kubelet does.
 */
export function serviceEnvironment(pod: Pod, services: readonly Service[]): Record<string, string> {
  const ns = pod.metadata?.namespace ?? 'default';
  const links = pod.spec?.enableServiceLinks !== false;
  const chosen = new Map<string, Service>();
  for (const s of services) {
    const sns = s.metadata?.namespace ?? 'default';
    const name = s.metadata?.name ?? '';
    if (sns === 'default' && name === 'kubernetes') chosen.set(name, s);
    else if (links && sns === ns && !chosen.has(name)) chosen.set(name, s);
  }
  const env: Record<string, string> = {};
  for (const name of [...chosen.keys()].sort()) for (const [k, v] of serviceEnvVars(chosen.get(name)!)) env[k] = v;
  return env;
}

/**
 * The container's environment as a process sees it: service links first, then `envFrom` (ConfigMap
 * and Secret keys, with their prefix), then the container's own `env` values (makeEnvironmentVariables).
 */
export function containerEnvironment(pod: Pod, containerName: string, services: readonly Service[], objects?: EnvSources): Record<string, string> {
  const env = serviceEnvironment(pod, services);
  const c = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((x) => x.name === containerName);
  const ns = pod.metadata?.namespace ?? 'default';
  const secretData = (s: Secret | undefined): Record<string, string> => ({
    ...Object.fromEntries(Object.entries(s?.data ?? {}).map(([k, v]) => [k, base64Decode(v)])),
    ...(s?.stringData ?? {}),
  });
  for (const from of c?.envFrom ?? []) {
    const data = from.configMapRef ? objects?.configMap(ns, from.configMapRef.name ?? '')?.data : from.secretRef ? secretData(objects?.secret(ns, from.secretRef.name ?? '')) : undefined;
    for (const [k, v] of Object.entries(data ?? {})) env[`${from.prefix ?? ''}${k}`] = v;
  }
  for (const e of c?.env ?? []) {
    const cmKey = e.valueFrom?.configMapKeyRef;
    const secretKey = e.valueFrom?.secretKeyRef;
    if (e.value !== undefined) env[e.name] = e.value;
    else if (cmKey) {
      const v = objects?.configMap(ns, cmKey.name ?? '')?.data?.[cmKey.key];
      if (v !== undefined) env[e.name] = v;
    } else if (secretKey) {
      const v = secretData(objects?.secret(ns, secretKey.name ?? ''))[secretKey.key];
      if (v !== undefined) env[e.name] = v;
    }
    else if (e.valueFrom?.fieldRef) {
      const v = fieldRefValue(pod, e.valueFrom.fieldRef.fieldPath);
      if (v !== undefined) env[e.name] = v;
    }
  }
  return env;
}

/**
 * The error makeEnvironmentVariables returns for a container whose envFrom or env references a
 * ConfigMap or Secret (or a key in one) that is missing and not `optional: true`; undefined when
 * every reference resolves. envFrom is read first, then env, in order: the first failure wins.
 * The not-found errors are the kubelet's configmap/secret managers' (group resource `configmap` and
 * `secret`, singular): `configmap "x" not found`.
 * UPSTREAM: pkg/kubelet/kubelet_pods.go (makeEnvironmentVariables),
 *           pkg/kubelet/configmap/configmap_manager.go, pkg/kubelet/secret/secret_manager.go
 */
export function environmentError(pod: Pod, containerName: string, objects: EnvSources): string | undefined {
  const c = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((x) => x.name === containerName);
  const ns = pod.metadata?.namespace ?? 'default';
  const hasSecretKey = (s: Secret, key: string) => (s.data ?? {})[key] !== undefined || (s.stringData ?? {})[key] !== undefined;
  for (const from of c?.envFrom ?? []) {
    if (from.configMapRef) {
      const name = from.configMapRef.name ?? '';
      if (!objects.configMap(ns, name) && from.configMapRef.optional !== true) return `configmap "${name}" not found`;
    } else if (from.secretRef) {
      const name = from.secretRef.name ?? '';
      if (!objects.secret(ns, name) && from.secretRef.optional !== true) return `secret "${name}" not found`;
    }
  }
  for (const e of c?.env ?? []) {
    if (e.value !== undefined && e.value !== '') continue;
    const cm = e.valueFrom?.configMapKeyRef;
    const sk = e.valueFrom?.secretKeyRef;
    if (cm) {
      const name = cm.name ?? '';
      const optional = cm.optional === true;
      const obj = objects.configMap(ns, name);
      if (!obj) {
        if (optional) continue;
        return `configmap "${name}" not found`;
      }
      if ((obj.data ?? {})[cm.key] === undefined && !optional) return `couldn't find key ${cm.key} in ConfigMap ${ns}/${name}`;
    } else if (sk) {
      const name = sk.name ?? '';
      const optional = sk.optional === true;
      const obj = objects.secret(ns, name);
      if (!obj) {
        if (optional) continue;
        return `secret "${name}" not found`;
      }
      if (!hasSecretKey(obj, sk.key) && !optional) return `couldn't find key ${sk.key} in Secret ${ns}/${name}`;
    }
  }
  return undefined;
}
