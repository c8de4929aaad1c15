// Journey: a learner replaces an empty editor with the bin-packing KubeSchedulerConfiguration from
// the Samples menu and applies it: the result says kube-scheduler restarted with it, and that on a
// real cluster it is kube-scheduler's --config file. Then a 3-replica Deployment lands on ONE node
// (MostAllocated), where the default configuration spreads it over three.

import { expect, test } from '../fixtures/sandbox';

test('a KubeSchedulerConfiguration from the editor turns spreading into bin packing', async ({ sandbox, page }) => {
  await page.getByTestId('dock-tab-editor').click();
  await sandbox.editor.setValue('');
  await page.getByTestId('editor-samples').click();
  await page.getByTestId('editor-sample-bin-packing').click();
  await sandbox.editor.apply();
  const result = page.getByTestId('apply-result-0');
  await expect(result).toHaveAttribute('data-ok', 'true');
  await expect(result).toContainText('kube-scheduler restarted with this KubeSchedulerConfiguration (profiles: default-scheduler)');
  await expect(result).toContainText('not an API object');
  await sandbox.screenshot('scheduler-config');

  await sandbox.editor.setValue('');
  await page.getByTestId('editor-samples').click();
  await page.getByTestId('editor-sample-web').click();
  await sandbox.editor.apply();
  const pods = sandbox.pods('web-');
  await expect(pods).toHaveCount(3);
  for (const pod of await pods.all()) await expect(pod).toHaveAttribute('data-phase', 'Running');
  const nodes = new Set(await pods.evaluateAll((els) => els.map((e) => e.getAttribute('data-node'))));
  expect(nodes.size).toBe(1);
  await sandbox.screenshot('scheduler-config-packed');
});
