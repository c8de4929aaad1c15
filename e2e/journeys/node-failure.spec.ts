// Journey: a learner stops the node of one web pod from the inspector ("Stop node"). With the clock
// at 100x the node's Lease goes stale, the node lifecycle controller marks it NotReady (Unknown) and
// taints it unreachable; after the 300 s toleration the taint eviction controller deletes its pods,
// which stay Terminating (the kubelet cannot confirm), and the ReplicaSet runs 3 pods elsewhere.

import { expect, scenario, test } from '../fixtures/sandbox';

test('stop a node: it turns NotReady and its pods are replaced on the other nodes', async ({ sandbox, page }) => {
  await sandbox.apply(scenario('web.yaml'));
  const pods = sandbox.pods('web-');
  await expect(pods).toHaveCount(3);
  for (const pod of await pods.all()) await expect(pod).toHaveAttribute('data-phase', 'Running');

  const first = pods.first();
  const victim = (await first.getAttribute('data-node'))!;
  const victimPod = (await first.getAttribute('data-testid'))!.slice('pod-'.length);
  const box = sandbox.node(victim);
  await expect(box).toHaveAttribute('data-ready', 'True');

  // Select the node (its header) and stop it from the inspector.
  await sandbox.inspect(box.locator('.node-name'), victim);
  const power = page.getByTestId('node-power');
  await expect(power).toHaveText('Stop node');
  await power.click();
  await expect(box).toHaveAttribute('data-stopped', 'true');
  await expect(box).toContainText('kubelet stopped');
  await expect(power).toHaveText('Start node');

  // About a minute of simulated time later the node is NotReady on the canvas.
  await expect(box).toHaveAttribute('data-ready', 'Unknown', { timeout: 30_000 });
  await expect(box.getByTestId(`node-status-${victim}`)).toHaveText('NotReady');

  // After the eviction timeout: three Running web pods on the other nodes, the old one Terminating.
  const elsewhere = page.locator(`[data-testid^="pod-web-"][data-status="Running"]:not([data-node="${victim}"])`);
  await expect(elsewhere).toHaveCount(3, { timeout: 45_000 });
  await expect(sandbox.pod(victimPod)).toHaveAttribute('data-status', 'Terminating');
  await expect(sandbox.pod(victimPod)).toHaveAttribute('data-node', victim);

  await sandbox.screenshot('node-failure');

  // Start it again: Ready comes back and the terminating pod finishes.
  await power.click();
  await expect(box).toHaveAttribute('data-stopped', 'false');
  await expect(box).toHaveAttribute('data-ready', 'True', { timeout: 30_000 });
  await expect(sandbox.pod(victimPod)).toHaveCount(0, { timeout: 30_000 });
  await expect(page.locator('[data-testid^="pod-web-"][data-status="Running"]')).toHaveCount(3);
});
