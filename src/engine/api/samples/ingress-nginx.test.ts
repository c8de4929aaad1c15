// The ingress-nginx sample settles to a served Ingress: the controller's LoadBalancer Service gets an
// address from the simulated cloud, and the Ingress publishes it.
import { describe, expect, it } from 'vitest';
import type { Event } from 'kubernetes-types/core/v1';
import { TestCluster } from '../../testing/test-cluster';
import { INGRESS_FANOUT_DEMO, INGRESS_NGINX_CONTROLLER } from './ingress-nginx';

const eventsOf = (c: TestCluster, ns: string, kind: string, name: string) =>
  (c.world.list('Event', ns) as unknown as Event[]).filter((e) => e.involvedObject.kind === kind && e.involvedObject.name === name);

describe('ingress-nginx sample', () => {
  it('the Ingress gets the controller Service\'s LoadBalancer IP as its ADDRESS', () => {
    const c = new TestCluster();
    c.applyOk(INGRESS_FANOUT_DEMO);
    c.settle();
    // No controller yet: no address (as on a cluster without an Ingress controller).
    expect(c.world.kubectl('get ingress fruit --no-headers').stdout).toMatch(/^fruit\s+nginx\s+fruit\.example\.com\s+80\s+\d+s\n$/);
    c.applyOk(INGRESS_NGINX_CONTROLLER);
    c.settle();
    const svc = c.world.getObject({ kind: 'Service', namespace: 'ingress-nginx', name: 'ingress-nginx-controller' }) as unknown as { spec: { healthCheckNodePort?: number }; status: { loadBalancer: { ingress?: Array<{ ip: string; ipMode?: string }> } } };
    const lbIP = svc.status.loadBalancer.ingress?.[0].ip;
    expect(lbIP).toBe('192.168.49.240');
    expect(svc.status.loadBalancer.ingress?.[0].ipMode).toBe('VIP');
    expect(svc.spec.healthCheckNodePort).toBeGreaterThanOrEqual(30000);
    expect(c.world.kubectl('get svc -n ingress-nginx --no-headers').stdout).toMatch(/^ingress-nginx-controller\s+LoadBalancer\s+\S+\s+192\.168\.49\.240\s+80:3\d{4}\/TCP,443:3\d{4}\/TCP\s/);
    expect(c.world.kubectl('get ingress fruit --no-headers').stdout).toMatch(/^fruit\s+nginx\s+fruit\.example\.com\s+192\.168\.49\.240\s+80\s+\d+s\n$/);
    const sync = eventsOf(c, 'default', 'Ingress', 'fruit').filter((e) => e.reason === 'Sync');
    expect(sync).toHaveLength(1);
    expect(sync[0]).toMatchObject({ type: 'Normal', message: 'Scheduled for sync', source: { component: 'nginx-ingress-controller' } });
    // Added once, then changed once (its status): "(x2 ...)" as on a real cluster.
    expect(sync[0].count).toBe(2);
    const svcEvents = eventsOf(c, 'ingress-nginx', 'Service', 'ingress-nginx-controller').map((e) => `${e.reason}: ${e.message}`);
    expect(svcEvents).toEqual(['EnsuringLoadBalancer: Ensuring load balancer', 'EnsuredLoadBalancer: Ensured load balancer']);
    const described = c.world.kubectl('describe ingress fruit').stdout;
    expect(described).toMatch(/Address:\s+192\.168\.49\.240\n/);
    expect(described).toMatch(/fruit\.example\.com\s*\n\s+\/apple\s+apple:80 \(10\.244\.\d+\.\d+:5678,10\.244\.\d+\.\d+:5678\)\n/);
    expect(described).toMatch(/Normal\s+Sync\s+.*nginx-ingress-controller\s+Scheduled for sync/);
  });

  it('the address goes when the controller stops', () => {
    const c = new TestCluster();
    c.applyOk(INGRESS_NGINX_CONTROLLER);
    c.applyOk(INGRESS_FANOUT_DEMO);
    c.settle();
    expect(c.world.kubectl('get ingress fruit --no-headers').stdout).toContain('192.168.49.240');
    c.world.kubectl('scale deployment ingress-nginx-controller -n ingress-nginx --replicas=0');
    c.settle();
    expect(c.world.kubectl('get ingress fruit --no-headers').stdout).toMatch(/^fruit\s+nginx\s+fruit\.example\.com\s+80\s/);
  });
});
