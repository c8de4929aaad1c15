import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClockState, EventView, ObjectView, PersistentVolumeClaimView, PodView, ReplicaSetView, ServiceView, ViewChange, WorkerMessage } from '../../worker/protocol';
import { PROTOCOL_VERSION } from '../../worker/protocol';
import { buildIndexes } from './cluster-indexes';
import { applyDelta, applySnapshot, clusterStore, MAX_EVENTS, reduceDelta, type ClusterState } from './cluster-store';

const clock: ClockState = { simTimeMs: 0, running: true, speed: 1 };
type Delta = Extract<WorkerMessage, { kind: 'delta' }>;
const delta = (changes: ViewChange[], events: EventView[] = [], seq = 1): Delta => ({ kind: 'delta', seq, clock, changes, events, writes: [] });

function pod(name: string, nodeName: string | undefined, rv: number): PodView {
  return {
    kind: 'Pod', key: `default/${name}`, namespace: 'default', name, uid: name, ...(nodeName ? { nodeName } : {}), phase: 'Pending', status: 'Pending', ready: '0/1',
    deleting: false, labels: {}, containers: [], restarts: 0, cpuMillis: 0, memoryBytes: 0, creationMs: 0, rv: String(rv),
  };
}
function service(name: string, podNames: string[], rv: number): ServiceView {
  return {
    kind: 'Service', key: `default/${name}`, namespace: 'default', name, type: 'ClusterIP', clusterIP: '10.96.0.9', ports: '80/TCP', selector: {},
    endpoints: podNames.map((p, i) => ({ ip: `10.244.1.${i + 2}`, ready: i % 2 === 0, podKey: `default/${p}` })), rv: String(rv),
  };
}
function replicaSet(name: string, deployment: string | undefined, rv: number): ReplicaSetView {
  return { kind: 'ReplicaSet', key: `default/${name}`, namespace: 'default', name, replicas: 1, readyReplicas: 0, ...(deployment ? { owner: { kind: 'Deployment', name: deployment } } : {}), rv: String(rv) };
}

function reset(): void {
  applySnapshot({ kind: 'ready', protocol: PROTOCOL_VERSION, seq: 0, snapshot: { clock, views: [], events: [], settings: { seed: 1, workerNodes: 3 }, scheduler: { attempts: [], queue: { pods: [], total: 0 } } } });
}

function indexesOf(s: ClusterState) {
  const { nodeIds, podIdsByNode, serviceIds, endpointsByService, deploymentIds, replicaSetIds, replicaSetIdsByDeployment, daemonSetIds, statefulSetIds } = s;
  return { nodeIds, podIdsByNode, serviceIds, endpointsByService, deploymentIds, replicaSetIds, replicaSetIdsByDeployment, daemonSetIds, statefulSetIds };
}

const nodeNames = ['node-1', 'node-2', 'control-plane'];
const names = ['a', 'b', 'c', 'd', 'e'];
const viewArb: fc.Arbitrary<ObjectView> = fc.oneof(
  fc.record({ n: fc.constantFrom(...names), node: fc.option(fc.constantFrom(...nodeNames), { nil: undefined }) }).map(({ n, node }) => pod(n, node, 1)),
  fc.record({ n: fc.constantFrom(...names), eps: fc.subarray(names) }).map(({ n, eps }) => service(n, eps, 1)),
  fc.record({ n: fc.constantFrom(...names), d: fc.option(fc.constantFrom('web', 'api'), { nil: undefined }) }).map(({ n, d }) => replicaSet(n, d, 1)),
  fc.constantFrom(...nodeNames).map(
    (name): ObjectView => ({
      kind: 'Node', key: name, name, internalIP: '', podCIDR: '', bridgeIP: '', roles: [], ready: 'True', stopped: false, unschedulable: false, taints: [],
      allocatable: { cpuMillis: 0, memoryBytes: 0, pods: 0 }, requested: { cpuMillis: 0, memoryBytes: 0, pods: 0 }, kubeletVersion: '', rv: '1',
    }),
  ),
  fc.constantFrom('web', 'api').map(
    (name): ObjectView => ({ kind: 'Deployment', key: `default/${name}`, namespace: 'default', name, replicas: 1, readyReplicas: 0, updatedReplicas: 0, availableReplicas: 0, rv: '1' }),
  ),
  fc.constantFrom('agent', 'logs').map(
    (name): ObjectView => ({ kind: 'DaemonSet', key: `kube-system/${name}`, namespace: 'kube-system', name, desired: 3, ready: 1, updated: 3, rv: '1' }),
  ),
);
const changeArb: fc.Arbitrary<ViewChange> = fc.oneof(
  viewArb.map((view): ViewChange => ({ type: 'upsert', view })),
  viewArb.map((v): ViewChange => ({ type: 'delete', kind: v.kind, key: v.key, rv: '1' })),
);

describe('cluster store', () => {
  it('incremental indexes equal a full rebuild after any sequence of deltas', () => {
    fc.assert(
      fc.property(fc.array(fc.array(changeArb, { maxLength: 8 }), { maxLength: 25 }), (deltas) => {
        let state = { ...clusterStore.getInitialState() };
        for (const changes of deltas) {
          state = reduceDelta(state, delta(changes));
          expect(indexesOf(state)).toEqual(buildIndexes(state.objects));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('moves a pod from the unscheduled bucket to its node when it is bound, keeping other lists', () => {
    reset();
    applyDelta(delta([{ type: 'upsert', view: pod('a', undefined, 5) }, { type: 'upsert', view: pod('b', 'node-1', 6) }]));
    const before = clusterStore.getState();
    expect(before.podIdsByNode.get('')).toEqual(['Pod:default/a']);
    applyDelta(delta([{ type: 'upsert', view: pod('a', 'node-2', 7) }]));
    const after = clusterStore.getState();
    expect(after.podIdsByNode.get('')).toBeUndefined();
    expect(after.podIdsByNode.get('node-2')).toEqual(['Pod:default/a']);
    expect(after.podIdsByNode.get('node-1')).toBe(before.podIdsByNode.get('node-1'));
  });

  it('drops a change older than the view it holds', () => {
    reset();
    applyDelta(delta([{ type: 'upsert', view: pod('a', 'node-1', 10) }]));
    applyDelta(delta([{ type: 'upsert', view: pod('a', 'node-2', 9) }, { type: 'delete', kind: 'Pod', key: 'default/a', rv: '8' }]));
    expect((clusterStore.getState().objects.get('Pod:default/a') as PodView).nodeName).toBe('node-1');
  });

  it('keeps the latest MAX_EVENTS events and replaces an event whose count rose', () => {
    reset();
    const ev = (i: number, count = 1): EventView => ({ id: `default/e${i}`, type: 'Normal', reason: 'R', message: 'm', involved: { kind: 'Pod', name: 'a' }, source: 's', count, lastMs: i });
    applyDelta(delta([], Array.from({ length: MAX_EVENTS + 20 }, (_, i) => ev(i))));
    applyDelta(delta([], [ev(100, 2)]));
    const events = clusterStore.getState().events;
    expect(events).toHaveLength(MAX_EVENTS);
    expect(events.at(-1)).toEqual(ev(100, 2));
    expect(events.filter((e) => e.id === 'default/e100')).toHaveLength(1);
    expect(events[0].id).toBe('default/e20');
  });

  it('leaves objects and indexes untouched by a clock-only delta', () => {
    reset();
    applyDelta(delta([{ type: 'upsert', view: pod('a', 'node-1', 3) }]));
    const before = clusterStore.getState();
    applyDelta({ ...delta([]), clock: { simTimeMs: 500, running: true, speed: 10 } });
    const after = clusterStore.getState();
    expect(after.objects).toBe(before.objects);
    expect(after.podIdsByNode).toBe(before.podIdsByNode);
    expect(after.clock.simTimeMs).toBe(500);
  });
});

describe('storage objects, custom resources and custom kinds', () => {
  const claim: PersistentVolumeClaimView = { kind: 'PersistentVolumeClaim', key: 'default/data', namespace: 'default', name: 'data', phase: 'Pending', capacity: '1Gi', pods: [], rv: '5' };
  const website = { group: 'learn.kube-sandbox.dev', kind: 'Website', plural: 'websites', singular: 'website', shortNames: [], namespaced: true, versions: [{ name: 'v1' }] };
  const base = (): ClusterState => {
    reset();
    return clusterStore.getState();
  };
  const msg = (extra: Partial<Extract<WorkerMessage, { kind: 'delta' }>>): Extract<WorkerMessage, { kind: 'delta' }> => ({ kind: 'delta', seq: 1, clock, changes: [], events: [], writes: [], ...extra });

  it('keeps extras and custom kinds from a snapshot, then follows deltas', () => {
    applySnapshot({
      kind: 'ready', protocol: PROTOCOL_VERSION, seq: 0,
      snapshot: { clock, views: [], events: [], settings: { seed: 1, workerNodes: 3 }, scheduler: { attempts: [], queue: { pods: [], total: 0 } }, extras: [claim], customKinds: [website] },
    });
    let s = clusterStore.getState();
    expect(s.extras.get('PersistentVolumeClaim:default/data')).toEqual(claim);
    expect(s.customKinds).toEqual([website]);
    s = reduceDelta(s, msg({ extras: [{ type: 'upsert', view: { ...claim, phase: 'Bound', rv: '6' } }] }));
    expect(s.extras.get('PersistentVolumeClaim:default/data')?.kind === 'PersistentVolumeClaim' && s.extras.get('PersistentVolumeClaim:default/data')).toMatchObject({ phase: 'Bound' });
    expect(s.customKinds).toEqual([website]); // a delta without customKinds keeps them
    s = reduceDelta(s, msg({ extras: [{ type: 'delete', id: 'PersistentVolumeClaim:default/data' }], customKinds: [] }));
    expect(s.extras.size).toBe(0);
    expect(s.customKinds).toEqual([]);
  });

  it('hands back the same extras Map when a delta carries none (no lane re-renders)', () => {
    const s = base();
    expect(reduceDelta(s, msg({})).extras).toBe(s.extras);
  });
});
