// Journey (issue #4): a rolling update watched on the canvas. The learner changes the image of a
// 3-replica Deployment from the terminal; the workloads list shows the new ReplicaSet growing while
// the old one shrinks (both have pods at the same time: maxSurge/maxUnavailable 25%), pods of both
// revisions are on the canvas together, and at the end the old ReplicaSet is kept at 0 for rollback.

import { expect, scenario, test } from '../fixtures/sandbox';

/** `web-<pod-template-hash>-<suffix>` → the hash */
const hashOf = (testId: string) => /^pod-web-([a-z0-9]+)-[a-z0-9]{5}$/.exec(testId)?.[1];

test('set image on a Deployment: old and new ReplicaSets trade pods until the new one has them all', async ({ sandbox, page }) => {
  await sandbox.apply(scenario('web.yaml'));
  const pods = sandbox.pods('web-');
  await expect(pods).toHaveCount(3);
  for (const pod of await pods.all()) await expect(pod).toHaveAttribute('data-status', 'Running');
  const oldRs = page.locator('[data-testid^="replicaset-web-"]');
  await expect(oldRs).toHaveCount(1);
  const oldName = (await oldRs.getAttribute('data-testid'))!.slice('replicaset-'.length);
  await expect(oldRs.locator('.wl-count')).toHaveText('3/3');

  // Slow the clock so the rollout (a pull of the new image, then one pod at a time) can be watched.
  await sandbox.setSpeed(1);
  await sandbox.terminal.open();
  const out = await sandbox.terminal.run('kubectl set image deployment/web nginx=nginx:1.28');
  expect(out).toContain('deployment.apps/web image updated');

  // A second ReplicaSet appears in the workloads list.
  const rsRows = page.locator('[data-testid^="replicaset-web-"]');
  await expect(rsRows).toHaveCount(2);
  const rsNames = (await rsRows.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid') ?? ''))).map((id) => id.slice('replicaset-'.length));
  const newName = rsNames.find((n) => n !== oldName)!;
  expect(newName).toMatch(/^web-[a-z0-9]+$/);

  // Mid-rollout: pods of both revisions on the canvas at once, never more than 3 + 1 (maxSurge 25% of 3 rounds up to 1).
  let sawBoth = false;
  let maxPods = 0;
  await expect
    .poll(async () => {
      const ids = await pods.evaluateAll((els) => els.filter((e) => e.getAttribute('data-status') !== 'Terminating').map((e) => e.getAttribute('data-testid') ?? ''));
      maxPods = Math.max(maxPods, ids.length);
      const hashes = new Set(ids.map(hashOf));
      if (hashes.size === 2) sawBoth = true;
      return sawBoth;
    }, { timeout: 30_000, intervals: [100] })
    .toBe(true);
  await sandbox.screenshot('rolling-update-midway');

  // Speed up to the end: the new ReplicaSet has 3/3, the old one 0/0 (kept for `rollout undo`).
  await sandbox.setSpeed(100);
  await expect(page.getByTestId(`replicaset-${newName}`).locator('.wl-count')).toHaveText('3/3', { timeout: 30_000 });
  await expect(page.getByTestId(`replicaset-${oldName}`).locator('.wl-count')).toHaveText('0/0');
  await expect(page.getByTestId(`replicaset-${oldName}`)).toHaveClass(/wl-old/);
  await expect(page.locator('[data-testid^="pod-web-"]:not([data-status="Terminating"])')).toHaveCount(3, { timeout: 30_000 });
  for (const id of await pods.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid') ?? ''))) expect(id.startsWith(`pod-${newName}-`)).toBe(true);
  expect(maxPods).toBeLessThanOrEqual(4);

  const history = await sandbox.terminal.run('kubectl rollout history deployment/web');
  expect(history).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);
  await sandbox.screenshot('rolling-update-done');
});
