// `kubectl explain TYPE[.FIELD...]`: the API documentation of a kind or field, from the generated schemas.
// UPSTREAM: staging/src/k8s.io/kubectl/pkg/cmd/explain/explain.go and pkg/explain/v2 (plaintext.tmpl, funcs.go)
// SIMPLIFICATION: descriptions come from kubernetes-types (1.30) via api/schemas, so a few newer fields and
// the "Possible enum values" notes are missing; enum lists come from explain-enums.ts (or a CRD's own
// schema); only --output=plaintext; the served version of each kind only.

import manifestSchema from '../../api/schemas/manifest.schema.json' with { type: 'json' };
import { apiVersionOf, RESOURCES, type ResourceInfo } from '../../api/resources';
import { customVersion, isCustomResource, resolveResourceArgIn } from '../../api/discovery';
import { schemaDefinitionFor } from '../../api/schemas/kinds';
import type { KubectlContext } from '../kubectl';
import type { CommandOutput } from '../results';
import { boolFlag, stringFlag } from './args';
import type { FlagSpec, ParsedArgs } from './args';
import { fail, usageError } from './errors';
import { FIELD_ENUMS } from './explain-enums';

export const explainFlags: readonly FlagSpec[] = [
  { name: 'recursive', kind: 'bool' },
  { name: 'api-version', kind: 'string' },
  { name: 'output', shorthand: 'o', kind: 'string' },
];

export const explainHelp =
  'Describe fields and structure of various resources.\n\n' +
  'This command describes the fields associated with each supported API resource. Fields are identified via a simple JSONPath identifier:\n\n' +
  '  <type>.<fieldName>[.<fieldName>]\n\n' +
  'Information about each field is retrieved from the server in OpenAPI format.\n\n' +
  'Use "kubectl api-resources" for a complete list of supported resources.\n\n' +
  'Examples:\n  # Get the documentation of the resource and its fields\n  kubectl explain pods\n\n' +
  '  # Get all the fields in the resource\n  kubectl explain pods --recursive\n\n' +
  '  # Get the explanation for deployment in supported api versions\n  kubectl explain deployments --api-version=apps/v1\n\n' +
  '  # Get the documentation of a specific field of a resource\n  kubectl explain pods.spec.containers\n\n' +
  'Options:\n    --api-version=\'\': Use given api-version (group/version) of the resource.\n' +
  "    --output='plaintext': Format in which to render the schema. Valid values are: (plaintext, plaintext-openapiv2).\n" +
  '    --recursive=false: When true, print the name of all the fields recursively. Otherwise, print the available fields with their description.\n\n' +
  'Usage:\n  kubectl explain TYPE [--recursive=FALSE|TRUE] [--api-version=api-version-group] [-o|--output=plaintext|plaintext-openapiv2] [options]\n';

/** A JSON schema node of manifest.schema.json (draft-07, `$ref` with a sibling description). */
interface Schema {
  $ref?: string;
  type?: string | string[];
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: Schema | boolean;
  'x-kubernetes-int-or-string'?: boolean;
  enum?: unknown[];
}

const definitions = (manifestSchema as unknown as { definitions: Record<string, Schema> }).definitions;
const definitionNames = new Map<Schema, string>(Object.entries(definitions).map(([name, def]) => [def, name]));

/** The enum of property `name` of `owner` (a resolved schema): the schema's own, else the 1.35 list. */
function enumOf(owner: Schema, name: string): readonly unknown[] | undefined {
  const own = owner.properties?.[name]?.enum;
  if (own && own.length > 0) return own;
  const def = definitionNames.get(owner);
  return def === undefined ? undefined : FIELD_ENUMS[`${def}.${name}`];
}

/** extractEnum prints an empty string as `""` so it can be seen. */
function enumValue(v: unknown): string {
  return v === '' ? '""' : typeof v === 'string' ? v : JSON.stringify(v);
}

/** plaintext.tmpl's "extractEnum", long view (one field): `ENUM:` and one value a line. */
function enumLong(values: readonly unknown[] | undefined): string {
  return values ? `ENUM:${values.map((v) => `\n    ${enumValue(v)}`).join('')}` : '';
}

/** plaintext.tmpl's "extractEnum", short view (field lists): `enum: A, B, C, D, ....` under the field, at most 4. */
function enumShort(values: readonly unknown[] | undefined, indentAmount: number): string {
  if (!values) return '';
  const shown = values.slice(0, 4).map(enumValue).join(', ');
  return `\n${' '.repeat(indentAmount)}enum: ${shown}${values.length > 4 ? ', ....' : ''}`;
}

function resolveRef(ref: string | undefined): Schema | undefined {
  if (!ref?.startsWith('#/definitions/')) return undefined;
  return definitions[ref.slice('#/definitions/'.length)];
}

/** The schema a node stands for: its `$ref` target, else itself. */
function resolved(s: Schema): Schema {
  return resolveRef(s.$ref) ?? s;
}

function mapValue(s: Schema): Schema | undefined {
  return typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
}

export function runExplain(ctx: KubectlContext, { args, flags }: ParsedArgs): CommandOutput {
  const output = stringFlag(flags, 'output') ?? 'plaintext';
  if (output !== 'plaintext' && output !== 'plaintext-openapiv2') return fail(`unrecognized format: ${output}`);
  if (args.length === 0) {
    return usageError('explain', 'You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.\n');
  }
  if (args.length > 1) return usageError('explain', 'We accept only this format: explain RESOURCE\n');

  // The resource is what comes before the first dot; the rest is the field path (explain.SplitAndParseResourceRequest).
  const [typed, ...fieldPath] = args[0].split('.');
  const resource = resolveResourceArgIn(ctx.resources?.() ?? RESOURCES, typed);
  if (!resource) return fail(`the server doesn't have a resource type "${typed}"`);

  let group = resource.group;
  let version = resource.version;
  const apiVersion = stringFlag(flags, 'api-version');
  if (apiVersion) {
    const slash = apiVersion.indexOf('/');
    group = slash < 0 ? '' : apiVersion.slice(0, slash);
    version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  }
  const gvr = `${group}/${version}, Resource=${resource.resource}`;
  if (group === resource.group && version !== resource.version && !(resource.otherVersions ?? []).includes(version)) {
    return fail(`couldn't find resource for "${gvr}"`);
  }
  const def = group === resource.group ? definitionOf(resource) : undefined;
  if (!def) {
    // The group/version exists but does not serve this resource (plaintext.tmpl's GVR lookup).
    if (!groupVersionServed(group, version)) return fail(`couldn't find resource for "${gvr}"`);
    return fail(`GVR (${gvr}) not found in OpenAPI schema`);
  }

  let header = group ? `GROUP:      ${group}\n` : '';
  header += `KIND:       ${resource.kind}\nVERSION:    ${version}\n\n`;
  const body = explainOutput(def, fieldPath, boolFlag(flags, 'recursive'));
  // kubectl streams the header before the template fails on a missing field, and names the path's last element.
  if (body === undefined) return { ...fail(`field "${fieldPath[fieldPath.length - 1]}" does not exist`), stdout: header };
  return { stdout: `${header}${body}\n`, stderr: '', exitCode: 0 };
}

function definitionOf(r: ResourceInfo): Schema | undefined {
  if (isCustomResource(r)) {
    // A CRD's published schema: its openAPIV3Schema plus the standard apiVersion, kind and metadata.
    const s = customVersion(r)?.schema?.openAPIV3Schema as Schema | undefined;
    const pod = definitions[schemaDefinitionFor('v1', 'Pod') ?? ''];
    if (!s) return undefined;
    const standard = pod?.properties ?? {};
    return { ...s, properties: { apiVersion: standard.apiVersion, kind: standard.kind, metadata: standard.metadata, ...s.properties } };
  }
  const name = schemaDefinitionFor(apiVersionOf(r), r.kind);
  return name === undefined ? undefined : definitions[name];
}

function groupVersionServed(group: string, version: string): boolean {
  return RESOURCES.some((r) => r.group === group && (r.version === version || (r.otherVersions ?? []).includes(version)));
}

/**
 * plaintext.tmpl's "output": follow `path` down properties, array items and map values; at its end print
 * DESCRIPTION and FIELDS. A `FIELD: name <type>` line precedes the last step. Undefined when a field is missing.
 */
function explainOutput(schema: Schema, path: readonly string[], recursive: boolean): string | undefined {
  const target = resolved(schema);
  if (path.length === 0) {
    let out = `DESCRIPTION:\n${indent(wrap(describe(schema) || '<empty>', 76), 4)}\n`;
    const fields = fieldList(schema, 1, recursive, new Set());
    if (fields) out += `FIELDS:\n${fields}`;
    return out;
  }
  const sub = target.properties?.[path[0]];
  if (sub) {
    // `FIELD: x <type>\n`, the enum, then "\n" and "\n": two blank lines before DESCRIPTION when there is no enum.
    const head = path.length === 1 ? `FIELD: ${path[0]} <${typeGuess(sub)}>\n${enumLong(enumOf(target, path[0]))}\n\n` : '';
    const rest = explainOutput(sub, path.slice(1), recursive);
    return rest === undefined ? undefined : head + rest;
  }
  if (target.items) return explainOutput(target.items, path, recursive);
  const value = mapValue(target);
  if (value) return explainOutput(value, path, recursive);
  return undefined;
}

/** plaintext.tmpl's "description": a node's description, then those of what it refers to, one per line. */
function describe(s: Schema): string {
  let out = s.description ? `${s.description}\n` : '';
  const target = resolveRef(s.$ref);
  if (target) return out + describe(target);
  if (s.items) out += describe(s.items);
  const value = mapValue(s);
  if (value) out += describe(value);
  return out;
}

/**
 * plaintext.tmpl's "fieldList": each property as `name\t<type>[ -required-]` with its wrapped description,
 * or (recursive) one line per field with nested fields indented two more spaces. `seen` holds the
 * definitions on the current path so a recursive type (JSONSchemaProps) stops instead of looping.
 */
function fieldList(s: Schema, level: number, recursive: boolean, seen: ReadonlySet<string>): string {
  if (s.$ref && seen.has(s.$ref)) return '';
  const nextSeen = s.$ref ? new Set([...seen, s.$ref]) : seen;
  const target = resolved(s);
  let out = '';
  const required = new Set((target.required ?? []).filter((f) => f !== 'apiVersion' && f !== 'kind'));
  for (const name of Object.keys(target.properties ?? {}).sort()) {
    const field = target.properties![name];
    const pad = ' '.repeat(level * 2);
    out += `${pad}${name}\t<${typeGuess(field)}>${required.has(name) ? ' -required-' : ''}${enumShort(enumOf(target, name), level * 2)}\n`;
    if (recursive) {
      out += fieldList(field, level + 1, recursive, nextSeen);
    } else {
      out += `${indent(wrap(field.description || '<no description>', 78 - level * 2), level * 2 + 2)}\n\n`;
    }
  }
  if (target.items) out += fieldList(target.items, level, recursive, nextSeen);
  const value = mapValue(target);
  if (value) out += fieldList(value, level, recursive, nextSeen);
  return out;
}

/** plaintext.tmpl's "typeGuess": `string`, `integer`, `[]Container`, `map[string]string`, `ObjectMeta`, `Object`. */
function typeGuess(s: Schema): string {
  if (s.items) return `[]${typeGuess(s.items)}`;
  const value = mapValue(s);
  if (value) return `map[string]${typeGuess(value)}`;
  if (s.$ref) {
    const target = resolveRef(s.$ref);
    const name = s.$ref.split('/').pop()!.split('.').pop() || 'Object';
    // Quantity is string-or-number: OpenAPI v3 has it as oneOf without a type, so it prints by name.
    if (!target || target.type === undefined || target.type === 'object' || Array.isArray(target.type)) return name;
    return target.type;
  }
  if (s['x-kubernetes-int-or-string']) return 'IntOrString';
  if (s.type === undefined || s.type === 'object' || Array.isArray(s.type)) return 'Object';
  return s.type;
}

/**
 * funcs.go's "wrap": newlines are removed first (kubectl 1.32+, so "updated.\nA single" reads "updated.A single"),
 * then go-wordwrap fills lines of at most `limit` characters; a word longer than that sits on a line of its own.
 */
export function wrap(text: string, limit: number): string {
  const s = text.replaceAll('\n', '');
  const lines: string[] = [];
  let line = '';
  for (const m of s.matchAll(/( *)([^ ]*)/g)) {
    const [, spaces, word] = m;
    if (spaces === '' && word === '') continue;
    if (line !== '' && word !== '' && line.length + spaces.length + Math.min(word.length, limit - 1) > limit) {
      lines.push(line);
      line = word;
    } else {
      line += spaces + word;
    }
  }
  lines.push(line);
  return lines.join('\n');
}

function indent(text: string, amount: number): string {
  const pad = ' '.repeat(amount);
  return pad + text.replaceAll('\n', `\n${pad}`);
}
