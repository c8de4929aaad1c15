// `kubectl auth can-i VERB TYPE[/NAME] [NAME]`, `kubectl auth can-i --list` and `kubectl auth whoami`:
// SelfSubjectAccessReview, SelfSubjectRulesReview and SelfSubjectReview, answered by the same RBAC
// authorizer that checks every request.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/cmd/auth/{cani.go,whoami.go}
// SIMPLIFICATION: whoami prints the table only (no -o json|yaml); can-i has no --subresource.

import { resolveResourceArgIn } from '../../api/discovery';
import { RESOURCES } from '../../api/resources';
import type { RequestAttributes } from '../../api/rbac';
import type { KubectlContext } from '../kubectl';
import { alignColumns } from '../printers/tabwriter';
import { ruleRows } from '../printers/rbac-rules';
import type { CommandOutput } from '../results';
import { boolFlag, type FlagSpec, type ParsedArgs } from './args';
import { fail, usageError } from './errors';

export const authFlags: readonly FlagSpec[] = [
  { name: 'all-namespaces', shorthand: 'A', kind: 'bool' },
  { name: 'list', kind: 'bool' },
  { name: 'no-headers', kind: 'bool' },
  { name: 'quiet', shorthand: 'q', kind: 'bool' },
];

export const authHelp =
  'Inspect authorization.\n\nAvailable Commands:\n  can-i         Check whether an action is allowed\n  whoami        Experimental: Check self subject attributes\n\n' +
  'Examples:\n  kubectl auth can-i create pods --all-namespaces\n  kubectl auth can-i list deployments.apps -n dev\n  kubectl auth can-i get pods/log\n' +
  '  kubectl auth can-i list pods --as=system:serviceaccount:dev:app\n  kubectl auth can-i --list --namespace=foo\n  kubectl auth whoami\n\n' +
  'Usage:\n  kubectl auth [flags] [options]\n';

const RESOURCE_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'use', 'bind', 'impersonate', '*', 'approve', 'sign', 'escalate', 'attest'];
const NON_RESOURCE_VERBS = ['get', 'put', 'post', 'head', 'options', 'delete', 'patch', '*'];

export function runAuth(ctx: KubectlContext, parsed: ParsedArgs, namespace: string): CommandOutput {
  const [sub, ...args] = parsed.args;
  if (sub === 'whoami') return whoami(ctx);
  if (sub === 'can-i') return canI(ctx, args, parsed, namespace);
  if (sub === undefined) return { stdout: authHelp, stderr: '', exitCode: 0 };
  return fail(`unknown command "${sub}" for "kubectl auth"`);
}

function whoami(ctx: KubectlContext): CommandOutput {
  if (!ctx.whoami) return fail('the server could not find the requested resource');
  const u = ctx.whoami();
  const rows = [['ATTRIBUTE', 'VALUE'], ['Username', u.username]];
  if (u.groups.length) rows.push(['Groups', `[${u.groups.join(' ')}]`]);
  return { stdout: alignColumns(rows), stderr: '', exitCode: 0 };
}

function canI(ctx: KubectlContext, args: string[], { flags }: ParsedArgs, namespace: string): CommandOutput {
  const quiet = boolFlag(flags, 'quiet');
  const all = boolFlag(flags, 'all-namespaces');
  const ns = all ? '' : namespace;
  if (!ctx.accessReview || !ctx.rulesReview) return fail('the server could not find the requested resource');
  if (boolFlag(flags, 'list')) {
    if (quiet) return fail('--list and --quiet are mutually exclusive');
    const review = ctx.rulesReview(ns);
    const rows = ruleRows(review.rules);
    const header = boolFlag(flags, 'no-headers') ? [] : [['Resources', 'Non-Resource URLs', 'Resource Names', 'Verbs']];
    return { stdout: alignColumns([...header, ...rows]), stderr: '', exitCode: 0 };
  }
  if (args.length < 2 || args.length > 3) return usageError('auth can-i', 'you must specify two or three arguments: verb, resource, and optional resourceName');
  const [verb, target] = args;
  let warnings = '';
  let attrs: Omit<RequestAttributes, 'user'>;
  if (target.startsWith('/')) {
    if (args.length === 3) return fail('NonResourceURL and ResourceName can not specified together');
    if (!NON_RESOURCE_VERBS.includes(verb)) warnings += `Warning: verb '${verb}' is not a known verb\n`;
    attrs = { verb, path: target };
  } else {
    const slash = target.indexOf('/');
    const typed = slash < 0 ? target : target.slice(0, slash);
    let name = slash < 0 ? '' : target.slice(slash + 1);
    if (args.length === 3) name = args[2];
    let group = '';
    let resource = typed;
    if (typed !== '*') {
      const info = resolveResourceArgIn(ctx.resources?.() ?? RESOURCES, typed);
      if (info) {
        group = info.group;
        resource = info.resource;
        if (!info.namespaced && !all) warnings += group ? `Warning: resource '${resource}' is not namespace scoped in group '${group}'\n` : `Warning: resource '${resource}' is not namespace scoped\n`;
      } else {
        const dot = typed.indexOf('.');
        if (dot > 0) {
          resource = typed.slice(0, dot);
          group = typed.slice(dot + 1);
        }
        warnings += `Warning: the server doesn't have a resource type '${resource}'\n`;
      }
    }
    if (!RESOURCE_VERBS.includes(verb)) warnings += `Warning: verb '${verb}' is not a known verb\n`;
    attrs = { verb, apiGroup: group, resource, ...(ns ? { namespace: ns } : {}), ...(name ? { name } : {}) };
  }
  const decision = ctx.accessReview(attrs);
  const exitCode = decision.allowed ? 0 : 1;
  if (quiet) return { stdout: '', stderr: '', exitCode };
  const answer = decision.allowed ? 'yes' : decision.reason ? `no - ${decision.reason}` : 'no';
  return { stdout: `${answer}\n`, stderr: warnings, exitCode };
}
