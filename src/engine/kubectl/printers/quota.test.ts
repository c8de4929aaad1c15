import { describe, expect, it } from 'vitest';
import { TestCluster } from '../../testing/test-cluster';

describe('kubectl get/describe resourcequota and limitrange', () => {
  it('prints NAME AGE REQUEST LIMIT, limits.* on the right, and the describe table', () => {
    const c = new TestCluster();
    c.applyOk('apiVersion: v1\nkind: ResourceQuota\nmetadata: {name: mem-cpu-demo}\nspec: {hard: {requests.cpu: "1", requests.memory: 1Gi, limits.cpu: "2", limits.memory: 2Gi}}\n');
    c.settle();
    c.applyOk('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx, resources: {requests: {cpu: 400m, memory: 600Mi}, limits: {cpu: 800m, memory: 800Mi}}}]}\n');
    c.settle();
    const out = c.kubectl('get quota');
    expect(out.split('\n')[0]).toMatch(/^NAME +AGE +REQUEST +LIMIT$/);
    expect(out.split('\n')[1]).toMatch(/^mem-cpu-demo +\d+s +requests\.cpu: 400m\/1, requests\.memory: 600Mi\/1Gi +limits\.cpu: 800m\/2, limits\.memory: 800Mi\/2Gi$/);
    expect(c.kubectl('describe resourcequota mem-cpu-demo')).toBe(
      'Name:            mem-cpu-demo\n' +
      'Namespace:       default\n' +
      'Resource         Used   Hard\n' +
      '--------         ----   ----\n' +
      'limits.cpu       800m   2\n' +
      'limits.memory    800Mi  2Gi\n' +
      'requests.cpu     400m   1\n' +
      'requests.memory  600Mi  1Gi\n');
  });

  it('prints NAME CREATED AT for limit ranges and the Type/Resource describe table', () => {
    const c = new TestCluster();
    c.applyOk('apiVersion: v1\nkind: LimitRange\nmetadata: {name: mem-limit-range}\nspec: {limits: [{type: Container, default: {memory: 512Mi}, defaultRequest: {memory: 256Mi}}, {type: PersistentVolumeClaim, min: {storage: 1Gi}}]}\n');
    const out = c.kubectl('get limits');
    expect(out).toMatch(/^NAME +CREATED AT\nmem-limit-range +\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n$/);
    expect(c.kubectl('describe limitrange mem-limit-range')).toBe(
      'Name:                  mem-limit-range\n' +
      'Namespace:             default\n' +
      'Type                   Resource  Min  Max  Default Request  Default Limit  Max Limit/Request Ratio\n' +
      '----                   --------  ---  ---  ---------------  -------------  -----------------------\n' +
      'Container              memory    -    -    256Mi            512Mi          -\n' +
      'PersistentVolumeClaim  storage   1Gi  -    -                -              -\n');
  });
});
