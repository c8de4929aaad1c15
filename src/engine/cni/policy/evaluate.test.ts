import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Namespace, Pod } from 'kubernetes-types/core/v1';
import type { NetworkPolicy } from 'kubernetes-types/networking/v1';
import type { PolicyQuery } from '../../linux/trace-types';
import { effectivePolicyTypes, networkPolicyCheck } from './evaluate';

// The three policies of the fidelity corpus (service/networking/*.yaml), as the docs show them.
const DEFAULT_DENY_ALL = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny-all, namespace: default}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`;
const TEST_NETWORK_POLICY = `
apiVersion: networking.k8s.io/v1
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
const ACCESS_NGINX = `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: access-nginx, namespace: default}
spec:
  podSelector: {matchLabels: {app.kubernetes.io/name: nginx}}
  ingress:
  - from:
    - podSelector: {matchLabels: {access: "true"}}
`;

const policy = (yaml: string) => parse(yaml) as NetworkPolicy;
const spec = (name: string, s: NetworkPolicy['spec']): NetworkPolicy => ({ metadata: { name, namespace: 'default' }, spec: s });

function pod(key: string, ip: string, labels: Record<string, string> = {}, extra: Partial<NonNullable<Pod['spec']>> = {}): Pod {
  const [namespace, name] = key.split('/');
  return { metadata: { name, namespace, labels }, spec: { containers: [{ name: 'c' }], ...extra }, status: { podIP: ip } };
}
const ns = (name: string, labels: Record<string, string> = {}): Namespace => ({ metadata: { name, labels } });

const PODS: Pod[] = [
  pod('default/db', '10.244.1.10', { role: 'db' }, { containers: [{ name: 'redis', ports: [{ name: 'redis', containerPort: 6379 }, { name: 'stats', containerPort: 9121, protocol: 'UDP' }] }] }),
  pod('default/frontend', '10.244.1.11', { role: 'frontend' }),
  pod('default/other', '10.244.1.12', { app: 'x' }),
  pod('default/nginx', '10.244.1.13', { 'app.kubernetes.io/name': 'nginx' }, { containers: [{ name: 'nginx', ports: [{ name: 'http', containerPort: 80 }] }] }),
  pod('default/access', '10.244.1.14', { access: 'true' }),
  pod('myproject/client', '10.244.2.10', { role: 'frontend' }),
  pod('myproject/batch', '10.244.2.11', { app: 'batch' }),
  pod('other/frontend', '10.244.2.12', { role: 'frontend' }),
  pod('other/access', '10.244.2.13', { access: 'true' }),
  pod('kube-system/coredns', '10.244.0.2', { 'k8s-app': 'kube-dns' }),
  pod('default/hostagent', '172.18.0.3', { role: 'frontend' }, { hostNetwork: true }),
];
const NAMESPACES = [ns('default'), ns('myproject', { project: 'myproject' }), ns('other'), ns('kube-system')];
const ipOf = (key: string) => PODS.find((p) => `${p.metadata!.namespace}/${p.metadata!.name}` === key)!.status!.podIP!;

type Q = [direction: PolicyQuery['direction'], pod: string, peer: string, proto: PolicyQuery['protocol'], port: number];
/** `peer` is a pod key or a bare IP (outside the cluster). */
function query([direction, podKey, peer, protocol, port]: Q): PolicyQuery {
  const isPod = peer.includes('/');
  return { direction, pod: podKey, peerIP: isPod ? ipOf(peer) : peer, peerPod: isPod ? peer : undefined, port, protocol };
}
const check = (policies: NetworkPolicy[]) => networkPolicyCheck({ policies, pods: PODS, namespaces: NAMESPACES });

describe('networkPolicyCheck with the corpus policies', () => {
  it.each<[string, Q, boolean]>([
    ['allows role=frontend in the same namespace on TCP 6379', ['ingress', 'default/db', 'default/frontend', 'TCP', 6379], true],
    ['denies role=frontend on another port', ['ingress', 'default/db', 'default/frontend', 'TCP', 5432], false],
    ['denies UDP on the allowed port number (protocol defaults to TCP)', ['ingress', 'default/db', 'default/frontend', 'UDP', 6379], false],
    ['denies role=frontend from a namespace without project=myproject (podSelector alone = same namespace)', ['ingress', 'default/db', 'other/frontend', 'TCP', 6379], false],
    ['allows any pod of a project=myproject namespace (namespaceSelector alone)', ['ingress', 'default/db', 'myproject/batch', 'TCP', 6379], true],
    ['allows an external address inside the ipBlock', ['ingress', 'default/db', '172.17.5.5', 'TCP', 6379], true],
    ['denies an address inside the except block', ['ingress', 'default/db', '172.17.1.5', 'TCP', 6379], false],
    ['denies a pod the rule does not name', ['ingress', 'default/db', 'default/other', 'TCP', 6379], false],
    ['allows egress to 10.0.0.0/24 on TCP 5978', ['egress', 'default/db', '10.0.0.5', 'TCP', 5978], true],
    ['denies egress to cluster DNS', ['egress', 'default/db', 'kube-system/coredns', 'UDP', 53], false],
    ['leaves pods it does not select alone', ['ingress', 'default/frontend', 'default/other', 'TCP', 80], true],
  ])('test-network-policy %s', (_name, q, allowed) => {
    expect(check([policy(TEST_NETWORK_POLICY)])(query(q)).allowed).toBe(allowed);
  });

  it.each<[string, Q]>([
    ['ingress from a pod in the namespace', ['ingress', 'default/db', 'default/frontend', 'TCP', 6379]],
    ['ingress from outside the cluster', ['ingress', 'default/nginx', '203.0.113.9', 'TCP', 80]],
    ['egress to cluster DNS (UDP)', ['egress', 'default/frontend', 'kube-system/coredns', 'UDP', 53]],
    ['egress to cluster DNS (TCP)', ['egress', 'default/frontend', 'kube-system/coredns', 'TCP', 53]],
    ['egress to the internet', ['egress', 'default/frontend', '93.184.216.34', 'TCP', 443]],
    ['ICMP out', ['egress', 'default/frontend', 'default/db', 'ICMP', 0]],
  ])('default-deny-all denies %s', (_name, q) => {
    const v = check([policy(DEFAULT_DENY_ALL)])(query(q));
    expect(v).toMatchObject({ allowed: false, isolatedBy: ['default/default-deny-all'] });
  });

  it('default-deny-all does not reach pods of other namespaces', () => {
    const v = check([policy(DEFAULT_DENY_ALL)])(query(['ingress', 'other/frontend', 'myproject/client', 'TCP', 80]));
    expect(v).toMatchObject({ allowed: true, isolatedBy: [] });
  });

  it.each<[string, Q, boolean]>([
    ['a client labelled access=true connects', ['ingress', 'default/nginx', 'default/access', 'TCP', 80], true],
    ['a client without the label is refused', ['ingress', 'default/nginx', 'default/frontend', 'TCP', 80], false],
    ['access=true in another namespace is refused', ['ingress', 'default/nginx', 'other/access', 'TCP', 80], false],
    ['no ports list means every port', ['ingress', 'default/nginx', 'default/access', 'TCP', 8443], true],
    ['egress is not isolated (policyTypes defaults to Ingress)', ['egress', 'default/nginx', '93.184.216.34', 'TCP', 443], true],
  ])('access-nginx: %s', (_name, q, allowed) => {
    expect(check([policy(ACCESS_NGINX)])(query(q)).allowed).toBe(allowed);
  });
});

describe('networkPolicyCheck edge cases', () => {
  const onDb = (rule: object, extra: Partial<NonNullable<NetworkPolicy['spec']>> = {}) =>
    spec('p', { podSelector: { matchLabels: { role: 'db' } }, ingress: [rule], ...extra });

  it.each<[string, Q, boolean]>([
    ['resolves a named port against the destination pod', ['ingress', 'default/db', 'default/frontend', 'TCP', 6379], true],
    ['a named port matches only its own number', ['ingress', 'default/db', 'default/frontend', 'TCP', 6380], false],
  ])('named port: %s', (_name, q, allowed) => {
    expect(check([onDb({ ports: [{ port: 'redis' }] })])(query(q)).allowed).toBe(allowed);
  });

  it('a named port resolves with its protocol, and an unknown name matches nothing', () => {
    expect(check([onDb({ ports: [{ port: 'stats', protocol: 'UDP' }] })])(query(['ingress', 'default/db', 'default/frontend', 'UDP', 9121])).allowed).toBe(true);
    expect(check([onDb({ ports: [{ port: 'stats' }] })])(query(['ingress', 'default/db', 'default/frontend', 'TCP', 9121])).allowed).toBe(false);
    expect(check([onDb({ ports: [{ port: 'nope' }] })])(query(['ingress', 'default/db', 'default/frontend', 'TCP', 6379])).allowed).toBe(false);
  });

  it('a named egress port resolves against the peer pod', () => {
    const p = spec('p', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 'http' }] }] });
    expect(check([p])(query(['egress', 'default/frontend', 'default/nginx', 'TCP', 80])).allowed).toBe(true);
    expect(check([p])(query(['egress', 'default/frontend', '93.184.216.34', 'TCP', 80])).allowed).toBe(false);
  });

  it.each<[number, boolean]>([[31999, false], [32000, true], [32400, true], [32768, true], [32769, false]])('endPort range 32000-32768 and port %i', (port, allowed) => {
    const p = onDb({ ports: [{ protocol: 'TCP', port: 32000, endPort: 32768 }] });
    expect(check([p])(query(['ingress', 'default/db', 'default/frontend', 'TCP', port])).allowed).toBe(allowed);
  });

  it.each<[string, boolean]>([['10.1.2.3', true], ['10.1.9.9', false], ['10.1.15.255', false], ['10.1.16.1', true], ['192.168.0.1', false]])('ipBlock 10.1.0.0/16 except 10.1.8.0/21 and %s', (ip, allowed) => {
    const p = onDb({ from: [{ ipBlock: { cidr: '10.1.0.0/16', except: ['10.1.8.0/21'] } }] });
    expect(check([p])(query(['ingress', 'default/db', ip, 'TCP', 6379])).allowed).toBe(allowed);
  });

  it('ipBlock matches pod IPs too, as Calico does', () => {
    const p = onDb({ from: [{ ipBlock: { cidr: '10.244.2.0/24' } }] });
    expect(check([p])(query(['ingress', 'default/db', 'other/frontend', 'TCP', 6379])).allowed).toBe(true);
    expect(check([p])(query(['ingress', 'default/db', 'default/frontend', 'TCP', 6379])).allowed).toBe(false);
  });

  it.each<[string, boolean, boolean]>([
    ['myproject/client', true, true],
    ['myproject/batch', false, true],
    ['default/frontend', false, true],
    ['other/frontend', false, false],
  ])('namespaceSelector+podSelector in one peer is AND, in two peers OR: %s', (peer, and, or) => {
    const nsSel = { matchLabels: { project: 'myproject' } };
    const podSel = { matchLabels: { role: 'frontend' } };
    const q = query(['ingress', 'default/db', peer, 'TCP', 6379]);
    expect(check([onDb({ from: [{ namespaceSelector: nsSel, podSelector: podSel }] })])(q).allowed).toBe(and);
    expect(check([onDb({ from: [{ namespaceSelector: nsSel }, { podSelector: podSel }] })])(q).allowed).toBe(or);
  });

  it('namespaceSelector {} selects every namespace, and kubernetes.io/metadata.name picks one', () => {
    expect(check([onDb({ from: [{ namespaceSelector: {} }] })])(query(['ingress', 'default/db', 'other/frontend', 'TCP', 1])).allowed).toBe(true);
    const byName = onDb({ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }] });
    expect(check([byName])(query(['ingress', 'default/db', 'kube-system/coredns', 'TCP', 1])).allowed).toBe(true);
    expect(check([byName])(query(['ingress', 'default/db', 'other/frontend', 'TCP', 1])).allowed).toBe(false);
  });

  it('an empty rule allows everything, ICMP included; a rule with ports never matches ICMP', () => {
    expect(check([onDb({})])(query(['ingress', 'default/db', '198.51.100.1', 'ICMP', 0])).allowed).toBe(true);
    expect(check([onDb({ from: [], ports: [] })])(query(['ingress', 'default/db', '198.51.100.1', 'UDP', 7])).allowed).toBe(true);
    expect(check([onDb({ ports: [{ protocol: 'TCP' }] })])(query(['ingress', 'default/db', '198.51.100.1', 'TCP', 12345])).allowed).toBe(true);
    expect(check([onDb({ ports: [{ protocol: 'TCP' }] })])(query(['ingress', 'default/db', '198.51.100.1', 'ICMP', 0])).allowed).toBe(false);
  });

  it('policies add up: any selecting policy may allow, and every one is reported as isolating', () => {
    const allow = spec('allow-frontend', { podSelector: { matchLabels: { role: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { role: 'frontend' } } }] }] });
    const v = check([policy(DEFAULT_DENY_ALL), allow])(query(['ingress', 'default/db', 'default/frontend', 'TCP', 6379]));
    expect(v).toEqual({
      allowed: true,
      isolatedBy: ['default/allow-frontend', 'default/default-deny-all'],
      allowedBy: 'default/allow-frontend',
      reason: 'pod default/db is isolated for ingress by default/allow-frontend and default/default-deny-all and rule ingress[0] of default/allow-frontend allows TCP/6379 from pod default/frontend (10.244.1.11)',
    });
  });

  it('says which policies isolate a pod when it denies', () => {
    const v = check([policy(DEFAULT_DENY_ALL)])(query(['egress', 'default/frontend', 'kube-system/coredns', 'UDP', 53]));
    expect(v.reason).toBe('pod default/frontend is isolated for egress by default/default-deny-all and no rule allows UDP/53 to pod kube-system/coredns (10.244.0.2)');
    expect(v.allowedBy).toBeUndefined();
  });

  it('says a pod is not isolated when nothing selects it for that direction', () => {
    const v = check([policy(ACCESS_NGINX)])(query(['egress', 'default/nginx', '93.184.216.34', 'TCP', 443]));
    expect(v).toEqual({
      allowed: true, isolatedBy: [],
      reason: 'pod default/nginx is not isolated for egress (no NetworkPolicy in namespace default selects it for Egress), so TCP/443 to 93.184.216.34 is allowed',
    });
  });

  it('defaults policyTypes as the API server does: Egress only when egress rules exist', () => {
    expect(effectivePolicyTypes(spec('a', { podSelector: {} }))).toEqual(['Ingress']);
    expect(effectivePolicyTypes(spec('b', { podSelector: {}, egress: [{}] }))).toEqual(['Ingress', 'Egress']);
    expect(effectivePolicyTypes(spec('c', { podSelector: {}, policyTypes: ['Egress'] }))).toEqual(['Egress']);
    const egressRulesOnly = spec('e', { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }] });
    expect(check([egressRulesOnly])(query(['egress', 'default/frontend', '93.184.216.34', 'TCP', 443])).allowed).toBe(false);
    expect(check([egressRulesOnly])(query(['ingress', 'default/frontend', 'default/other', 'TCP', 80])).allowed).toBe(false);
  });

  it('an Egress-only policy leaves ingress alone', () => {
    const p = spec('egress-only', { podSelector: {}, policyTypes: ['Egress'] });
    expect(check([p])(query(['ingress', 'default/db', 'default/other', 'TCP', 6379])).allowed).toBe(true);
    expect(check([p])(query(['egress', 'default/db', 'default/other', 'TCP', 80])).allowed).toBe(false);
  });

  it('hostNetwork pods are neither isolated nor matched by pod selectors', () => {
    const v = check([policy(DEFAULT_DENY_ALL)])(query(['ingress', 'default/hostagent', 'default/frontend', 'TCP', 22]));
    expect(v).toMatchObject({ allowed: true, isolatedBy: [] });
    const p = onDb({ from: [{ podSelector: { matchLabels: { role: 'frontend' } } }] });
    expect(check([p])(query(['ingress', 'default/db', 'default/hostagent', 'TCP', 6379])).allowed).toBe(false);
  });

  it('matchExpressions selectors work on pods and peers', () => {
    const p = spec('expr', {
      podSelector: { matchExpressions: [{ key: 'role', operator: 'In', values: ['db', 'cache'] }] },
      ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: 'role', operator: 'Exists' }] } }] }],
    });
    expect(check([p])(query(['ingress', 'default/db', 'default/frontend', 'TCP', 1])).allowed).toBe(true);
    expect(check([p])(query(['ingress', 'default/db', 'default/other', 'TCP', 1])).allowed).toBe(false);
  });
});
