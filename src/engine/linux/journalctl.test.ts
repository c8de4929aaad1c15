import { describe, expect, it } from 'vitest';
import { runJournalctl } from './journalctl';
import { runShell } from './shell';
import { newNetNamespace } from './netns';

const at = Date.UTC(2026, 0, 5, 9, 0, 1, 250);
const entries = [
  { unit: 'flanneld', source: 'route_network.go', message: 'Error adding route to 10.244.2.0/24 via 192.168.50.3: network is unreachable', atMs: at },
  { unit: 'flanneld', source: 'route_network.go', message: 'Error adding route to 10.244.4.0/24 via 192.168.50.4: network is unreachable', atMs: at + 1000 },
  { unit: 'other', message: 'x', atMs: at },
];

describe('journalctl', () => {
  it('prints a unit\'s entries in the short format with the klog header', () => {
    const out = runJournalctl(entries, ['-u', 'flanneld'], 'node-1');
    expect(out.exitCode).toBe(0);
    const lines = out.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^Jan 05 09:00:01 node-1 flanneld\[(\d+)\]: E0105 09:00:01\.250000 +(\d+) route_network\.go\] Error adding route to 10\.244\.2\.0\/24 via 192\.168\.50\.3: network is unreachable$/);
    const [, pid, klogPid] = lines[0].match(/\[(\d+)\]: \S+ \S+ +(\d+)/)!;
    expect(pid).toBe(klogPid);
  });

  it('accepts --unit=, --unit, -uNAME, .service and -n', () => {
    for (const args of [['--unit=flanneld'], ['--unit', 'flanneld.service'], ['-uflanneld']]) {
      expect(runJournalctl(entries, args, 'n').stdout.split('\n').filter(Boolean)).toHaveLength(2);
    }
    expect(runJournalctl(entries, ['-u', 'flanneld', '-n', '1'], 'n').stdout).toContain('10.244.4.0/24');
    expect(runJournalctl(entries, ['-u', 'flanneld', '-n', '1'], 'n').stdout).not.toContain('10.244.2.0/24');
  });

  it('says so when a unit has no entries, and rejects unknown options', () => {
    expect(runJournalctl(entries, ['-u', 'kubelet'], 'n').stdout).toBe('-- No entries --\n');
    expect(runJournalctl(entries, ['--bogus'], 'n')).toMatchObject({ exitCode: 1, stderr: "journalctl: unrecognized option '--bogus'\n" });
  });

  it('runs in the node shell with pipes, and is not found in a pod', () => {
    const ns = newNetNamespace('');
    expect(runShell({ ns, epochMs: 0, kind: 'node', hostname: 'node-1', journal: entries }, 'journalctl -u flanneld | grep -c unreachable').stdout).toBe('2\n');
    expect(runShell({ ns, epochMs: 0, kind: 'pod', hostname: 'p' }, 'journalctl').exitCode).toBe(127);
  });
});
