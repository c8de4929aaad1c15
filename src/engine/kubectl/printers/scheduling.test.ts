import { describe, expect, it } from 'vitest';
import { TestCluster } from '../../testing/test-cluster';

describe('kubectl get/describe priorityclass', () => {
  it('prints NAME VALUE GLOBAL-DEFAULT AGE PREEMPTIONPOLICY, sorted by name, with the built-in classes', () => {
    // Without the CoreDNS addon bootstrap settles at once (its first liveness probe waits 60 s), so the
    // built-in classes are seconds old after the 90 s step.
    const c = new TestCluster({ coreDNS: false });
    c.applyOk('apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: high}\nvalue: 1000000\npreemptionPolicy: Never\nglobalDefault: true\n');
    c.step(90_000);
    const ageOfSystem = c.kubectl('get pc system-node-critical --no-headers').split(/\s+/)[3];
    expect(ageOfSystem).toMatch(/^\d+s$/);
    expect(c.kubectl('get priorityclasses')).toBe(
      [
        'NAME                      VALUE        GLOBAL-DEFAULT   AGE   PREEMPTIONPOLICY',
        'high                      1000000      true             90s   Never',
        `system-cluster-critical   2000000000   false            ${ageOfSystem.padEnd(5)} PreemptLowerPriority`,
        `system-node-critical      2000001000   false            ${ageOfSystem.padEnd(5)} PreemptLowerPriority`,
        '',
      ].join('\n'),
    );
    expect(c.kubectl('get pc high -o name')).toBe('priorityclass.scheduling.k8s.io/high\n');
  });

  it('describes a class: value, default, policy, description and annotations on one line', () => {
    const c = new TestCluster();
    expect(c.kubectl('describe priorityclass system-cluster-critical')).toBe(
      [
        'Name:              system-cluster-critical',
        'Value:             2000000000',
        'GlobalDefault:     false',
        'PreemptionPolicy:  PreemptLowerPriority',
        'Description:       Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
        'Annotations:       <none>',
        'Events:            <none>',
        '',
      ].join('\n'),
    );
  });
});
