import { describe, expect, it } from 'vitest';
import Ajv from 'ajv';
import { apiVersionOf, RESOURCES, type ResourceInfo } from '../../engine/api/resources';
import manifestSchema from '../../engine/api/schemas/manifest.schema.json' with { type: 'json' };
import { servedManifestSchema } from './served-schema';

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
