// Which backend an nginx-like Ingress controller sends one HTTP request to: the server is chosen by
// the Host header, the location by the path, as ingress-nginx renders Ingresses into nginx.conf.
// UPSTREAM: kubernetes/ingress-nginx internal/ingress/controller/controller.go (createServers,
//           getBackendServers, Prefix/Exact location rewriting) and nginx's location selection.
// SIMPLIFICATION: no regex paths (nginx.ingress.kubernetes.io/use-regex), no canary or rewrite
// annotations; a wildcard host matches exactly one label (the Ingress API's rule; nginx itself would
// accept more); ImplementationSpecific is nginx's plain string prefix (`location /foo`, which also
// matches /foobar), which is what ingress-nginx generates for it without use-regex.

import type { Ingress, IngressBackend } from 'kubernetes-types/networking/v1';

type IngressLike = Pick<Ingress, 'spec'> & { metadata?: { namespace?: string; name?: string; creationTimestamp?: string } };

/** Where a request goes: a Service port or a resource backend, in the Ingress's namespace. */
export type IngressBackendTarget =
  | { kind: 'service'; namespace: string; name: string; port: { number?: number; name?: string } }
  | { kind: 'resource'; namespace: string; apiGroup?: string; resourceKind: string; name: string };

export interface IngressRef {
  namespace: string;
  name: string;
}

/** The Secret that terminates TLS for the request's host (ingress-nginx serves it on port 443). */
export interface IngressTLSMatch {
  ingress: IngressRef;
  secretName: string;
}

export type IngressRoute =
  | {
      matched: true;
      ingress: IngressRef;
      /** the matched rule and path, or undefined when the Ingress's spec.defaultBackend answered */
      ruleIndex?: number;
      pathIndex?: number;
      /** the rule's host ('' for a rule without host) */
      host?: string;
      path?: string;
      pathType?: string;
      backend: IngressBackendTarget;
      tls?: IngressTLSMatch;
    }
  | {
      matched: false;
      /** ingress-nginx's built-in default backend answers 404 */
      statusCode: 404;
      reason: string;
      tls?: IngressTLSMatch;
    };

/** The request's Host header (a port is ignored) and path (a query string is ignored). */
export interface IngressRequest {
  host: string;
  path: string;
}

interface Location {
  ing: IngressLike;
  ruleIndex: number;
  pathIndex: number;
  host: string;
  path: string;
  pathType: string;
  backend: IngressBackend;
}

const refOf = (ing: IngressLike): IngressRef => ({ namespace: ing.metadata?.namespace ?? 'default', name: ing.metadata?.name ?? '' });

function target(ing: IngressLike, b: IngressBackend): IngressBackendTarget {
  const ns = ing.metadata?.namespace ?? 'default';
  if (b.resource) return { kind: 'resource', namespace: ns, apiGroup: b.resource.apiGroup, resourceKind: b.resource.kind, name: b.resource.name };
  const port = b.service?.port ?? {};
  return { kind: 'service', namespace: ns, name: b.service?.name ?? '', port: port.name ? { name: port.name } : { number: port.number } };
}

/** Does a rule host (exact or `*.foo.com`) match the request host? A wildcard covers exactly one label. */
export function hostMatches(ruleHost: string, host: string): boolean {
  if (!ruleHost.startsWith('*.')) return ruleHost === host;
  const suffix = ruleHost.slice(1); // ".foo.com"
  if (!host.endsWith(suffix)) return false;
  const label = host.slice(0, host.length - suffix.length);
  return label.length > 0 && !label.includes('.');
}

/**
 * Does `path` (a location's path with its type) match the request path? Prefix is element-wise:
 * `/foo` matches `/foo` and `/foo/bar` but not `/foobar` (ingress-nginx writes `location = /foo` and
 * `location /foo/`); a trailing slash in the rule is ignored.
 */
export function pathMatches(pathType: string, path: string, requestPath: string): boolean {
  if (pathType === 'Exact') return requestPath === path;
  if (pathType === 'Prefix') {
    const p = path.length > 1 ? path.replace(/\/+$/, '') : path;
    if (p === '/' || p === '') return true;
    return requestPath === p || requestPath.startsWith(`${p}/`);
  }
  return requestPath.startsWith(path || '/');
}

function creationOrder(a: IngressLike, b: IngressLike): number {
  const ta = a.metadata?.creationTimestamp ?? '';
  const tb = b.metadata?.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  const ka = `${a.metadata?.namespace ?? ''}/${a.metadata?.name ?? ''}`;
  const kb = `${b.metadata?.namespace ?? ''}/${b.metadata?.name ?? ''}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** TLS for a host: the first (oldest) Ingress whose spec.tls lists the host, or a matching wildcard. */
export function tlsFor(ingresses: readonly IngressLike[], host: string): IngressTLSMatch | undefined {
  for (const ing of [...ingresses].sort(creationOrder)) {
    for (const t of ing.spec?.tls ?? []) {
      if ((t.hosts ?? []).some((h) => hostMatches(h, host)) && t.secretName) return { ingress: refOf(ing), secretName: t.secretName };
    }
  }
  return undefined;
}

/**
 * Route one request through the Ingresses of one class (the ones an ingress-nginx instance serves).
 * 1. The server: the rules whose host equals the Host header; else the wildcard rules that match it;
 *    else the rules without host (nginx's catch-all server `_`).
 * 2. The location within that server, across every Ingress that defines it: an Exact path equal to
 *    the request path wins; else the longest Prefix/ImplementationSpecific path that matches. Two
 *    Ingresses with the same host, path and type: the older one's backend is used.
 * 3. No location: the server's root location, i.e. the spec.defaultBackend of the Ingress that first
 *    defined the host (for the catch-all server: of the oldest Ingress with a defaultBackend and no
 *    rules); else 404 from the controller's default backend.
 */
export function routeIngress(ingresses: readonly IngressLike[], request: IngressRequest): IngressRoute {
  const host = request.host.replace(/:\d+$/, '').toLowerCase();
  const requestPath = (request.path.split('?')[0] || '/');
  const ordered = [...ingresses].sort(creationOrder);
  const locations: Location[] = [];
  for (const ing of ordered) {
    (ing.spec?.rules ?? []).forEach((rule, ruleIndex) => {
      (rule.http?.paths ?? []).forEach((p, pathIndex) => {
        locations.push({ ing, ruleIndex, pathIndex, host: rule.host ?? '', path: p.path ?? '/', pathType: p.pathType ?? 'ImplementationSpecific', backend: p.backend });
      });
    });
  }
  const ruleHosts = new Set<string>();
  for (const ing of ordered) for (const r of ing.spec?.rules ?? []) ruleHosts.add(r.host ?? '');
  let serverHost = '';
  if (host && ruleHosts.has(host)) serverHost = host;
  else {
    // the most specific wildcard: with one label each, at most one suffix length can match
    const wild = [...ruleHosts].filter((h) => h.startsWith('*.') && hostMatches(h, host)).sort((a, b) => b.length - a.length);
    if (wild.length) serverHost = wild[0];
  }
  const tls = host ? tlsFor(ordered, host) : undefined;
  const inServer = locations.filter((l) => l.host === serverHost);
  const exact = inServer.find((l) => l.pathType === 'Exact' && l.path === requestPath);
  let best: Location | undefined = exact;
  if (!best) {
    for (const l of inServer) {
      if (l.pathType === 'Exact' || !pathMatches(l.pathType, l.path, requestPath)) continue;
      if (!best || normalizedLength(l) > normalizedLength(best)) best = l;
    }
  }
  if (best) {
    return {
      matched: true, ingress: refOf(best.ing), ruleIndex: best.ruleIndex, pathIndex: best.pathIndex, host: best.host,
      path: best.path, pathType: best.pathType, backend: target(best.ing, best.backend), ...(tls ? { tls } : {}),
    };
  }
  // The server's root location `/`: for a host, the defaultBackend of the Ingress that first defined
  // the host; for the catch-all server, of the oldest Ingress with a defaultBackend and no rules.
  const rootOwner = serverHost === ''
    ? ordered.find((i) => i.spec?.defaultBackend && !(i.spec.rules ?? []).length)
    : ordered.find((i) => (i.spec?.rules ?? []).some((r) => (r.host ?? '') === serverHost));
  if (rootOwner?.spec?.defaultBackend) {
    return { matched: true, ingress: refOf(rootOwner), backend: target(rootOwner, rootOwner.spec.defaultBackend), ...(tls ? { tls } : {}) };
  }
  const reason = inServer.length === 0 && serverHost === ''
    ? `no Ingress rule for host "${host}"`
    : `no path of host "${serverHost || '*'}" matches "${requestPath}"`;
  return { matched: false, statusCode: 404, reason, ...(tls ? { tls } : {}) };
}

/** Longest match wins; a Prefix rule's trailing slash does not make it longer. */
function normalizedLength(l: Location): number {
  return l.pathType === 'Prefix' && l.path.length > 1 ? l.path.replace(/\/+$/, '').length : l.path.length;
}
