import { describe, expect, it } from 'vitest';
import { TestCluster } from '../../testing/test-cluster';
import { isKnownSystemPriorityClass } from './priorityclass';

const pc = (name: string, rest: string) => `apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: ${name}}\n${rest}`;

describe('PriorityClass registry', () => {
  it('serves the two system classes from cluster start, as the API server creates them', () => {
    const c = new TestCluster();
    expect(c.world.getObject({ kind: 'PriorityClass', name: 'system-node-critical' })).toMatchObject({
      apiVersion: 'scheduling.k8s.io/v1', value: 2000001000, preemptionPolicy: 'PreemptLowerPriority',
      description: 'Used for system critical pods that must not be moved from their current node.', metadata: { generation: 1 },
    });
    expect(c.world.getObject({ kind: 'PriorityClass', name: 'system-cluster-critical' })).toMatchObject({
      value: 2000000000, description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
    });
    expect(c.world.getObject({ kind: 'PriorityClass', name: 'system-cluster-critical' })).not.toHaveProperty('globalDefault');
  });

  it.each([
    ['value', pc('high', 'value: 2000\n'), 'The PriorityClass "high" is invalid: value: Forbidden: may not be changed in an update.'],
    ['preemptionPolicy', pc('high', 'value: 1000\npreemptionPolicy: Never\n'), 'The PriorityClass "high" is invalid: preemptionPolicy: Invalid value: "Never": field is immutable'],
  ])('refuses a change of %s', (_field, manifest, message) => {
    const c = new TestCluster();
    c.applyOk(pc('high', 'value: 1000\n'));
    const r = c.apply(manifest);
    expect(r.ok).toBe(false);
    expect(r.documents[0].message).toBe(message);
  });

  it('lets the description change, without a new generation', () => {
    const c = new TestCluster();
    c.applyOk(pc('high', 'value: 1000\n'));
    expect(c.applyOk(pc('high', 'value: 1000\ndescription: for the front end\n')).documents[0].message).toBe('priorityclass.scheduling.k8s.io/high configured');
    expect(c.world.getObject({ kind: 'PriorityClass', name: 'high' })).toMatchObject({ description: 'for the front end', metadata: { generation: 1 } });
  });

  it('refuses to delete a system class, deletes others', () => {
    const c = new TestCluster();
    expect(c.kubectl('delete priorityclass system-cluster-critical')).toBe(
      'Error from server (Forbidden): priorityclasses.scheduling.k8s.io "system-cluster-critical" is forbidden: this is a system priority class and cannot be deleted\n',
    );
    c.applyOk(pc('high', 'value: 1000\n'));
    expect(c.kubectl('delete pc high')).toBe('priorityclass.scheduling.k8s.io "high" deleted\n');
    expect(c.world.getObject({ kind: 'PriorityClass', name: 'high' })).toBeUndefined();
  });

  it.each<[string, number, boolean, true | string]>([
    ['system-node-critical', 2000001000, false, true],
    ['system-node-critical', 5, false, 'value of system-node-critical PriorityClass must be 2000001000'],
    ['system-cluster-critical', 2000000000, true, 'globalDefault of system-cluster-critical PriorityClass must be false'],
    ['system-other', 1, false, 'system-other is not a known system priority class'],
  ])('IsKnownSystemPriorityClass(%s, %i, %s)', (name, value, globalDefault, want) => {
    expect(isKnownSystemPriorityClass(name, value, globalDefault)).toBe(want);
  });
});
