import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../api/meta';
import { TestCluster } from '../../../testing/test-cluster';

const SHIRT_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: shirts.stable.example.com
spec:
  group: stable.example.com
  scope: Namespaced
  names: {plural: shirts, singular: shirt, kind: Shirt, shortNames: [sh], categories: [all]}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            required: [color]
            properties:
              color: {type: string, enum: [black, white]}
              size: {type: string, default: M, maxLength: 3}
              count: {type: integer, minimum: 1}
          status:
            type: object
            properties:
              sold: {type: integer}
    subresources: {status: {}}
    selectableFields:
    - jsonPath: .spec.color
    additionalPrinterColumns:
    - {jsonPath: .spec.color, name: Color, type: string}
    - {jsonPath: .spec.size, name: Size, type: string}
`;
const shirt = (name: string, color: string, extra = '') => `apiVersion: stable.example.com/v1\nkind: Shirt\nmetadata: {name: ${name}}\nspec: {color: ${color}${extra}}\n`;

describe('custom resources', () => {
  it('serves an established CRD: create, default, prune, get with printer columns', () => {
    const c = new TestCluster();
    c.applyOk(SHIRT_CRD);
    const crd = c.world.getObject({ kind: 'CustomResourceDefinition', name: 'shirts.stable.example.com' }) as unknown as { status: { conditions: Array<{ type: string; status: string }>; storedVersions: string[]; acceptedNames: { kind: string } } };
    expect(crd.status.conditions.map((x) => `${x.type}=${x.status}`)).toEqual(['NamesAccepted=True', 'Established=True']);
    expect(crd.status.storedVersions).toEqual(['v1']);
    c.applyOk(shirt('a', 'black', ', unknown: 1'));
    c.applyOk(shirt('b', 'white'));
    const a = c.world.getObject({ apiVersion: 'stable.example.com/v1', kind: 'Shirt', namespace: 'default', name: 'a' }) as unknown as { spec: Record<string, unknown>; metadata: { generation: number } };
    expect(a.spec).toEqual({ color: 'black', size: 'M' });
    expect(a.metadata.generation).toBe(1);
    expect(c.kubectl('get shirts')).toBe('NAME   COLOR   SIZE\na      black   M\nb      white   M\n');
    expect(c.kubectl('get sh --field-selector spec.color=white')).toBe('NAME   COLOR   SIZE\nb      white   M\n');
  });

  it('rejects what fails the schema with the API server message', () => {
    const c = new TestCluster();
    c.applyOk(SHIRT_CRD);
    const r = c.world.apply(shirt('x', 'pink'));
    expect(r.documents[0].message).toContain('The Shirt "x" is invalid: spec.color: Unsupported value: "pink": supported values: "black", "white"');
    const n = c.world.apply(shirt('yy', 'black', ', count: 0'));
    expect(n.documents[0].message).toContain('spec.count: Invalid value: 0: spec.count in body should be greater than or equal to 1');
  });

  it('fails to map a custom kind whose CRD is absent', () => {
    const c = new TestCluster();
    const r = c.world.apply(shirt('x', 'black'));
    expect(r.documents[0].message).toBe('error: resource mapping not found for name: "x" namespace: "" from "STDIN": no matches for kind "Shirt" in version "stable.example.com/v1"\nensure CRDs are installed first');
  });
});

const crdMessage = (c: TestCluster, yaml: string) => c.world.apply(yaml).documents[0].message;

describe('CustomResourceDefinition validation and lifecycle', () => {
  it('rejects a CRD whose name, scope, storage versions or schema are wrong', () => {
    const c = new TestCluster();
    const bad = SHIRT_CRD.replace('name: shirts.stable.example.com', 'name: shirt.stable.example.com').replace('scope: Namespaced', 'scope: Global');
    const msg = crdMessage(c, bad);
    expect(msg).toContain('The CustomResourceDefinition "shirt.stable.example.com" is invalid:');
    expect(msg).toContain('metadata.name: Invalid value: "shirt.stable.example.com": must be spec.names.plural+"."+spec.group');
    expect(msg).toContain('spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"');
    const noSchema = `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: foos.example.com}\nspec:\n  group: example.com\n  scope: Cluster\n  names: {plural: foos, kind: Foo}\n  versions: [{name: v1, served: true, storage: false}]\n`;
    const m2 = crdMessage(c, noSchema);
    expect(m2).toContain('spec.versions: Invalid value: ["v1"]: must have exactly one version marked as storage version');
    expect(m2).toContain('spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required');
    const rootType = noSchema.replace('storage: false}', 'storage: true, schema: {openAPIV3Schema: {type: string}}}');
    expect(crdMessage(c, rootType)).toContain('spec.versions[0].schema.openAPIV3Schema.type: Invalid value: "string": must be object at the root');
    expect(c.kubectl('get crd')).toBe('No resources found\n');
  });

  it('keeps status on spec writes and spec on status writes (status subresource), bumping generation on spec changes', () => {
    const c = new TestCluster();
    c.applyOk(SHIRT_CRD);
    c.applyOk(shirt('a', 'black'));
    const get = () => c.world.getObject({ apiVersion: 'stable.example.com/v1', kind: 'Shirt', namespace: 'default', name: 'a' }) as unknown as { spec: Record<string, unknown>; status?: { sold?: number }; metadata: { generation: number } };
    const st = c.world.api.updateStatus({ ...(get() as unknown as KubeObject), status: { sold: 3 }, spec: { color: 'white' } }, 'test');
    expect(st.ok).toBe(true);
    expect(get().spec.color).toBe('black');
    expect(get().status).toEqual({ sold: 3 });
    expect(get().metadata.generation).toBe(1);
    c.applyOk(shirt('a', 'white'));
    expect(get().spec.color).toBe('white');
    expect(get().status).toEqual({ sold: 3 });
    expect(get().metadata.generation).toBe(2);
  });

  it('lists custom kinds of category all in `get all`, api-resources and explain', () => {
    const c = new TestCluster();
    c.applyOk(SHIRT_CRD);
    c.applyOk(shirt('a', 'black'));
    expect(c.kubectl('get all')).toContain('NAME                         COLOR   SIZE\nshirt.stable.example.com/a   black   M\n');
    expect(c.kubectl('api-resources --api-group=stable.example.com -o wide')).toContain('shirts   sh           stable.example.com/v1   true         Shirt   [create delete deletecollection get list patch update watch]   all');
    // the CRD's own enum, as kubectl's plaintext template prints it
    expect(c.kubectl('explain shirt.spec.color')).toBe('GROUP:      stable.example.com\nKIND:       Shirt\nVERSION:    v1\n\nFIELD: color <string>\nENUM:\n    black\n    white\n\nDESCRIPTION:\n    <empty>\n\n');
  });

  it('deletes custom resources with their namespace and with their CRD', () => {
    const c = new TestCluster();
    c.applyOk(SHIRT_CRD);
    c.applyOk('apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n');
    c.applyOk(shirt('a', 'black').replace('name: a}', 'name: a, namespace: shop}'));
    c.applyOk(shirt('b', 'black'));
    c.kubectl('delete namespace shop');
    c.settle();
    expect(c.world.getObject({ kind: 'Namespace', name: 'shop' })).toBeUndefined();
    expect(c.kubectl('get shirts -A')).toMatch(/^NAMESPACE {3}NAME {3}COLOR {3}SIZE\ndefault {5}b {6}black {3}M\n$/);
    expect(c.kubectl('delete crd shirts.stable.example.com')).toBe('customresourcedefinition.apiextensions.k8s.io "shirts.stable.example.com" deleted\n');
    expect(c.world.listAll().filter((o) => o.kind === 'Shirt')).toEqual([]);
    expect(c.kubectl('get shirts')).toBe('error: the server doesn\'t have a resource type "shirts"\n');
  });

  it('serves several versions and stores the storage version (conversion None)', () => {
    const c = new TestCluster();
    c.applyOk(SHIRT_CRD.replace('  - name: v1\n    served: true\n    storage: true\n', '  - name: v1beta1\n    served: true\n    storage: false\n    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}\n  - name: v1\n    served: true\n    storage: true\n'));
    c.applyOk(shirt('old', 'purple').replace('stable.example.com/v1', 'stable.example.com/v1beta1'));
    const o = c.world.getObject({ kind: 'Shirt', namespace: 'default', name: 'old' })!;
    expect(o.apiVersion).toBe('stable.example.com/v1');
    expect((o as unknown as { spec: { color: string } }).spec.color).toBe('purple');
  });
});
