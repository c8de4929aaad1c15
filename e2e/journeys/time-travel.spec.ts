// Journey: a learner rolls a Deployment to a new image, then scrubs the timeline back to before the
// update and finds the old ReplicaSet's pods on the canvas and in the inspector (with their history),
// goes back to live, then goes back again and changes the past: a new branch starts there and the
// old future stays listed as a branch.

import { expect, test } from '../fixtures/sandbox';

const web = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: ${image}
`;

const probe = `apiVersion: v1
kind: Pod
metadata:
  name: probe
spec:
  containers:
  - name: c
    image: busybox
    command: ["sleep", "3600"]
`;

async function podNames(locator: import('@playwright/test').Locator): Promise<string[]> {
  return (await locator.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('pod-'.length)))).sort();
}

test('scrub back before a rolling update, see the old ReplicaSet, go live, then fork the past', async ({ sandbox, page }) => {
  await sandbox.apply(web('nginx:1.27'));
  const pods = sandbox.pods('web-');
  await expect(pods).toHaveCount(3);
  for (const p of await pods.all()) await expect(p).toHaveAttribute('data-phase', 'Running');
  const oldPods = await podNames(pods);
  const oldHash = oldPods[0].split('-')[1];

  // Roll to a new image and wait until only new pods are left, all Running.
  await sandbox.apply(web('nginx:1.28'));
  await expect(page.locator(`[data-testid^="pod-web-${oldHash}-"]`)).toHaveCount(0, { timeout: 30_000 });
  await expect(pods).toHaveCount(3);
  for (const p of await pods.all()) await expect(p).toHaveAttribute('data-phase', 'Running');
  const newPods = await podNames(pods);
  expect(newPods.some((n) => oldPods.includes(n))).toBe(false);

  // The Timeline tab (Alt+6): both applies are there, newest first, among the controllers' writes.
  await page.keyboard.press('Alt+6');
  const panel = page.getByTestId('timeline-panel');
  await expect(panel).toBeVisible();
  const applies = panel.locator('[data-testid="tl-entry"][data-verb="apply"]');
  await expect(applies).toHaveCount(2);
  await expect(page.getByTestId('tl-marker')).toHaveCount(2);
  await expect(panel.locator('[data-testid="tl-entry"][data-kind="scheduler"]').first()).toBeVisible();
  await expect(panel.locator('[data-testid="tl-entry"][data-kind="kubelet"]').first()).toBeVisible();

  // Click the update: the cluster as it was right then, the old pods Running, the new ones not there yet.
  await applies.first().getByRole('button').click();
  const banner = page.getByTestId('time-banner');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('the cluster as it was');
  for (const name of oldPods) await expect(sandbox.pod(name)).toHaveAttribute('data-phase', 'Running');
  for (const name of newPods) await expect(sandbox.pod(name)).toHaveCount(0);
  await expect(page.getByTestId('clock-play')).toBeVisible();

  // The inspector shows an old pod as it was, and its history: created by the replicaset-controller,
  // bound by the scheduler, started by its kubelet.
  await sandbox.inspect(sandbox.pod(oldPods[0]), oldPods[0]);
  await page.getByTestId('inspector-tab-history').click();
  const history = page.getByTestId('inspector-history');
  await expect(history.locator('[data-testid="hist-version"][data-writer="replicaset-controller"][data-verb="create"]')).toHaveCount(1);
  await expect(history.locator('[data-testid="hist-version"][data-writer="kube-scheduler"]').first()).toBeVisible();
  await expect(history.locator('[data-testid="hist-version"][data-writer^="kubelet/"]').first()).toBeVisible();
  await expect(history).toContainText('status.phase');
  await sandbox.screenshot('time-travel-past');

  // Back to live: the new pods, no banner.
  await page.getByTestId('time-banner-live').click();
  await expect(banner).toHaveCount(0);
  for (const name of newPods) await expect(sandbox.pod(name)).toBeVisible();
  for (const name of oldPods) await expect(sandbox.pod(name)).toHaveCount(0);

  // Go back again and change the past: the probe Pod is created there, the update never happened on
  // this branch, and the old future is a branch to switch back to.
  // The state at an instant includes the actions taken at it, so step one second before the update.
  await page.keyboard.press('Alt+6');
  await applies.first().getByRole('button').click();
  await expect(banner).toBeVisible();
  const scrubber = page.getByTestId('tl-scrubber');
  const updateMs = Number(await scrubber.getAttribute('aria-valuenow'));
  await scrubber.focus();
  await page.keyboard.press('ArrowLeft');
  await expect(scrubber).toHaveAttribute('aria-valuenow', String(updateMs - 1000));
  for (const name of oldPods) await expect(sandbox.pod(name)).toHaveAttribute('data-phase', 'Running');
  await sandbox.apply(probe);
  await expect(banner).toHaveCount(0);
  await expect(sandbox.pod('probe')).toBeVisible();
  for (const name of oldPods) await expect(sandbox.pod(name)).toBeVisible();
  for (const name of newPods) await expect(sandbox.pod(name)).toHaveCount(0);
  await page.keyboard.press('Alt+6');
  const branches = page.getByTestId('tl-branches');
  await expect(branches.locator('[data-testid^="tl-branch-"]')).toHaveCount(2);
  await expect(branches.locator('[data-current="true"]')).toContainText('forked at');
  await sandbox.screenshot('time-travel-fork');

  // Switch back to the first branch: its end, with the new pods and without the probe.
  await branches.locator('[data-testid^="tl-switch-"]').click();
  for (const name of newPods) await expect(sandbox.pod(name)).toBeVisible();
  await expect(sandbox.pod('probe')).toHaveCount(0);
});
