import { describe, expect, it } from 'vitest';
import { TestCluster } from '../../testing/test-cluster';

const pc = (name: string, rest: string) => `apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: ${name}}\n${rest}`;

describe('PriorityClass validation', () => {
  it.each([
    ['a user value above 1000000000', pc('huge', 'value: 1000000001\n'),
      'The PriorityClass "huge" is invalid: value: Forbidden: maximum allowed value of a user defined priority is 1000000000'],
    ['a system- name that is not a built-in class', pc('system-mine', 'value: 10\n'),
      "The PriorityClass \"system-mine\" is invalid: metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-mine is not a known system priority class"],
    ['a built-in name with another value', pc('system-cluster-critical', 'value: 10\n'),
      "The PriorityClass \"system-cluster-critical\" is invalid: metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: value of system-cluster-critical PriorityClass must be 2000000000"],
    ['an unknown preemption policy', pc('odd', 'value: 1\npreemptionPolicy: Sometimes\n'),
      'The PriorityClass "odd" is invalid: preemptionPolicy: Unsupported value: "Sometimes": supported values: "PreemptLowerPriority", "Never"'],
    ['a name that is not a DNS subdomain', pc('Bad_Name', 'value: 1\n'),
      "The PriorityClass \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"],
  ])('refuses %s', (_name, manifest, message) => {
    const r = new TestCluster().apply(manifest);
    expect(r.ok).toBe(false);
    expect(r.documents[0].message).toBe(message);
  });

  it('accepts 1000000000 itself, and a class without a value (it decodes as 0)', () => {
    const c = new TestCluster();
    c.applyOk(pc('top', 'value: 1000000000\n'));
    c.applyOk(pc('zero', 'description: no value given\n'));
    expect(c.world.getObject({ kind: 'PriorityClass', name: 'zero' })).toMatchObject({ preemptionPolicy: 'PreemptLowerPriority', metadata: { generation: 1 } });
    expect((c.world.getObject({ kind: 'PriorityClass', name: 'zero' }) as { value?: number }).value ?? 0).toBe(0);
  });
});
