import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/meta';
import { resourceForKind } from '../../api/resources';
import { validateObject } from '../validation/validate';
import { defaultEndpoints, repackSubsets } from './endpoints';

const EP = resourceForKind('Endpoints')!;

function endpoints(subsets: unknown[], name = 'db'): KubeObject {
  return { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace: 'default' }, subsets } as KubeObject;
}

describe('Endpoints validation (ValidateEndpoints)', () => {
  it('accepts a subset with addresses and an unnamed port without a protocol (defaulted to TCP)', () => {
    expect(validateObject(endpoints([{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 5432 }] }]), EP)).toBeUndefined();
    // A headless Service's endpoints may have no ports.
    expect(validateObject(endpoints([{ notReadyAddresses: [{ ip: '10.0.0.1' }] }]), EP)).toBeUndefined();
  });

  it('says what the API server says about bad subsets', () => {
    const status = validateObject(
      endpoints([
        { ports: [{ port: 80 }] },
        { addresses: [{ ip: 'db.example.com' }, { ip: '127.0.0.1' }, { ip: '169.254.1.1', hostname: 'Bad_Host' }], ports: [{ port: 80 }, { name: 'b', port: 70000, protocol: 'HTTP' }] },
      ]),
      EP,
    )!;
    expect(status.code).toBe(422);
    expect(status.details?.causes?.map((c) => `${c.field}: ${c.message}`)).toEqual([
      'subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`',
      'subsets[1].addresses[0].ip: Invalid value: "db.example.com": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      'subsets[1].addresses[1].ip: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
      expect.stringMatching(/^subsets\[1\]\.addresses\[2\]\.hostname: Invalid value: "Bad_Host": a lowercase RFC 1123 label/),
      'subsets[1].addresses[2].ip: Invalid value: "169.254.1.1": may not be in the link-local range (169.254.0.0/16, fe80::/10)',
      'subsets[1].ports[0].name: Required value',
      'subsets[1].ports[1].port: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'subsets[1].ports[1].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    ]);
    expect(status.message).toMatch(/^Endpoints "db" is invalid: \[/);
  });
});

describe('Endpoints defaulting and RepackSubsets', () => {
  it('defaults port protocols to TCP and regroups addresses by the ports they offer (not ready wins)', () => {
    const ep = endpoints([
      { addresses: [{ ip: '10.0.0.2' }, { ip: '10.0.0.1' }], ports: [{ name: 'http', port: 80 }] },
      { addresses: [{ ip: '10.0.0.1' }], ports: [{ name: 'https', port: 443 }] },
      { notReadyAddresses: [{ ip: '10.0.0.2' }], ports: [{ name: 'http', port: 80 }] },
    ]) as KubeObject & { subsets: unknown[] };
    defaultEndpoints(ep);
    // 10.0.0.1 serves both ports; 10.0.0.2 only http, where it is also listed not ready.
    expect(ep.subsets).toEqual([
      { addresses: [{ ip: '10.0.0.1' }], notReadyAddresses: [{ ip: '10.0.0.2' }], ports: [{ name: 'http', port: 80, protocol: 'TCP' }] },
      { addresses: [{ ip: '10.0.0.1' }], ports: [{ name: 'https', port: 443, protocol: 'TCP' }] },
    ]);
  });

  it('merges subsets that offer the same ports into one, addresses sorted', () => {
    expect(repackSubsets([
      { addresses: [{ ip: '10.0.0.3' }], ports: [{ port: 80, protocol: 'TCP' }] },
      { addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80, protocol: 'TCP' }] },
    ])).toEqual([{ addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.3' }], ports: [{ port: 80, protocol: 'TCP' }] }]);
  });
});
