import { describe, expect, it } from 'vitest';
import type { NetworkPolicy } from 'kubernetes-types/networking/v1';
import { TestCluster } from '../../testing/test-cluster';
import { describeNetworkPolicy } from './describe/networkpolicy';

const TEST_NETWORK_POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: test-network-policy, namespace: default}
spec:
  podSelector: {matchLabels: {role: db}}
  policyTypes: [Ingress, Egress]
  ingress:
  - from:
    - ipBlock: {cidr: 172.17.0.0/16, except: [172.17.1.0/24]}
    - namespaceSelector: {matchLabels: {project: myproject}}
    - podSelector: {matchLabels: {role: frontend}}
    ports:
    - {protocol: TCP, port: 6379}
  egress:
  - to:
    - ipBlock: {cidr: 10.0.0.0/24}
    ports:
    - {protocol: TCP, port: 5978}
`;

describe('kubectl get networkpolicy', () => {
  it('prints NAME, POD-SELECTOR (<none> for every pod) and AGE, the same with -o wide, and answers to netpol', () => {
    const c = new TestCluster();
    c.applyOk('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: default-deny-all}\nspec: {podSelector: {}, policyTypes: [Ingress, Egress]}\n');
    c.applyOk(TEST_NETWORK_POLICY);
    c.step(20 * 60_000);
    const expected = [
      'NAME                  POD-SELECTOR   AGE',
      'default-deny-all      <none>         20m',
      'test-network-policy   role=db        20m',
      '',
    ].join('\n');
    expect(c.kubectl('get networkpolicy')).toBe(expected);
    expect(c.kubectl('get netpol -o wide')).toBe(expected);
    expect(c.kubectl('get networkpolicies.networking.k8s.io test-network-policy -o name')).toBe('networkpolicy.networking.k8s.io/test-network-policy\n');
    expect(c.kubectl('get netpol -A --no-headers')).toBe('default   default-deny-all      <none>    20m\ndefault   test-network-policy   role=db   20m\n');
  });

  it('prints matchExpressions selectors in their string form', () => {
    const c = new TestCluster();
    c.applyOk('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: tiers}\nspec: {podSelector: {matchLabels: {app: shop}, matchExpressions: [{key: tier, operator: In, values: [web, api]}]}}\n');
    expect(c.kubectl('get netpol tiers --no-headers')).toMatch(/^tiers\s+app=shop,tier in \(api,web\)\s+\d+s\n$/);
  });
});

describe('kubectl describe networkpolicy', () => {
  const base = (spec: NetworkPolicy['spec'], extra: Partial<NetworkPolicy['metadata']> = {}): NetworkPolicy => ({
    metadata: { name: 'np', namespace: 'default', creationTimestamp: '2025-09-18T18:39:27Z', ...extra },
    spec,
  });

  it('describes the docs\' test-network-policy as kubectl does', () => {
    const c = new TestCluster();
    c.applyOk(TEST_NETWORK_POLICY);
    const created = (c.world.getObject({ kind: 'NetworkPolicy', namespace: 'default', name: 'test-network-policy' }) as unknown as NetworkPolicy).metadata!.creationTimestamp!;
    expect(c.kubectl('describe networkpolicy test-network-policy')).toBe([
      'Name:         test-network-policy',
      'Namespace:    default',
      `Created on:   ${created.replace('T', ' ').replace('Z', '')} +0000 UTC`,
      'Labels:       <none>',
      'Annotations:  <none>',
      'Spec:',
      '  PodSelector:     role=db',
      '  Allowing ingress traffic:',
      '    To Port: 6379/TCP',
      '    From:',
      '      IPBlock:',
      '        CIDR: 172.17.0.0/16',
      '        Except: 172.17.1.0/24',
      '    From:',
      '      NamespaceSelector: project=myproject',
      '    From:',
      '      PodSelector: role=frontend',
      '  Allowing egress traffic:',
      '    To Port: 5978/TCP',
      '    To:',
      '      IPBlock:',
      '        CIDR: 10.0.0.0/24',
      '        Except: ',
      '  Policy Types: Ingress, Egress',
      '',
    ].join('\n'));
  });

  it('describes a default deny of both directions', () => {
    expect(describeNetworkPolicy(base({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] }, { name: 'deny-all-backend', namespace: 'ecommerce-backend' }))).toBe([
      'Name:         deny-all-backend',
      'Namespace:    ecommerce-backend',
      'Created on:   2025-09-18 18:39:27 +0000 UTC',
      'Labels:       <none>',
      'Annotations:  <none>',
      'Spec:',
      '  PodSelector:     <none> (Allowing the specific traffic to all pods in this namespace)',
      '  Allowing ingress traffic:',
      '    <none> (Selected pods are isolated for ingress connectivity)',
      '  Allowing egress traffic:',
      '    <none> (Selected pods are isolated for egress connectivity)',
      '  Policy Types: Ingress, Egress',
      '',
    ].join('\n'));
  });

  it('describes any-port, any-source rules, peers with both selectors, rule separators and labels', () => {
    const np = base({
      podSelector: { matchLabels: { app: 'web' } },
      policyTypes: ['Ingress'],
      ingress: [
        { from: [{ podSelector: {} }] },
        { ports: [{ port: 'http', protocol: 'TCP' }, { port: 32000, endPort: 32768, protocol: 'UDP' }], from: [{ namespaceSelector: { matchLabels: { team: 'a' } }, podSelector: { matchLabels: { role: 'client' } } }] },
        {},
      ],
    }, { labels: { app: 'web', tier: 'fe' } });
    expect(describeNetworkPolicy(np)).toBe([
      'Name:         np',
      'Namespace:    default',
      'Created on:   2025-09-18 18:39:27 +0000 UTC',
      'Labels:       app=web',
      '              tier=fe',
      'Annotations:  <none>',
      'Spec:',
      '  PodSelector:     app=web',
      '  Allowing ingress traffic:',
      '    To Port: <any> (traffic allowed to all ports)',
      '    From:',
      '      PodSelector: <none>',
      '    ----------',
      '    To Port: http/TCP',
      '    To Port: 32000/UDP',
      '    From:',
      '      NamespaceSelector: team=a',
      '      PodSelector: role=client',
      '    ----------',
      '    To Port: <any> (traffic allowed to all ports)',
      '    From: <any> (traffic not restricted by source)',
      '  Not affecting egress traffic',
      '  Policy Types: Ingress',
      '',
    ].join('\n'));
  });

  it('describes an egress-only policy allowing DNS anywhere', () => {
    const np = base({ podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] }] });
    expect(describeNetworkPolicy(np).split('\n').slice(6)).toEqual([
      '  PodSelector:     <none> (Allowing the specific traffic to all pods in this namespace)',
      '  Not affecting ingress traffic',
      '  Allowing egress traffic:',
      '    To Port: 53/UDP',
      '    To Port: 53/TCP',
      '    To: <any> (traffic not restricted by destination)',
      '  Policy Types: Egress',
      '',
    ]);
  });
});
