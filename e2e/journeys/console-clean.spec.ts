// Journey: a tour of the whole page that must not log a single console error or page error (the
// fixture fails the test on any): apply the sample, let it settle, switch to 中文 and back, and
// open every inspector tab, the terminal and the events dock tab.

import { expect, test } from '../fixtures/sandbox';

test('a tour of the page logs no console errors', async ({ sandbox, page, consoleErrors }) => {
  await sandbox.editor.apply();
  await expect(sandbox.editor.result(1)).toHaveText('service/web created');
  const pods = sandbox.pods('web-');
  await expect(pods).toHaveCount(3);
  for (const pod of await pods.all()) await expect(pod).toHaveAttribute('data-phase', 'Running');
  await expect(sandbox.service('web')).toHaveAttribute('data-endpoints', '3');
  await expect(page.getByTestId('deployment-web')).toContainText('3/3');

  // 中文, then back to English: the chrome changes language, Kubernetes terms stay in English.
  const lang = page.getByTestId('lang-switch');
  await lang.selectOption('zh');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByTestId('dock-tab-terminal')).toContainText('终端');
  await expect(page.locator('.palette-title')).toHaveText('组件');
  await expect(sandbox.service('web')).toContainText('3/3 就绪');
  await expect(pods.first()).toContainText('Running');
  await sandbox.screenshot('console-clean-zh');
  await lang.selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByTestId('dock-tab-terminal')).toContainText('Terminal');
  await expect(sandbox.service('web')).toContainText('3/3 ready');

  // The minimap appears once the learner zooms in, and goes away with "fit view".
  const minimap = page.locator('.react-flow__minimap');
  await expect(minimap).toHaveCount(0);
  await page.locator('.react-flow__controls-zoomin').click();
  await expect(minimap).toBeVisible();
  await page.locator('.react-flow__controls-fitview').click();
  await expect(minimap).toHaveCount(0);

  // Every inspector tab of a pod, then a node and the Service.
  const pod = pods.first();
  const name = (await pod.getAttribute('data-testid'))!.slice('pod-'.length);
  await sandbox.inspect(pod, name);
  const tab = (name: string) => page.getByTestId(`inspector-tab-${name}`);
  await tab('summary').click();
  await expect(tab('summary')).toHaveAttribute('aria-selected', 'true');
  await expect(sandbox.inspector).toContainText('Running');
  await tab('yaml').click();
  await expect(page.getByTestId('inspector-yaml')).toContainText(`name: ${name}`);
  await tab('events').click();
  await expect(sandbox.inspector.locator('.inspector-events li').first()).toBeVisible();
  await expect(sandbox.inspector.locator('.inspector-events')).toContainText('Scheduled');
  await tab('related').click();
  const related = sandbox.inspector.locator('.inspector-related');
  await expect(related).toContainText('replicaset/web-');
  await expect(related).toContainText(`node/${await pod.getAttribute('data-node')}`);
  await expect(related).toContainText('service/web');

  await sandbox.inspect(sandbox.node('node-2').locator('.node-header'), 'node-2');
  await page.getByTestId('inspector-tab-yaml').click();
  await expect(page.getByTestId('inspector-yaml')).toContainText('podCIDR: 10.244.');
  await sandbox.inspect(sandbox.service('web'), 'web');
  await page.getByTestId('inspector-tab-summary').click();

  // The dock: terminal and events.
  const out = await sandbox.terminal.run('get deployments');
  expect(out).toMatch(/^web\s+3\/3\s+3\s+3\s/m);
  await page.getByTestId('dock-tab-events').click();
  const events = page.getByTestId('events-panel');
  await expect(events).toBeVisible();
  await expect(events.locator('.events-table')).toContainText('ScalingReplicaSet');
  await expect(events.locator('.events-table')).toContainText('Started');
  await sandbox.screenshot('console-clean');

  expect(consoleErrors).toEqual([]);
});
