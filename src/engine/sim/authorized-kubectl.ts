// kube-apiserver's handler chain for the requests kubectl sends: authentication (the kubeconfig's
// client certificate), impersonation (--as, --as-group), RBAC authorization, then the API server
// itself (admission, validation, storage). Every request leaves a RequestPath record. Writes of
// Roles, ClusterRoles and their bindings also pass the RBAC registry's escalation check
// (apiserver/authorization/escalation.ts), which needs the requesting user.
// UPSTREAM: staging/src/k8s.io/apiserver/pkg/server/config.go (DefaultBuildHandlerChain),
// staging/src/k8s.io/apiserver/pkg/endpoints/filters/{authentication,impersonation,authorization}.go
// SIMPLIFICATION: only kubectl's requests are authorized (controllers, the scheduler and kubelets are
// trusted); `kubectl diff` (a dry run) is not; scale patches are checked as `patch` on the resource.
// Kinds are looked up in the World's discovery, so custom resources are authorized like built-ins.

import type { KubeObject } from '../api/meta';
import type { AuthorizationDecision, RequestAttributes, UserInfo } from '../api/rbac';
import type { RequestPath, RequestStage } from '../api/request-path';
import { resourceForApiVersionKindIn, resourceForKindIn } from '../api/discovery';
import { RESOURCES, type ResourceInfo } from '../api/resources';
import { authorize, forbiddenStatus, rulesFor, splitServiceAccountUsername, type RbacLister } from '../apiserver/authorization/rbac';
import { KUBEADM_CLUSTER_ADMINS_GROUP } from '../apiserver/authorization/bootstrappolicy/policy';
import { etcdKey, requestURL, stagesAfterAuthorization } from '../apiserver/request-path';
import { ApiStatusError } from '../apiserver/status-error';
import { checkEscalation, isPolicyBasedResource } from '../apiserver/authorization/escalation';
import { mergePatch, type PatchType } from '../apiserver/apiserver';
import { structuredCopy } from '../apiserver/store';
import { applyJsonPatch, decodeJsonPatch, type JsonPatchOperation } from '../apiserver/patch/jsonpatch';
import { strategicMergePatch } from '../apiserver/patch/strategicpatch';
import type { ApplyTarget } from '../kubectl/apply';
import type { KubectlContext, WriteResult } from '../kubectl/kubectl';
import type { ApplyResult } from '../kubectl/results';

/** admin.conf's user as kubeadm (>= 1.29) writes it: CN=kubernetes-admin, O=kubeadm:cluster-admins. */
export const KUBEADM_ADMIN: UserInfo = { username: 'kubernetes-admin', groups: [KUBEADM_CLUSTER_ADMINS_GROUP, 'system:authenticated'] };

export interface AuthorizedContextDeps {
  rbac: RbacLister;
  /** record one request's path (the World keeps the last command's) */
  record(path: RequestPath): void;
  /** `kubectl apply` with the target's reads and writes passed through `wrap` */
  applyWith(text: string, source: string, wrap: (target: ApplyTarget) => ApplyTarget): ApplyResult;
}

/**
 * The impersonation filter's user: an impersonated ServiceAccount also gets system:serviceaccounts and
 * system:serviceaccounts:<ns>; every non-anonymous user gets system:authenticated unless the groups
 * name it (or system:unauthenticated).
 */
export function impersonatedUser(username: string, groups: readonly string[]): UserInfo {
  const all = [...groups];
  const sa = splitServiceAccountUsername(username);
  if (sa && groups.length === 0) all.push('system:serviceaccounts', `system:serviceaccounts:${sa[0]}`);
  if (username !== 'system:anonymous' && !all.includes('system:authenticated') && !all.includes('system:unauthenticated')) all.push('system:authenticated');
  return { username, groups: all };
}

type Method = RequestPath['method'];
const METHOD: Readonly<Record<string, Method>> = { get: 'GET', list: 'GET', watch: 'GET', create: 'POST', update: 'PUT', patch: 'PATCH', delete: 'DELETE', deletecollection: 'DELETE' };

function statusCode(ok: boolean, verb: string, code?: number): number {
  if (!ok) return code ?? 500;
  return verb === 'create' ? 201 : 200;
}

/**
 * `base` as seen by `user`: reads that are denied throw an ApiStatusError (Forbidden) that
 * runKubectl prints; denied writes answer the Forbidden Status like any other API error.
 */
export function authorizedContext(base: KubectlContext, user: UserInfo, deps: AuthorizedContextDeps, impersonatedBy?: UserInfo): KubectlContext {
  const prefix: RequestStage[] = impersonatedBy
    ? [{ stage: 'authentication', outcome: 'passed', user: impersonatedBy, method: 'x509' }, { stage: 'impersonation', outcome: 'passed', user }]
    : [{ stage: 'authentication', outcome: 'passed', user, method: 'x509' }];

  /** Authorize; on denial record the stop and return the Forbidden status. */
  const check = (r: ResourceInfo, verb: string, namespace: string | undefined, name: string, subresource?: string): { stages: RequestStage[]; url: string } | { denied: ReturnType<typeof forbiddenStatus> } => {
    const ns = r.namespaced ? namespace : undefined;
    const attrs: RequestAttributes = { user, verb, apiGroup: r.group, resource: r.resource, ...(subresource ? { subresource } : {}), ...(ns ? { namespace: ns } : {}), ...(name ? { name } : {}) };
    const decision = authorize(deps.rbac, attrs);
    const url = requestURL(r, ns, name || undefined, subresource);
    if (!decision.allowed) {
      const status = forbiddenStatus(attrs, decision.reason);
      deps.record({ method: METHOD[verb] ?? 'POST', verb, url, stages: [...prefix, { stage: 'authorization', outcome: 'denied', authorizer: 'RBAC', message: status.message }], ok: false, code: 403 });
      return { denied: status };
    }
    return { url, stages: [...prefix, { stage: 'authorization', outcome: 'allowed', authorizer: 'RBAC', grant: decision.grant }] };
  };

  const read = <T>(r: ResourceInfo, verb: 'get' | 'list', namespace: string | undefined, name: string, run: () => T, found: (v: T) => string | undefined | false, subresource?: string): T => {
    const c = check(r, verb, namespace, name, subresource);
    if ('denied' in c) throw new ApiStatusError(c.denied);
    const v = run();
    const rv = found(v);
    const ns = r.namespaced ? namespace : undefined;
    const storage: RequestStage = rv === false
      ? { stage: 'storage', outcome: 'failed', etcdKey: etcdKey(r, ns, name || undefined), message: `${r.resource} "${name}" not found` }
      : { stage: 'storage', outcome: 'read', etcdKey: etcdKey(r, ns, name || undefined), ...(rv ? { resourceVersion: rv } : {}) };
    deps.record({ method: 'GET', verb, url: c.url, stages: [...c.stages, storage], ok: rv !== false, code: rv === false ? 404 : 200 });
    return v;
  };

  const write = (r: ResourceInfo, verb: string, namespace: string | undefined, name: string, run: () => WriteResult, subresource?: string): WriteResult => {
    const c = check(r, verb, namespace, name, subresource);
    if ('denied' in c) return { ok: false, status: c.denied };
    const res = run();
    const ns = r.namespaced ? namespace : undefined;
    const objName = res.ok ? (res.object.metadata.name ?? name) : name;
    const after = stagesAfterAuthorization(r, ns, objName, res.ok ? { ok: true, resourceVersion: res.object.metadata.resourceVersion } : res, verb);
    deps.record({ method: METHOD[verb] ?? 'POST', verb, url: c.url, stages: [...c.stages, ...after], ok: res.ok, code: statusCode(res.ok, verb, res.ok ? undefined : res.status.code) });
    return res;
  };

  /** The served kind of an object, built-in or custom (the World's discovery: established CRDs too). */
  const resourceOf = (obj: KubeObject): ResourceInfo | undefined => {
    const served = base.resources?.() ?? RESOURCES;
    return resourceForApiVersionKindIn(served, obj.apiVersion, obj.kind) ?? resourceForKindIn(served, obj.kind);
  };
  const nsOf = (r: ResourceInfo, obj: KubeObject) => (r.namespaced ? (obj.metadata?.namespace || 'default') : undefined);
  const pods = RESOURCES.find((r) => r.resource === 'pods')!;
  const splitPod = (podKey: string): [string, string] => {
    const i = podKey.indexOf('/');
    return [podKey.slice(0, i), podKey.slice(i + 1)];
  };

  /** The RBAC registry's escalation check (policybased storage) before a write of roles and bindings. */
  const guarded = (r: ResourceInfo, obj: KubeObject, old: KubeObject | undefined, run: () => WriteResult): WriteResult => {
    const denied = checkEscalation(deps.rbac, user, r, obj, old);
    return denied ? { ok: false, status: denied } : run();
  };

  const ctx: KubectlContext = {
    ...base,
    list: (r, ns) => read(r, 'list', ns, '', () => base.list(r, ns), () => undefined),
    get: (r, ns, name) => read(r, 'get', ns, name, () => base.get(r, ns, name), (o) => (o ? (o.metadata.resourceVersion ?? '') : false)),
    delete: (r, ns, name, opts) => {
      let answer: ReturnType<KubectlContext['delete']> = { ok: true };
      const res = write(r, 'delete', ns, name, () => {
        answer = base.delete(r, ns, name, opts);
        return answer.ok ? { ok: true, object: { apiVersion: '', kind: '', metadata: { name } } } : answer;
      });
      return res.ok ? answer : { ok: false, status: res.status };
    },
    create: base.create && ((obj) => {
      const r = resourceOf(obj);
      return r ? write(r, 'create', nsOf(r, obj), '', () => guarded(r, obj, undefined, () => base.create!(obj))) : base.create!(obj);
    }),
    update: base.update && ((obj) => {
      const r = resourceOf(obj);
      return r ? write(r, 'update', nsOf(r, obj), obj.metadata?.name ?? '', () => guarded(r, obj, base.get(r, nsOf(r, obj), obj.metadata?.name ?? ''), () => base.update!(obj))) : base.update!(obj);
    }),
    patch: base.patch && ((r, ns, name, patch, type) => write(r, 'patch', ns, name, () => {
      const cur = isPolicyBasedResource(r) ? base.get(r, ns, name) : undefined;
      const next = cur ? patchedObject(cur, patch, type) : undefined;
      return next ? guarded(r, next, cur, () => base.patch!(r, ns, name, patch, type)) : base.patch!(r, ns, name, patch, type);
    })),
    evict: base.evict && ((namespace, name) => {
      let answer: ReturnType<NonNullable<KubectlContext['evict']>> = { ok: true };
      const res = write(pods, 'create', namespace, name, () => {
        answer = base.evict!(namespace, name);
        return answer.ok ? { ok: true, object: { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace } } } : answer;
      }, 'eviction');
      return res.ok ? answer : { ok: false, status: res.status };
    }),
    exec: base.exec && ((podKey, container, argv, opts) => {
      const [ns, name] = splitPod(podKey);
      const c = check(pods, 'create', ns, name, 'exec');
      if ('denied' in c) throw new ApiStatusError(c.denied);
      deps.record({ method: 'POST', verb: 'create', url: c.url, stages: [...c.stages, { stage: 'admission', outcome: 'passed', plugins: ['DenyServiceExternalIPs', 'PodSecurity'] }], ok: true, code: 101 });
      return base.exec!(podKey, container, argv, opts);
    }),
    logs: base.logs && ((podKey, opts) => {
      const [ns, name] = splitPod(podKey);
      return read(pods, 'get', ns, name, () => base.logs!(podKey, opts), () => undefined, 'log');
    }),
    podMetrics: base.podMetrics && ((namespace) => {
      const r: ResourceInfo = { group: 'metrics.k8s.io', version: 'v1beta1', kind: 'PodMetrics', resource: 'pods', singular: 'pod', namespaced: true, shortNames: [] };
      return read(r, 'list', namespace, '', () => base.podMetrics!(namespace), () => undefined);
    }),
    nodeMetrics: base.nodeMetrics && (() => {
      const r: ResourceInfo = { group: 'metrics.k8s.io', version: 'v1beta1', kind: 'NodeMetrics', resource: 'nodes', singular: 'node', namespaced: false, shortNames: [] };
      return read(r, 'list', undefined, '', () => base.nodeMetrics!(), () => undefined);
    }),
    apply: (text, source) => deps.applyWith(text, source, (target) => ({
      ...target,
      get: (r, ns, name) => ctx.get(r, ns, name),
      create: (obj) => ctx.create!(obj),
      // kubectl apply sends a PATCH for objects that exist.
      update: (obj) => {
        const r = resourceOf(obj);
        return r ? write(r, 'patch', nsOf(r, obj), obj.metadata?.name ?? '', () => guarded(r, obj, target.get(r, nsOf(r, obj), obj.metadata?.name ?? ''), () => target.update(obj))) : target.update(obj);
      },
    })),
    whoami: () => user,
    accessReview: (attrs) => authorize(deps.rbac, { ...attrs, user }),
    rulesReview: (namespace) => rulesFor(deps.rbac, user, namespace),
    impersonate: (username, groups) => {
      const target = impersonatedUser(username, groups);
      const checks: RequestAttributes[] = [];
      const sa = splitServiceAccountUsername(username);
      checks.push(sa
        ? { user, verb: 'impersonate', apiGroup: '', resource: 'serviceaccounts', namespace: sa[0], name: sa[1] }
        : { user, verb: 'impersonate', apiGroup: '', resource: 'users', name: username });
      for (const g of groups) checks.push({ user, verb: 'impersonate', apiGroup: '', resource: 'groups', name: g });
      for (const attrs of checks) {
        const d: AuthorizationDecision = authorize(deps.rbac, attrs);
        if (!d.allowed) {
          const status = forbiddenStatus(attrs, d.reason);
          deps.record({
            method: 'GET', verb: 'impersonate', url: '/', ok: false, code: 403,
            stages: [{ stage: 'authentication', outcome: 'passed', user, method: 'x509' }, { stage: 'impersonation', outcome: 'denied', user: target, message: status.message }],
          });
          return { ok: false, status };
        }
      }
      return { ok: true, ctx: authorizedContext(base, target, deps, user) };
    },
  };
  return ctx;
}

/**
 * The object a PATCH would store (the API server merges it the same way), for the escalation check;
 * undefined when the patch does not apply (the API server then reports why).
 */
function patchedObject(cur: KubeObject, patch: unknown, type: PatchType): KubeObject | undefined {
  if (type === 'json') {
    if (decodeJsonPatch(patch)) return undefined;
    const r = applyJsonPatch(cur, patch as JsonPatchOperation[]);
    return r.ok && r.doc !== null && typeof r.doc === 'object' && !Array.isArray(r.doc) ? (r.doc as KubeObject) : undefined;
  }
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return undefined;
  if (type === 'strategic') {
    const r = strategicMergePatch(cur as unknown as Record<string, unknown>, patch as Record<string, unknown>, cur.kind);
    return r.ok ? (r.doc as unknown as KubeObject) : undefined;
  }
  return mergePatch(structuredCopy(cur), patch) as KubeObject;
}
