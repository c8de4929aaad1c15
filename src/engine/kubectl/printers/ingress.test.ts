// `kubectl get ingress` / `describe ingress` as kubectl prints them, on the website's examples
// (service/networking/simple-fanout-example.yaml, tls-example-ingress.yaml) without a controller.
import { describe, expect, it } from 'vitest';
import { TestCluster } from '../../testing/test-cluster';
import { formatHosts, ingressLoadBalancerStatusString } from './ingress';

const FANOUT = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: simple-fanout-example
spec:
  rules:
  - host: foo.bar.com
    http:
      paths:
      - path: /foo
        pathType: Prefix
        backend:
          service:
            name: service1
            port:
              number: 4200
      - path: /bar
        pathType: Prefix
        backend:
          service:
            name: service2
            port:
              number: 8080
`;

const TLS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: tls-example-ingress
spec:
  tls:
  - hosts:
      - https-example.foo.com
    secretName: testsecret-tls
  rules:
  - host: https-example.foo.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: service1
            port:
              number: 80
`;

const SERVICE1 = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: service1
spec:
  replicas: 1
  selector:
    matchLabels:
      app: service1
  template:
    metadata:
      labels:
        app: service1
    spec:
      containers:
        - name: web
          image: nginx:1.27
---
apiVersion: v1
kind: Service
metadata:
  name: service1
spec:
  selector:
    app: service1
  ports:
    - port: 4200
      targetPort: 4200
`;

describe('kubectl get/describe ingress', () => {
  it('get: CLASS <none>, HOSTS, empty ADDRESS without a controller, PORTS 80 or "80, 443"', () => {
    const c = new TestCluster();
    c.applyOk(FANOUT);
    c.applyOk(TLS);
    c.settle();
    const out = c.world.kubectl('get ingress').stdout;
    expect(out).toMatch(/^NAME\s+CLASS\s+HOSTS\s+ADDRESS\s+PORTS\s+AGE\n/);
    expect(out).toMatch(/\nsimple-fanout-example\s+<none>\s+foo\.bar\.com\s+80\s+\d+s\n/);
    expect(out).toMatch(/\ntls-example-ingress\s+<none>\s+https-example\.foo\.com\s+80, 443\s+\d+s\n/);
    expect(c.world.kubectl('get ing simple-fanout-example -o name').stdout).toBe('ingress.networking.k8s.io/simple-fanout-example\n');
  });

  it('describe: the Rules table with endpoints, or the error for a missing Service', () => {
    const c = new TestCluster();
    c.applyOk(SERVICE1);
    c.applyOk(FANOUT);
    c.settle();
    const podIP = c.pods({ app: 'service1' })[0].status?.podIP;
    const out = c.world.kubectl('describe ingress simple-fanout-example').stdout;
    expect(out).toContain([
      'Name:             simple-fanout-example',
      'Labels:           <none>',
      'Namespace:        default',
      'Address:          ',
      'Ingress Class:    <none>',
      'Default backend:  <default>',
      'Rules:',
      '  Host         Path  Backends',
      '  ----         ----  --------',
      '  foo.bar.com  ',
      `               /foo   service1:4200 (${podIP}:4200)`,
      '               /bar   service2:8080 (<error: services "service2" not found>)',
      'Annotations:   <none>',
      'Events:        <none>',
    ].join('\n'));
  });

  it('describe: TLS terminations', () => {
    const c = new TestCluster();
    c.applyOk(TLS);
    c.settle();
    expect(c.world.kubectl('describe ingress tls-example-ingress').stdout).toMatch(/\nTLS:\n  testsecret-tls terminates https-example\.foo\.com\nRules:\n/);
  });

  it('formatHosts: at most 3, then "+ N more..."', () => {
    const rules = ['a', 'b', 'c', 'd', 'e'].map((h) => ({ host: `${h}.test` }));
    expect(formatHosts(rules)).toBe('a.test,b.test,c.test + 2 more...');
    expect(formatHosts([{}])).toBe('*');
    expect(ingressLoadBalancerStatusString({ ingress: [{ ip: '10.0.0.2' }, { ip: '10.0.0.1' }, { hostname: 'lb.example.com' }] }, false)).toBe('10.0.0.1,10.0...');
  });
});
