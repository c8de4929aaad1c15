import { describe, expect, it } from 'vitest';
import { World } from '../../sim/world';

describe('Service cluster IP updates', () => {
  it('refuse a new clusterIP with the API server words and leave the Service as it was', () => {
    const w = World.create({ coreDNS: false });
    w.apply('apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports:\n  - port: 80\n');
    const before = w.getObject({ kind: 'Service', namespace: 'default', name: 'web' })!;
    const out = w.kubectl(`patch svc web -p '{"spec":{"clusterIP":"10.96.0.99"}}'`);
    expect(out.stderr).toBe('The Service "web" is invalid: spec.clusterIPs[0]: Invalid value: ["10.96.0.99"]: may not change once set\n');
    expect(out.exitCode).toBe(1);
    expect(w.getObject({ kind: 'Service', namespace: 'default', name: 'web' })).toEqual(before);
    // other changes still go through, keeping the allocated address
    expect(w.kubectl(`patch svc web -p '{"spec":{"selector":{"app":"web2"}}}'`).stdout).toBe('service/web patched\n');
    expect((w.getObject({ kind: 'Service', namespace: 'default', name: 'web' })!.spec as { clusterIP: string }).clusterIP).toBe((before.spec as { clusterIP: string }).clusterIP);
  });
});
