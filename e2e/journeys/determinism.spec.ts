// The same engine runs in the browser's Web Worker and in Node: the same seed and the same commands
// must give the same cluster in both (STYLE.md: determinism across Node and the Worker).

import { World } from '../../src/engine/index';
import { expect, scenario, test } from '../fixtures/sandbox';

const STEPS = 12;

test('the Worker and Node turn the same seed and commands into the same cluster', async ({ sandbox, page }) => {
  const yaml = scenario('web.yaml');

  // Browser: a fresh cluster (seed 1, 3 workers) with the clock stopped, so only our steps move time.
  await page.getByTestId('clock-pause').click();
  page.once('dialog', (d) => void d.accept());
  await page.getByTestId('cluster-reset').click();
  await expect(sandbox.node('node-1')).toBeVisible();
  await expect(page.getByTestId('clock-play')).toBeEnabled();
  await sandbox.apply(yaml);
  await expect(sandbox.editor.result(0)).toHaveAttribute('data-ok', 'true');
  for (let i = 0; i < STEPS; i++) await page.getByTestId('clock-step').click();
  const inBrowser = await sandbox.terminal.run('get pods,services,endpointslices -o json');

  // Node: the same commands on a World created with the same settings.
  const world = World.create({ seed: 1, workerNodes: 3 });
  world.apply(yaml);
  for (let i = 0; i < STEPS; i++) world.step(1000);
  const inNode = world.kubectl('get pods,services,endpointslices -o json').stdout;

  const browserJson = JSON.parse(inBrowser);
  const nodeJson = JSON.parse(inNode);
  // The scenario really ran: three web pods are Running with IPs (so the comparison is not of two empty lists).
  const webPods = nodeJson.items.filter((o: { kind: string; metadata: { labels?: Record<string, string> } }) => o.kind === 'Pod' && o.metadata.labels?.app === 'web');
  expect(webPods.map((p: { status: { phase: string } }) => p.status.phase)).toEqual(['Running', 'Running', 'Running']);
  expect(browserJson).toEqual(nodeJson);
  await sandbox.screenshot('determinism');
});
