import { describe, expect, it } from 'vitest';
import type { Pod, Service } from 'kubernetes-types/core/v1';
import { containerEnvironment, serviceEnvironment, serviceEnvVars } from './envvars';

const svc = (name: string, ns: string, ip: string, ports: Array<{ port: number; name?: string; protocol?: string }>): Service => ({
  metadata: { name, namespace: ns },
  spec: { clusterIP: ip, ports },
});
const pod = (ns: string, extra: Partial<NonNullable<Pod['spec']>> = {}): Pod => ({
  metadata: { name: 'client', namespace: ns },
  spec: { containers: [{ name: 'c', image: 'busybox', env: [{ name: 'A', value: '1' }, { name: 'MY_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }] }], ...extra },
  status: { podIP: '10.244.1.7' },
});

describe('service environment variables', () => {
  it('gives a Service with a named port every docker-links variable', () => {
    expect(Object.fromEntries(serviceEnvVars(svc('my-web', 'default', '10.96.0.50', [{ port: 80, name: 'http' }])))).toEqual({
      MY_WEB_SERVICE_HOST: '10.96.0.50',
      MY_WEB_SERVICE_PORT: '80',
      MY_WEB_SERVICE_PORT_HTTP: '80',
      MY_WEB_PORT: 'tcp://10.96.0.50:80',
      MY_WEB_PORT_80_TCP: 'tcp://10.96.0.50:80',
      MY_WEB_PORT_80_TCP_PROTO: 'tcp',
      MY_WEB_PORT_80_TCP_PORT: '80',
      MY_WEB_PORT_80_TCP_ADDR: '10.96.0.50',
    });
  });

  it('gives headless Services nothing', () => {
    expect(serviceEnvVars(svc('db', 'default', 'None', [{ port: 5432 }]))).toEqual([]);
  });

  it('includes the kubernetes Service and the namespace own Services, not other namespaces', () => {
    const services = [svc('kubernetes', 'default', '10.96.0.1', [{ port: 443, name: 'https' }]), svc('web', 'shop', '10.96.0.9', [{ port: 80 }]), svc('other', 'default', '10.96.0.8', [{ port: 80 }])];
    const env = serviceEnvironment(pod('shop'), services);
    expect(env.KUBERNETES_SERVICE_HOST).toBe('10.96.0.1');
    expect(env.WEB_SERVICE_HOST).toBe('10.96.0.9');
    expect(env.OTHER_SERVICE_HOST).toBeUndefined();
  });

  it('leaves out the namespace Services when enableServiceLinks is false, but keeps kubernetes', () => {
    const services = [svc('kubernetes', 'default', '10.96.0.1', [{ port: 443 }]), svc('web', 'shop', '10.96.0.9', [{ port: 80 }])];
    const env = serviceEnvironment(pod('shop', { enableServiceLinks: false }), services);
    expect(env.KUBERNETES_SERVICE_HOST).toBe('10.96.0.1');
    expect(env.WEB_SERVICE_HOST).toBeUndefined();
  });

  it('adds the container env after the service links, resolving the downward API fields it knows', () => {
    const env = containerEnvironment(pod('default'), 'c', []);
    expect(env).toEqual({ A: '1', MY_IP: '10.244.1.7' });
  });

  it('envFrom adds a ConfigMap\'s and a Secret\'s keys (with prefix); env and its key references win', () => {
    const p: Pod = {
      metadata: { name: 'p', namespace: 'default' },
      spec: {
        containers: [{
          name: 'c',
          envFrom: [{ configMapRef: { name: 'cfg' } }, { secretRef: { name: 's' }, prefix: 'S_' }],
          env: [{ name: 'mode', value: 'env' }, { name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'level' } } }, { name: 'PW', valueFrom: { secretKeyRef: { name: 's', key: 'pw' } } }],
        }],
      },
    };
    const env = containerEnvironment(p, 'c', [], {
      configMap: (_ns, name) => (name === 'cfg' ? { data: { mode: 'cm', level: 'high' } } : undefined),
      secret: (_ns, name) => (name === 's' ? { data: { pw: 'c2VjcmV0' } } : undefined),
    });
    expect(env).toEqual({ mode: 'env', level: 'high', S_pw: 'secret', LEVEL: 'high', PW: 'secret' });
  });
});
