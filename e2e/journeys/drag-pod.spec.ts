// Journey: a learner drags the palette's Pod onto node-2. The pod is created there directly
// (spec.nodeName, no scheduler), starts, and gets an IP from node-2's podCIDR.

import { expect, ipInCidr, test } from '../fixtures/sandbox';

test('drag a Pod from the palette onto node-2', async ({ sandbox, page }) => {
  const node2 = sandbox.node('node-2');
  // Not kube-system's: a CoreDNS pod may run on node-2 from the start.
  const onNode2 = page.locator('[data-testid^="pod-"][data-node="node-2"]:not([data-pod-key^="kube-system/"])');
  await expect(sandbox.pods()).toHaveCount(0);

  // While hovering, node-2 answers whether the pod would fit there.
  await sandbox.palettePod.hover();
  await page.mouse.down();
  const box = (await node2.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
  await page.mouse.move(box.x + box.width / 2 + 4, box.y + box.height / 2 + 4, { steps: 2 });
  await expect(node2.getByTestId('drop-verdict')).toHaveAttribute('data-fits', 'true');
  await expect(node2.getByTestId('drop-verdict')).toContainText('fits');
  await page.mouse.up();

  // The new pod appears on node-2 (and only there), is Running, with an IP from node-2's podCIDR.
  await expect(onNode2).toHaveCount(1);
  await expect(sandbox.pods()).toHaveCount(1);
  const pod = onNode2.first();
  const name = (await pod.getAttribute('data-testid'))!.slice('pod-'.length);
  await expect(sandbox.toasts.filter({ hasText: `pod/${name} created` })).toBeVisible();
  await expect(pod).toHaveAttribute('data-phase', 'Running');

  const cidr = await sandbox.podCIDR('node-2');
  const ip = await sandbox.podIP(pod);
  expect(ipInCidr(ip, cidr), `pod IP ${ip} in node-2's podCIDR ${cidr}`).toBe(true);
  for (const other of ['node-1', 'node-3']) {
    const otherCidr = await sandbox.podCIDR(other);
    expect(ipInCidr(ip, otherCidr), `pod IP ${ip} not in ${other}'s podCIDR ${otherCidr}`).toBe(false);
  }

  // The card sits inside node-2's box, and the terminal agrees.
  const card = (await pod.boundingBox())!;
  const nodeBox = (await node2.boundingBox())!;
  expect(card.x >= nodeBox.x && card.x + card.width <= nodeBox.x + nodeBox.width).toBe(true);
  const out = await sandbox.terminal.run(`get pod ${name} -o wide`);
  expect(out).toMatch(new RegExp(`^${name}\\s+1/1\\s+Running\\s+0\\s+\\S+\\s+${ip.replace(/\./g, '\\.')}\\s+node-2\\s`, 'm'));

  await sandbox.screenshot('drag-pod');
});
