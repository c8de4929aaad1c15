import { describe, expect, it } from 'vitest';
import { customResources, isCustomResource, resolveResourceArgIn, resourceForApiVersionKindIn, resourcesInCategory, servedResources, storageResourceOf } from './discovery';
import type { KubeObject } from './meta';
import { RESOURCES } from './resources';

const crd = (established: boolean, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'pods.example.com', resourceVersion: '1' },
  spec: {
    group: 'example.com',
    scope: 'Cluster',
    names: { plural: 'pods', singular: 'pod', kind: 'Pod', shortNames: ['xp'], categories: ['all'] },
    versions: [{ name: 'v1alpha1', served: true, storage: false }, { name: 'v1', served: true, storage: true }],
    ...extra,
  },
  status: { conditions: [{ type: 'Established', status: established ? 'True' : 'False' }] },
} as KubeObject);

describe('discovery', () => {
  it('serves only established CRDs, at the storage version, after the built-ins', () => {
    expect(customResources([crd(false)])).toEqual([]);
    const list = servedResources([crd(true)]);
    expect(list.slice(0, RESOURCES.length)).toEqual(RESOURCES);
    const custom = list[RESOURCES.length];
    expect(custom).toMatchObject({ group: 'example.com', version: 'v1', kind: 'Pod', resource: 'pods', namespaced: false, otherVersions: ['v1alpha1'] });
    expect(isCustomResource(custom)).toBe(true);
    expect(isCustomResource(RESOURCES[0])).toBe(false);
  });

  it('keeps a custom plural apart from a built-in one in storage and lookups', () => {
    const list = servedResources([crd(true)]);
    const custom = list[RESOURCES.length];
    expect(storageResourceOf(custom)).toBe('pods.example.com');
    expect(storageResourceOf(RESOURCES.find((r) => r.resource === 'pods')!)).toBe('pods');
    expect(resolveResourceArgIn(list, 'pods')).toBe(RESOURCES.find((r) => r.resource === 'pods'));
    expect(resolveResourceArgIn(list, 'pods.example.com')).toBe(custom);
    expect(resolveResourceArgIn(list, 'xp')).toBe(custom);
    expect(resourceForApiVersionKindIn(list, 'example.com/v1alpha1', 'Pod')).toBe(custom);
    expect(resourceForApiVersionKindIn(list, 'example.com/v2', 'Pod')).toBeUndefined();
    expect(resourcesInCategory(list, 'all')).toEqual([custom]);
  });
});
