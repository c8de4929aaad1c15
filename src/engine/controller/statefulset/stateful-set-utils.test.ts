import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/meta';
import type { PodObject } from '../controller-utils';
import type { StatefulSetObject } from './stateful-set-utils';
import {
  getParentNameAndOrdinal, getPersistentVolumeClaims, identityMatches, newStatefulSetPod, storageMatches, templateOfRevision,
} from './stateful-set-utils';

const set = {
  apiVersion: 'apps/v1', kind: 'StatefulSet',
  metadata: { name: 'web', namespace: 'default', uid: 'u-1' },
  spec: {
    serviceName: 'nginx',
    selector: { matchLabels: { app: 'nginx' } },
    template: {
      metadata: { labels: { app: 'nginx' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx' }], volumes: [{ name: 'www', emptyDir: {} }, { name: 'cfg', emptyDir: {} }] },
    },
    volumeClaimTemplates: [{ metadata: { name: 'www', labels: { tier: 'data' } }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
  },
} as unknown as StatefulSetObject;
const ref = { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'u-1', controller: true, blockOwnerDeletion: true };

describe('stateful set identity', () => {
  it('parses `<parent>-<ordinal>` and rejects names without an ordinal', () => {
    expect(getParentNameAndOrdinal({ metadata: { name: 'my-web-12' } })).toEqual({ parent: 'my-web', ordinal: 12 });
    expect(getParentNameAndOrdinal({ metadata: { name: 'web' } }).ordinal).toBe(-1);
  });

  it('builds pod N with hostname, subdomain, identity labels, revision label and its claim volume', () => {
    const pod = newStatefulSetPod(set, set.spec!.template, 'web-abc', 2, ref);
    expect(pod.metadata.name).toBe('web-2');
    expect(pod.metadata.generateName).toBeUndefined();
    expect(pod.metadata.labels).toEqual({
      app: 'nginx', 'statefulset.kubernetes.io/pod-name': 'web-2', 'apps.kubernetes.io/pod-index': '2', 'controller-revision-hash': 'web-abc',
    });
    expect(pod.spec).toMatchObject({ hostname: 'web-2', subdomain: 'nginx' });
    // The claim template replaces the template volume of the same name; other volumes stay.
    expect(pod.spec?.volumes).toEqual([{ name: 'www', persistentVolumeClaim: { claimName: 'www-web-2' } }, { name: 'cfg', emptyDir: {} }]);
    expect(identityMatches(set, pod)).toBe(true);
    expect(storageMatches(set, pod)).toBe(true);
    const renamed = { ...pod, spec: { ...pod.spec!, hostname: 'other' } } as PodObject;
    expect(identityMatches(set, renamed)).toBe(false);
  });

  it('names claims `<template>-<set>-<ordinal>` with the template labels and the selector labels', () => {
    const pod = { metadata: { name: 'web-0' } } as PodObject;
    const claim = getPersistentVolumeClaims(set, pod).get('www')!;
    expect(claim.metadata).toEqual({ name: 'www-web-0', namespace: 'default', labels: { tier: 'data', app: 'nginx' } });
    expect(claim.spec).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } });
  });

  it('reads the template back from a revision, without the $patch directive', () => {
    const rev = { metadata: { name: 'web-1' }, revision: 1, data: { spec: { template: { metadata: { labels: { a: 'b' } }, $patch: 'replace' } } } } as unknown as KubeObject;
    expect(templateOfRevision(rev as never)).toEqual({ metadata: { labels: { a: 'b' } } });
  });
});
