import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/meta';
import { TestCluster } from '../../testing/test-cluster';
import { aggregateMessage } from './limitranger';

const pod = (name: string, resources: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec: {containers: [{name: c, image: nginx, resources: ${resources}}]}\n`;
const limitRange = (items: string) => `apiVersion: v1\nkind: LimitRange\nmetadata: {name: lr}\nspec:\n  limits:\n${items}`;

describe('LimitRanger admission', () => {
  it('fills default requests and limits into containers that leave them out, and says so in an annotation', () => {
    const c = new TestCluster();
    c.applyOk(limitRange('  - {type: Container, default: {memory: 512Mi, cpu: 500m}, defaultRequest: {memory: 256Mi}}\n'));
    c.applyOk(pod('web', '{limits: {cpu: 200m}}'));
    const p = c.pod('web');
    // cpu: the pod's own limit stays and (pod defaulting) becomes its request; memory comes from the range.
    expect(p.spec?.containers[0].resources).toEqual({ limits: { cpu: '200m', memory: '512Mi' }, requests: { cpu: '200m', memory: '256Mi' } });
    expect(p.metadata?.annotations?.['kubernetes.io/limit-ranger']).toBe('LimitRanger plugin set: memory request for container c; memory limit for container c');
  });

  it('stores the LimitRange with its defaulted default and defaultRequest', () => {
    const c = new TestCluster();
    c.applyOk(limitRange('  - {type: Container, max: {cpu: "1"}, min: {memory: 100Mi}}\n'));
    const lr = c.world.getObject({ kind: 'LimitRange', namespace: 'default', name: 'lr' }) as KubeObject & { spec: { limits: Array<Record<string, unknown>> } };
    expect(lr.spec.limits[0]).toMatchObject({ default: { cpu: '1' }, defaultRequest: { cpu: '1', memory: '100Mi' } });
  });

  it('refuses containers under min and over max with every message aggregated', () => {
    const c = new TestCluster();
    c.applyOk(limitRange('  - {type: Container, min: {cpu: 100m}, max: {memory: 1Gi}, default: {cpu: 200m, memory: 512Mi}}\n'));
    const r = c.apply(pod('x', '{requests: {cpu: 50m}, limits: {memory: 2Gi}}'));
    expect(r.ok).toBe(false);
    expect(r.documents[0].message).toBe('Error from server (Forbidden): error when creating "STDIN": pods "x" is forbidden: [minimum cpu usage per Container is 100m, but request is 50m, maximum memory usage per Container is 1Gi, but limit is 2Gi]');
    expect(c.world.getObject({ kind: 'Pod', namespace: 'default', name: 'x' })).toBeUndefined();
    // One message alone has no brackets.
    const one = c.apply(pod('why', '{requests: {cpu: 50m}}'));
    expect(one.documents[0].message).toMatch(/pods "why" is forbidden: minimum cpu usage per Container is 100m, but request is 50m$/);
  });

  it('checks maxLimitRequestRatio and the Pod type totals', () => {
    const c = new TestCluster();
    c.applyOk(limitRange('  - {type: Container, maxLimitRequestRatio: {cpu: "2"}}\n  - {type: Pod, max: {memory: 1Gi}}\n'));
    const ratio = c.apply(pod('r', '{requests: {cpu: 100m}, limits: {cpu: 250m, memory: 100Mi}}'));
    expect(ratio.documents[0].message).toMatch(/pods "r" is forbidden: cpu max limit to request ratio per Container is 2, but provided ratio is 2\.500000$/);
    const noLimit = c.apply(pod('nolimit', '{requests: {cpu: 100m}}'));
    expect(noLimit.documents[0].message).toContain('[cpu max limit to request ratio per Container is 2, but no limit is specified or limit is 0, maximum memory usage per Pod is 1Gi.  No limit is specified]');
    c.applyOk(pod('ok', '{requests: {cpu: 100m}, limits: {cpu: 200m, memory: 1Gi}}'));
  });

  it('holds PersistentVolumeClaims to min and max storage, on create and on resize', () => {
    const c = new TestCluster();
    c.applyOk(limitRange('  - {type: PersistentVolumeClaim, min: {storage: 1Gi}, max: {storage: 2Gi}}\n'));
    const claim = (name: string, size: string) => `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: ${name}}\nspec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: ${size}}}}\n`;
    expect(c.apply(claim('small', '500Mi')).documents[0].message).toBe('Error from server (Forbidden): error when creating "STDIN": persistentvolumeclaims "small" is forbidden: minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi');
    expect(c.apply(claim('big', '3Gi')).documents[0].message).toMatch(/persistentvolumeclaims "big" is forbidden: maximum storage usage per PersistentVolumeClaim is 2Gi, but request is 3Gi$/);
    c.applyOk(claim('fits', '1536Mi'));
    expect(c.world.getObject({ kind: 'PersistentVolumeClaim', namespace: 'default', name: 'fits' })).toBeDefined();
  });

  it('aggregates like utilerrors: duplicates once, brackets only for several', () => {
    expect(aggregateMessage(['a'])).toBe('a');
    expect(aggregateMessage(['a', 'a'])).toBe('a');
    expect(aggregateMessage(['a', 'b', 'a'])).toBe('[a, b]');
  });
});
