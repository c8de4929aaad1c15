import { describe, expect, it } from 'vitest';
import type { ConntrackEntry } from './conntrack';
import { conntrackList, formatConntrackEntry, runConntrack } from './conntrack';

const dnsLookup: ConntrackEntry = {
  proto: 'udp', timeout: 24,
  original: { src: '10.244.0.11', dst: '10.0.0.10', sport: 35637, dport: 53 },
  reply: { src: '10.244.2.3', dst: '10.244.0.11', sport: 53, dport: 35637 },
};

const masqueraded: ConntrackEntry = {
  proto: 'tcp', timeout: 114, state: 'TIME_WAIT', assured: true,
  original: { src: '10.244.0.11', dst: '172.64.154.211', sport: 53830, dport: 80 },
  reply: { src: '172.64.154.211', dst: '10.224.0.4', sport: 80, dport: 53830 },
};

describe('conntrack -L', () => {
  it('formats a DNATed UDP flow as the reference shows it', () => {
    expect(formatConntrackEntry(dnsLookup)).toBe('udp      17 24 src=10.244.0.11 dst=10.0.0.10 sport=35637 dport=53 src=10.244.2.3 dst=10.244.0.11 sport=53 dport=35637 mark=0 use=1');
  });

  it('formats a masqueraded TCP flow with its state and ASSURED flag', () => {
    expect(formatConntrackEntry(masqueraded)).toBe('tcp      6 114 TIME_WAIT src=10.244.0.11 dst=172.64.154.211 sport=53830 dport=80 src=172.64.154.211 dst=10.224.0.4 sport=80 dport=53830 [ASSURED] mark=0 use=1');
  });

  it('reports the count on stderr, also when the table is empty', () => {
    expect(conntrackList([])).toEqual({ stdout: '', stderr: 'conntrack v1.4.8 (conntrack-tools): 0 flow entries have been shown.\n' });
    const two = conntrackList([dnsLookup, masqueraded]);
    expect(two.stdout.split('\n')).toHaveLength(3);
    expect(two.stderr).toBe('conntrack v1.4.8 (conntrack-tools): 2 flow entries have been shown.\n');
  });

  it('filters by protocol and counts with -C', () => {
    expect(runConntrack([dnsLookup, masqueraded], ['-L', '-p', 'udp']).stdout).toContain('udp      17 24');
    expect(runConntrack([dnsLookup, masqueraded], ['-L', '-p', 'udp']).stdout).not.toContain('tcp');
    expect(runConntrack([dnsLookup, masqueraded], ['-C']).stdout).toBe('2\n');
  });

  it('answers a missing command and a bad parameter as conntrack-tools does', () => {
    expect(runConntrack([], [])).toEqual({ stdout: '', stderr: "conntrack v1.4.8 (conntrack-tools): no command specified\nTry `conntrack -h' or 'conntrack --help' for more information.\n", exitCode: 2 });
    expect(runConntrack([], ['-Q']).exitCode).toBe(2);
  });
});
