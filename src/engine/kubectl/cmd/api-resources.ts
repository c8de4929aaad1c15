// `kubectl api-resources`: the kinds this API server serves, as discovery lists them.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/cmd/apiresources/apiresources.go (RunAPIResources, sortableResource)
// SIMPLIFICATION: every resource lists the same verbs in -o wide (the registries here support them all);
// no --cached or --categories.

import { RESOURCES, apiVersionOf, type ResourceInfo } from '../../api/resources';
import { alignColumns } from '../printers/tabwriter';
import { isCustomResource } from '../../api/discovery';
import type { KubectlContext } from '../kubectl';
import type { CommandOutput } from '../results';
import { boolFlag, stringFlag } from './args';
import type { FlagSpec, ParsedArgs } from './args';
import { fail } from './errors';

export const apiResourcesFlags: readonly FlagSpec[] = [
  { name: 'output', shorthand: 'o', kind: 'string' },
  { name: 'namespaced', kind: 'string' },
  { name: 'api-group', kind: 'string' },
  { name: 'no-headers', kind: 'bool' },
  { name: 'sort-by', kind: 'string' },
];

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** sortableResource.Less: by group (or --sort-by name|kind), then by name. */
function sorted(list: readonly ResourceInfo[], sortBy: string): ResourceInfo[] {
  const key = (r: ResourceInfo) => (sortBy === 'name' ? r.resource : sortBy === 'kind' ? r.kind : r.group);
  return [...list].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka !== kb) return ka < kb ? -1 : 1;
    return a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0;
  });
}

export function runApiResources(ctx: KubectlContext, { args, flags }: ParsedArgs): CommandOutput {
  if (args.length > 0) return fail(`unknown command "${args[0]}" for "kubectl api-resources"`);
  const output = stringFlag(flags, 'output') ?? '';
  if (output !== '' && output !== 'wide' && output !== 'name') return fail(`--output ${output} is not available, supported: "wide", "name"`);
  const sortBy = stringFlag(flags, 'sort-by') ?? '';
  if (sortBy !== '' && sortBy !== 'name' && sortBy !== 'kind') return fail(`--sort-by accepts only name or kind`);
  const namespacedText = stringFlag(flags, 'namespaced');
  let namespaced: boolean | undefined;
  if (namespacedText !== undefined) {
    if (!['true', 'false'].includes(namespacedText)) {
      return fail(`invalid argument "${namespacedText}" for "--namespaced" flag: strconv.ParseBool: parsing "${namespacedText}": invalid syntax`);
    }
    namespaced = namespacedText === 'true';
  }
  const group = stringFlag(flags, 'api-group');
  const list = sorted(
    (ctx.resources?.() ?? RESOURCES).filter((r) => (namespaced === undefined || r.namespaced === namespaced) && (group === undefined || r.group === group)),
    sortBy,
  );
  if (output === 'name') {
    return { stdout: list.map((r) => (r.group ? `${r.resource}.${r.group}\n` : `${r.resource}\n`)).join(''), stderr: '', exitCode: 0 };
  }
  const wide = output === 'wide';
  const rows: string[][] = [];
  if (!boolFlag(flags, 'no-headers')) rows.push(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', ...(wide ? ['VERBS', 'CATEGORIES'] : [])]);
  for (const r of list) {
    rows.push([r.resource, r.shortNames.join(','), apiVersionOf(r), String(r.namespaced), r.kind, ...(wide ? [`[${VERBS.join(' ')}]`, categories(r)] : [])]);
  }
  return { stdout: alignColumns(rows), stderr: '', exitCode: 0 };
}

/** The `all` category of discovery. */
function categories(r: ResourceInfo): string {
  if (isCustomResource(r)) return r.crd.categories.join(',');
  const all = ['pods', 'replicationcontrollers', 'services', 'daemonsets', 'deployments', 'replicasets', 'statefulsets', 'horizontalpodautoscalers', 'cronjobs', 'jobs'];
  return all.includes(r.resource) ? 'all' : '';
}
