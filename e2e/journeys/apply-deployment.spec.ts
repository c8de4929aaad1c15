// Journey: a learner presses Apply on the editor's starting manifest (Deployment `web`, 3 replicas,
// and Service `web`) and watches the cluster reconcile: three Running pods spread over the worker
// nodes, the Service with three ready endpoints and a line to each pod, a pod's live YAML.

import { expect, test } from '../fixtures/sandbox';

test('apply a Deployment and a Service and watch them reconcile', async ({ sandbox, page }) => {
  const { editor } = sandbox;
  const manifest = await page.evaluate(() => window.__sandboxEditor!.getValue());
  expect(manifest, 'the editor starts with the web sample').toMatch(/kind: Deployment[\s\S]*name: web[\s\S]*replicas: 3[\s\S]*kind: Service/);

  await editor.apply();
  await expect(editor.result(0)).toHaveText('deployment.apps/web created');
  await expect(editor.result(0)).toHaveAttribute('data-ok', 'true');
  await expect(editor.result(1)).toHaveText('service/web created');
  await expect(editor.result(1)).toHaveAttribute('data-ok', 'true');
  await expect(editor.resultRows()).toHaveCount(2);

  // Three pods, all Running, all on worker nodes.
  const pods = sandbox.pods('web-');
  await expect(pods).toHaveCount(3);
  for (const pod of await pods.all()) await expect(pod).toHaveAttribute('data-phase', 'Running');
  const workers = await sandbox.workerNames();
  expect(workers.length).toBeGreaterThanOrEqual(3);
  expect(workers).not.toContain('control-plane');
  const nodes = await pods.evaluateAll((els) => els.map((e) => e.getAttribute('data-node') ?? ''));
  for (const node of nodes) expect(workers, `pod bound to ${node}`).toContain(node);
  // Each card is drawn inside the box of the node it is bound to.
  for (const pod of await pods.all()) {
    const node = (await pod.getAttribute('data-node'))!;
    const card = (await pod.boundingBox())!;
    const box = (await sandbox.node(node).boundingBox())!;
    expect(card.x >= box.x && card.x + card.width <= box.x + box.width, `pod card inside ${node} horizontally`).toBe(true);
    expect(card.y >= box.y && card.y + card.height <= box.y + box.height, `pod card inside ${node} vertically`).toBe(true);
  }
  // The scheduler spreads the replicas (3 pods, 3 empty workers).
  expect(new Set(nodes).size).toBe(3);

  // The Service: 3 ready endpoints, and a solid (ready) line to each pod.
  const svc = sandbox.service('web');
  await expect(svc).toHaveAttribute('data-endpoints', '3');
  await expect(svc).toContainText('3/3 ready');
  const edges = page.locator('[data-testid^="rf__edge-ep:Service:default/web->Pod:default/web-"] path.endpoint-edge');
  await expect(edges).toHaveCount(3);
  await expect(page.locator('[data-testid^="rf__edge-ep:Service:default/web->"] path.ep-ready')).toHaveCount(3);
  const podIds = await pods.evaluateAll((els) => els.map((e) => `Pod:default/${e.getAttribute('data-testid')!.slice('pod-'.length)}`));
  for (const id of podIds) await expect(page.getByTestId(`rf__edge-ep:Service:default/web->${id}`)).toHaveCount(1);

  if (process.env.UPDATE_README_SCREENSHOT === '1') {
    // README's picture: the settled cluster at 1280x800 as a newcomer first sees it.
    await expect(sandbox.toasts).toHaveCount(0);
    await sandbox.screenshot('apply-deployment-readme', 'docs/screenshot.png');
  }

  // Click a pod: the inspector shows its live YAML.
  const first = pods.first();
  const name = (await first.getAttribute('data-testid'))!.slice('pod-'.length);
  const ip = await sandbox.podIP(first);
  await sandbox.inspect(first, name);
  await page.getByTestId('inspector-tab-yaml').click();
  const yaml = page.getByTestId('inspector-yaml');
  await expect(yaml).toContainText(`name: ${name}`);
  await expect(yaml).toContainText('phase: Running');
  await expect(yaml).toContainText(`podIP: ${ip}`);
  await expect(yaml).toContainText(`nodeName: ${await first.getAttribute('data-node')}`);

  await sandbox.screenshot('apply-deployment');

  // The Summary tab says the same in words: Running, its IP, its node, its ReplicaSet.
  await page.getByTestId('inspector-tab-summary').click();
  await expect(sandbox.inspector.locator('.status-badge').first()).toHaveText('Running');
  await expect(sandbox.inspector).toContainText(ip);
  await expect(sandbox.inspector).toContainText(/ReplicaSet\/web-[a-z0-9]+/);
});
