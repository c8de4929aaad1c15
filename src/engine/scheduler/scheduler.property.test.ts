// Property: whatever pods and nodes arrive, and however late the informers see the writes, the
// scheduler never binds a pod to a node that fails a filter, and the requests on a node never exceed
// its allocatable. Checked against the store (the truth), not the scheduler's own cache.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Node, Pod, Taint } from 'kubernetes-types/core/v1';
import { makeNodeWithCapacity, makeSchedulingPod } from '../testing/builders';
import { SchedulerHarness } from '../testing/scheduler-harness';
import { newNodeInfo } from './framework/node-info';
import { isVisible } from './eventhandlers';
import { computePodResourceRequest, fitsRequest } from './plugins/noderesources/fit';
import { doNotScheduleTaintsFilter, findMatchingUntoleratedTaint, tolerationsTolerateTaint } from './plugins/tainttoleration/taint-toleration';
import { getRequiredNodeAffinity, requiredNodeAffinityMatches } from './plugins/nodeaffinity/node-selector';
import { conflictingPort } from './plugins/nodeports/node-ports';

const taintArb: fc.Arbitrary<Taint> = fc.record({
  key: fc.constantFrom('dedicated', 'gpu'),
  value: fc.constantFrom('', 'a'),
  effect: fc.constantFrom('NoSchedule', 'NoExecute', 'PreferNoSchedule'),
});

const nodeArb = fc.record({
  cpu: fc.constantFrom('1', '2', '4'),
  memory: fc.constantFrom('1Gi', '4Gi'),
  pods: fc.integer({ min: 1, max: 6 }),
  taints: fc.array(taintArb, { maxLength: 2 }),
  unschedulable: fc.boolean(),
  zone: fc.constantFrom('a', 'b'),
});

const podArb = fc.record({
  cpu: fc.constantFrom(undefined, '100m', '500m', '1', '1500m', '3'),
  memory: fc.constantFrom(undefined, '128Mi', '1Gi'),
  priority: fc.constantFrom(0, 0, 100),
  tolerate: fc.constantFrom(undefined, 'dedicated', 'all'),
  zone: fc.constantFrom(undefined, 'a', 'b'),
  hostPort: fc.constantFrom(undefined, undefined, 8080),
  /** pods of one group refuse to share a node (required pod anti-affinity on the hostname) */
  group: fc.constantFrom(undefined, undefined, 'x', 'y'),
});

const opArb = fc.oneof(
  { weight: 4, arbitrary: podArb.map((spec) => ({ kind: 'pod' as const, spec })) },
  { weight: 1, arbitrary: nodeArb.map((spec) => ({ kind: 'node' as const, spec })) },
  { weight: 1, arbitrary: fc.nat(20).map((i) => ({ kind: 'delete' as const, i })) },
  { weight: 2, arbitrary: fc.constant({ kind: 'deliver' as const }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'schedule' as const }) },
  { weight: 2, arbitrary: fc.constantFrom(500, 2000, 61_000).map((ms) => ({ kind: 'step' as const, ms })) },
);

/** The filter plugins' rules, restated against the store's truth. Returns what is violated. */
function violations(h: SchedulerHarness, pod: Pod, nodeName: string): string[] {
  const node = h.node(nodeName) as Node | undefined;
  if (!node) return [`node ${nodeName} does not exist`];
  const out: string[] = [];
  const toleratesCordon = tolerationsTolerateTaint(pod.spec?.tolerations, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' });
  if (node.spec?.unschedulable && !toleratesCordon) out.push('cordoned');
  if (findMatchingUntoleratedTaint(node.spec?.taints, pod.spec?.tolerations, doNotScheduleTaintsFilter)) out.push('untolerated taint');
  if (!requiredNodeAffinityMatches(getRequiredNodeAffinity(pod), node)) out.push('node affinity');
  const others = (h.store.list('pods') as unknown as Pod[]).filter(
    (p) => p.spec?.nodeName === nodeName && isVisible(p) && p.metadata?.uid !== pod.metadata?.uid,
  );
  const ni = newNodeInfo(node, ...others);
  const short = fitsRequest(computePodResourceRequest(pod), ni);
  if (short.length) out.push(short.map((r) => r.reason).join(','));
  const ports = (pod.spec?.containers ?? []).flatMap((c) => c.ports ?? []).filter((p) => (p.hostPort ?? 0) > 0);
  if (conflictingPort(ports, ni.usedPorts)) out.push('host port');
  const group = pod.metadata?.labels?.group;
  if (group && others.some((p) => p.metadata?.labels?.group === group)) out.push(`anti-affinity group ${group}`);
  return out;
}

type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;
type NodeSpec = typeof nodeArb extends fc.Arbitrary<infer T> ? T : never;

function run(ops: Op[], seed: number): void {
  const h = new SchedulerHarness({ manualDelivery: true, seed });
  const bad: string[] = [];
  // Every binding the scheduler makes is judged the moment it is written.
  h.store.watch((rec) => {
    if (rec.resource !== 'pods' || rec.writer !== 'kube-scheduler' || rec.type !== 'MODIFIED') return;
    const before = rec.oldObject as unknown as Pod | undefined;
    const after = rec.object as unknown as Pod;
    if (before?.spec?.nodeName || !after.spec?.nodeName) return;
    const v = violations(h, after, after.spec.nodeName);
    if (v.length) bad.push(`${after.metadata?.name} -> ${after.spec.nodeName}: ${v.join('; ')}`);
  });
  let nodes = 0;
  let pods = 0;
  const addNode = (spec: NodeSpec) => {
    h.createNode(makeNodeWithCapacity({
      name: `node-${nodes}`, cpu: spec.cpu, memory: spec.memory, pods: spec.pods, taints: spec.taints,
      unschedulable: spec.unschedulable, labels: { 'topology.kubernetes.io/zone': spec.zone, 'kubernetes.io/hostname': `node-${nodes++}` },
    }));
  };
  addNode({ cpu: '2', memory: '4Gi', pods: 4, taints: [], unschedulable: false, zone: 'a' });
  for (const op of ops) {
    switch (op.kind) {
      case 'pod': {
        const s = op.spec;
        h.createPod(makeSchedulingPod({
          name: `p-${pods++}`, cpu: s.cpu, memory: s.memory, priority: s.priority, hostPort: s.hostPort,
          ...(s.tolerate ? { tolerations: [s.tolerate === 'all' ? { operator: 'Exists' } : { key: 'dedicated', operator: 'Exists' }] } : {}),
          ...(s.zone ? { nodeSelector: { 'topology.kubernetes.io/zone': s.zone } } : {}),
          ...(s.group
            ? {
                labels: { group: s.group },
                affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { group: s.group } }, topologyKey: 'kubernetes.io/hostname' }] } },
              }
            : {}),
        }));
        break;
      }
      case 'node':
        addNode(op.spec);
        break;
      case 'delete':
        if (pods > 0) h.deletePod(`p-${op.i % pods}`);
        break;
      case 'deliver':
        h.deliver();
        break;
      case 'schedule':
        h.fireTimers();
        h.scheduler.runOnce();
        break;
      case 'step':
        h.step(op.ms);
        break;
    }
  }
  h.step(10 * 60_000);
  expect(bad).toEqual([]);

  // At rest: on every node the visible pods' requests fit its allocatable.
  for (const node of h.store.list('nodes') as unknown as Node[]) {
    const name = node.metadata!.name!;
    const bound = (h.store.list('pods') as unknown as Pod[]).filter((p) => p.spec?.nodeName === name && isVisible(p));
    const ni = newNodeInfo(node, ...bound);
    expect(ni.requested.milliCPU).toBeLessThanOrEqual(ni.allocatable.milliCPU);
    expect(ni.requested.memory).toBeLessThanOrEqual(ni.allocatable.memory);
    expect(bound.length).toBeLessThanOrEqual(ni.allocatable.allowedPodNumber);
  }
  // And the scheduler's cache agrees with the store once every event is delivered.
  const cached = h.scheduler.cachedPodsByNode();
  for (const node of h.store.list('nodes') as unknown as Node[]) {
    const name = node.metadata!.name!;
    const truth = (h.store.list('pods') as unknown as Pod[]).filter((p) => p.spec?.nodeName === name && isVisible(p)).map((p) => p.metadata!.name).sort();
    expect((cached.get(name) ?? []).map((p) => p.metadata!.name).sort()).toEqual(truth);
  }
}

describe('scheduler invariants (fast-check)', () => {
  it('never binds a pod to a node that fails a filter, and never overcommits a node', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 1000 }), (ops, seed) => run(ops, seed)),
      { numRuns: 150 },
    );
  });
});
