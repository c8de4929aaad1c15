import { describe, expect, it } from 'vitest';
import type { Container, Pod } from 'kubernetes-types/core/v1';
import { executablesOf, imageProfile, listeningOf, parseImageRef } from './images';

const pod = (containers: Container[]): Pod => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers },
});

describe('parseImageRef', () => {
  it.each([
    ['nginx', 'nginx', 'latest'],
    ['nginx:1.27', 'nginx', '1.27'],
    ['docker.io/library/nginx:1.27.3@sha256:abc', 'nginx', '1.27.3'],
    ['registry.k8s.io/e2e-test-images/jessie-dnsutils:1.7', 'jessie-dnsutils', '1.7'],
    ['localhost:5000/team/app', 'app', 'latest'],
  ])('%s is %s tag %s', (ref, base, tag) => {
    expect(parseImageRef(ref)).toEqual({ base, tag });
  });
});

describe('executablesOf', () => {
  it.each([
    ['nginx:1.27', ['curl', 'sh', 'cat', 'hostname', 'env'], ['ping', 'nslookup', 'ip', 'wget']],
    ['busybox:1.36', ['sh', 'wget', 'nslookup', 'ping', 'ip', 'hostname', 'cat', 'env', 'ls'], ['curl', 'dig', 'bash']],
    ['alpine:3.20', ['sh', 'wget', 'ping'], ['curl']],
    ['curlimages/curl:8.11.1', ['curl', 'sh', 'nslookup'], ['dig']],
    ['nicolaka/netshoot', ['curl', 'dig', 'nslookup', 'ping', 'ip', 'bash'], []],
    ['registry.k8s.io/e2e-test-images/jessie-dnsutils:1.7', ['dig', 'nslookup', 'ping', 'ip', 'curl'], []],
    ['httpd:2.4', ['sh', 'httpd'], ['curl', 'ping']],
    ['registry.k8s.io/coredns/coredns:v1.11.3', ['coredns'], ['sh', 'cat']],
    ['registry.k8s.io/pause:3.10', ['pause'], ['sh']],
    ['nginx:1.27-alpine', ['curl', 'wget', 'ping'], ['bash']],
  ])('%s has %j and lacks %j', (image, has, lacks) => {
    const exes = executablesOf(image);
    for (const e of has) expect(exes.has(e), e).toBe(true);
    for (const e of lacks) expect(exes.has(e), e).toBe(false);
  });

  it('nginx reports its tag as the Server version when the tag is a full version', () => {
    expect(imageProfile('nginx:1.25.4').http?.server).toBe('nginx/1.25.4');
    expect(imageProfile('nginx:1.27').http?.server).toMatch(/^nginx\/1\.27\.\d+$/);
  });

  it('curlimages/curl reports its tag as curl version', () => {
    expect(imageProfile('curlimages/curl:8.5.0').curlVersion).toBe('8.5.0');
  });
});

describe('listeningOf', () => {
  it.each([
    ['nginx', 'TCP/80'], ['httpd', 'TCP/80'], ['tomcat:10', 'TCP/8080'], ['mysql:8', 'TCP/3306'],
    ['redis:7', 'TCP/6379'], ['postgres:16', 'TCP/5432'],
  ])('%s listens on %s without declaring it', (image, socket) => {
    expect(listeningOf(pod([{ name: 'c', image }])).has(socket)).toBe(true);
  });

  it('coredns serves DNS over UDP and TCP, metrics, health and ready', () => {
    expect([...listeningOf(pod([{ name: 'coredns', image: 'registry.k8s.io/coredns/coredns:v1.11.3' }]))].sort()).toEqual(
      ['TCP/53', 'TCP/8080', 'TCP/8181', 'TCP/9153', 'UDP/53'],
    );
  });

  it('an unknown image listens on its declared containerPorts only', () => {
    const p = pod([{ name: 'app', image: 'example.com/shop:v2', ports: [{ containerPort: 8443 }, { containerPort: 5353, protocol: 'UDP' }] }]);
    expect([...listeningOf(p)].sort()).toEqual(['TCP/8443', 'UDP/5353']);
  });

  it('declared ports add to what the image serves, across containers', () => {
    const p = pod([{ name: 'web', image: 'nginx', ports: [{ containerPort: 8080 }] }, { name: 'cache', image: 'redis' }]);
    expect([...listeningOf(p)].sort()).toEqual(['TCP/6379', 'TCP/80', 'TCP/8080']);
  });

  it('agnhost listens according to its subcommand', () => {
    expect(listeningOf(pod([{ name: 'a', image: 'registry.k8s.io/e2e-test-images/agnhost:2.53', args: ['netexec', '--http-port=8080'] }])).has('TCP/8080')).toBe(true);
    expect(listeningOf(pod([{ name: 'a', image: 'registry.k8s.io/e2e-test-images/agnhost:2.53', args: ['serve-hostname'] }])).has('TCP/9376')).toBe(true);
    expect(listeningOf(pod([{ name: 'a', image: 'registry.k8s.io/e2e-test-images/agnhost:2.53', args: ['pause'] }])).size).toBe(0);
  });
});
