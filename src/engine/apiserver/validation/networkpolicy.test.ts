import { describe, expect, it } from 'vitest';
import { TestCluster } from '../../testing/test-cluster';
import { parseCIDRSloppy } from './networkpolicy';

const np = (spec: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np}\nspec:\n${spec}`;
const PREFIX = 'The NetworkPolicy "np" is invalid: ';

describe('NetworkPolicy validation', () => {
  it.each([
    ['an unparseable ipBlock cidr', np('  podSelector: {}\n  ingress: [{from: [{ipBlock: {cidr: 300.0.0.0/8}}]}]\n'),
      'spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "300.0.0.0/8": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'],
    ['a cidr without a prefix length', np('  podSelector: {}\n  egress: [{to: [{ipBlock: {cidr: 10.0.0.1}}]}]\n'),
      'spec.egress[0].to[0].ipBlock.cidr: Invalid value: "10.0.0.1": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'],
    ['an empty cidr', np('  podSelector: {}\n  ingress: [{from: [{ipBlock: {cidr: ""}}]}]\n'),
      'spec.ingress[0].from[0].ipBlock.cidr: Required value'],
    ['an except outside the cidr', np('  podSelector: {}\n  ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/24, except: [192.168.0.0/24]}}]}]\n'),
      'spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "192.168.0.0/24": must be a strict subset of `cidr`'],
    ['an except equal to the cidr', np('  podSelector: {}\n  ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/24, except: [10.0.0.0/24]}}]}]\n'),
      'spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "10.0.0.0/24": must be a strict subset of `cidr`'],
    ['an unparseable except', np('  podSelector: {}\n  ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/33]}}]}]\n'),
      'spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "10.1.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'],
    ['a peer with ipBlock and a selector', np('  podSelector: {}\n  ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8}, podSelector: {}}]}]\n'),
      'spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer'],
    ['an empty peer', np('  podSelector: {}\n  ingress: [{from: [{}]}]\n'),
      'spec.ingress[0].from[0]: Required value: must specify a peer'],
    ['a port out of range', np('  podSelector: {}\n  ingress: [{ports: [{port: 70000}]}]\n'),
      'spec.ingress[0].ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive'],
    ['endPort below port (the server prints port\'s value)', np('  podSelector: {}\n  egress: [{ports: [{port: 32000, endPort: 31000}]}]\n'),
      'spec.egress[0].ports[0].endPort: Invalid value: 32000: must be greater than or equal to `port`'],
    ['endPort without port', np('  podSelector: {}\n  egress: [{ports: [{protocol: TCP, endPort: 31000}]}]\n'),
      'spec.egress[0].ports[0].endPort: Invalid value: 31000: may not be specified when `port` is not specified'],
    ['endPort with a named port', np('  podSelector: {}\n  ingress: [{ports: [{port: http, endPort: 90}]}]\n'),
      'spec.ingress[0].ports[0].endPort: Invalid value: 90: may not be specified when `port` is non-numeric'],
    ['an invalid port name', np('  podSelector: {}\n  ingress: [{ports: [{port: web_port}]}]\n'),
      'spec.ingress[0].ports[0].port: Invalid value: "web_port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)'],
    ['an unknown protocol', np('  podSelector: {}\n  ingress: [{ports: [{protocol: ICMP, port: 1}]}]\n'),
      'spec.ingress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"'],
    ['an unknown policy type', np('  podSelector: {}\n  policyTypes: [Ingress, Sideways]\n'),
      'spec.policyTypes[1]: Unsupported value: "Sideways": supported values: "Ingress", "Egress"'],
    ['more than two policy types', np('  podSelector: {}\n  policyTypes: [Ingress, Egress, Ingress]\n'),
      'spec.policyTypes: Invalid value: ["Ingress","Egress","Ingress"]: may not specify more than two policyTypes'],
    ['an invalid pod selector', np('  podSelector: {matchExpressions: [{key: role, operator: In}]}\n'),
      "spec.podSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"],
    ['an invalid namespace selector label', np('  podSelector: {}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {project: "my project"}}}]}]\n'),
      "spec.ingress[0].from[0].namespaceSelector.matchLabels: Invalid value: \"my project\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"],
  ])('refuses %s', (_name, manifest, message) => {
    const r = new TestCluster().apply(manifest);
    expect(r.ok).toBe(false);
    expect(r.documents[0].message).toBe(PREFIX + message);
  });

  it('lists every error, ingress ports before peers and egress peers before ports', () => {
    const r = new TestCluster().apply(np('  podSelector: {}\n  ingress: [{from: [{}], ports: [{port: 0}]}]\n  egress: [{to: [{}], ports: [{port: 0}]}]\n'));
    expect(r.documents[0].message).toBe(PREFIX + '\n' + [
      'spec.ingress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.ingress[0].from[0]: Required value: must specify a peer',
      'spec.egress[0].to[0]: Required value: must specify a peer',
      'spec.egress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
    ].map((e) => `* ${e}`).join('\n'));
  });

  it('accepts the docs\' policy and stores it defaulted (policyTypes, protocol) with generation 1', () => {
    const c = new TestCluster();
    c.applyOk(np('  podSelector: {matchLabels: {role: db}}\n  ingress: [{from: [{ipBlock: {cidr: 172.17.0.0/16, except: [172.17.1.0/24]}}, {namespaceSelector: {matchLabels: {project: myproject}}, podSelector: {}}], ports: [{port: 6379}, {port: 32000, endPort: 32768}]}]\n'));
    const stored = c.world.getObject({ kind: 'NetworkPolicy', namespace: 'default', name: 'np' }) as unknown as { metadata: { generation?: number }; spec: { policyTypes: string[]; ingress: Array<{ ports: Array<{ protocol: string }> }> } };
    expect(stored.spec.policyTypes).toEqual(['Ingress']);
    expect(stored.spec.ingress[0].ports.map((p) => p.protocol)).toEqual(['TCP', 'TCP']);
    expect(stored.metadata.generation).toBe(1);
  });

  it('defaults policyTypes to Ingress and Egress when egress rules exist', () => {
    const c = new TestCluster();
    c.applyOk(np('  podSelector: {}\n  egress: [{to: [{ipBlock: {cidr: "::/0"}}]}]\n'));
    const stored = c.world.getObject({ kind: 'NetworkPolicy', namespace: 'default', name: 'np' }) as unknown as { spec: { policyTypes: string[] } };
    expect(stored.spec.policyTypes).toEqual(['Ingress', 'Egress']);
  });
});

describe('parseCIDRSloppy', () => {
  it.each([
    ['10.1.2.3/8', { width: 32, network: 0x0a000000n, prefixLen: 8 }],
    ['010.001.0.0/16', { width: 32, network: 0x0a010000n, prefixLen: 16 }],
    ['2001:db8::/32', { width: 128, network: 0x20010db8n << 96n, prefixLen: 32 }],
    ['::ffff:10.0.0.1/128', { width: 128, network: (0xffffn << 32n) | 0x0a000001n, prefixLen: 128 }],
  ])('parses %s', (text, net) => {
    expect(parseCIDRSloppy(text)).toEqual(net);
  });
  it.each(['10.0.0.0', '10.0.0.0/33', '1.2.3/8', '2001:db8::1::/64', 'fe80::/129', 'x/8'])('refuses %s', (text) => {
    expect(parseCIDRSloppy(text)).toBeUndefined();
  });
});
