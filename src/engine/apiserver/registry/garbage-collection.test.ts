import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/meta';
import { resourceForKind } from '../../api/resources';
import { deletionFinalizersForGarbageCollection } from './garbage-collection';

const deployments = resourceForKind('Deployment')!;
const jobs = resourceForKind('Job')!;
const obj = (finalizers?: string[]): KubeObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', finalizers } });

describe('deletionFinalizersForGarbageCollection', () => {
  it.each([
    ['no options: background, nothing to add', deployments, obj(), {}, { changed: false, finalizers: [] }],
    ['Background', deployments, obj(), { propagationPolicy: 'Background' as const }, { changed: false, finalizers: [] }],
    ['Orphan adds orphan', deployments, obj(), { propagationPolicy: 'Orphan' as const }, { changed: true, finalizers: ['orphan'] }],
    ['Foreground adds foregroundDeletion after the others', deployments, obj(['example.com/x']), { propagationPolicy: 'Foreground' as const }, { changed: true, finalizers: ['example.com/x', 'foregroundDeletion'] }],
    ['Foreground replaces orphan', deployments, obj(['orphan']), { propagationPolicy: 'Foreground' as const }, { changed: true, finalizers: ['foregroundDeletion'] }],
    ['Background drops a GC finalizer', deployments, obj(['foregroundDeletion']), { propagationPolicy: 'Background' as const }, { changed: true, finalizers: [] }],
    ['no options keep the finalizer there', deployments, obj(['orphan']), {}, { changed: false, finalizers: ['orphan'] }],
    ['orphanDependents=true (deprecated) wins over the policy', deployments, obj(), { orphanDependents: true, propagationPolicy: 'Foreground' as const }, { changed: true, finalizers: ['orphan'] }],
    ['batch/v1 Jobs orphan by default', jobs, obj(), {}, { changed: true, finalizers: ['orphan'] }],
    ['Jobs with Background', jobs, obj(), { propagationPolicy: 'Background' as const }, { changed: false, finalizers: [] }],
  ])('%s', (_name, resource, o, opts, want) => {
    expect(deletionFinalizersForGarbageCollection(resource, o, opts)).toEqual(want);
  });
});
