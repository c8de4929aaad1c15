import { describe, expect, it } from 'vitest';
import type { CustomObjectView, ExtraView, PersistentVolumeClaimView, PersistentVolumeView, PodView, VolumeAttachmentView } from '../../../worker/protocol';
import { extraId } from '../../../worker/protocol';
import { EMPTY_MEMORY, layoutCluster, NETWORK_ID, type LayoutInput } from '../layout/cluster-layout';
import { CUSTOM_LANE_ID, customRows, laneSignature, parseLaneSignature, placeLanes, podVolumes, refOfExtra, STORAGE_LANE_ID, storageRows } from './lanes-model';

const claim = (name: string, extra: Partial<PersistentVolumeClaimView> = {}): PersistentVolumeClaimView => ({
  kind: 'PersistentVolumeClaim', key: `default/${name}`, namespace: 'default', name, phase: 'Bound', capacity: '1Gi', pods: [], rv: '1', ...extra,
});
const volume = (name: string, extra: Partial<PersistentVolumeView> = {}): PersistentVolumeView => ({
  kind: 'PersistentVolume', key: name, name, phase: 'Bound', capacity: '1Gi', source: 'disk.csi.kube-sandbox.dev', rv: '1', ...extra,
});
const attachment = (name: string, pvName: string, nodeName: string, attached: boolean): VolumeAttachmentView => ({
  kind: 'VolumeAttachment', key: name, name, nodeName, pvName, attached, deleting: false, rv: '1',
});
const pod = (name: string, sandbox: 'running' | 'waiting', nodeName = 'node-1'): PodView => ({
  kind: 'Pod', key: `default/${name}`, namespace: 'default', name, uid: name, nodeName, phase: 'Pending', status: 'ContainerCreating', ready: '0/1', deleting: false, labels: {},
  containers: [{ name: 'pause', image: 'pause', type: 'sandbox', state: sandbox, ready: sandbox === 'running', restartCount: 0 }], restarts: 0, cpuMillis: 0, memoryBytes: 0, creationMs: 0, rv: '1',
});
const site: CustomObjectView = {
  kind: 'Custom', objectKind: 'Website', apiVersion: 'learn.kube-sandbox.dev/v1', key: 'default/blog', namespace: 'default', name: 'blog',
  owns: [{ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'blog' }], status: 'Image nginx:1.27', rv: '1',
};
const map = (views: ExtraView[]) => new Map(views.map((v) => [extraId(v), v]));

describe('storage rows', () => {
  it('follows a claim to its volume, the attachment on the pod\'s node and the pod mounting it', () => {
    const pods = new Map([['default/db-0', pod('db-0', 'waiting')]]);
    const extras = [claim('data-db-0', { volumeName: 'pv-1', pods: ['default/db-0'] }), volume('pv-1'), attachment('csi-a', 'pv-1', 'node-1', false)];
    const [row] = storageRows(extras, (k) => pods.get(k));
    expect(row.volume?.name).toBe('pv-1');
    expect(row.attachments).toEqual([{ name: 'csi-a', nodeName: 'node-1', state: 'attaching' }]);
    expect(row.mounts).toEqual([{ podKey: 'default/db-0', podName: 'db-0', nodeName: 'node-1', mounted: false }]);
    // attach, then the kubelet mounts and starts the sandbox
    pods.set('default/db-0', pod('db-0', 'running'));
    const [after] = storageRows([extras[0], extras[1], attachment('csi-a', 'pv-1', 'node-1', true)], (k) => pods.get(k));
    expect(after.attachments[0].state).toBe('attached');
    expect(after.mounts[0].mounted).toBe(true);
  });

  it('lists volumes no claim shows on rows of their own, after the claims', () => {
    const rows = storageRows([volume('manual', { phase: 'Available' }), claim('b', { volumeName: 'pv-b' }), volume('pv-b'), claim('a')], () => undefined);
    expect(rows.map((r) => r.id)).toEqual(['PersistentVolumeClaim:default/a', 'PersistentVolumeClaim:default/b', 'PersistentVolume:manual']);
    expect(laneSignature(map([volume('manual'), claim('b', { volumeName: 'pv-b' }), volume('pv-b'), claim('a'), site]))).toBe('3,1');
  });

  it('gives a pod card its claims with attach and mount state', () => {
    const p = pod('db-0', 'running');
    const extras = map([claim('data-db-0', { volumeName: 'pv-1', pods: ['default/db-0'] }), volume('pv-1'), attachment('csi-a', 'pv-1', 'node-1', true), attachment('csi-b', 'pv-1', 'node-2', false)]);
    expect(podVolumes(extras, p)).toEqual([{ claim: 'data-db-0', phase: 'Bound', attached: true, mounted: true }]);
    expect(podVolumes(extras, pod('other', 'running'))).toEqual([]);
  });

  it('opens each object by a ref the worker can find (custom kinds carry their apiVersion)', () => {
    expect(refOfExtra(site)).toEqual({ apiVersion: 'learn.kube-sandbox.dev/v1', kind: 'Website', namespace: 'default', name: 'blog' });
    expect(refOfExtra(volume('pv-1'))).toEqual({ apiVersion: 'v1', kind: 'PersistentVolume', name: 'pv-1' });
    expect(customRows([claim('x'), site])).toEqual([site]);
  });
});

describe('lane placement', () => {
  const base: LayoutInput = { controlPlane: 'Node:cp', workers: ['Node:node-1', 'Node:node-2', 'Node:node-3'], podsByContainer: new Map(), services: [], endpointPods: new Map() };

  it('draws no lane while there is nothing to show, and the lanes below the node network when there is', () => {
    const none = layoutCluster(base, EMPTY_MEMORY);
    expect(none.boxes.some((b) => b.type === 'storageLane' || b.type === 'customLane')).toBe(false);
    const both = layoutCluster({ ...base, extraLanes: { storage: 2, custom: 1 } }, none.memory);
    const bus = both.boxes.find((b) => b.id === NETWORK_ID)!;
    const lanes = both.boxes.filter((b) => b.type === 'storageLane' || b.type === 'customLane');
    expect(lanes).toHaveLength(2);
    for (const l of lanes) expect(l.y).toBeGreaterThan(bus.y + bus.height);
    expect(lanes[0].x + lanes[0].width).toBeLessThan(lanes[1].x);
    expect(lanes[1].x + lanes[1].width).toBeLessThanOrEqual(bus.width);
    // nothing above the lanes moved
    const same = (a: typeof none.boxes, b: typeof none.boxes) => a.map((x) => `${x.id}@${x.x},${x.y}`).sort().join(' ') === b.map((x) => `${x.id}@${x.x},${x.y}`).sort().join(' ');
    expect(same(none.boxes, both.boxes.filter((b) => !lanes.includes(b)))).toBe(true);
  });

  it('keeps a lane on its side when the other one comes and goes', () => {
    const a = placeLanes(parseLaneSignature('0,2'), new Map(), 0, 1000);
    expect(a.boxes.map((b) => [b.id, b.x])).toEqual([[CUSTOM_LANE_ID, 0]]);
    const b = placeLanes(parseLaneSignature('1,2'), a.slots, 0, 1000);
    expect(b.boxes.find((x) => x.id === CUSTOM_LANE_ID)!.x).toBe(0);
    expect(b.boxes.find((x) => x.id === STORAGE_LANE_ID)!.x).toBeGreaterThan(0);
    const c = placeLanes(parseLaneSignature('1,0'), b.slots, 0, 1000);
    expect(c.boxes.find((x) => x.id === STORAGE_LANE_ID)!.x).toBe(b.boxes.find((x) => x.id === STORAGE_LANE_ID)!.x);
  });
});
