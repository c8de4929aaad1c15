// Journey (issue #4): a crash-looping pod. Its container exits 1 two seconds after each start; the
// card turns CrashLoopBackOff, the inspector shows the kubelet's back-off message (10 s, then 20 s,
// 40 s... doubling) and how the last run ended, and the restart count grows.

import { expect, test } from '../fixtures/sandbox';

const CRASHER = `apiVersion: v1
kind: Pod
metadata:
  name: crasher
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "echo starting; sleep 2; echo giving up >&2; exit 1"]
`;

test('a container that keeps failing: CrashLoopBackOff with a doubling back-off', async ({ sandbox }) => {
  await sandbox.apply(CRASHER);
  const card = sandbox.pod('crasher');
  await expect(card).toHaveAttribute('data-status', /Error|CrashLoopBackOff/);
  await expect(card).toHaveAttribute('data-status', 'CrashLoopBackOff', { timeout: 30_000 });

  await sandbox.inspect(card, 'crasher');
  const message = sandbox.inspector.getByTestId('container-message-app');
  await expect(message).toHaveText(/^back-off (10s|20s|40s|1m20s|2m40s|5m0s) restarting failed container=app pod=crasher_default\(/);
  await expect(sandbox.inspector.getByTestId('container-last-app')).toHaveText('last run: Error, exit code 1');

  // The delay doubles with each restart: wait until it has reached 40 s or more.
  await expect(message).toHaveText(/^back-off (40s|1m20s|2m40s|5m0s) /, { timeout: 45_000 });
  const restarts = Number((await card.getAttribute('title'))!.match(/(\d+) restarts/)?.[1] ?? '0');
  expect(restarts).toBeGreaterThanOrEqual(3);
  await sandbox.screenshot('crash-loop');

  // kubectl tells the same story.
  await sandbox.terminal.open();
  const get = await sandbox.terminal.run('kubectl get pod crasher');
  expect(get).toMatch(/crasher\s+0\/1\s+(CrashLoopBackOff|Error)\s+\d+ \((\d+m)?\d+s ago\)\s/);
  const logs = await sandbox.terminal.run('kubectl logs crasher --previous');
  expect(logs).toBe('starting\ngiving up');
});
