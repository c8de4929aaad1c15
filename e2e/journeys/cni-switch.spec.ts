// Journey: a learner switches the cluster's CNI back end to Calico (BGP) in the header, confirms the
// rebuild, runs the web Deployment again and opens node-1's Shell: the routes are Calico's (a /32
// per pod to its cali veth, a blackhole for the node's block, the other nodes' blocks learned by
// BIRD via their IPs, `proto bird`) and there is no cni0 bridge or flannel.1.

import { expect, scenario, test } from '../fixtures/sandbox';

test('switching the CNI to calico-bgp rebuilds the cluster with Calico routes on every node', async ({ sandbox, page }) => {
  const cni = page.getByTestId('cluster-cni');
  await expect(cni).toHaveValue('flannel-vxlan');

  // Cancelling the confirmation keeps the running cluster and its CNI.
  page.once('dialog', (d) => void d.dismiss());
  await cni.selectOption('calico-bgp');
  await expect(cni).toHaveValue('flannel-vxlan');

  let confirmText = '';
  page.once('dialog', (d) => {
    confirmText = d.message();
    void d.accept();
  });
  await cni.selectOption('calico-bgp');
  await expect(cni).toHaveValue('calico-bgp');
  expect(confirmText).toContain('calico-bgp');
  await expect(page.locator('.cluster-size')).toHaveAttribute('title', /CNI calico-bgp/);
  await expect(sandbox.node('node-1')).toBeVisible();

  await sandbox.apply(scenario('web.yaml'));
  const pods = sandbox.pods('web-');
  await expect(pods).toHaveCount(3);
  for (const pod of await pods.all()) await expect(pod).toHaveAttribute('data-phase', 'Running');

  // The canvas draws routed cali* veths instead of the cni0 bridge.
  await expect(sandbox.node('node-1').locator('.cni0')).toHaveAttribute('data-cni', 'calico-bgp');
  await expect(sandbox.node('node-1').locator('.cni0')).toContainText('cali*');
  await sandbox.inspect(sandbox.node('node-1').locator('.node-name'), 'node-1');
  await expect(sandbox.inspector).toContainText('169.254.1.1 (cali*)');
  await page.getByTestId('node-shell').click();
  await expect(page.getByTestId('terminal-prompt')).toHaveText('root@node-1:~#');

  const cidr1 = await sandbox.podCIDR('node-1');
  const cidr2 = await sandbox.podCIDR('node-2');
  const routes = await sandbox.terminal.run('ip route');
  expect(routes).toContain(`blackhole ${cidr1} proto bird`);
  expect(routes).toMatch(new RegExp(`${cidr2.replace(/\./g, '\\.')} via 192\\.168\\.49\\.\\d+ dev eth0 proto bird onlink`));
  expect(routes).toMatch(/^10\.244\.1\.\d+ dev cali[0-9a-f]{11} scope link$/m);
  expect(routes).not.toContain('cni0');
  expect(routes).not.toContain('flannel.1');
  const links = await sandbox.terminal.run('ip -br link');
  expect(links).not.toContain('cni0');
  await sandbox.screenshot('cni-switch');
});

test('switching kube-proxy to ipvs mode shows the Service as an IPVS virtual server on the node', async ({ sandbox, page }) => {
  const mode = page.getByTestId('cluster-proxy-mode');
  await expect(mode).toHaveValue('iptables');
  page.once('dialog', (d) => void d.accept());
  await mode.selectOption('ipvs');
  await expect(mode).toHaveValue('ipvs');
  await expect(page.getByTestId('cluster-cni')).toHaveValue('flannel-vxlan');
  await expect(sandbox.node('node-1')).toBeVisible();

  await sandbox.apply(scenario('web.yaml'));
  const pods = sandbox.pods('web-');
  await expect(pods).toHaveCount(3);
  for (const pod of await pods.all()) await expect(pod).toHaveAttribute('data-phase', 'Running');
  const ips: string[] = [];
  for (const pod of await pods.all()) ips.push(await sandbox.podIP(pod));

  await sandbox.inspect(sandbox.node('node-1').locator('.node-name'), 'node-1');
  await page.getByTestId('node-shell').click();
  const table = await sandbox.terminal.run('ipvsadm -Ln');
  expect(table).toContain('IP Virtual Server version 1.2.1 (size=4096)');
  expect(table).toMatch(/^TCP {2}10\.\d+\.\d+\.\d+:80 rr$/m);
  for (const ip of ips) expect(table).toMatch(new RegExp(`^ {2}-> ${ip.replace(/\./g, '\\.')}:80 +Masq +1 +0 +0$`, 'm'));
  expect(await sandbox.terminal.run('ip -br link')).toContain('kube-ipvs0');
  await sandbox.screenshot('proxy-mode-ipvs');
});
