import { describe, expect, it } from 'vitest';
import { TestCluster } from '../../testing/test-cluster';

const web = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: c, image: nginx:1.27}]
`;

describe('kubectl get/describe poddisruptionbudget', () => {
  it('prints N/A for the field not set, the allowed disruptions and the age', () => {
    const c = new TestCluster();
    c.applyOk(web);
    c.applyOk('apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web-min}\nspec: {minAvailable: 2, selector: {matchLabels: {app: web}}}\n');
    c.applyOk('apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web-max}\nspec: {maxUnavailable: 34%, selector: {matchLabels: {app: web}}}\n');
    c.settle();
    c.step(30_000);
    const age = c.kubectl('get pdb web-min --no-headers').trim().split(/\s+/).pop()!;
    expect(c.kubectl('get pdb')).toBe(
      [
        'NAME      MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE',
        `web-max   N/A             34%               2                     ${age}`,
        `web-min   2               N/A               1                     ${age}`,
        '',
      ].join('\n'),
    );
    expect(c.kubectl('get pdb web-min -o name')).toBe('poddisruptionbudget.policy/web-min\n');
  });

  it('describes the budget and its status', () => {
    const c = new TestCluster();
    c.applyOk('apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: zk-pdb}\nspec: {maxUnavailable: 1, selector: {matchLabels: {app: zookeeper}}}\n');
    c.settle();
    c.step(5000);
    expect(c.kubectl('describe pdb zk-pdb')).toBe(
      [
        'Name:             zk-pdb',
        'Namespace:        default',
        'Max unavailable:  1',
        'Selector:         app=zookeeper',
        'Status:',
        '    Allowed disruptions:  0',
        '    Current:              0',
        '    Desired:              0',
        '    Total:                0',
        'Events:',
        '  Type    Reason  Age              From               Message',
        '  ----    ------  ----             ----               -------',
        '  Normal  NoPods  5s (x2 over 5s)  controllermanager  No matching pods found',
        '',
      ].join('\n'),
    );
  });
});
