import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import { formatResolvConf, getPodDNS, NODE_RESOLV_CONF, parseResolvConf, podResolvConf, type DNSConfigurer } from './dns';

const configurer = (hostResolvConf = 'nameserver 192.168.49.1\nsearch lan\n'): DNSConfigurer => ({
  clusterDNS: ['10.96.0.10'],
  clusterDomain: 'cluster.local',
  hostResolvConf: parseResolvConf(hostResolvConf),
});
const pod = (spec: Partial<NonNullable<Pod['spec']>> = {}, namespace = 'default'): Pod => ({
  metadata: { name: 'p', namespace, uid: 'u-1' },
  spec: { containers: [{ name: 'c' }], ...spec },
});

describe('kubelet DNS config (resolv.conf)', () => {
  it('ClusterFirst: the kube-dns IP, the namespace search path plus the host\'s, ndots:5 (the reference file)', () => {
    expect(podResolvConf(pod(), configurer())).toBe('search default.svc.cluster.local svc.cluster.local cluster.local lan\nnameserver 10.96.0.10\noptions ndots:5\n');
    expect(podResolvConf(pod({}, 'shop'), configurer('nameserver 192.168.49.1\n'))).toBe('search shop.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
  });

  it('ClusterFirst on the host network falls back to Default; ClusterFirstWithHostNet keeps the cluster DNS', () => {
    expect(podResolvConf(pod({ hostNetwork: true }), configurer())).toBe('search lan\nnameserver 192.168.49.1\n');
    expect(podResolvConf(pod({ hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }), configurer())).toContain('nameserver 10.96.0.10\n');
  });

  it('Default: the node\'s nameservers, search and options (CoreDNS itself runs so)', () => {
    const c = configurer('# generated\nnameserver 192.168.49.1\nnameserver 8.8.8.8\nsearch old.example\nsearch lan corp.example.\noptions edns0 ndots:2\n');
    expect(getPodDNS(pod({ dnsPolicy: 'Default' }), c).config).toEqual({ nameservers: ['192.168.49.1', '8.8.8.8'], searches: ['lan', 'corp.example'], options: ['edns0', 'ndots:2'] });
  });

  it('None: only what dnsConfig gives', () => {
    const p = pod({ dnsPolicy: 'None', dnsConfig: { nameservers: ['1.2.3.4'], searches: ['ns1.svc.cluster-domain.example', 'my.dns.search.suffix'], options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] } });
    // The example of the Kubernetes docs (Pod's DNS Config), as `cat /etc/resolv.conf` shows it.
    expect(podResolvConf(p, configurer())).toBe('search ns1.svc.cluster-domain.example my.dns.search.suffix\nnameserver 1.2.3.4\noptions ndots:2 edns0\n');
  });

  it('merges dnsConfig into the policy\'s config: appended nameservers and searches without duplicates, options overridden by name', () => {
    const p = pod({ dnsConfig: { nameservers: ['10.96.0.10', '1.1.1.1'], searches: ['lan', 'corp.example'], options: [{ name: 'ndots', value: '2' }, { name: 'single-request-reopen' }] } }, 'shop');
    expect(getPodDNS(p, configurer()).config).toEqual({
      nameservers: ['10.96.0.10', '1.1.1.1'],
      searches: ['shop.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'lan', 'corp.example'],
      options: ['ndots:2', 'single-request-reopen'],
    });
  });

  it('keeps at most 3 nameservers and 32 search paths, with the kubelet\'s DNSConfigForming events', () => {
    const p = pod({ dnsConfig: { nameservers: ['1.1.1.1', '2.2.2.2', '3.3.3.3'], searches: Array.from({ length: 40 }, (_, i) => `s${i}.example`) } });
    const { config, events } = getPodDNS(p, configurer());
    expect(config.nameservers).toEqual(['10.96.0.10', '1.1.1.1', '2.2.2.2']);
    expect(config.searches).toHaveLength(32);
    expect(events.map((e) => e.reason)).toEqual(['DNSConfigForming', 'DNSConfigForming']);
    expect(events[0].message).toBe('Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: 10.96.0.10 1.1.1.1 2.2.2.2');
    expect(events[1].message).toMatch(/^Search Line limits were exceeded, some search paths have been omitted, the applied search line is: default\.svc\.cluster\.local svc\.cluster\.local cluster\.local lan s0\.example /);
  });

  it('without clusterDNS, ClusterFirst falls back to Default and says MissingClusterDNS', () => {
    const { config, events } = getPodDNS(pod(), { ...configurer(), clusterDNS: [] });
    expect(config.nameservers).toEqual(['192.168.49.1']);
    expect(events[0]).toEqual({ reason: 'MissingClusterDNS', message: 'pod: "p_default(u-1)". kubelet does not have ClusterDNS IP configured and cannot create Pod using "ClusterFirst" policy. Falling back to "Default" policy.' });
  });

  it('writes the lines containerd writes, and copies the node\'s file when the config is empty', () => {
    expect(formatResolvConf({ nameservers: ['a', 'b'], searches: [], options: [] })).toBe('nameserver a\nnameserver b\n');
    expect(podResolvConf(pod({ dnsPolicy: 'None' }), configurer())).toBe(NODE_RESOLV_CONF);
  });
});
