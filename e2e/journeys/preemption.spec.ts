// Journey: a learner fills every worker with priority-0 pods, then applies a PriorityClass and a pod
// that uses it. The scheduler finds no room, preempts one filler pod (it turns Terminating, with a
// Preempted event), nominates its node, and binds the important pod there once the victim is gone.

import { expect, scenario, test } from '../fixtures/sandbox';

test('a high-priority pod preempts a lower-priority one and takes its node', async ({ sandbox, page }) => {
  await sandbox.apply(scenario('filler.yaml'));
  const fillers = sandbox.pods('filler-');
  await expect(fillers).toHaveCount(3);
  for (const pod of await fillers.all()) await expect(pod).toHaveAttribute('data-phase', 'Running');

  // Slow down to watch: the victim's graceful termination takes about a simulated second.
  await sandbox.setSpeed(0.25);
  await sandbox.apply(scenario('vip.yaml'));
  // One filler is preempted: Terminating on its node, while vip waits (Pending) for the room.
  const terminating = page.locator('[data-testid^="pod-filler-"][data-status="Terminating"]');
  await expect(terminating).toHaveCount(1, { timeout: 20_000 });
  const node = (await terminating.getAttribute('data-node'))!;
  await expect(sandbox.pod('vip')).toHaveAttribute('data-status', 'Pending');
  // The preemptor is nominated to the node its victim is leaving.
  await expect(page.getByTestId('pod-nominated-vip')).toHaveText(`⏳ nominated → ${node}`);
  await sandbox.screenshot('preemption-victim');
  await sandbox.setSpeed(100);

  // The victim goes after its grace period; vip runs on the node it freed.
  const vip = sandbox.pod('vip');
  await expect(vip).toHaveAttribute('data-status', 'Running', { timeout: 60_000 });
  await expect(vip).toHaveAttribute('data-node', node);

  const events = await sandbox.terminal.run('kubectl get events');
  expect(events).toMatch(/Preempted\s+pod\/filler-\S+\s+Preempted by pod \S+ on node /);
  const pc = await sandbox.terminal.run('kubectl get priorityclass');
  expect(pc).toMatch(/^high\s+1000000\s+false\s+\S+\s+PreemptLowerPriority$/m);
  expect(pc).toMatch(/^system-node-critical\s+2000001000\s+false/m);
  await sandbox.screenshot('preemption');
});
