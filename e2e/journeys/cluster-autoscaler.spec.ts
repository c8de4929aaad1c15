// Journey: a learner turns on the cluster-autoscaler from the header (min 1, max 6), applies a
// Deployment too big for the three workers, and watches the Pending pods bring a new node (node-4)
// and get scheduled there (TriggeredScaleUp on the pods). Then they remove that node from the
// inspector: its Node goes at once, PodGC deletes its pods after the 40 s quarantine, the
// ReplicaSet recreates them, they are Pending again, and the autoscaler adds node-5 for them.

import { expect, test } from '../fixtures/sandbox';

// 2 CPU workers: two 900m pods fit on each (CoreDNS takes 100m on two of them); 8 replicas leave 2 Pending.
const BIG = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: big
spec:
  replicas: 8
  selector:
    matchLabels: {app: big}
  template:
    metadata:
      labels: {app: big}
    spec:
      containers:
      - name: app
        image: nginx:1.27
        resources:
          requests: {cpu: 900m, memory: 128Mi}
`;

test('the cluster-autoscaler adds a node for Pending pods; removing a node brings its pods back elsewhere', async ({ sandbox, page }) => {
  // Turn the autoscaler on: min 1, max 6.
  const open = page.getByTestId('ca-open');
  await expect(open).toHaveAttribute('data-enabled', 'false');
  await open.click();
  const pop = page.getByTestId('ca-popover');
  await expect(pop).toBeVisible();
  await pop.getByTestId('ca-enable').check();
  await pop.getByTestId('ca-min').selectOption('1');
  await pop.getByTestId('ca-max').selectOption('6');
  await sandbox.screenshot('cluster-autoscaler-popover');
  await pop.getByTestId('ca-apply').click();
  await expect(open).toHaveAttribute('data-enabled', 'true');
  await expect(open).toContainText('1–6');
  await expect(sandbox.toasts.last()).toContainText('cluster-autoscaler enabled (--nodes=1:6:workers)');
  await expect(sandbox.toasts.last()).toContainText('cluster-autoscaler --nodes=1:6:workers');

  await sandbox.apply(BIG);
  const pods = sandbox.pods('big-');
  await expect(pods).toHaveCount(8);

  // A new worker joins and the two pods that did not fit run there.
  const node4 = sandbox.node('node-4');
  await expect(node4).toBeVisible({ timeout: 30_000 });
  await expect(node4).toHaveAttribute('data-ready', 'True', { timeout: 30_000 });
  await expect(page.locator('[data-testid^="pod-big-"][data-status="Running"]')).toHaveCount(8, { timeout: 30_000 });
  const onNode4 = page.locator('[data-testid^="pod-big-"][data-node="node-4"]');
  await expect(onNode4).toHaveCount(2);
  await sandbox.screenshot('cluster-autoscaler-scale-up');

  // The pods say why: TriggeredScaleUp from cluster-autoscaler.
  await sandbox.terminal.open();
  const events = await sandbox.terminal.run('kubectl get events --field-selector reason=TriggeredScaleUp');
  expect(events).toContain('pod triggered scale-up: [{workers 3->4 (max: 6)}]');

  // Remove node-4 from the inspector: the machine is gone.
  const moved = await onNode4.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid') ?? ''));
  await sandbox.inspect(node4.locator('.node-name'), 'node-4');
  const remove = page.getByTestId('node-remove');
  await expect(remove).toHaveText('Remove node');
  await sandbox.screenshot('cluster-autoscaler-node-inspector');
  page.once('dialog', (d) => void d.accept());
  await remove.click();
  await expect(node4).toHaveCount(0);
  await expect(sandbox.toasts.last()).toContainText('node/node-4 removed');
  await expect(sandbox.toasts.last()).toContainText('kubectl delete node node-4');

  // After PodGC's quarantine the old pods are gone; their replacements are Pending, then node-5
  // joins for them and all eight run again, none on node-4.
  for (const id of moved) await expect(page.getByTestId(id)).toHaveCount(0, { timeout: 30_000 });
  await expect(sandbox.node('node-5')).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('[data-testid^="pod-big-"][data-status="Running"]')).toHaveCount(8, { timeout: 30_000 });
  await expect(page.locator('[data-testid^="pod-big-"][data-node="node-4"]')).toHaveCount(0);
  await expect(page.locator('[data-testid^="pod-big-"][data-node="node-5"]')).toHaveCount(2);
  // Dismiss the toasts so the picture shows node-5.
  const close = page.locator('.toast-close');
  while ((await close.count()) > 0) await close.first().click();
  await sandbox.screenshot('cluster-autoscaler-node-removed');
});

test('+ Node adds a worker that turns Ready, without rebuilding the cluster', async ({ sandbox, page }) => {
  await page.getByTestId('node-add').click();
  await expect(sandbox.toasts.last()).toContainText('node/node-4 added');
  await expect(sandbox.toasts.last()).toContainText('kubeadm join');
  await expect(sandbox.node('node-4')).toHaveAttribute('data-ready', 'True', { timeout: 30_000 });
  expect(await sandbox.workerNames()).toEqual(['node-1', 'node-2', 'node-3', 'node-4']);
});
