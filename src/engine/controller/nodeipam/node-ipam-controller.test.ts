import { describe, expect, it } from 'vitest';
import type { Node } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/meta';
import { ControllerHarness } from '../../testing/harness';
import type { NodeIpamOptions } from './node-ipam-controller';
import { CidrSet, NodeIpamController } from './node-ipam-controller';

type NodeObject = Node & KubeObject;

function setup(opts: NodeIpamOptions & { watchLatencyMs?: number } = {}) {
  const h = new ControllerHarness({ watchLatencyMs: opts.watchLatencyMs });
  const c = h.add('node-ipam-controller', (ctx) => new NodeIpamController(ctx, opts));
  return { h, c };
}

const addNode = (h: ControllerHarness, name: string, spec: Record<string, unknown> = {}) =>
  h.mustCreate({ apiVersion: 'v1', kind: 'Node', metadata: { name }, spec }, `kubelet/${name}`);
const cidrOf = (h: ControllerHarness, name: string) => h.get<NodeObject>('nodes', name)?.spec?.podCIDRs;

describe('NodeIpamController', () => {
  it('assigns /24s from 10.244.0.0/16 in order of arrival', () => {
    const { h } = setup();
    for (const n of ['control-plane', 'node-1', 'node-2']) addNode(h, n);
    h.runControllers();
    expect(cidrOf(h, 'control-plane')).toEqual(['10.244.0.0/24']);
    expect(cidrOf(h, 'node-1')).toEqual(['10.244.1.0/24']);
    expect(cidrOf(h, 'node-2')).toEqual(['10.244.2.0/24']);
    expect(h.get<NodeObject>('nodes', 'node-2')!.spec!.podCIDR).toBe('10.244.2.0/24');
    expect(h.writes.filter((w) => w.verb === 'update').every((w) => w.writer === 'node-ipam-controller')).toBe(true);
  });

  it('keeps a CIDR a node already has and allocates around it', () => {
    const { h } = setup();
    addNode(h, 'pre', { podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24'] });
    h.runControllers();
    addNode(h, 'a');
    addNode(h, 'b');
    h.runControllers();
    expect(cidrOf(h, 'pre')).toEqual(['10.244.1.0/24']);
    expect(cidrOf(h, 'a')).toEqual(['10.244.0.0/24']);
    expect(cidrOf(h, 'b')).toEqual(['10.244.2.0/24']);
  });

  it('hands out freed CIDRs again once the cursor wraps, and reports a full range', () => {
    // 10.0.0.0/22 holds four /24s.
    const { h } = setup({ clusterCIDR: '10.0.0.0/22', nodeCIDRMaskSize: 24 });
    for (const n of ['n0', 'n1', 'n2', 'n3', 'n4']) addNode(h, n);
    h.runControllers();
    expect(['n0', 'n1', 'n2', 'n3'].map((n) => cidrOf(h, n)?.[0])).toEqual(['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24', '10.0.3.0/24']);
    expect(cidrOf(h, 'n4')).toBeUndefined();
    expect(h.events('CIDRNotAvailable').map((e) => [e.type, e.message, e.involvedObject.kind, e.involvedObject.name])).toEqual([
      ['Normal', 'Node n4 status is now: CIDRNotAvailable', 'Node', 'n4'],
    ]);
    h.remove('nodes', 'n1');
    h.runControllers();
    expect(cidrOf(h, 'n4')).toEqual(['10.0.1.0/24']);
  });

  it('continues after the last allocation rather than reusing a just-freed block (cidrset.nextCandidate)', () => {
    const { h } = setup({ clusterCIDR: '10.0.0.0/22', nodeCIDRMaskSize: 24 });
    addNode(h, 'a');
    addNode(h, 'b');
    h.runControllers();
    h.remove('nodes', 'a');
    h.runControllers();
    addNode(h, 'c');
    addNode(h, 'd');
    addNode(h, 'e');
    h.runControllers();
    expect([cidrOf(h, 'c')?.[0], cidrOf(h, 'd')?.[0], cidrOf(h, 'e')?.[0]]).toEqual(['10.0.2.0/24', '10.0.3.0/24', '10.0.0.0/24']);
  });

  it('never gives a node two CIDRs, or two nodes one CIDR, while the informer lags', () => {
    const { h, c } = setup({ watchLatencyMs: 100 });
    addNode(h, 'a');
    addNode(h, 'b');
    h.step(100);
    // The node is updated by someone else before our podCIDR write is visible: it is synced again.
    h.mustUpdate<NodeObject>('nodes', 'a', (n) => { n.metadata.labels = { role: 'worker' }; });
    h.step(50);
    c.queue.add('a');
    h.settle();
    expect(cidrOf(h, 'a')).toEqual(['10.244.0.0/24']);
    expect(cidrOf(h, 'b')).toEqual(['10.244.1.0/24']);
    addNode(h, 'c');
    h.settle();
    expect(cidrOf(h, 'c')).toEqual(['10.244.2.0/24']);
  });

  it('saves its allocator state as plain JSON and continues from it', () => {
    const { h, c } = setup();
    addNode(h, 'a');
    addNode(h, 'b');
    h.runControllers();
    const saved = JSON.parse(JSON.stringify(c.save()));
    const h2 = new ControllerHarness();
    const c2 = h2.add('node-ipam-controller', (ctx) => new NodeIpamController(ctx), saved);
    expect(c2.allocatedTo('b')).toBe('10.244.1.0/24');
    addNode(h2, 'c');
    h2.runControllers();
    expect(cidrOf(h2, 'c')).toEqual(['10.244.2.0/24']);
  });
});

describe('CidrSet', () => {
  it('computes blocks and indexes', () => {
    const s = new CidrSet('10.244.0.0/16', 24);
    expect(s.maxCIDRs).toBe(256);
    expect(s.cidr(255)).toBe('10.244.255.0/24');
    expect(s.indexOf('10.244.7.0/24')).toBe(7);
    expect(s.indexOf('10.245.0.0/24')).toBeUndefined();
    expect(s.indexOf('10.244.7.0/25')).toBeUndefined();
    expect(new CidrSet('10.0.0.0/8', 24).cidr(257)).toBe('10.1.1.0/24');
  });

  it('rejects a node mask that does not fit', () => {
    expect(() => new CidrSet('10.244.0.0/16', 8)).toThrow();
    expect(() => new CidrSet('bogus', 24)).toThrow();
  });
});

describe('filterOutServiceRange', () => {
  it.each([
    ['10.96.0.0/11 holding the service CIDR 10.96.0.0/12', '10.96.0.0/11', '10.96.0.0/12', 16 * 256],
    ['a cluster CIDR inside the service CIDR', '10.100.0.0/16', '10.96.0.0/12', 256],
    ['disjoint ranges', '10.244.0.0/16', '10.96.0.0/12', 0],
  ])('%s: the overlapping node blocks are never handed out', (_name, cluster, service, blocked) => {
    const set = new CidrSet(cluster, 24);
    expect(set.overlapping(service)).toHaveLength(blocked);
  });
});
