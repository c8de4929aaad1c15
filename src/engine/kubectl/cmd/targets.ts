// The objects a writing command (label, annotate, taint, set image, rollout) visits: TYPE NAME...,
// TYPE/NAME..., or TYPE with -l SELECTOR / --all, as the resource builder resolves them.
// UPSTREAM: staging/src/k8s.io/cli-runtime/pkg/resource/builder.go (ResourceTypeOrNameArgs, LabelSelectorParam, SelectAllParam)

import { parseSelector } from '../../api/labels';
import { compareStrings, type KubeObject } from '../../api/meta';
import type { ResourceInfo } from '../../api/resources';
import { groupResource } from '../../apiserver/errors';
import type { KubectlContext } from '../kubectl';
import type { CommandOutput } from '../results';
import { fail, selectorBadRequest } from './errors';
import { parseResourceArgs } from './resource-args';

export interface Visited {
  resource: ResourceInfo;
  namespace: string | undefined;
  object: KubeObject;
}

export interface VisitResult {
  objects: Visited[];
  /** `Error from server (NotFound): pods "x" not found`, one per missing name (no newline) */
  notFound: string[];
}

/**
 * Resolve resource arguments to live objects. Named objects that do not exist become NotFound
 * lines (the others are still visited, as kubectl's builder continues past them).
 */
export function visitTargets(
  ctx: KubectlContext,
  args: readonly string[],
  namespace: string,
  selectorText: string | undefined,
  all: boolean,
): VisitResult | CommandOutput {
  const parsed = parseResourceArgs(args, ctx.resources?.());
  if (!parsed.ok) return fail(parsed.error);
  const { targets } = parsed.value;
  const named = targets.some((t) => t.names);
  if (named && (selectorText !== undefined || all)) return fail('name cannot be provided when a selector is specified');
  if (!named && selectorText === undefined && !all) return fail('resource(s) were provided, but no name was specified');
  const sel = parseSelector(selectorText ?? '');
  if (!sel.ok) return selectorBadRequest(targets[0].resource, selectorText ?? '', sel.error);
  const objects: Visited[] = [];
  const notFound: string[] = [];
  for (const { resource, names } of targets) {
    const ns = resource.namespaced ? namespace : undefined;
    if (names) {
      for (const name of names) {
        const object = ctx.get(resource, ns, name);
        if (object) objects.push({ resource, namespace: ns, object });
        else notFound.push(`Error from server (NotFound): ${groupResource(resource)} "${name}" not found`);
      }
      continue;
    }
    const matched = ctx
      .list(resource, ns)
      .filter((o) => sel.selector.matches(o.metadata.labels))
      .sort((a, b) => compareStrings(a.metadata.name ?? '', b.metadata.name ?? ''));
    for (const object of matched) objects.push({ resource, namespace: ns, object });
  }
  return { objects, notFound };
}

/**
 * How checkErr prints the errors a visit collected (ContinueOnError flattens them into one
 * aggregate): a single error is unwrapped and gets kubectl's `error: ` prefix unless the API
 * server worded it; several are printed one a line, bare. '' when there are none.
 */
export function renderErrors(errors: readonly string[]): string {
  if (errors.length === 0) return '';
  if (errors.length === 1) {
    const e = errors[0];
    return /^(Error from server|The .* is invalid|error: )/.test(e) ? `${e}\n` : `error: ${e}\n`;
  }
  return errors.map((e) => `${e}\n`).join('');
}

export function isOutput(v: VisitResult | CommandOutput): v is CommandOutput {
  return 'exitCode' in v;
}
