import { describe, expect, it } from 'vitest';
import Ajv from 'ajv';
import { apiVersionOf, RESOURCES, type ResourceInfo } from '../../engine/api/resources';
import manifestSchema from '../../engine/api/schemas/manifest.schema.json' with { type: 'json' };
import { parseAllDocuments } from 'yaml';
import { WEBSITE_EXAMPLE, WEBSITE_OPERATOR } from '../../engine/api/samples/website-operator';
import type { CustomKindInfo } from '../../worker/protocol';
import { servedManifestSchema, structuralToJsonSchema } from './served-schema';

type Branch = { if: { properties: { apiVersion?: { const: string }; kind: { const: string } } }; then: { $ref: string } };
type Schema = {
  properties: { kind: { enum: string[] }; apiVersion: { enum: string[] } };
  allOf: Branch[];
  definitions: Record<string, unknown>;
};

const served = servedManifestSchema(manifestSchema, RESOURCES) as unknown as Schema;

// A kind the generated schema knows but the engine does not serve yet, derived so the test keeps
// working as more kinds are served.
const allKinds = (manifestSchema as unknown as Schema).properties.kind.enum;
const UNSERVED = allKinds.find((k) => k !== 'List' && !RESOURCES.some((r) => r.kind === k))!;

describe('servedManifestSchema', () => {
  it('offers exactly the served kinds (plus List wrappers, which kubectl flattens)', () => {
    const expected = [...RESOURCES.map((r) => r.kind), 'List', 'KubeSchedulerConfiguration'].sort();
    expect([...served.properties.kind.enum].sort()).toEqual(expected);
    expect(UNSERVED).toBeDefined();
    expect(served.properties.kind.enum).not.toContain(UNSERVED);
  });

  it('keeps the served apiVersions only', () => {
    expect(new Set(served.properties.apiVersion.enum)).toEqual(new Set([...RESOURCES.map(apiVersionOf), 'kubescheduler.config.k8s.io/v1']));
  });

  it('keeps one branch per served kind, pointing at a definition that is still there', () => {
    const pairs = served.allOf.filter((b) => b.if.properties.apiVersion).map((b) => `${b.if.properties.apiVersion!.const} ${b.if.properties.kind.const}`);
    expect(pairs.sort()).toEqual(RESOURCES.map((r) => `${apiVersionOf(r)} ${r.kind}`).sort());
    for (const b of served.allOf) if (b.then.$ref) expect(served.definitions).toHaveProperty(b.then.$ref.slice('#/definitions/'.length));
  });

  it('drops definitions only unserved kinds use, and keeps every definition a kept one refers to', () => {
    expect(served.definitions).not.toHaveProperty(UNSERVED);
    expect(served.definitions).toHaveProperty('PodSpec');
    const text = JSON.stringify(served);
    for (const m of text.matchAll(/"#\/definitions\/([^"]+)"/g)) expect(served.definitions).toHaveProperty(m[1]);
  });

  it('follows the list it is given (a kind added to RESOURCES shows up with no other change)', () => {
    const withNetworkPolicy: ResourceInfo[] = [
      ...RESOURCES.filter((r) => r.kind !== 'NetworkPolicy'),
      { group: 'networking.k8s.io', version: 'v1', kind: 'NetworkPolicy', resource: 'networkpolicies', singular: 'networkpolicy', namespaced: true, shortNames: ['netpol'] },
    ];
    const wider = servedManifestSchema(manifestSchema, withNetworkPolicy) as unknown as Schema;
    expect(wider.properties.kind.enum).toContain('NetworkPolicy');
    expect(wider.definitions).toHaveProperty('NetworkPolicy');
  });

  it('leaves the generated schema itself untouched', () => {
    expect((manifestSchema as unknown as Schema).properties.kind.enum).toContain(UNSERVED);
  });

  it('accepts a KubeSchedulerConfiguration (applying it restarts the simulated kube-scheduler) and checks its fields', () => {
    const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
    const validate = ajv.compile(served);
    const config = {
      apiVersion: 'kubescheduler.config.k8s.io/v1',
      kind: 'KubeSchedulerConfiguration',
      profiles: [{ schedulerName: 'default-scheduler', pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'MostAllocated' } } }] }],
    };
    expect(validate(config)).toBe(true);
    const bad = { ...config, profiles: [{ pluginConfig: [{ name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'Packed' } } }] }] };
    expect(validate(bad)).toBe(false);
    expect(JSON.stringify(validate.errors)).toContain('scoringStrategy/type');
  });
});

/** The Website CRD of the Samples menu as the worker describes it once Established (extra-views.ts). */
function websiteKind(): CustomKindInfo {
  const crd = parseAllDocuments(WEBSITE_OPERATOR).map((d) => d.toJS()).find((o) => o.kind === 'CustomResourceDefinition');
  return {
    group: crd.spec.group,
    kind: crd.spec.names.kind,
    plural: crd.spec.names.plural,
    singular: crd.spec.names.singular,
    shortNames: crd.spec.names.shortNames,
    namespaced: true,
    versions: crd.spec.versions.map((v: { name: string; schema: { openAPIV3Schema: unknown } }) => ({ name: v.name, schema: v.schema.openAPIV3Schema })),
  };
}

describe('servedManifestSchema with the kinds of established CRDs', () => {
  const website = websiteKind();
  const withSite = servedManifestSchema(manifestSchema, RESOURCES, [website]) as unknown as Schema;
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  const validate = ajv.compile(withSite);
  const example = parseAllDocuments(WEBSITE_EXAMPLE)[0].toJS();

  it('offers the custom kind and its apiVersion only while the CRD is served', () => {
    expect(withSite.properties.kind.enum).toContain('Website');
    expect(withSite.properties.apiVersion.enum).toContain('learn.kube-sandbox.dev/v1');
    expect(served.properties.kind.enum).not.toContain('Website');
    expect(new Ajv({ strict: false, logger: false }).compile(served)(example)).toBe(false);
  });

  it('accepts the sample Website and checks its fields against the CRD schema', () => {
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...example, spec: { ...example.spec, replicas: 11 } })).toBe(false);
    expect(JSON.stringify(validate.errors)).toContain('/spec/replicas');
    expect(validate({ ...example, spec: { ...example.spec, colour: 'red' } })).toBe(false);
    expect(JSON.stringify(validate.errors)).toContain('colour');
    expect(validate({ ...example, spec: { replicas: 1 } })).toBe(false);
    expect(JSON.stringify(validate.errors)).toContain('image');
    // metadata is checked as any object's
    expect(validate({ ...example, metadata: { name: 'blog', labels: { a: 1 } } })).toBe(false);
  });

  it('keeps the descriptions hover shows', () => {
    const branch = withSite.allOf.find((b) => b.if.properties.kind.const === 'Website') as unknown as { then: { properties: { spec: { properties: { image: { description: string } } } } } };
    expect(branch.then.properties.spec.properties.image.description).toBe('Container image that serves the site.');
  });

  it('maps structural schema extensions to JSON Schema', () => {
    expect(structuralToJsonSchema({ 'x-kubernetes-int-or-string': true })).toEqual({ anyOf: [{ type: 'integer' }, { type: 'string' }] });
    expect(structuralToJsonSchema({ type: 'string', nullable: true })).toEqual({ type: ['string', 'null'] });
    expect(structuralToJsonSchema({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { a: { type: 'string' } } })).toEqual({ type: 'object', properties: { a: { type: 'string' } } });
    expect(structuralToJsonSchema({ type: 'object', additionalProperties: { type: 'string' } })).toEqual({ type: 'object', additionalProperties: { type: 'string' } });
  });
});
