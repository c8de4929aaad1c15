// The ingress-nginx control loop: which Ingresses it serves, what address it publishes.
import { describe, expect, it } from 'vitest';
import type { Ingress } from 'kubernetes-types/networking/v1';
import type { KubeObject } from '../../api/meta';
import { TestCluster } from '../../testing/test-cluster';
import { INGRESS_NGINX_CONTROLLER } from '../../api/samples/ingress-nginx';
import { parseIngressNginxFlags, statusAddressFromService } from './controller';

const ingress = (name: string, cls?: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
spec:
${cls ? `  ingressClassName: ${cls}\n` : ''}  defaultBackend:
    service:
      name: web
      port:
        number: 80
`;
const addressOf = (c: TestCluster, name: string) =>
  (c.world.getObject({ kind: 'Ingress', namespace: 'default', name }) as unknown as Ingress).status?.loadBalancer?.ingress;

describe('parseIngressNginxFlags', () => {
  it('reads the flags and expands $(POD_NAMESPACE)', () => {
    expect(parseIngressNginxFlags(['/nginx-ingress-controller', '--publish-service=$(POD_NAMESPACE)/ingress-nginx-controller', '--ingress-class=public', '--watch-ingress-without-class=true'], 'ingress-nginx'))
      .toEqual({ controllerClass: 'k8s.io/ingress-nginx', ingressClass: 'public', publishService: 'ingress-nginx/ingress-nginx-controller', watchIngressWithoutClass: true });
  });
});

describe('statusAddressFromService', () => {
  const svc = (spec: object, status: object = {}) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec, status }) as unknown as Parameters<typeof statusAddressFromService>[0] & KubeObject;
  it.each([
    ['LoadBalancer', svc({ type: 'LoadBalancer', clusterIP: '10.96.0.5' }, { loadBalancer: { ingress: [{ ip: '192.168.49.240', ipMode: 'VIP' }] } }), [{ ip: '192.168.49.240' }]],
    ['LoadBalancer pending', svc({ type: 'LoadBalancer', clusterIP: '10.96.0.5' }, { loadBalancer: {} }), []],
    ['NodePort: the ClusterIP', svc({ type: 'NodePort', clusterIP: '10.96.0.5' }), [{ ip: '10.96.0.5' }]],
    ['NodePort with externalIPs', svc({ type: 'NodePort', clusterIP: '10.96.0.5', externalIPs: ['1.2.3.4'] }), [{ ip: '1.2.3.4' }]],
    ['ExternalName', svc({ type: 'ExternalName', externalName: 'lb.example.com' }), [{ hostname: 'lb.example.com' }]],
  ])('%s', (_n, s, want) => expect(statusAddressFromService(s)).toEqual(want));
});

describe('IngressNginxController', () => {
  it('serves only Ingresses of its class; without a cloud, the published address waits for one', () => {
    const c = new TestCluster({ loadBalancer: false });
    c.applyOk(INGRESS_NGINX_CONTROLLER);
    c.applyOk(ingress('mine', 'nginx'));
    c.applyOk(ingress('other', 'other'));
    c.applyOk(ingress('none'));
    c.settle();
    // --publish-service of a LoadBalancer without an address: nothing to publish yet
    expect(addressOf(c, 'mine')).toBeUndefined();
    const syncs = (name: string) => c.world.list('Event', 'default').filter((e) => (e as unknown as { reason: string; involvedObject: { name: string } }).reason === 'Sync' && (e as unknown as { involvedObject: { name: string } }).involvedObject.name === name);
    expect(syncs('mine')).toHaveLength(1);
    expect(syncs('other')).toHaveLength(0);
    expect(syncs('none')).toHaveLength(0);
  });

  it('without --publish-service: the IP of the node the controller pod runs on', () => {
    const c = new TestCluster();
    c.applyOk(INGRESS_NGINX_CONTROLLER.replace('            - --publish-service=$(POD_NAMESPACE)/ingress-nginx-controller\n', ''));
    c.applyOk(ingress('mine', 'nginx'));
    c.settle();
    const pod = c.pods({ 'app.kubernetes.io/component': 'controller' }, 'ingress-nginx')[0];
    expect(addressOf(c, 'mine')).toEqual([{ ip: pod.status?.hostIP }]);
    expect(pod.status?.hostIP).toMatch(/^192\.168\.49\./);
  });
});
