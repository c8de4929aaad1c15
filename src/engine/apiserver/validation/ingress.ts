// Ingress and IngressClass validation, with the API server's messages.
// UPSTREAM: pkg/apis/networking/validation/validation.go (ValidateIngressCreate, validateIngressBackend,
//           validateHTTPIngressPath, ValidateIngressClass)
// SIMPLIFICATION: no update rules, no TLS host checks, no IngressClass parameters scope rules.

import { child, index, invalid, notSupported, required, tooLong, type ErrorList } from './field-errors';
import { isDNS1035Label, isDNS1123Subdomain, isValidPortName, isValidPortNum, regexError } from './names';
import { asArray, asObj, asString, type Obj } from './object-meta';

const SUPPORTED_PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];

const WILDCARD_DNS1123_SUBDOMAIN_FMT = '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
const wildcardSubdomain = new RegExp(`^${WILDCARD_DNS1123_SUBDOMAIN_FMT}$`);

/** validation.IsWildcardDNS1123Subdomain */
export function isWildcardDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push('must be no more than 253 characters');
  if (!wildcardSubdomain.test(value)) {
    errs.push(regexError(
      "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character",
      WILDCARD_DNS1123_SUBDOMAIN_FMT,
      '*.example.com',
    ));
  }
  return errs;
}

function isIPv4(s: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(s) && s.split('.').every((o) => Number(o) <= 255);
}

/** validateIngressBackend: exactly one of service and resource; a service needs a name and a port name or number. */
export function validateIngressBackend(backend: Obj | undefined, path: string): ErrorList {
  const errs: ErrorList = [];
  const resource = asObj(backend?.resource);
  const service = asObj(backend?.service);
  if (resource && service) return [invalid(path, '', 'cannot set both resource and service backends')];
  if (resource) {
    const rp = child(path, 'resource');
    if (!asString(resource.kind)) errs.push(required(child(rp, 'kind')));
    if (!asString(resource.name)) errs.push(required(child(rp, 'name')));
    return errs;
  }
  if (!service) return [invalid(path, '', 'resource or service backend is required')];
  const name = asString(service.name);
  if (!name) errs.push(required(child(path, 'service', 'name')));
  else for (const msg of isDNS1035Label(name)) errs.push(invalid(child(path, 'service', 'name'), name, msg));
  const port = asObj(service.port);
  const portName = asString(port?.name);
  const portNumber = typeof port?.number === 'number' ? port.number : 0;
  if (portName && portNumber) errs.push(invalid(path, '', 'cannot set both port name & port number'));
  else if (portName) for (const msg of isValidPortName(portName)) errs.push(invalid(child(path, 'service', 'port', 'name'), portName, msg));
  else if (portNumber) for (const msg of isValidPortNum(portNumber)) errs.push(invalid(child(path, 'service', 'port', 'number'), portNumber, msg));
  else errs.push(required(path, 'port name or number is required'));
  return errs;
}

/** validateHTTPIngressPath */
function validateHTTPIngressPath(p: Obj, path: string): ErrorList {
  const errs: ErrorList = [];
  const value = asString(p.path);
  const pathType = p.pathType;
  if (pathType === undefined) {
    errs.push(required(child(path, 'pathType'), 'pathType must be specified'));
  } else if (pathType === 'Exact' || pathType === 'Prefix') {
    if (!value.startsWith('/')) errs.push(invalid(child(path, 'path'), value, 'must be an absolute path'));
    if (value.length > 0) {
      for (const seq of INVALID_PATH_SEQUENCES) if (value.includes(seq)) errs.push(invalid(child(path, 'path'), value, `must not contain '${seq}'`));
      for (const suf of INVALID_PATH_SUFFIXES) if (value.endsWith(suf)) errs.push(invalid(child(path, 'path'), value, `cannot end with '${suf}'`));
    }
  } else if (pathType === 'ImplementationSpecific') {
    if (value.length > 0 && !value.startsWith('/')) errs.push(invalid(child(path, 'path'), value, 'must be an absolute path'));
  } else {
    errs.push(notSupported(child(path, 'pathType'), pathType, SUPPORTED_PATH_TYPES));
  }
  errs.push(...validateIngressBackend(asObj(p.backend), child(path, 'backend')));
  return errs;
}

/** ValidateIngressSpec (create). */
export function validateIngress(obj: Obj): ErrorList {
  const errs: ErrorList = [];
  const spec = asObj(obj.spec) ?? {};
  const rules = asArray(spec.rules);
  if (rules.length === 0 && !spec.defaultBackend) {
    errs.push(invalid('spec', null, 'either `defaultBackend` or `rules` must be specified'));
  }
  if (spec.defaultBackend) errs.push(...validateIngressBackend(asObj(spec.defaultBackend), 'spec.defaultBackend'));
  rules.forEach((r, i) => {
    const rule = asObj(r) ?? {};
    const rp = index('spec.rules', i);
    const host = asString(rule.host);
    if (host) {
      if (isIPv4(host)) errs.push(invalid(child(rp, 'host'), host, 'must be a DNS name, not an IP address'));
      const msgs = host.includes('*') ? isWildcardDNS1123Subdomain(host) : isDNS1123Subdomain(host);
      for (const msg of msgs) errs.push(invalid(child(rp, 'host'), host, msg));
    }
    const http = asObj(rule.http);
    if (!http) return;
    const paths = asArray(http.paths);
    if (paths.length === 0) errs.push(required(child(rp, 'http', 'paths')));
    paths.forEach((p, j) => errs.push(...validateHTTPIngressPath(asObj(p) ?? {}, index(child(rp, 'http', 'paths'), j))));
  });
  const cls = spec.ingressClassName;
  if (typeof cls === 'string') for (const msg of isDNS1123Subdomain(cls)) errs.push(invalid('spec.ingressClassName', cls, msg));
  return errs;
}

/** ValidateIngressClass: spec.controller is a domain-prefixed path of at most 250 characters. */
export function validateIngressClass(obj: Obj): ErrorList {
  const controller = asString(asObj(obj.spec)?.controller);
  const path = 'spec.controller';
  if (controller.length > 250) return [tooLong(path, 250)];
  if (!controller) return [required(path)];
  const slash = controller.indexOf('/');
  if (slash <= 0 || slash === controller.length - 1) return [invalid(path, controller, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  const errs: ErrorList = [];
  for (const msg of isDNS1123Subdomain(controller.slice(0, slash))) errs.push(invalid(path, controller, msg));
  if (!/^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/.test(controller.slice(slash + 1))) errs.push(invalid(path, controller, 'Invalid path'));
  return errs;
}
