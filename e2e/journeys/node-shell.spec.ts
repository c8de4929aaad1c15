// Journey: a learner opens a node's inspector, presses Shell and looks at the node's network as CNI
// (flannel VXLAN) and kube-proxy programmed it: routes to the other nodes' podCIDRs through
// flannel.1, the web Service's KUBE-SVC chain in iptables-save; `exit` returns to kubectl.

import { expect, scenario, test } from '../fixtures/sandbox';

test('a root shell on a node shows its routes and the kube-proxy chains of a Service', async ({ sandbox, page }) => {
  await sandbox.apply(scenario('web.yaml'));
  const pods = sandbox.pods('web-');
  await expect(pods).toHaveCount(3);
  for (const pod of await pods.all()) await expect(pod).toHaveAttribute('data-phase', 'Running');

  await sandbox.inspect(sandbox.node('node-1').locator('.node-name'), 'node-1');
  await page.getByTestId('node-shell').click();
  await expect(page.getByTestId('terminal-prompt')).toHaveText('root@node-1:~#');
  await expect(page.getByTestId('terminal-node-welcome')).toContainText('Root shell on node-1');

  const cidr2 = await sandbox.podCIDR('node-2');
  const routes = await sandbox.terminal.run('ip route');
  // flannel VXLAN: the other node's podCIDR via its VTEP address, on flannel.1, onlink
  expect(routes).toContain(`${cidr2} via ${cidr2.split('/')[0]} dev flannel.1 onlink`);
  expect(routes).toMatch(/dev cni0 proto kernel scope link src 10\.244\.1\.1/);

  const nat = await sandbox.terminal.run('iptables-save -t nat | grep default/web');
  expect(nat).toMatch(/-A KUBE-SERVICES -d \S+\/32 -p tcp -m comment --comment "default\/web cluster IP" -m tcp --dport 80 -j KUBE-SVC-\w{16}/);
  // one KUBE-SEP chain per ready endpoint, chosen at random: 1/3, then 1/2, then the last
  expect(nat.match(/-j KUBE-SEP-/g)?.length).toBe(3);
  expect(nat).toContain('-m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-');
  expect(nat).toContain('-m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-');
  await sandbox.screenshot('node-shell');

  await sandbox.terminal.run('exit');
  await expect(page.getByTestId('terminal-prompt')).toHaveText('$ kubectl');
  const nodes = await sandbox.terminal.run('get nodes');
  expect(nodes).toMatch(/^node-1\s+Ready/m);
});
