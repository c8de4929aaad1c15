import { describe, expect, it } from 'vitest';
import { NOW_MS, ago, asKubeObject, makeEndpointSlice, makeNode, makeService } from '../../testing/builders';
import { formatDiscoveryEndpoints, formatDiscoveryPorts } from './endpointslice';
import { defaultTable, tableHandlerFor } from './handlers';
import { findNodeRoles, nodeStatus } from './node';
import { serviceExternalIP } from './service';
import { alignColumns } from './tabwriter';
import { escapeCell, printTable } from './table';

describe('alignColumns (tabwriter minwidth 6, padding 3)', () => {
  it('pads every cell but the last to the widest cell plus three', () => {
    expect(alignColumns([['NAME', 'AGE'], ['a-long-name', '5s']])).toBe('NAME          AGE\na-long-name   5s\n');
  });

  it('never makes a column narrower than six characters', () => {
    expect(alignColumns([['A', 'B', 'C'], ['1', '2', '3']])).toBe('A     B     C\n1     2     3\n');
  });

  it('counts code points, as Go counts runes', () => {
    expect(alignColumns([['名字', 'X'], ['abcdef', 'Y']])).toBe('名字       X\nabcdef   Y\n');
  });
});

describe('escapeCell', () => {
  it.each([
    ['plain', 'plain'],
    ['first line\nsecond', 'first line...'],
    ['bell\x1b[31m', 'bell^[[31m'],
  ])('%j -> %j', (cell, want) => {
    expect(escapeCell(cell)).toBe(want);
  });
});

describe('printTable', () => {
  it('prints nothing, not even a header, for no objects', () => {
    expect(printTable(tableHandlerFor('Pod'), [], NOW_MS, { wide: false, noHeaders: false, withNamespace: false, showLabels: false })).toBe('');
  });

  it('falls back to the server default table for kinds without a printer', () => {
    expect(tableHandlerFor('Role')).toBe(defaultTable);
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'spark-role', namespace: 'default', creationTimestamp: '2025-04-16T09:13:00Z' } };
    expect(printTable(defaultTable, [role], NOW_MS, { wide: false, noHeaders: false, withNamespace: false, showLabels: false }))
      .toBe('NAME         CREATED AT\nspark-role   2025-04-16T09:13:00Z\n');
  });
});

describe('node cells', () => {
  it.each([
    [makeNode(), 'Ready'],
    [makeNode({ ready: false }), 'NotReady'],
    [makeNode({ ready: 'Unknown' }), 'NotReady'],
    [makeNode({ unschedulable: true }), 'Ready,SchedulingDisabled'],
    [{ ...makeNode(), status: {} }, 'Unknown'],
  ])('%#: STATUS %s', (node, want) => {
    expect(nodeStatus(node)).toBe(want);
  });

  it('reads roles from node-role labels and kubernetes.io/role, sorted', () => {
    const node = makeNode({ labels: { 'node-role.kubernetes.io/master': '', 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/role': 'infra' } });
    expect(findNodeRoles(node)).toEqual(['control-plane', 'infra', 'master']);
  });
});

describe('service EXTERNAL-IP', () => {
  const lb = (ingress: { ip?: string; hostname?: string }[], externalIPs?: string[]) =>
    makeService({ type: 'LoadBalancer', loadBalancerIngress: ingress, externalIPs });

  it.each([
    [lb([]), true, '<pending>'],
    [lb([{ ip: '172.17.255.1' }]), true, '172.17.255.1'],
    [lb([{ hostname: 'a1b2c3d4e5f6-1234567890.us-west-2.elb.amazonaws.com' }]), false, 'a1b2c3d4e5f6-...'],
    [lb([{ hostname: 'a1b2c3d4e5f6-1234567890.us-west-2.elb.amazonaws.com' }]), true, 'a1b2c3d4e5f6-1234567890.us-west-2.elb.amazonaws.com'],
    [lb([{ ip: '10.0.0.2' }, { ip: '10.0.0.1' }], ['1.2.3.4']), true, '10.0.0.1,10.0.0.2,1.2.3.4'],
    [makeService({ externalIPs: ['1.2.3.4', '5.6.7.8'] }), true, '1.2.3.4,5.6.7.8'],
  ])('%#: %s', (svc, wide, want) => {
    expect(serviceExternalIP(svc, wide)).toBe(want);
  });
});

describe('endpointslice cells', () => {
  it('lists three addresses then "+ N more..."', () => {
    const slice = makeEndpointSlice({ addresses: ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5'] });
    expect(formatDiscoveryEndpoints(slice)).toBe('10.0.0.1,10.0.0.2,10.0.0.3 + 2 more...');
  });

  it('shows <unset> for an empty slice and names ports without numbers', () => {
    const slice = { ...makeEndpointSlice(), endpoints: [], ports: [{ name: 'http' }, {}] };
    expect(formatDiscoveryEndpoints(slice)).toBe('<unset>');
    expect(formatDiscoveryPorts(slice)).toBe('http,*');
  });

  it('prints a row through the handler', () => {
    const slice = asKubeObject(makeEndpointSlice({ name: 'web-x', addresses: [], created: ago(3) }));
    expect(tableHandlerFor('EndpointSlice').row(slice, NOW_MS)).toEqual(['web-x', 'IPv4', '80', '<unset>', '3s']);
  });
});
