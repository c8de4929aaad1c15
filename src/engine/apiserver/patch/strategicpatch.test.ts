import { describe, expect, it } from 'vitest';
import { goValue, strategicMergePatch } from './strategicpatch';

const deploy = {
  kind: 'Deployment',
  metadata: { name: 'web', finalizers: ['a'] },
  spec: {
    replicas: 1,
    template: {
      spec: {
        containers: [
          { name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80 }], env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], args: ['x'] },
          { name: 'sidecar', image: 'busybox' },
        ],
        tolerations: [{ key: 'k', operator: 'Exists' }],
        volumes: [{ name: 'data', emptyDir: {} }],
      },
    },
  },
};
type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const c0 = (d: Any) => d.spec.template.spec.containers[0];

describe('strategicMergePatch', () => {
  const cases: Array<[string, Record<string, unknown>, (d: Any) => unknown, unknown]> = [
    ['containers merge by name (image changes, the other container stays)',
      { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } } },
      (d) => d.spec.template.spec.containers.map((c: Any) => `${c.name}=${c.image}`), ['nginx=nginx:1.27', 'sidecar=busybox']],
    ['a new container is appended',
      { spec: { template: { spec: { containers: [{ name: 'log', image: 'fluentd' }] } } } },
      (d) => d.spec.template.spec.containers.map((c: Any) => c.name), ['nginx', 'sidecar', 'log']],
    ['env merges by name inside a merged container',
      { spec: { template: { spec: { containers: [{ name: 'nginx', env: [{ name: 'B', value: 'two' }, { name: 'C', value: '3' }] }] } } } },
      (d) => c0(d).env, [{ name: 'A', value: '1' }, { name: 'B', value: 'two' }, { name: 'C', value: '3' }]],
    ['ports merge by containerPort',
      { spec: { template: { spec: { containers: [{ name: 'nginx', ports: [{ containerPort: 443 }] }] } } } },
      (d) => c0(d).ports, [{ containerPort: 80 }, { containerPort: 443 }]],
    ['$patch: delete removes a list element by key',
      { spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } } } },
      (d) => d.spec.template.spec.containers.map((c: Any) => c.name), ['nginx']],
    ['$patch: replace replaces the whole list',
      { spec: { template: { spec: { volumes: [{ $patch: 'replace' }, { name: 'cache', emptyDir: {} }] } } } },
      (d) => d.spec.template.spec.volumes, [{ name: 'cache', emptyDir: {} }]],
    ['lists without a merge key (tolerations, args) are replaced',
      { spec: { template: { spec: { tolerations: [{ key: 'x', operator: 'Exists' }], containers: [{ name: 'nginx', args: ['y'] }] } } } },
      (d) => [d.spec.template.spec.tolerations, c0(d).args], [[{ key: 'x', operator: 'Exists' }], ['y']]],
    ['null deletes a field', { spec: { replicas: null } }, (d) => 'replicas' in d.spec, false],
    ['finalizers merge as a set', { metadata: { finalizers: ['b', 'a'] } }, (d) => d.metadata.finalizers, ['a', 'b']],
    ['$deleteFromPrimitiveList', { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } }, (d) => d.metadata.finalizers, []],
    ['$patch: replace on a map', { spec: { template: { spec: { $patch: 'replace', containers: [{ name: 'only', image: 'x' }] } } } },
      (d) => d.spec.template.spec, { containers: [{ name: 'only', image: 'x' }] }],
  ];
  it.each(cases)('%s', (_name, patch, pick, want) => {
    const r = strategicMergePatch(deploy, patch, 'Deployment');
    if (!r.ok) throw new Error(r.error);
    expect(pick(r.doc)).toEqual(want);
  });

  it('refuses a list element without its merge key, with the upstream text', () => {
    const r = strategicMergePatch(deploy, { spec: { template: { spec: { containers: [{ image: 'nginx' }] } } } }, 'Deployment');
    expect(r).toEqual({ ok: false, error: 'map: map[image:nginx] does not contain declared merge key: name' });
  });

  it('Service ports merge by port, and the input is not mutated', () => {
    const svc = { kind: 'Service', spec: { ports: [{ port: 80, targetPort: 8080 }] } };
    const r = strategicMergePatch(svc, { spec: { ports: [{ port: 80, targetPort: 9090 }, { port: 443 }] } }, 'Service');
    expect(r.ok && r.doc.spec).toEqual({ ports: [{ port: 80, targetPort: 9090 }, { port: 443 }] });
    expect(svc.spec.ports[0].targetPort).toBe(8080);
  });

  it('prints values as Go %v does', () => {
    expect(goValue({ b: [1, 'x'], a: { c: true } })).toBe('map[a:map[c:true] b:[1 x]]');
  });
});
