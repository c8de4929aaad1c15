import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_MEMORY, GAP_LANE_OFFSET, layoutCluster, PENDING_ID, WORKLOADS_ID, type Box, type LayoutInput, type LayoutMemory } from './cluster-layout';
import { NODE_GAP, POD_GAP, POD_H, POD_W, WORKLOADS_HEADER_H } from './geometry';
import { assignSlots } from './slots';

const NODES = ['Node:node-1', 'Node:node-2', 'Node:node-3'];

function input(pods: Record<string, string[]>, extra: Partial<LayoutInput> = {}): LayoutInput {
  return {
    controlPlane: 'Node:control-plane',
    workers: NODES,
    podsByContainer: new Map(Object.entries(pods)),
    services: [],
    endpointPods: new Map(),
    ...extra,
  };
}

function byId(boxes: Box[]): Map<string, Box> {
  return new Map(boxes.map((b) => [b.id, b]));
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe('assignSlots', () => {
  it('keeps known ids in place and gives newcomers the lowest free slot', () => {
    const prev = new Map([['a', 0], ['b', 1], ['c', 2]]);
    expect(assignSlots(prev, ['a', 'c', 'd'])).toEqual(new Map([['a', 0], ['c', 2], ['d', 1]]));
  });

  it('returns the same map when nothing changed', () => {
    const prev = assignSlots(new Map(), ['x', 'y']);
    expect(assignSlots(prev, ['y', 'x'])).toBe(prev);
  });
});

describe('layoutCluster', () => {
  it('adding a pod does not move the other pods or the nodes', () => {
    const first = layoutCluster(input({ 'Node:node-1': ['Pod:default/a', 'Pod:default/b'] }), EMPTY_MEMORY);
    const second = layoutCluster(input({ 'Node:node-1': ['Pod:default/a', 'Pod:default/aa', 'Pod:default/b'] }), first.memory);
    const before = byId(first.boxes);
    const after = byId(second.boxes);
    for (const id of ['Pod:default/a', 'Pod:default/b']) expect(after.get(id)).toEqual(before.get(id));
    for (const id of NODES) expect([after.get(id)?.x, after.get(id)?.y]).toEqual([before.get(id)?.x, before.get(id)?.y]);
    expect(after.get('Pod:default/aa')?.parentId).toBe('Node:node-1');
  });

  it('gives worker nodes one pod row until a pod needs a second, and grows them downwards only', () => {
    const empty = layoutCluster(input({}), EMPTY_MEMORY);
    const two = layoutCluster(input({ 'Node:node-1': ['Pod:d/a', 'Pod:d/b'] }), empty.memory);
    const three = layoutCluster(input({ 'Node:node-1': ['Pod:d/a', 'Pod:d/b', 'Pod:d/c'] }), two.memory);
    const rows = (l: typeof empty) => NODES.map((id) => byId(l.boxes).get(id)!.rows);
    expect(rows(empty)).toEqual([1, 1, 1]);
    expect(rows(two)).toEqual([1, 1, 1]);
    expect(rows(three)).toEqual([2, 2, 2]); // every node keeps its network strip on one line
    const [n2, n3] = [byId(two.boxes).get('Node:node-1')!, byId(three.boxes).get('Node:node-1')!];
    expect(n3.y).toBe(n2.y);
    expect(n3.height).toBe(n2.height + POD_H + POD_GAP);
    expect(byId(three.boxes).get('Pod:d/c')!.y).toBeGreaterThan(byId(three.boxes).get('Pod:d/a')!.y);
  });

  it('keeps the empty unscheduled area and workloads list small, and grows them with their content', () => {
    const { boxes } = layoutCluster(input({}), EMPTY_MEMORY);
    const cp = boxes.find((b) => b.type === 'controlPlane')!;
    const pending = byId(boxes).get(PENDING_ID)!;
    const workloads = byId(boxes).get(WORKLOADS_ID)!;
    expect(pending.height).toBeLessThan(cp.height);
    expect(workloads.height).toBeLessThan(cp.height / 2);
    const busy = layoutCluster(input({ [PENDING_ID]: ['Pod:d/p'] }, { workloadRows: 2 }), EMPTY_MEMORY);
    const pod = byId(busy.boxes).get('Pod:d/p')!;
    const pendingNow = byId(busy.boxes).get(PENDING_ID)!;
    expect(pending.height).toBeLessThan(pendingNow.height);
    expect(pod.y + pod.height).toBeLessThanOrEqual(pendingNow.height);
    expect(byId(busy.boxes).get(WORKLOADS_ID)!.height).toBeGreaterThan(workloads.height);
    const many = layoutCluster(input({}, { workloadRows: 40 }), EMPTY_MEMORY);
    expect(byId(many.boxes).get(WORKLOADS_ID)!.height).toBe(byId(many.boxes).get('Node:control-plane')!.height);
  });

  it('makes the workloads box tall enough for a Deployment, its ReplicaSet and a DaemonSet', () => {
    // Rows are 23px (canvas.css), groups 6px apart, then 8px padding and a 1.5px border below.
    const rows = 3;
    const needed = WORKLOADS_HEADER_H + rows * 23 + (rows - 1) * 6 + 9.5;
    const { boxes } = layoutCluster(input({ 'Node:control-plane': ['Pod:kube-system/a', 'Pod:kube-system/b'] }, { workloadRows: rows }), EMPTY_MEMORY);
    const workloads = byId(boxes).get(WORKLOADS_ID)!;
    expect(workloads.height).toBeGreaterThanOrEqual(needed);
    expect(workloads.height).toBeLessThanOrEqual(byId(boxes).get('Node:control-plane')!.height);
  });

  it('keeps a leaving pod in its cell, marked, without a Service line, until it is gone', () => {
    const pods = { 'Node:node-1': ['Pod:d/a', 'Pod:d/b'] };
    const endpointPods = new Map([['Service:d/web', ['Pod:d/a', 'Pod:d/b']]]);
    const before = layoutCluster(input(pods, { services: ['Service:d/web'], endpointPods }), EMPTY_MEMORY);
    const during = layoutCluster(input(pods, { services: ['Service:d/web'], endpointPods, leaving: new Set(['Pod:d/b']) }), before.memory);
    const b = byId(during.boxes).get('Pod:d/b')!;
    expect(b.leaving).toBe(true);
    expect([b.x, b.y]).toEqual([byId(before.boxes).get('Pod:d/b')!.x, byId(before.boxes).get('Pod:d/b')!.y]);
    expect(byId(during.boxes).get('Pod:d/a')!.leaving).toBeUndefined();
    expect(during.edges.filter((e) => e.type === 'endpoint').map((e) => e.target)).toEqual(['Pod:d/a']);
  });

  it('a deleted pod leaves a hole the next pod fills, without moving the rest', () => {
    const a = layoutCluster(input({ 'Node:node-2': ['Pod:x/p1', 'Pod:x/p2', 'Pod:x/p3'] }), EMPTY_MEMORY);
    const b = layoutCluster(input({ 'Node:node-2': ['Pod:x/p1', 'Pod:x/p3'] }), a.memory);
    expect(byId(b.boxes).get('Pod:x/p3')).toEqual(byId(a.boxes).get('Pod:x/p3'));
    const c = layoutCluster(input({ 'Node:node-2': ['Pod:x/p1', 'Pod:x/p3', 'Pod:x/p4'] }), b.memory);
    const p4 = byId(c.boxes).get('Pod:x/p4');
    const p2 = byId(a.boxes).get('Pod:x/p2');
    expect([p4?.x, p4?.y]).toEqual([p2?.x, p2?.y]);
  });

  it('a new node takes a new place and the existing nodes keep theirs', () => {
    const a = layoutCluster(input({}), EMPTY_MEMORY);
    const b = layoutCluster(input({}, { workers: [...NODES, 'Node:node-10', 'Node:node-4'] }), a.memory);
    for (const id of NODES) expect(byId(b.boxes).get(id)).toEqual(byId(a.boxes).get(id));
    const xs = ['Node:node-1', 'Node:node-2', 'Node:node-3', 'Node:node-4'].map((id) => byId(b.boxes).get(id)?.x);
    expect(xs).toEqual([...xs].sort((p, q) => (p ?? 0) - (q ?? 0)));
  });

  it('orders the first nodes naturally (node-2 before node-10)', () => {
    const a = layoutCluster(input({}, { workers: ['Node:node-10', 'Node:node-2'] }), EMPTY_MEMORY);
    expect(byId(a.boxes).get('Node:node-2')!.x).toBeLessThan(byId(a.boxes).get('Node:node-10')!.x);
  });

  it('lists parents before their pods and links every worker kubelet to the apiserver', () => {
    const { boxes, edges } = layoutCluster(input({ 'Node:node-3': ['Pod:d/p'], [PENDING_ID]: ['Pod:d/q'] }), EMPTY_MEMORY);
    const index = new Map(boxes.map((b, i) => [b.id, i]));
    for (const b of boxes) if (b.parentId) expect(index.get(b.parentId)).toBeLessThan(index.get(b.id)!);
    expect(edges.filter((e) => e.type === 'link').map((e) => e.data.link)).toEqual(['kubelet/node-1', 'kubelet/node-2', 'kubelet/node-3']);
  });

  it('draws endpoint edges only to pods that are on the canvas', () => {
    const { edges } = layoutCluster(
      input({ 'Node:node-1': ['Pod:d/a'] }, { services: ['Service:d/web'], endpointPods: new Map([['Service:d/web', ['Pod:d/a', 'Pod:d/gone']]]) }),
      EMPTY_MEMORY,
    );
    expect(edges.filter((e) => e.type === 'endpoint').map((e) => e.target)).toEqual(['Pod:d/a']);
  });

  it('over any sequence of pod changes, a pod that stays keeps its place and pods never overlap', () => {
    const podIds = Array.from({ length: 12 }, (_, i) => `Pod:default/p${i}`);
    const containers = [PENDING_ID, ...NODES];
    const step = fc.array(fc.record({ pod: fc.constantFrom(...podIds), where: fc.option(fc.constantFrom(...containers), { nil: undefined }) }), {
      minLength: 1,
      maxLength: 40,
    });
    fc.assert(
      fc.property(step, (ops) => {
        const placement = new Map<string, string>();
        let memory: LayoutMemory = EMPTY_MEMORY;
        let prev = new Map<string, Box>();
        for (const op of ops) {
          if (op.where === undefined) placement.delete(op.pod);
          else placement.set(op.pod, op.where);
          const pods: Record<string, string[]> = {};
          for (const [pod, c] of placement) (pods[c] ??= []).push(pod);
          const layout = layoutCluster(input(pods), memory);
          memory = layout.memory;
          const now = byId(layout.boxes);
          for (const [id, box] of now) {
            const old = prev.get(id);
            if (box.type === 'pod' && old && old.parentId === box.parentId) expect([box.x, box.y]).toEqual([old.x, old.y]);
            if (box.type === 'nodeGroup' && old) expect(box.x).toBe(old.x);
          }
          const podBoxes = layout.boxes.filter((b) => b.type === 'pod');
          for (let i = 0; i < podBoxes.length; i++) {
            expect(podBoxes[i].width).toBe(POD_W);
            expect(podBoxes[i].height).toBe(POD_H);
            for (let j = i + 1; j < podBoxes.length; j++) {
              if (podBoxes[i].parentId === podBoxes[j].parentId) expect(overlaps(podBoxes[i], podBoxes[j])).toBe(false);
            }
            const parent = now.get(podBoxes[i].parentId!)!;
            expect(podBoxes[i].x + podBoxes[i].width).toBeLessThanOrEqual(parent.width);
            expect(podBoxes[i].y + podBoxes[i].height).toBeLessThanOrEqual(parent.height);
          }
          prev = now;
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('Service lines', () => {
  const services = ['Service:d/api', 'Service:d/web'];
  const pods = { 'Node:node-1': ['Pod:d/a', 'Pod:d/b', 'Pod:d/c'], 'Node:node-2': ['Pod:d/e'] };
  const endpointPods = new Map([
    ['Service:d/web', ['Pod:d/a', 'Pod:d/b', 'Pod:d/c', 'Pod:d/e']],
    ['Service:d/api', ['Pod:d/e']],
  ]);
  const layout = layoutCluster(input(pods, { services, endpointPods }), EMPTY_MEMORY);
  const boxes = byId(layout.boxes);
  const eps = layout.edges.filter((e) => e.type === 'endpoint');
  const topLevel = layout.boxes.filter((b) => !b.parentId && b.type !== 'networkBus');

  it('enter pods in the left column from the left and pods in the right column from the right', () => {
    for (const e of eps) {
      const pod = boxes.get(e.target)!;
      const node = boxes.get(pod.parentId!)!;
      if (e.targetHandle === 'left') expect(e.data.gapX).toBe(node.x - GAP_LANE_OFFSET);
      else expect(e.data.gapX).toBe(node.x + node.width + GAP_LANE_OFFSET);
      expect(e.targetHandle).toBe(pod.x + pod.width / 2 < node.width / 2 ? 'left' : 'right');
      expect(e.sourceHandle).toBe('bottom');
    }
    expect(new Set(eps.map((e) => e.targetHandle))).toEqual(new Set(['left', 'right']));
  });

  it('run down the gaps between nodes and along lanes between the Services and the nodes, through no box', () => {
    for (const e of eps) {
      const gapX = e.data.gapX!;
      const laneY = e.data.laneY!;
      expect(GAP_LANE_OFFSET).toBeLessThan(NODE_GAP / 2);
      for (const b of topLevel) {
        const crossesGap = gapX > b.x && gapX < b.x + b.width && b.y + b.height > laneY;
        expect(crossesGap, `gap line at x=${gapX} runs through ${b.id}`).toBe(false);
        const crossesLane = laneY > b.y && laneY < b.y + b.height;
        expect(crossesLane, `lane at y=${laneY} runs through ${b.id}`).toBe(false);
      }
      const svc = boxes.get(e.source)!;
      const node = boxes.get(boxes.get(e.target)!.parentId!)!;
      expect(laneY).toBeGreaterThan(svc.y + svc.height);
      expect(laneY).toBeLessThan(node.y);
    }
  });

  it('give each Service its own lane', () => {
    const lane = (svc: string) => new Set(eps.filter((e) => e.source === svc).map((e) => e.data.laneY));
    expect(lane('Service:d/web').size).toBe(1);
    expect([...lane('Service:d/web')][0]).not.toBe([...lane('Service:d/api')][0]);
  });

  it('go up to pods in the top row (a pod whose node is gone waits in the unscheduled area)', () => {
    const l = layoutCluster(input({ [PENDING_ID]: ['Pod:d/x'] }, { services: ['Service:d/web'], endpointPods: new Map([['Service:d/web', ['Pod:d/x']]]) }), EMPTY_MEMORY);
    const e = l.edges.find((x) => x.type === 'endpoint')!;
    const svc = byId(l.boxes).get('Service:d/web')!;
    expect(e.sourceHandle).toBe('top');
    expect(e.data.laneY).toBeLessThan(svc.y);
    expect(e.data.laneY).toBeGreaterThan(byId(l.boxes).get('Node:control-plane')!.height);
  });
});

describe('the first-step hint', () => {
  it('sits in the services row after the services, without overlapping them', () => {
    const { boxes } = layoutCluster(input({}, { services: ['Service:default/kubernetes'], hint: true }), EMPTY_MEMORY);
    const hint = boxes.find((b) => b.type === 'hint');
    const svc = boxes.find((b) => b.type === 'service')!;
    expect(hint).toBeDefined();
    expect(hint!.y).toBe(svc.y);
    expect(overlaps(hint!, svc)).toBe(false);
  });

  it('is left out when not asked for', () => {
    const { boxes } = layoutCluster(input({}, { services: [] }), EMPTY_MEMORY);
    expect(boxes.some((b) => b.type === 'hint')).toBe(false);
  });
});
