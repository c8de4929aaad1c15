// The simulated cloud's service controller: LoadBalancer Services get an address, events as upstream,
// the address is released on delete or type change; with the cloud off EXTERNAL-IP stays <pending>.
import { describe, expect, it } from 'vitest';
import type { Event, Service } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/meta';
import { TestCluster } from '../../testing/test-cluster';
import { LoadBalancerCleanupFinalizer } from './controller';

const lb = (name: string) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  type: LoadBalancer
  selector:
    app: ${name}
  ports:
    - port: 80
`;

const svc = (c: TestCluster, name: string) => c.world.getObject({ kind: 'Service', namespace: 'default', name }) as (Service & KubeObject) | undefined;
const reasons = (c: TestCluster, name: string) =>
  (c.world.list('Event', 'default') as unknown as Event[])
    .filter((e) => e.involvedObject.kind === 'Service' && e.involvedObject.name === name)
    .map((e) => `${e.type} ${e.reason} ${e.message} (${e.source?.component})`);

describe('service controller (simulated cloud)', () => {
  it('allocates the lowest free pool address with ipMode VIP and records the upstream events', () => {
    const c = new TestCluster();
    c.applyOk(lb('a'));
    c.applyOk(lb('b'));
    c.settle();
    expect(svc(c, 'a')?.status?.loadBalancer?.ingress).toEqual([{ ip: '192.168.49.240', ipMode: 'VIP' }]);
    expect(svc(c, 'b')?.status?.loadBalancer?.ingress).toEqual([{ ip: '192.168.49.241', ipMode: 'VIP' }]);
    expect(svc(c, 'a')?.metadata.finalizers).toEqual([LoadBalancerCleanupFinalizer]);
    expect(reasons(c, 'a')).toEqual([
      'Normal EnsuringLoadBalancer Ensuring load balancer (service-controller)',
      'Normal EnsuredLoadBalancer Ensured load balancer (service-controller)',
    ]);
    expect(c.world.kubectl('get svc a --no-headers').stdout).toMatch(/^a\s+LoadBalancer\s+10\.\S+\s+192\.168\.49\.240\s+80:3\d{4}\/TCP\s/);
    expect(c.world.kubectl('describe svc a').stdout).toMatch(/LoadBalancer Ingress:\s+192\.168\.49\.240 \(VIP\)\n/);
  });

  it('releases the address on delete (through its finalizer) and on a type change', () => {
    const c = new TestCluster();
    c.applyOk(lb('a'));
    c.applyOk(lb('b'));
    c.settle();
    c.world.kubectl('delete svc a');
    c.settle();
    expect(svc(c, 'a')).toBeUndefined();
    c.applyOk(lb('c'));
    c.settle();
    expect(svc(c, 'c')?.status?.loadBalancer?.ingress?.[0].ip).toBe('192.168.49.240');
    // LoadBalancer -> NodePort: cleanup events, no address, no finalizer
    c.applyOk(lb('b').replace('type: LoadBalancer', 'type: NodePort'));
    c.settle();
    expect(svc(c, 'b')?.status?.loadBalancer).toEqual({});
    expect(svc(c, 'b')?.metadata.finalizers ?? []).toEqual([]);
    expect(reasons(c, 'b').slice(-2)).toEqual([
      'Normal DeletingLoadBalancer Deleting load balancer (service-controller)',
      'Normal DeletedLoadBalancer Deleted load balancer (service-controller)',
    ]);
    expect(c.world.kubectl('get svc b --no-headers').stdout).toMatch(/^b\s+NodePort\s+\S+\s+<none>\s/);
  });

  it('leaves a Service with a loadBalancerClass to its own implementation', () => {
    const c = new TestCluster();
    c.applyOk(lb('other').replace('  type: LoadBalancer\n', '  type: LoadBalancer\n  loadBalancerClass: example.com/lb\n'));
    c.settle();
    expect(svc(c, 'other')?.status?.loadBalancer).toEqual({});
    expect(c.world.kubectl('get svc other --no-headers').stdout).toContain('<pending>');
  });

  it('a full pool: a warning, and the address once one is released', () => {
    const c = new TestCluster();
    for (let i = 0; i < 15; i++) c.applyOk(lb(`s${i}`));
    c.applyOk(lb('late'));
    c.settle();
    expect(svc(c, 's14')?.status?.loadBalancer?.ingress?.[0].ip).toBe('192.168.49.254');
    expect(svc(c, 'late')?.status?.loadBalancer).toEqual({});
    expect(reasons(c, 'late')).toContain('Warning SyncLoadBalancerFailed Error syncing load balancer: failed to ensure load balancer: no available IPs in pool 192.168.49.240-192.168.49.254 (service-controller)');
    c.world.kubectl('delete svc s3');
    c.settle();
    expect(svc(c, 'late')?.status?.loadBalancer?.ingress?.[0].ip).toBe('192.168.49.243');
  });

  it('loadBalancer: false (no cloud): EXTERNAL-IP <pending>, nodePorts still allocated (application/nginx-app.yaml)', () => {
    const c = new TestCluster({ loadBalancer: false });
    c.applyOk(lb('my-nginx-svc'));
    c.settle();
    expect(c.world.kubectl('get svc my-nginx-svc --no-headers').stdout).toMatch(/^my-nginx-svc\s+LoadBalancer\s+10\.\S+\s+<pending>\s+80:3\d{4}\/TCP\s/);
    expect(svc(c, 'my-nginx-svc')?.metadata.finalizers).toBeUndefined();
  });

  it('externalTrafficPolicy Local: the API server allocates healthCheckNodePort, and frees it on delete', () => {
    const c = new TestCluster();
    c.applyOk(lb('local').replace('  ports:', '  externalTrafficPolicy: Local\n  ports:'));
    c.settle();
    const s = svc(c, 'local')!;
    expect(s.spec?.externalTrafficPolicy).toBe('Local');
    expect(s.spec?.healthCheckNodePort).toBeGreaterThanOrEqual(30000);
    expect(s.spec?.healthCheckNodePort).not.toBe(s.spec?.ports?.[0].nodePort);
    expect(c.world.kubectl('describe svc local').stdout).toMatch(new RegExp(`HealthCheck NodePort:\\s+${s.spec?.healthCheckNodePort}\\n`));
    // a Cluster-policy LoadBalancer has none
    c.applyOk(lb('cluster'));
    c.settle();
    expect(svc(c, 'cluster')?.spec?.healthCheckNodePort).toBeUndefined();
    // deleting the Service returns the port: another Service may ask for it
    const port = s.spec?.healthCheckNodePort;
    c.world.kubectl('delete svc local');
    c.settle();
    c.applyOk(lb('reuse').replace('type: LoadBalancer', 'type: NodePort').replace('    - port: 80', `    - port: 80\n      nodePort: ${port}`));
    expect(svc(c, 'reuse')?.spec?.ports?.[0].nodePort).toBe(port);
  });
});
