import { describe, expect, it } from 'vitest';
import { TestCluster } from '../../testing/test-cluster';

const pdb = (spec: string) => `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: db}\nspec:\n${spec}`;

describe('PodDisruptionBudget validation', () => {
  it.each([
    ['a negative maxUnavailable', pdb('  maxUnavailable: -1\n'),
      'The PodDisruptionBudget "db" is invalid: spec.maxUnavailable: Invalid value: -1: must be greater than or equal to 0'],
    ['a percentage above 100%', pdb('  minAvailable: 150%\n'),
      'The PodDisruptionBudget "db" is invalid: spec.minAvailable: Invalid value: "150%": must not be greater than 100%'],
    ['a string that is not a percentage', pdb('  minAvailable: half\n'),
      "The PodDisruptionBudget \"db\" is invalid: spec.minAvailable: Invalid value: \"half\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"],
    ['an unknown unhealthy-pod eviction policy', pdb('  minAvailable: 1\n  unhealthyPodEvictionPolicy: Sometimes\n'),
      'The PodDisruptionBudget "db" is invalid: spec.unhealthyPodEvictionPolicy: Unsupported value: "Sometimes": supported values: "AlwaysAllow", "IfHealthyBudget"'],
    ['a selector expression without values', pdb('  minAvailable: 1\n  selector: {matchExpressions: [{key: app, operator: In}]}\n'),
      "The PodDisruptionBudget \"db\" is invalid: spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"],
  ])('refuses %s', (_name, manifest, message) => {
    const r = new TestCluster().apply(manifest);
    expect(r.ok).toBe(false);
    expect(r.documents[0].message).toBe(message);
  });

  it('refuses minAvailable and maxUnavailable together, printing the spec as Go does', () => {
    const r = new TestCluster().apply(pdb('  minAvailable: 1\n  maxUnavailable: 1\n  selector: {matchLabels: {app: db}}\n'));
    expect(r.documents[0].message).toMatch(
      /^The PodDisruptionBudget "db" is invalid: spec: Invalid value: policy\.PodDisruptionBudgetSpec\{MinAvailable:\(\*intstr\.IntOrString\)\(0xc[0-9a-f]+\), Selector:\(\*v1\.LabelSelector\)\(0xc[0-9a-f]+\), MaxUnavailable:\(\*intstr\.IntOrString\)\(0xc[0-9a-f]+\), UnhealthyPodEvictionPolicy:\(\*policy\.UnhealthyPodEvictionPolicyType\)\(nil\)\}: minAvailable and maxUnavailable cannot be both set$/,
    );
  });

  it('accepts ints, percentages and either field, and a spec change bumps the generation', () => {
    const c = new TestCluster();
    c.applyOk(pdb('  minAvailable: 2\n  selector: {matchLabels: {app: db}}\n'));
    const get = () => c.world.getObject({ kind: 'PodDisruptionBudget', namespace: 'default', name: 'db' }) as { metadata: { generation?: number }; status?: object };
    expect(get().metadata.generation).toBe(1);
    c.applyOk(pdb('  maxUnavailable: 25%\n  selector: {matchLabels: {app: db}}\n'));
    expect(get().metadata.generation).toBe(2);
  });
});
