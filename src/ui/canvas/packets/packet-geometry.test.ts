import { describe, expect, it } from 'vitest';
import type { TraceHop } from '../../../worker/protocol';
import { WEB_HOPS } from '../../panels/packet-fixture';
import { anchorOf, center, channelX, hopPath, pathLength, pointAt, tunnelEnds, tunnelPath, vethPod, type Rect, type Scene } from './packet-geometry';

// Two nodes side by side at zoom 1: pods at the top, the network strip at the bottom, the bus below.
const rects: Record<string, Rect> = {
  'pod:default/client': { x: 22, y: 100, w: 150, h: 76 },
  'pod:default/web-7d9f8-abcde': { x: 422, y: 100, w: 150, h: 76 },
  'dev:node-1/cni0': { x: 10, y: 250, w: 150, h: 20 },
  'dev:node-1/flannel.1': { x: 170, y: 250, w: 60, h: 20 },
  'dev:node-1/eth0': { x: 240, y: 250, w: 90, h: 20 },
  'dev:node-2/cni0': { x: 410, y: 250, w: 150, h: 20 },
  'dev:node-2/flannel.1': { x: 570, y: 250, w: 60, h: 20 },
  'dev:node-2/eth0': { x: 640, y: 250, w: 90, h: 20 },
  'node:node-1': { x: 0, y: 40, w: 340, h: 240 },
  'node:node-2': { x: 400, y: 40, w: 340, h: 240 },
  bus: { x: 0, y: 300, w: 740, h: 22 },
};

const scene: Scene = {
  width: 800,
  height: 400,
  pod: (key) => rects[`pod:${key}`],
  device: (node, dev) => rects[`dev:${node}/${dev}`],
  node: (name) => rects[`node:${name}`],
  bus: () => rects.bus,
};

const idx = (pred: (h: TraceHop) => boolean, from = 0) => WEB_HOPS.findIndex((h, i) => i >= from && pred(h));

describe('anchors', () => {
  it('puts a pod namespace hop on the pod card and rings it', () => {
    const a = anchorOf(WEB_HOPS, 0, scene)!;
    expect(a.at).toEqual(center(rects['pod:default/client']));
    expect(a.ring).toBe(rects['pod:default/client']);
  });

  it('puts a device hop on its chip of the node strip', () => {
    const encap = idx((h) => h.kind === 'encap');
    expect(anchorOf(WEB_HOPS, encap, scene)!.at).toEqual(center(rects['dev:node-1/flannel.1']));
  });

  it('puts a veth hop on the pod\'s channel, between the card and cni0', () => {
    expect(vethPod(WEB_HOPS, 1)).toBe('default/client');
    const veth2 = idx((h) => h.kind === 'veth' && h.location.node === 'node-2');
    expect(vethPod(WEB_HOPS, veth2)).toBe('default/web-7d9f8-abcde');
    const a = anchorOf(WEB_HOPS, 1, scene)!;
    expect(a.at.x).toBe(channelX(rects['pod:default/client']));
    expect(a.at.x).toBeLessThan(rects['pod:default/client'].x);
    expect(a.at.y).toBeGreaterThan(center(rects['pod:default/client']).y);
    expect(a.at.y).toBeLessThan(rects['dev:node-1/cni0'].y);
  });

  it('scales the channel offset with the zoom (read from the card width)', () => {
    expect(100 - channelX({ x: 100, y: 0, w: 150, h: 76 })).toBe(6);
    expect(100 - channelX({ x: 100, y: 0, w: 75, h: 38 })).toBe(3);
  });

  it('falls back to the node eth0 for devices that are not drawn (kube-ipvs0), and to nothing for unknown nodes', () => {
    const ipvs: TraceHop = { ...WEB_HOPS[2], location: { node: 'node-1', netns: '', device: 'kube-ipvs0' } };
    expect(anchorOf([ipvs], 0, scene)!.at).toEqual(center(rects['dev:node-1/eth0']));
    const gone: TraceHop = { ...WEB_HOPS[2], location: { node: 'node-9', netns: '', device: 'eth0' } };
    expect(anchorOf([gone], 0, scene)).toBeUndefined();
  });

  it('puts an external client at the canvas edge on the node network', () => {
    const ext: TraceHop = { ...WEB_HOPS[0], location: { node: '', netns: '' } };
    const a = anchorOf([ext], 0, scene)!;
    expect(a.at.x).toBeLessThan(20);
    expect(a.at.y).toBe(311);
  });
});

describe('paths between hops', () => {
  it('takes the wire down to the bus, along it and up to the other node\'s eth0', () => {
    const wire = idx((h) => h.kind === 'wire');
    const path = hopPath(WEB_HOPS, wire, scene);
    const eth1 = center(rects['dev:node-1/eth0']);
    const eth2 = center(rects['dev:node-2/eth0']);
    expect(path[path.length - 1]).toEqual(eth2);
    expect(path).toContainEqual({ x: eth1.x, y: 311 });
    expect(path).toContainEqual({ x: eth2.x, y: 311 });
  });

  it('through the router between subnets: down to the bus, along it to the canvas edge, then back along it up to the other node', () => {
    const base = WEB_HOPS[0];
    const hops: TraceHop[] = [
      { ...base, kind: 'neigh', location: { node: 'node-1', netns: '', device: 'eth0' } },
      { ...base, kind: 'wire', location: { node: 'node-1', netns: '', device: 'eth0', wire: { fromNode: 'node-1', toNode: '' } } },
      { ...base, kind: 'route', location: { node: '', netns: '', device: 'router' } },
      { ...base, kind: 'wire', location: { node: '', netns: '', device: 'router', wire: { fromNode: '', toNode: 'node-2' } } },
    ];
    const eth1 = center(rects['dev:node-1/eth0']);
    const eth2 = center(rects['dev:node-2/eth0']);
    const toRouter = hopPath(hops, 1, scene);
    expect(toRouter[0]).toEqual(eth1);
    expect(toRouter).toContainEqual({ x: eth1.x, y: 311 });
    expect(toRouter[toRouter.length - 1]).toEqual({ x: 10, y: 311 });
    expect(hopPath(hops, 2, scene)).toEqual([{ x: 10, y: 311 }]);
    const fromRouter = hopPath(hops, 3, scene);
    expect(fromRouter[0]).toEqual({ x: 10, y: 311 });
    expect(fromRouter).toContainEqual({ x: eth2.x, y: 311 });
    expect(fromRouter[fromRouter.length - 1]).toEqual(eth2);
  });

  it('leaves a pod card sideways through its veth, then down the channel', () => {
    const path = hopPath(WEB_HOPS, 1, scene);
    const card = center(rects['pod:default/client']);
    const x = channelX(rects['pod:default/client']);
    expect(path[0]).toEqual(card);
    expect(path[1]).toEqual({ x, y: card.y });
    expect(path[path.length - 1].x).toBe(x);
  });

  it('the first hop is a single point; a missing element gives no path', () => {
    expect(hopPath(WEB_HOPS, 0, scene)).toHaveLength(1);
    const empty: Scene = { ...scene, pod: () => undefined, device: () => undefined, node: () => undefined };
    expect(hopPath(WEB_HOPS, 0, empty)).toEqual([]);
  });

  it('walks a path by length', () => {
    const path = [{ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 10, y: 30 }];
    expect(pathLength(path)).toBe(40);
    expect(pointAt(path, 0)).toEqual({ x: 0, y: 0 });
    expect(pointAt(path, 0.25)).toEqual({ x: 10, y: 0 });
    expect(pointAt(path, 0.625)).toEqual({ x: 10, y: 15 });
    expect(pointAt(path, 2)).toEqual({ x: 10, y: 30 });
    expect(pointAt([], 0.5)).toBeUndefined();
  });

  it('every hop of the fixture has a path ending at its anchor', () => {
    WEB_HOPS.forEach((_, i) => {
      const path = hopPath(WEB_HOPS, i, scene);
      expect(path.length, `hop ${i}`).toBeGreaterThan(0);
      expect(path[path.length - 1]).toEqual(anchorOf(WEB_HOPS, i, scene)!.at);
    });
  });
});

describe('tunnel', () => {
  const vtep1 = center(rects['dev:node-1/flannel.1']);
  const vtep2 = center(rects['dev:node-2/flannel.1']);

  it('joins the two VTEPs while the packet is encapsulated, in the direction it travels', () => {
    const encap = idx((h) => h.kind === 'encap');
    const wire = idx((h) => h.kind === 'wire');
    const decap = idx((h) => h.kind === 'decap');
    for (const i of [encap, wire, decap]) expect(tunnelEnds(WEB_HOPS, i, scene)).toEqual([vtep1, vtep2]);
    const replyWire = idx((h) => h.kind === 'wire', decap + 1);
    expect(tunnelEnds(WEB_HOPS, replyWire, scene)).toEqual([vtep2, vtep1]);
  });

  it('is drawn along the top of the node network bus, not across other nodes', () => {
    const path = tunnelPath([vtep1, vtep2], scene);
    expect(path).toEqual([vtep1, { x: vtep1.x, y: 305 }, { x: vtep2.x, y: 305 }, vtep2]);
    expect(tunnelPath([vtep1, vtep2], { ...scene, bus: () => undefined })).toEqual([vtep1, vtep2]);
  });

  it('is absent outside the tunnel', () => {
    expect(tunnelEnds(WEB_HOPS, 0, scene)).toBeUndefined();
    expect(tunnelEnds(WEB_HOPS, 2, scene)).toBeUndefined();
  });
});
