import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import { ago, condition, makePod, makeRunningPod, NOW_MS, running } from '../testing/builders';
import {
  activePodsWithRanksLess, computeHash, ControllerExpectations, EXPECTATIONS_TIMEOUT_MS, getPodFromTemplate,
  isPodActive, isPodAvailable, resolveControllerRef, selectingControllers, semanticEqual, sortPodsForDeletion, stableStringify,
} from './controller-utils';
import { Informer } from '../client/informer';
import type { KubeObject } from '../api/meta';

const readyAt = (secondsAgo: number) => ({ ...condition('Ready', 'True'), lastTransitionTime: ago(secondsAgo) });
const runningReady = (name: string, readySecondsAgo: number, extra: Partial<Parameters<typeof makePod>[0]> = {}) =>
  makeRunningPod({ name, conditions: [readyAt(readySecondsAgo)], ...extra });

describe('activePodsWithRanksLess (which pod to delete first)', () => {
  const rank = (pod: Pod, r = 0) => ({ pod, rank: r });
  it.each<[string, Pod, Pod, number?, number?]>([
    ['unassigned before assigned', makePod({ name: 'a' }), makePod({ name: 'b', nodeName: 'node-1' })],
    ['Pending before Running', makePod({ name: 'a', nodeName: 'n', phase: 'Pending' }), runningReady('b', 100)],
    ['Pending before Unknown', makePod({ name: 'a', nodeName: 'n', phase: 'Pending' }), makePod({ name: 'b', nodeName: 'n', phase: 'Unknown' })],
    ['Unknown before Running', makePod({ name: 'a', nodeName: 'n', phase: 'Unknown' }), runningReady('b', 100)],
    ['not ready before ready', makeRunningPod({ name: 'a', conditions: [condition('Ready', 'False')] }), runningReady('b', 100)],
    ['lower deletion cost first', { ...runningReady('a', 100), metadata: { ...runningReady('a', 100).metadata, annotations: { 'controller.kubernetes.io/pod-deletion-cost': '-5' } } }, runningReady('b', 100)],
    ['more colocated pods first', runningReady('a', 100), runningReady('b', 100), 3, 1],
    ['ready more recently first (different log2 bucket)', runningReady('a', 10), runningReady('b', 1000)],
    ['more restarts first', makeRunningPod({ name: 'a', conditions: [readyAt(100)], containerStatuses: [running('app', true, 5)] }), runningReady('b', 100)],
    ['newer first', runningReady('a', 100, { created: ago(20) }), runningReady('b', 100, { created: ago(5000) })],
  ])('%s', (_name, first, second, r1 = 0, r2 = 0) => {
    expect(activePodsWithRanksLess(rank(first, r1), rank(second, r2), NOW_MS)).toBe(true);
    expect(activePodsWithRanksLess(rank(second, r2), rank(first, r1), NOW_MS)).toBe(false);
  });

  it('treats ready times in the same log2 bucket as equal and falls back to uid order', () => {
    // 1000s and 1010s ago: both floor(log2(age in ns)) = 39.
    const a = runningReady('a', 1000);
    const b = runningReady('b', 1010);
    expect(activePodsWithRanksLess(rank(a), rank(b), NOW_MS)).toBe(true); // uid-a < uid-b
    expect(activePodsWithRanksLess(rank(b), rank(a), NOW_MS)).toBe(false);
  });

  it('sorts a mixed set in deletion order', () => {
    const pods = [
      runningReady('old-ready', 5000),
      makeRunningPod({ name: 'not-ready', conditions: [condition('Ready', 'False')] }),
      makePod({ name: 'pending', nodeName: 'n' }),
      makePod({ name: 'unscheduled' }),
      runningReady('new-ready', 5),
    ];
    const order = sortPodsForDeletion(pods.map((pod) => ({ pod, rank: 0 })), NOW_MS).map((p) => p.metadata!.name);
    expect(order).toEqual(['unscheduled', 'pending', 'not-ready', 'new-ready', 'old-ready']);
  });
});

describe('ControllerExpectations', () => {
  it('is satisfied only after every expected create was observed', () => {
    const e = new ControllerExpectations(() => 0);
    expect(e.satisfiedExpectations('ns/rs')).toBe(true);
    e.expectCreations('ns/rs', 2);
    expect(e.satisfiedExpectations('ns/rs')).toBe(false);
    e.creationObserved('ns/rs');
    expect(e.satisfiedExpectations('ns/rs')).toBe(false);
    e.creationObserved('ns/rs');
    expect(e.satisfiedExpectations('ns/rs')).toBe(true);
  });

  it('counts each expected deletion once, by pod key, and ignores other pods', () => {
    const e = new ControllerExpectations(() => 0);
    e.expectDeletions('ns/rs', ['ns/a', 'ns/b']);
    e.deletionObserved('ns/rs', 'ns/a'); // deletionTimestamp seen
    e.deletionObserved('ns/rs', 'ns/a'); // final DELETE seen: not counted again
    e.deletionObserved('ns/rs', 'ns/zzz');
    expect(e.get('ns/rs')).toEqual({ add: 0, del: 1 });
    e.lowerExpectations('ns/rs', 0, ['ns/b']);
    expect(e.satisfiedExpectations('ns/rs')).toBe(true);
  });

  it('expires after the timeout (a lost watch event cannot wedge the controller)', () => {
    let now = 0;
    const e = new ControllerExpectations(() => now);
    e.expectCreations('ns/rs', 1);
    now = EXPECTATIONS_TIMEOUT_MS;
    expect(e.satisfiedExpectations('ns/rs')).toBe(false);
    now = EXPECTATIONS_TIMEOUT_MS + 1;
    expect(e.satisfiedExpectations('ns/rs')).toBe(true);
  });

  it('round-trips through save()', () => {
    const e = new ControllerExpectations(() => 0);
    e.expectCreations('ns/rs', 3);
    const copy = new ControllerExpectations(() => 0, JSON.parse(JSON.stringify(e.save())));
    expect(copy.get('ns/rs')).toEqual({ add: 3, del: 0 });
  });
});

describe('pod helpers', () => {
  it('isPodAvailable needs Ready for longer than minReadySeconds', () => {
    const p = runningReady('a', 10);
    expect(isPodAvailable(p, 0, NOW_MS)).toBe(true);
    expect(isPodAvailable(p, 9, NOW_MS)).toBe(true);
    expect(isPodAvailable(p, 10, NOW_MS)).toBe(false); // strictly after
    expect(isPodAvailable(makeRunningPod({ conditions: [condition('Ready', 'False')] }), 0, NOW_MS)).toBe(false);
  });

  it('isPodActive excludes terminal and terminating pods', () => {
    expect(isPodActive(makePod({ phase: 'Pending' }))).toBe(true);
    expect(isPodActive(makePod({ phase: 'Failed', reason: 'OutOfcpu' }))).toBe(false);
    expect(isPodActive(makePod({ phase: 'Succeeded' }))).toBe(false);
    expect(isPodActive(makeRunningPod({ deletionTimestamp: ago(0) }))).toBe(false);
  });

  it('getPodFromTemplate copies labels/annotations and sets generateName and the controller', () => {
    const owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-abc', namespace: 'prod', uid: 'u1' } } as KubeObject;
    const pod = getPodFromTemplate({ metadata: { labels: { app: 'web' }, annotations: { a: 'b' } }, spec: { containers: [{ name: 'c' }] } }, owner,
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'u1', controller: true, blockOwnerDeletion: true });
    expect(pod.metadata).toEqual({
      generateName: 'web-abc-', namespace: 'prod', labels: { app: 'web' }, annotations: { a: 'b' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'u1', controller: true, blockOwnerDeletion: true }],
    });
  });
});

describe('hashing and equality', () => {
  it('stableStringify ignores key order', () => {
    expect(stableStringify({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(stableStringify({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }));
  });

  it('semanticEqual treats nil and empty alike', () => {
    expect(semanticEqual({ metadata: { labels: {} }, spec: { x: [] } }, { spec: {} })).toBe(true);
    expect(semanticEqual({ a: 0 }, {})).toBe(false);
  });

  it('computeHash uses the safe alphabet and changes with the template and collisionCount', () => {
    const t = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:1' }] } };
    const h = computeHash(t);
    expect(h).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(computeHash(JSON.parse(JSON.stringify(t)))).toBe(h);
    expect(computeHash(t, 1)).not.toBe(h);
    expect(computeHash({ ...t, spec: { containers: [{ name: 'c', image: 'nginx:2' }] } })).not.toBe(h);
  });
});

describe('controller lookups shared by the workload controllers', () => {
  const rs = (name: string, uid: string, selector: object): KubeObject =>
    ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name, namespace: 'default', uid }, spec: { selector } }) as KubeObject;
  const inf = new Informer<KubeObject & { spec?: { selector?: { matchLabels?: Record<string, string> } } }>('replicasets');
  inf.replace([rs('web', 'u1', { matchLabels: { app: 'web' } }), rs('all', 'u2', {}), rs('db', 'u3', { matchLabels: { app: 'db' } })]);

  it('resolves a controller reference only to the object of that kind with the same uid', () => {
    expect(resolveControllerRef(inf, 'ReplicaSet', 'default', { kind: 'ReplicaSet', name: 'web', uid: 'u1' })?.metadata.name).toBe('web');
    expect(resolveControllerRef(inf, 'ReplicaSet', 'default', { kind: 'ReplicaSet', name: 'web', uid: 'old' })).toBeUndefined();
    expect(resolveControllerRef(inf, 'ReplicaSet', 'default', { kind: 'StatefulSet', name: 'web', uid: 'u1' })).toBeUndefined();
    expect(resolveControllerRef(inf, 'ReplicaSet', 'default', undefined)).toBeUndefined();
  });

  it('finds the controllers whose non-empty selector matches an orphan (an empty selector matches nothing)', () => {
    const orphan = { metadata: { namespace: 'default', labels: { app: 'web' } } };
    expect(selectingControllers(inf, orphan).map((c) => c.metadata.name)).toEqual(['web']);
    expect(selectingControllers(inf, { metadata: { namespace: 'other', labels: { app: 'web' } } })).toEqual([]);
  });
});
