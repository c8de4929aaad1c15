// Journey: a learner applies a Deployment and watches the API machinery: the write pulses toward
// kube-apiserver and the watch events fan out to the components that watch the kind; clicking etcd
// lists the keys kube-apiserver keeps (/registry/deployments/default/web...) with their revisions;
// a key opens its object; "Open shell" puts the matching etcdctl command on the control-plane node.

import { expect, scenario, test } from '../fixtures/sandbox';

test('etcd view: keys and revisions of what was applied, watch pulses, and etcdctl on the control-plane node', async ({ sandbox, page }) => {
  await page.getByTestId('etcd-chip').click();
  const view = page.getByTestId('etcd-view');
  await expect(view).toBeVisible();
  const before = Number(await page.getByTestId('etcd-revision').textContent());
  expect(before).toBeGreaterThan(0);

  await sandbox.apply(scenario('web.yaml'));
  const pods = sandbox.pods('web-');
  await expect(pods).toHaveCount(3);
  for (const pod of await pods.all()) await expect(pod).toHaveAttribute('data-phase', 'Running');

  // The apply and the controllers' writes: watch events reached kube-controller-manager, the
  // scheduler and the kubelets of the pods' nodes.
  await expect(page.locator('[data-link="kube-controller-manager"].watch-pulse').first()).toBeAttached();
  await expect(page.locator('[data-link="kube-scheduler"].watch-pulse').first()).toBeAttached();
  await expect(page.locator('.sys-kubelet.watch-pulse').first()).toBeAttached();

  await page.getByTestId('etcd-chip').click();
  await expect.poll(async () => Number(await page.getByTestId('etcd-revision').textContent())).toBeGreaterThan(before);
  await page.getByTestId('etcd-filter').fill('/registry/deployments/');
  const row = page.locator('[data-key="/registry/deployments/default/web"]');
  await expect(row).toBeVisible();
  // written after the view first opened: marked as changed
  await expect(row).toHaveClass(/is-changed/);
  const cells = row.locator('td.num');
  const [created, modified, version] = (await cells.allInnerTexts()).map(Number);
  expect(modified).toBeGreaterThan(created);
  expect(version).toBeGreaterThan(1);

  await page.getByTestId('etcd-filter').fill('/registry/pods/default/');
  await expect(page.locator('[data-key^="/registry/pods/default/web-"]')).toHaveCount(3);
  await sandbox.screenshot('etcd-view');

  await page.getByTestId('etcd-open-shell').click();
  await expect(page.getByTestId('terminal-prompt')).toHaveText('root@control-plane:~#');
  const out = await sandbox.terminal.run('etcdctl get /registry/pods/default/ --prefix --keys-only');
  expect(out.match(/\/registry\/pods\/default\/web-/g)?.length).toBe(3);

  // a key opens its object in the inspector
  await page.getByTestId('etcd-chip').click();
  await page.getByTestId('etcd-filter').fill('/registry/deployments/');
  await page.locator('[data-key="/registry/deployments/default/web"] button').click();
  await expect(page.getByTestId('inspector').locator('.inspector-name')).toHaveText('web');
});
