// `kubectl get`: fetch by name or list (namespace, -A, -l), then print tables, yaml, json or names.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/cmd/get/get.go (GetOptions.Run, printGeneric)
// SIMPLIFICATION: no -L, go-template or *-file formats; --sort-by takes dotted field paths only;
// --watch prints tables, yaml, json and names (not jsonpath or custom-columns).

import { parseSelector, type Selector } from '../../api/labels';
import { compareStrings, type KubeObject } from '../../api/meta';
import { qualifiedSingular, type ResourceInfo } from '../../api/resources';
import { notFound } from '../../apiserver/errors';
import type { KubectlContext } from '../kubectl';
import { resourceName, toKubectlJson } from '../printers/json';
import { tableHandlerFor } from '../printers/handlers';
import { isCustomResource } from '../../api/discovery';
import { customResourceTable } from '../printers/customresource';
import { printTable } from '../printers/table';
import { toKubectlYaml } from '../printers/yaml';
import type { CommandOutput } from '../results';
import { boolFlag, stringFlag } from './args';
import type { FlagSpec, ParsedArgs } from './args';
import { apiErrorLine, fail, selectorBadRequest, usageError } from './errors';
import { parseResourceArgs, type ResourceTarget } from './resource-args';
import { fieldSelectorMatches, parseFieldSelector, unsupportedField, type FieldSelector } from './field-selector';
import { badRequest } from '../../apiserver/errors';
import { fieldValue, parseFieldPath, sortByField } from './sort-by';
import { customColumnCells, executeJsonPath, goJson, JsonPathError, parseCustomColumns, parseJsonPath } from '../printers/jsonpath';
import type { CustomColumn, JsonPath } from '../printers/jsonpath';
import { alignColumns } from '../printers/tabwriter';
import { WatchPrinter, type WatchEvent, type WatchSpec } from './watch';

export const getFlags: readonly FlagSpec[] = [
  { name: 'all-namespaces', shorthand: 'A', kind: 'bool' },
  { name: 'output', shorthand: 'o', kind: 'string' },
  { name: 'selector', shorthand: 'l', kind: 'string' },
  { name: 'show-labels', kind: 'bool' },
  { name: 'no-headers', kind: 'bool' },
  { name: 'watch', shorthand: 'w', kind: 'bool' },
  { name: 'watch-only', kind: 'bool' },
  { name: 'output-watch-events', kind: 'bool' },
  { name: 'sort-by', kind: 'string' },
  { name: 'field-selector', kind: 'string' },
  { name: 'ignore-not-found', kind: 'bool' },
];

const ALLOWED_FORMATS =
  'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml';

type OutputFormat =
  | 'table' | 'wide' | 'yaml' | 'json' | 'name'
  | { kind: 'jsonpath'; path: JsonPath; asJson: boolean }
  | { kind: 'custom-columns'; columns: CustomColumn[] };

function parseOutputFormat(value: string | undefined): OutputFormat | { error: string } {
  if (value === undefined || value === '') return 'table';
  if (value === 'wide' || value === 'yaml' || value === 'json' || value === 'name') return value;
  const base = value.split('=')[0];
  const template = value.slice(base.length + 1);
  // UPSTREAM: cli-runtime/pkg/genericclioptions/jsonpath_flags.go and kubectl/pkg/cmd/get/customcolumn_flags.go
  if (base === 'jsonpath' || base === 'jsonpath-as-json') {
    if (template === '') return { error: 'template format specified but no template given' };
    try {
      return { kind: 'jsonpath', path: parseJsonPath(template), asJson: base === 'jsonpath-as-json' };
    } catch (e) {
      if (e instanceof JsonPathError) return { error: `error parsing jsonpath ${template}, ${e.message}\n` };
      throw e;
    }
  }
  if (base === 'custom-columns') {
    try {
      return { kind: 'custom-columns', columns: parseCustomColumns(template) };
    } catch (e) {
      if (e instanceof JsonPathError) return { error: e.message };
      throw e;
    }
  }
  if (ALLOWED_FORMATS.split(',').includes(base)) {
    return { error: `output format "${base}" is not supported in this sandbox (try -o yaml, -o json, -o wide or -o name)` };
  }
  return { error: `unable to match a printer suitable for the output format "${value}", allowed formats are: ${ALLOWED_FORMATS}` };
}

interface Found {
  resource: ResourceInfo;
  obj: KubeObject;
}

export function runGet(ctx: KubectlContext, { args, flags }: ParsedArgs, namespace: string): CommandOutput {
  const watching = boolFlag(flags, 'watch') || boolFlag(flags, 'watch-only');
  if (boolFlag(flags, 'output-watch-events') && !watching) return fail('--output-watch-events option can only be used with --watch or --watch-only');
  const format = parseOutputFormat(stringFlag(flags, 'output'));
  if (typeof format === 'object' && 'error' in format) return fail(format.error);
  const allNamespaces = boolFlag(flags, 'all-namespaces');
  const sortBy = stringFlag(flags, 'sort-by');
  const sortPath = sortBy === undefined ? undefined : parseFieldPath(sortBy);
  if (sortBy !== undefined && !sortPath) return fail(`--sort-by "${sortBy}" is not supported here; use a field path such as .metadata.creationTimestamp`);

  if (args.length === 0) {
    const out = usageError(
      'get',
      'Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).',
    );
    return {
      ...out,
      stderr: 'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n' + out.stderr,
    };
  }
  const parsed = parseResourceArgs(args, ctx.resources?.());
  if (!parsed.ok) return fail(parsed.error);
  const { targets, multipleTypes, singleItem } = parsed.value;

  const selectorText = stringFlag(flags, 'selector')?.trim();
  let selector: Selector | undefined;
  if (selectorText !== undefined) {
    if (targets.some((t) => t.names)) return fail('name cannot be provided when a selector is specified');
    const sel = parseSelector(selectorText);
    if (!sel.ok) return selectorBadRequest(targets[0].resource, selectorText, sel.error);
    selector = sel.selector;
  }
  const fieldText = stringFlag(flags, 'field-selector')?.trim();
  let fieldSelector: FieldSelector | undefined;
  if (fieldText !== undefined) {
    if (targets.some((t) => t.names)) return fail('name cannot be provided when a selector is specified');
    const fs = parseFieldSelector(fieldText);
    if (!fs.ok) return fieldSelectorBadRequest(targets[0].resource, selectorText ?? '', fieldText, fs.error);
    const bad = targets.find((t) => unsupportedField(t.resource, fs.selector) !== undefined);
    if (bad) return fieldSelectorBadRequest(bad.resource, selectorText ?? '', fieldText, `field label not supported: ${unsupportedField(bad.resource, fs.selector)}`);
    fieldSelector = fs.selector;
  }
  if (allNamespaces && targets.some((t) => t.names)) return fail('a resource cannot be retrieved by name across all namespaces');
  if (watching) return runGetWatch(ctx, flags, { targets, format, namespace, allNamespaces, selector, fieldSelector, selectorText, fieldText });

  // --ignore-not-found: the builder drops NotFound errors, and an empty result prints nothing at all.
  const ignoreNotFound = boolFlag(flags, 'ignore-not-found');
  let found: Found[] = [];
  const errors: string[] = [];
  for (const { resource, names } of targets) {
    const ns = resource.namespaced ? namespace : undefined;
    if (names) {
      for (const name of names) {
        const obj = ctx.get(resource, ns, name);
        if (obj) found.push({ resource, obj });
        else if (!ignoreNotFound) errors.push(apiErrorLine(notFound(resource, name)));
      }
      continue;
    }
    const listed = ctx
      .list(resource, allNamespaces || !resource.namespaced ? undefined : namespace)
      .filter((obj) => !selector || selector.matches(obj.metadata.labels))
      .filter((obj) => !fieldSelector || fieldSelectorMatches(resource, fieldSelector, obj))
      .sort(byNamespaceAndName);
    for (const obj of listed) found.push({ resource, obj });
  }

  if (sortPath && found.length > 0) {
    if (found.every((f) => fieldValue(f.obj, sortPath) === undefined)) {
      const expr = sortBy!.startsWith('{') ? sortBy! : `{${sortBy!.startsWith('.') ? '' : '.'}${sortBy!}}`;
      return fail(`couldn't find any field with path "${expr}" in the list of objects`);
    }
    found = sortByField(found, sortPath, (f) => f.obj);
  }
  const stderr = errors.map((e) => `${e}\n`).join('');
  const exitCode = errors.length > 0 ? 1 : 0;

  if (format === 'yaml' || format === 'json' || format === 'name' || typeof format === 'object') {
    // One named object that is missing prints only the error; otherwise what was found prints as a List.
    if ((singleItem || ignoreNotFound) && found.length === 0) return { stdout: '', stderr, exitCode };
    if (typeof format === 'object') {
      const printed = printTemplate(found, format, singleItem, boolFlag(flags, 'no-headers'));
      if ('error' in printed) return { stdout: '', stderr: `${stderr}error: ${printed.error}\n`, exitCode: 1 };
      return { stdout: printed.stdout, stderr, exitCode };
    }
    return { stdout: printGeneric(found, format, singleItem), stderr, exitCode };
  }

  let stdout = '';
  const noHeaders = boolFlag(flags, 'no-headers');
  for (let i = 0; i < found.length; ) {
    // Consecutive objects of one type share a table; a new type starts a new header after a blank line.
    const resource = found[i].resource;
    const group: KubeObject[] = [];
    while (i < found.length && found[i].resource === resource) group.push(found[i++].obj);
    const handler = isCustomResource(resource) ? customResourceTable(resource) : tableHandlerFor(resource.kind);
    const table = printTable(handler, group, ctx.nowMs(), {
      wide: format === 'wide',
      noHeaders,
      withNamespace: allNamespaces && resource.namespaced,
      kindPrefix: multipleTypes ? qualifiedSingular(resource) : undefined,
      showLabels: boolFlag(flags, 'show-labels'),
    });
    if (stdout !== '' && !noHeaders) stdout += '\n';
    stdout += table;
  }
  if (stdout === '' && errors.length === 0 && !ignoreNotFound) {
    const allNamespaced = !allNamespaces && targets.every((t) => t.resource.namespaced);
    return { stdout: '', stderr: allNamespaced ? `No resources found in ${namespace} namespace.\n` : 'No resources found\n', exitCode: 0 };
  }
  return { stdout, stderr, exitCode };
}

interface WatchRequest {
  targets: readonly ResourceTarget[];
  format: OutputFormat;
  namespace: string;
  allNamespaces: boolean;
  selector: Selector | undefined;
  fieldSelector: FieldSelector | undefined;
  selectorText: string | undefined;
  fieldText: string | undefined;
}

/**
 * `kubectl get -w`: print the list (or the named object) as the first flush of the watch printer,
 * unless --watch-only, and hand back the watch for the caller (terminal, CLI) to run until Ctrl+C.
 * UPSTREAM: staging/src/k8s.io/kubectl/pkg/cmd/get/get.go (GetOptions.watch)
 */
function runGetWatch(ctx: KubectlContext, flags: ParsedArgs['flags'], req: WatchRequest): CommandOutput {
  const { targets, format } = req;
  // The resource builder's SingleResourceType(): `get pods,svc -w` and `get all -w` stop here.
  if (targets.length > 1) return fail('you may only specify a single resource type');
  if (typeof format === 'object') return fail('-o jsonpath and -o custom-columns are not supported with --watch in this sandbox (try -o wide, -o yaml, -o json or -o name)');
  const { resource, names } = targets[0];
  const ns = resource.namespaced && !req.allNamespaces ? req.namespace : undefined;
  let objects: KubeObject[];
  if (names) {
    objects = [];
    for (const name of names) {
      const obj = ctx.get(resource, ns, name);
      if (!obj) return { stdout: '', stderr: `${apiErrorLine(notFound(resource, name))}\n`, exitCode: 1 };
      objects.push(obj);
    }
  } else {
    objects = ctx
      .list(resource, ns)
      .filter((obj) => !req.selector || req.selector.matches(obj.metadata.labels))
      .filter((obj) => !req.fieldSelector || fieldSelectorMatches(resource, req.fieldSelector, obj))
      .sort(byNamespaceAndName);
  }
  const spec: Omit<WatchSpec, 'printer'> = {
    resource,
    ...(ns !== undefined ? { namespace: ns } : {}),
    ...(names ? { name: names[0] } : {}),
    ...(req.selectorText !== undefined ? { labelSelector: req.selectorText } : {}),
    ...(req.fieldText !== undefined ? { fieldSelector: req.fieldText } : {}),
    output: format,
    noHeaders: boolFlag(flags, 'no-headers'),
    showLabels: boolFlag(flags, 'show-labels'),
    withNamespace: req.allNamespaces && resource.namespaced,
    outputWatchEvents: boolFlag(flags, 'output-watch-events'),
  };
  const printer = new WatchPrinter(spec);
  const initial: WatchEvent[] = boolFlag(flags, 'watch-only') ? [] : objects.map((object) => ({ type: 'ADDED', object }));
  const stdout = printer.print(initial, ctx.nowMs());
  // Result.Watch: one source per named object; two names cannot be watched together.
  if (names && names.length > 1) return { stdout, stderr: 'error: you may only watch a single resource or type of resource at a time\n', exitCode: 1 };
  return { stdout, stderr: '', exitCode: 0, watch: { ...spec, printer: printer.state } };
}

/** The `-o yaml|json|name` path: one object alone when exactly one was named, else a `kind: List`. */
function printGeneric(found: Found[], format: 'yaml' | 'json' | 'name', single: boolean): string {
  const objects = found.map((f) => withoutManagedFields(f.obj));
  if (format === 'name') return objects.map((o) => `${resourceName(o)}\n`).join('');
  const value = single ? objects[0] : { apiVersion: 'v1', items: objects, kind: 'List', metadata: { resourceVersion: '' } };
  return format === 'yaml' ? toKubectlYaml(value) : toKubectlJson(value);
}

/**
 * `-o jsonpath=...` runs the template once over the object, or over the `kind: List` of everything found;
 * `-o custom-columns=...` prints a row per object (per item of that List) under the headers as given.
 * UPSTREAM: cli-runtime/pkg/printers/jsonpath.go (JSONPathPrinter.PrintObj), kubectl/pkg/cmd/get/customcolumn.go
 */
function printTemplate(
  found: Found[],
  format: Extract<OutputFormat, object>,
  single: boolean,
  noHeaders: boolean,
): { stdout: string } | { error: string } {
  const objects = found.map((f) => withoutManagedFields(f.obj));
  try {
    if (format.kind === 'custom-columns') {
      const rows = objects.map((o) => customColumnCells(format.columns, o));
      if (!noHeaders) rows.unshift(format.columns.map((c) => c.header));
      return { stdout: alignColumns(rows) };
    }
    const data = single ? objects[0] : { apiVersion: 'v1', items: objects, kind: 'List', metadata: { resourceVersion: '' } };
    try {
      return { stdout: executeJsonPath(format.path, data, { allowMissingKeys: true, asJson: format.asJson }) };
    } catch (e) {
      if (!(e instanceof JsonPathError)) throw e;
      // SIMPLIFICATION: the object is shown as JSON where kubectl prints Go's %#v of it.
      const debug =
        `Error executing template: ${e.message}. Printing more information for debugging the template:\n` +
        `\ttemplate was:\n\t\t${format.path.source}\n\tobject given to jsonpath engine was:\n\t\t${goJson(data)}\n\n`;
      return { error: `error executing jsonpath ${JSON.stringify(format.path.source)}: ${debug}` };
    }
  } catch (e) {
    if (e instanceof JsonPathError) return { error: e.message };
    throw e;
  }
}

/** kubectl hides metadata.managedFields unless --show-managed-fields. */
function withoutManagedFields(obj: KubeObject): KubeObject {
  if (!obj.metadata.managedFields) return obj;
  const { managedFields: _hidden, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}

function byNamespaceAndName(a: KubeObject, b: KubeObject): number {
  return compareStrings(a.metadata.namespace ?? '', b.metadata.namespace ?? '') || compareStrings(a.metadata.name ?? '', b.metadata.name ?? '');
}

/** The API server's 400 for a field selector it cannot use, as kubectl's resource builder wraps it. */
function fieldSelectorBadRequest(r: ResourceInfo, labelSelector: string, fieldSelector: string, err: string): CommandOutput {
  const gvr = `${r.group}/${r.version}, Resource=${r.resource}`;
  const status = badRequest(`Unable to find ${JSON.stringify(gvr)} that match label selector ${JSON.stringify(labelSelector)}, field selector ${JSON.stringify(fieldSelector)}: ${err}`);
  return { stdout: '', stderr: `${apiErrorLine(status)}\n`, exitCode: 1 };
}
