// core/v1 semantic validation: pod specs (also in every template), Services, ConfigMaps, Secrets.
// UPSTREAM: pkg/apis/core/validation/validation.go
// SIMPLIFICATION: the checks learners hit (names, images, ports, env, mounts, resources, restart and
// pull policies, tolerations, Service ports/types); probes, security contexts, volume sources,
// affinity and topology constraints are left to the schema. Values are checked before defaulting,
// so fields the server defaults (protocol, restartPolicy, ...) may be absent.

import {
  child,
  duplicate,
  forbidden,
  index,
  invalid,
  key,
  notFound,
  notSupported,
  required,
  type ErrorList,
} from './field-errors';
import { isConfigMapKey, isDNS1123Label, isDNS1123Subdomain, isEnvVarName, isValidPortName, isValidPortNum, isValidLabelValue, isQualifiedName } from './names';
import { asArray, asObj, asString, sortedEntries, validateLabels, type Obj } from './object-meta';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const POD_RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const SESSION_AFFINITIES = ['ClientIP', 'None'];

// ---------------------------------------------------------------------------------------------
// Quantities, only as far as comparing a request with its limit needs.

const SUFFIXES: Record<string, number> = {
  '': 1, n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** A quantity's value in base units (cores, bytes), or undefined when it does not parse. */
export function quantityValue(q: unknown): number | undefined {
  if (typeof q === 'number') return q;
  if (typeof q !== 'string') return undefined;
  const m = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(?:([eE][+-]?[0-9]+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?)$/.exec(q.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  if (m[2]) return n * 10 ** Number(m[2].slice(1));
  return n * SUFFIXES[m[3] ?? ''];
}

function quantityString(q: unknown): string {
  return typeof q === 'number' ? String(q) : asString(q);
}

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);

function validateResources(resources: unknown, path: string): ErrorList {
  const r = asObj(resources) ?? {};
  const errs: ErrorList = [];
  const limits = asObj(r.limits) ?? {};
  for (const [field, list] of [['limits', r.limits], ['requests', r.requests]] as const) {
    for (const [name, q] of sortedEntries(list)) {
      const p = key(child(path, field), name);
      if (!name.includes('/') && !STANDARD_CONTAINER_RESOURCES.has(name) && !name.startsWith('hugepages-')) {
        errs.push(invalid(p, name, 'must be a standard resource type or fully qualified'));
      }
      const v = quantityValue(q);
      if (v !== undefined && v < 0) errs.push(invalid(p, quantityString(q), 'must be greater than or equal to 0'));
      if (field === 'requests' && name in limits) {
        const limit = quantityValue(limits[name]);
        if (v !== undefined && limit !== undefined && v > limit) {
          errs.push(invalid(child(path, 'requests'), quantityString(q), `must be less than or equal to ${name} limit of ${quantityString(limits[name])}`));
        }
      }
    }
  }
  return errs;
}

// ---------------------------------------------------------------------------------------------

function validateContainerPorts(ports: unknown, path: string): ErrorList {
  const errs: ErrorList = [];
  const names = new Set<string>();
  asArray(ports).forEach((raw, i) => {
    const port = asObj(raw) ?? {};
    const p = index(path, i);
    const name = asString(port.name);
    if (name) {
      const msgs = isValidPortName(name);
      if (msgs.length) for (const msg of msgs) errs.push(invalid(child(p, 'name'), name, msg));
      else if (names.has(name)) errs.push(duplicate(child(p, 'name'), name));
      else names.add(name);
    }
    const containerPort = typeof port.containerPort === 'number' ? port.containerPort : 0;
    if (containerPort === 0) errs.push(required(child(p, 'containerPort')));
    else for (const msg of isValidPortNum(containerPort)) errs.push(invalid(child(p, 'containerPort'), containerPort, msg));
    if (typeof port.hostPort === 'number' && port.hostPort !== 0) {
      for (const msg of isValidPortNum(port.hostPort)) errs.push(invalid(child(p, 'hostPort'), port.hostPort, msg));
    }
    if (port.protocol !== undefined && !PROTOCOLS.includes(asString(port.protocol))) {
      errs.push(notSupported(child(p, 'protocol'), port.protocol, PROTOCOLS));
    }
  });
  return errs;
}

function validateEnv(env: unknown, path: string): ErrorList {
  const errs: ErrorList = [];
  asArray(env).forEach((raw, i) => {
    const ev = asObj(raw) ?? {};
    const p = child(index(path, i), 'name');
    const name = asString(ev.name);
    if (!name) errs.push(required(p));
    else for (const msg of isEnvVarName(name)) errs.push(invalid(p, name, msg));
  });
  return errs;
}

function validateVolumeMounts(mounts: unknown, volumeNames: ReadonlySet<string>, path: string): ErrorList {
  const errs: ErrorList = [];
  const mountPoints = new Set<string>();
  asArray(mounts).forEach((raw, i) => {
    const m = asObj(raw) ?? {};
    const p = index(path, i);
    const name = asString(m.name);
    const mountPath = asString(m.mountPath);
    if (!name) errs.push(required(child(p, 'name')));
    if (!volumeNames.has(name)) errs.push(notFound(child(p, 'name'), name));
    if (!mountPath) errs.push(required(child(p, 'mountPath')));
    if (mountPoints.has(mountPath)) errs.push(invalid(child(p, 'mountPath'), mountPath, 'must be unique'));
    mountPoints.add(mountPath);
  });
  return errs;
}

function validateContainers(containers: unknown, volumeNames: ReadonlySet<string>, path: string, requireOne: boolean): ErrorList {
  const errs: ErrorList = [];
  const list = asArray(containers);
  if (requireOne && list.length === 0) errs.push(required(path));
  const names = new Set<string>();
  list.forEach((raw, i) => {
    const c = asObj(raw) ?? {};
    const p = index(path, i);
    const name = asString(c.name);
    if (!name) errs.push(required(child(p, 'name')));
    else for (const msg of isDNS1123Label(name)) errs.push(invalid(child(p, 'name'), name, msg));
    if (!asString(c.image)) errs.push(required(child(p, 'image')));
    errs.push(...validateContainerPorts(c.ports, child(p, 'ports')));
    errs.push(...validateEnv(c.env, child(p, 'env')));
    errs.push(...validateVolumeMounts(c.volumeMounts, volumeNames, child(p, 'volumeMounts')));
    if (c.imagePullPolicy !== undefined && !PULL_POLICIES.includes(asString(c.imagePullPolicy))) {
      errs.push(notSupported(child(p, 'imagePullPolicy'), c.imagePullPolicy, PULL_POLICIES));
    }
    errs.push(...validateResources(c.resources, child(p, 'resources')));
    if (name && names.has(name)) errs.push(duplicate(child(p, 'name'), name));
    names.add(name);
  });
  return errs;
}

function validateVolumes(volumes: unknown, path: string): { errs: ErrorList; names: Set<string> } {
  const errs: ErrorList = [];
  const names = new Set<string>();
  asArray(volumes).forEach((raw, i) => {
    const v = asObj(raw) ?? {};
    const p = child(index(path, i), 'name');
    const name = asString(v.name);
    if (!name) errs.push(required(p));
    else for (const msg of isDNS1123Label(name)) errs.push(invalid(p, name, msg));
    if (name && names.has(name)) errs.push(duplicate(p, name));
    names.add(name);
  });
  return { errs, names };
}

function validateTolerations(tolerations: unknown, path: string): ErrorList {
  const errs: ErrorList = [];
  asArray(tolerations).forEach((raw, i) => {
    const t = asObj(raw) ?? {};
    const p = index(path, i);
    const k = asString(t.key);
    const op = asString(t.operator);
    const effect = asString(t.effect);
    if (k) for (const msg of isQualifiedName(k)) errs.push(invalid(child(p, 'key'), k, msg));
    if (!k && op !== 'Exists') {
      errs.push(invalid(child(p, 'operator'), op, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (t.tolerationSeconds !== undefined && effect !== 'NoExecute') {
      errs.push(invalid(child(p, 'effect'), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    if (op === '' || op === 'Equal') {
      const msgs = isValidLabelValue(asString(t.value));
      if (msgs.length) errs.push(invalid(child(p, 'operator'), asString(t.value), msgs.join(';')));
    } else if (op === 'Exists') {
      if (asString(t.value)) errs.push(invalid(child(p, 'operator'), t, "value must be empty when `operator` is 'Exists'"));
    } else {
      errs.push(notSupported(child(p, 'operator'), op, ['Equal', 'Exists']));
    }
    if (effect && !TAINT_EFFECTS.includes(effect)) errs.push(notSupported(child(p, 'effect'), effect, TAINT_EFFECTS));
  });
  return errs;
}

/**
 * ValidatePodSpec at `path` (`spec`, `spec.template.spec`, ...). Any of the three restart policies
 * passes here; workload validators narrow it (Deployments: Always; Jobs: OnFailure or Never).
 */
export function validatePodSpec(spec: unknown, path: string): ErrorList {
  const s = asObj(spec) ?? {};
  const { errs, names: volumeNames } = validateVolumes(s.volumes, child(path, 'volumes'));
  errs.push(...validateContainers(s.containers, volumeNames, child(path, 'containers'), true));
  errs.push(...validateContainers(s.initContainers, volumeNames, child(path, 'initContainers'), false));
  if (s.restartPolicy !== undefined && !POD_RESTART_POLICIES.includes(asString(s.restartPolicy))) {
    errs.push(notSupported(child(path, 'restartPolicy'), s.restartPolicy, POD_RESTART_POLICIES));
  }
  if (s.dnsPolicy !== undefined && !DNS_POLICIES.includes(asString(s.dnsPolicy))) {
    errs.push(notSupported(child(path, 'dnsPolicy'), s.dnsPolicy, DNS_POLICIES));
  }
  errs.push(...validateLabels(s.nodeSelector, child(path, 'nodeSelector')));
  errs.push(...validateTolerations(s.tolerations, child(path, 'tolerations')));
  return errs;
}

/** ValidatePodTemplateSpec: template labels and the pod spec. */
export function validatePodTemplateSpec(template: unknown, path: string): ErrorList {
  const t = asObj(template) ?? {};
  const meta = asObj(t.metadata) ?? {};
  return [
    ...validateLabels(meta.labels, child(path, 'metadata', 'labels')),
    ...validatePodSpec(t.spec, child(path, 'spec')),
  ];
}

export function validatePod(obj: Obj): ErrorList {
  return validatePodSpec(obj.spec, 'spec');
}

function validateServicePort(sp: Obj, requireName: boolean, names: Set<string>, path: string, serviceType: string): ErrorList {
  const errs: ErrorList = [];
  const name = asString(sp.name);
  if (requireName && !name) errs.push(required(child(path, 'name')));
  else if (name) {
    for (const msg of isDNS1123Label(name)) errs.push(invalid(child(path, 'name'), name, msg));
    if (names.has(name)) errs.push(duplicate(child(path, 'name'), name));
    else names.add(name);
  }
  const port = typeof sp.port === 'number' ? sp.port : 0;
  for (const msg of isValidPortNum(port)) errs.push(invalid(child(path, 'port'), port, msg));
  if (sp.protocol !== undefined && !PROTOCOLS.includes(asString(sp.protocol))) errs.push(notSupported(child(path, 'protocol'), sp.protocol, PROTOCOLS));
  const target = sp.targetPort;
  if (typeof target === 'number' && target !== 0) {
    for (const msg of isValidPortNum(target)) errs.push(invalid(child(path, 'targetPort'), target, msg));
  } else if (typeof target === 'string' && target !== '') {
    for (const msg of isValidPortName(target)) errs.push(invalid(child(path, 'targetPort'), target, msg));
  }
  if (serviceType === 'ClusterIP' && typeof sp.nodePort === 'number' && sp.nodePort !== 0) {
    errs.push(forbidden(child(path, 'nodePort'), "may not be used when `type` is 'ClusterIP'"));
  }
  return errs;
}

export function validateService(obj: Obj): ErrorList {
  const spec = asObj(obj.spec) ?? {};
  const errs: ErrorList = [];
  const type = spec.type === undefined ? 'ClusterIP' : asString(spec.type);
  const ports = asArray(spec.ports);
  const headless = spec.clusterIP === 'None';
  if (ports.length === 0 && !headless && type !== 'ExternalName') errs.push(required('spec.ports'));
  if (!SERVICE_TYPES.includes(type)) errs.push(notSupported('spec.type', spec.type, SERVICE_TYPES));
  if (type === 'ExternalName') {
    // The value (a CNAME) may have a trailing dot to denote it as fully qualified.
    const cname = asString(spec.externalName).replace(/\.$/, '');
    if (!cname) errs.push(required('spec.externalName'));
    else for (const msg of isDNS1123Subdomain(cname)) errs.push(invalid('spec.externalName', cname, msg));
  }
  const names = new Set<string>();
  ports.forEach((raw, i) => errs.push(...validateServicePort(asObj(raw) ?? {}, ports.length > 1, names, index('spec.ports', i), type)));
  errs.push(...validateLabels(spec.selector, 'spec.selector'));
  if (spec.sessionAffinity !== undefined && !SESSION_AFFINITIES.includes(asString(spec.sessionAffinity))) {
    errs.push(notSupported('spec.sessionAffinity', spec.sessionAffinity, SESSION_AFFINITIES));
  }
  return errs;
}

function validateDataKeys(obj: Obj, fields: readonly string[]): ErrorList {
  const errs: ErrorList = [];
  for (const field of fields) {
    for (const [k] of sortedEntries(obj[field])) for (const msg of isConfigMapKey(k)) errs.push(invalid(key(field, k), k, msg));
  }
  return errs;
}

export function validateConfigMap(obj: Obj): ErrorList {
  const errs = validateDataKeys(obj, ['data', 'binaryData']);
  const data = asObj(obj.data) ?? {};
  for (const [k] of sortedEntries(obj.binaryData)) {
    if (k in data) errs.push(invalid(key('binaryData', k), k, 'duplicate of key present in data'));
  }
  return errs;
}

/** Secret keys; `stringData` is merged into `data` (stringData wins) before validation. */
export function validateSecret(obj: Obj): ErrorList {
  return validateDataKeys(obj, ['data', 'stringData']);
}
