import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { apiVersionOf, RESOURCES } from '../resources';
import { SCHEMA_KINDS, schemaDefinitionFor } from './kinds';
import manifestSchema from './manifest.schema.json';

type Schema = { description?: string; properties?: Record<string, Schema>; [k: string]: unknown };
const definitions = (manifestSchema as unknown as { definitions: Record<string, Schema> }).definitions;

// The editor validates with the whole manifest schema (dispatch on apiVersion + kind), as monaco-yaml will.
const ajv = new Ajv({ allErrors: true, strict: false });
for (const f of ['int32', 'int64', 'double']) ajv.addFormat(f, { type: 'number', validate: () => true });
const validateManifest = ajv.compile(manifestSchema as object);

describe('generated schemas', () => {
  it('cover every kind the API server serves', () => {
    for (const r of RESOURCES) expect(schemaDefinitionFor(apiVersionOf(r), r.kind), r.kind).toBeDefined();
  });

  it('cover the common built-in kinds', () => {
    const kinds = new Set(SCHEMA_KINDS.map((k) => `${k.apiVersion}/${k.kind}`));
    for (const k of ['v1/ConfigMap', 'v1/Secret', 'apps/v1/StatefulSet', 'batch/v1/CronJob', 'autoscaling/v2/HorizontalPodAutoscaler',
      'networking.k8s.io/v1/Ingress', 'networking.k8s.io/v1/NetworkPolicy', 'v1/PersistentVolumeClaim', 'storage.k8s.io/v1/StorageClass',
      'rbac.authorization.k8s.io/v1/ClusterRoleBinding', 'scheduling.k8s.io/v1/PriorityClass', 'apiextensions.k8s.io/v1/CustomResourceDefinition',
      'policy/v1/PodDisruptionBudget', 'v1/ResourceQuota', 'v1/LimitRange']) {
      expect(kinds.has(k), k).toBe(true);
    }
  });

  it('carry the API field descriptions for hover docs', () => {
    expect(definitions.DeploymentSpec.properties?.replicas.description).toMatch(/^Number of desired pods/);
    expect(definitions.Container.properties?.image.description).toMatch(/Container image name/);
  });

  it('dispatch on apiVersion and kind, rejecting unknown fields of that kind', () => {
    const dep = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'w' }, spec: { selector: {}, template: {}, replica: 2 } };
    expect(validateManifest(dep)).toBe(false);
    expect(validateManifest.errors?.some((e) => e.keyword === 'additionalProperties' && e.params.additionalProperty === 'replica')).toBe(true);
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'i' }] } };
    expect(validateManifest(pod)).toBe(true);
    expect(validateManifest({ ...pod, spec: { containers: [{ name: 'c', replicas: 1 }] } })).toBe(false);
  });

  it('accept quantities and int-or-strings both as strings and numbers', () => {
    const pod = (resources: unknown, port: unknown) => ({
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' },
      spec: { containers: [{ name: 'c', image: 'i', resources, readinessProbe: { httpGet: { port } } }] },
    });
    expect(validateManifest(pod({ requests: { cpu: 0.5, memory: '64Mi' } }, 8080))).toBe(true);
    expect(validateManifest(pod({ requests: { cpu: '500m' } }, 'http'))).toBe(true);
    expect(validateManifest(pod({ requests: { cpu: true } }, 8080))).toBe(false);
    expect(validateManifest(pod({}, 1.5))).toBe(false);
  });

  it('require the fields the API marks required', () => {
    expect(definitions.Container.required).toEqual(['name']);
    expect(definitions.DeploymentSpec.required).toEqual(['selector', 'template']);
    expect(definitions.ServicePort.required).toEqual(['port']);
  });

  it('validate each item of a List', () => {
    const list = { apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' }, spek: {} }] };
    expect(validateManifest(list)).toBe(false);
    expect(validateManifest({ ...list, items: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } }] })).toBe(true);
  });
});
