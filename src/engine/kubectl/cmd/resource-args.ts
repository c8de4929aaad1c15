// What `kubectl get|delete TYPE[,TYPE] [NAME...]` or `TYPE/NAME...` asks for.
// UPSTREAM: staging/src/k8s.io/cli-runtime/pkg/resource/builder.go (ResourceTypeOrNameArgs,
// MultipleTypesRequested, the "all" category expansion)

import { RESOURCES } from '../../api/resources';
import { resolveResourceArgIn, resourcesInCategory } from '../../api/discovery';
import type { ResourceInfo } from '../../api/resources';

/**
 * The `all` category, in discovery order (core, apps, autoscaling, batch; resources alphabetical
 * within a group). Kinds this API server does not serve yet are skipped.
 */
const ALL_CATEGORY = [
  'pods', 'replicationcontrollers', 'services', 'daemonsets', 'deployments', 'replicasets',
  'statefulsets', 'horizontalpodautoscalers', 'cronjobs', 'jobs',
];

export interface ResourceTarget {
  resource: ResourceInfo;
  /** undefined: list every object of the type */
  names?: string[];
}

export interface ResourceArgs {
  targets: ResourceTarget[];
  /** `all`, `deploy,svc` or `pod/a svc/b`: names print as `kind.group/name` */
  multipleTypes: boolean;
  /** exactly one named object was asked for: -o yaml prints it bare instead of a List */
  singleItem: boolean;
}

function expandType(arg: string, served: readonly ResourceInfo[]): ResourceInfo[] | string {
  if (arg.toLowerCase() === 'all') {
    // Custom kinds that declare the `all` category follow the built-ins.
    return [...ALL_CATEGORY.flatMap((name) => RESOURCES.filter((r) => r.resource === name)), ...resourcesInCategory(served, 'all')];
  }
  const r = resolveResourceArgIn(served, arg);
  return r ? [r] : `the server doesn't have a resource type "${arg}"`;
}

/** `served`: discovery (built-in and custom kinds); the built-ins when not given. */
export function parseResourceArgs(args: readonly string[], served: readonly ResourceInfo[] = RESOURCES): { ok: true; value: ResourceArgs } | { ok: false; error: string } {
  if (args.length === 0) return { ok: false, error: 'Required resource not specified.' };
  if (args.every((a) => a.includes('/'))) {
    const targets: ResourceTarget[] = [];
    for (const arg of args) {
      const slash = arg.indexOf('/');
      const type = arg.slice(0, slash);
      const name = arg.slice(slash + 1);
      if (type === '' || name === '') return { ok: false, error: `arguments in resource/name form must have a single resource and name` };
      const expanded = expandType(type, served);
      if (typeof expanded === 'string') return { ok: false, error: expanded };
      if (expanded.length !== 1) return { ok: false, error: `arguments in resource/name form must have a single resource and name` };
      const last = targets[targets.length - 1];
      if (last && last.resource === expanded[0]) last.names!.push(name);
      else targets.push({ resource: expanded[0], names: [name] });
    }
    const distinct = new Set(targets.map((t) => t.resource));
    return { ok: true, value: { targets, multipleTypes: distinct.size > 1, singleItem: args.length === 1 } };
  }
  const [typeArg, ...names] = args;
  if (names.some((n) => n.includes('/')) || typeArg.includes('/')) {
    return {
      ok: false,
      error: "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
    };
  }
  const resources: ResourceInfo[] = [];
  for (const type of typeArg.split(',').filter((t) => t !== '')) {
    const expanded = expandType(type, served);
    if (typeof expanded === 'string') return { ok: false, error: expanded };
    for (const r of expanded) if (!resources.includes(r)) resources.push(r);
  }
  if (resources.length === 0) return { ok: false, error: 'Required resource not specified.' };
  const multipleTypes = typeArg.toLowerCase().split(',').includes('all') || resources.length > 1;
  const targets = resources.map((resource) => (names.length > 0 ? { resource, names: [...names] } : { resource }));
  return { ok: true, value: { targets, multipleTypes, singleItem: resources.length === 1 && names.length === 1 && !multipleTypes } };
}
