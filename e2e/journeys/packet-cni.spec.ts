// Journeys: a packet under different CNI back ends. (a) A learner curls Service web from the client
// pod (the inspector's "Send a packet from this pod" / "…to this Service" fill the form) and watches
// it cross nodes inside flannel's VXLAN tunnel; then switches the CNI to flannel-host-gw in the header
// (the cluster rebuilds), applies the scenario again, curls again: no encapsulation, a plain route
// via the other node's IP; the two traces side by side; (c) a what-if replay as calico-ipip · ipvs,
// in English then in Chinese. (b) With calico-bgp and the default-deny sample, curl times out and
// the Packets tab names the policy that dropped the packet.

import type { Locator, Page } from '@playwright/test';
import { expect, scenario, test, type Sandbox } from '../fixtures/sandbox';

async function runningScenario(sandbox: Sandbox): Promise<void> {
  await sandbox.apply(scenario('packets.yaml'));
  await expect(sandbox.pods('web-')).toHaveCount(2);
  await expect(sandbox.pods()).toHaveCount(3);
  for (const pod of await sandbox.pods().all()) await expect(pod).toHaveAttribute('data-phase', 'Running');
}

/** Accept the header's rebuild confirmation and switch the CNI. */
async function switchCni(page: Page, sandbox: Sandbox, cni: string): Promise<void> {
  page.once('dialog', (d) => void d.accept());
  await page.getByTestId('cluster-cni').selectOption(cni);
  await expect(page.getByTestId('cluster-cni')).toHaveValue(cni);
  await expect(sandbox.node('node-1')).toBeVisible();
  await expect(sandbox.node('node-1').locator('.cni0')).toHaveAttribute('data-cni', cni);
}

/** Run a command in the terminal and open its trace in the Packets tab. */
async function curlAndOpen(page: Page, sandbox: Sandbox, command: string): Promise<string> {
  const out = await sandbox.terminal.run(command);
  const hint = page.getByTestId('terminal-output').locator('.terminal-entry').last().getByTestId('terminal-trace-hint');
  await expect(hint).toBeVisible();
  await hint.click();
  await expect(page.getByTestId('packet-panel')).toBeVisible();
  return out;
}

const rows = (page: Page): Locator => page.getByTestId('pk-traces').locator('[data-testid^="pk-trace-"]');
const hopsOf = (page: Page, kind: string): Locator => page.getByTestId('pk-hops').locator(`[data-kind="${kind}"]`);

/** The worker nodes' InternalIPs, read from their canvas headers. */
async function nodeIPs(sandbox: Sandbox): Promise<Map<string, string>> {
  const ips = new Map<string, string>();
  for (const name of await sandbox.workerNames()) {
    const text = await sandbox.node(name).locator('.node-addr').innerText();
    ips.set(name, /^(\d+\.\d+\.\d+\.\d+)/.exec(text.trim())![1]);
  }
  return ips;
}

test('a Service curl under flannel VXLAN, then flannel-host-gw, side by side, and a what-if replay', async ({ sandbox, page }) => {
  test.setTimeout(120_000);
  await runningScenario(sandbox);

  // The inspector fills the Packets form: from the client pod, to Service web (its port comes along).
  await sandbox.inspect(sandbox.pod('client'), 'client');
  await expect(page.getByTestId('insp-send-to')).toBeVisible();
  await sandbox.screenshot('packet-cni-pod-inspector');
  await page.getByTestId('insp-send-from').click();
  await expect(page.getByTestId('packet-panel')).toBeVisible();
  await expect(page.getByTestId('pk-source')).toHaveValue('pod:default/client');
  await sandbox.inspect(sandbox.service('web'), 'web');
  await page.getByTestId('insp-send-to-service').click();
  await expect(page.getByTestId('pk-destination')).toHaveValue('web');
  await expect(page.getByTestId('pk-port')).toHaveValue('80');
  await expect(page.getByTestId('pk-source')).toHaveValue('pod:default/client');
  await sandbox.screenshot('packet-cni-prefilled');
  await page.getByTestId('pk-send').click();
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toHaveAttribute('data-outcome', 'delivered');

  // Under VXLAN the request crosses the node network inside flannel.1's tunnel: outer headers at the wire.
  const encap = hopsOf(page, 'encap').first();
  await expect(encap).toBeVisible();
  await expect(encap.locator('.pk-hop-dev')).toHaveText('flannel.1');
  await encap.click();
  await expect(page.getByTestId('pk-layer-vxlan')).toHaveAttribute('data-status', 'added');
  const wire = hopsOf(page, 'wire').first();
  await wire.click();
  await expect(page.getByTestId('pk-layer-outer-ip')).toBeVisible();
  await expect(page.getByTestId('pk-layer-outer-udp')).toContainText('8472');
  await expect(page.getByTestId('pk-plane')).toHaveText('flannel-vxlan · iptables');
  await sandbox.screenshot('packet-cni-vxlan');

  // Quiet netfilter hops are folded by default; showing them adds rows, hiding folds them again.
  const allHops = page.getByTestId('pk-hops').locator('[data-testid^="pk-hop-"]');
  const folded = await allHops.count();
  await expect(page.getByTestId('pk-hide-quiet')).toBeChecked();
  await expect(page.locator('[data-testid^="pk-quiet-"]').first()).toBeVisible();
  await page.getByTestId('pk-hide-quiet').uncheck();
  await expect.poll(() => allHops.count()).toBeGreaterThan(folded);
  await expect(page.getByTestId('pk-hops').locator('.pk-hop-summary', { hasText: 'no rule acted on it' }).first()).toBeVisible();
  await page.getByTestId('pk-hide-quiet').check();
  await expect(allHops).toHaveCount(folded);

  // Switch the CNI to flannel-host-gw: the cluster rebuilds; the traces stay in the list.
  await switchCni(page, sandbox, 'flannel-host-gw');
  await runningScenario(sandbox);
  const clientNode = (await sandbox.pod('client').getAttribute('data-node'))!;
  const ips = await nodeIPs(sandbox);
  const others = [...ips].filter(([n]) => n !== clientNode).map(([, ip]) => ip);

  await curlAndOpen(page, sandbox, 'exec client -- curl -s http://web');
  await expect(rows(page)).toHaveCount(2);
  await expect(rows(page).first()).toHaveAttribute('data-outcome', 'delivered');
  await expect(page.getByTestId('pk-plane')).toHaveText('flannel-host-gw · iptables');
  // No encapsulation: no encap hop, no outer headers on the wire, and the route goes via the other node's IP.
  await expect(hopsOf(page, 'encap')).toHaveCount(0);
  await hopsOf(page, 'wire').first().click();
  await expect(page.getByTestId('pk-layer-ip')).toBeVisible();
  await expect(page.getByTestId('pk-layer-outer-ip')).toHaveCount(0);
  const viaOther = hopsOf(page, 'route').filter({ hasText: new RegExp(`via (${others.map((ip) => ip.replace(/\./g, '\\.')).join('|')}) dev eth0`) });
  await expect(viaOther.first()).toBeVisible();
  await viaOther.first().click();
  await expect(page.getByTestId('pk-rule')).toContainText('dev eth0');
  await sandbox.screenshot('packet-cni-host-gw');

  // Side by side with the VXLAN trace of the same request.
  await page.getByTestId('pk-compare').selectOption({ index: 1 });
  const table = page.getByTestId('pk-compare-table');
  await expect(table).toBeVisible();
  await expect(table.getByTestId('pk-cmp-tunnel').locator('[data-side="a"]')).toHaveText(/none/);
  await expect(table.getByTestId('pk-cmp-tunnel').locator('[data-side="b"]')).toHaveText('flannel.1 (VXLAN)');
  await expect(table.getByTestId('pk-cmp-route').locator('[data-side="a"]')).toContainText('dev eth0');
  await expect(table.getByTestId('pk-cmp-route').locator('[data-side="b"]')).toContainText('dev flannel.1');
  await expect(table.getByTestId('pk-cmp-tunnel')).toHaveClass(/is-diff/);
  await sandbox.screenshot('packet-cni-compare');
  await page.getByTestId('pk-compare-back').click();
  await expect(page.getByTestId('pk-hops')).toBeVisible();

  // (c) What-if: the same packet as if the cluster ran calico-ipip with kube-proxy in ipvs mode.
  const go = page.getByTestId('pk-whatif-go');
  await expect(page.getByTestId('pk-whatif-cni')).toHaveValue('flannel-host-gw');
  await expect(page.getByTestId('pk-whatif-proxy')).toHaveValue('iptables');
  await expect(go).toBeDisabled(); // the cluster's own combination: nothing to replay
  await page.getByTestId('pk-whatif-cni').selectOption('calico-ipip');
  await page.getByTestId('pk-whatif-proxy').selectOption('ipvs');
  await expect(go).toBeEnabled();
  await go.click();
  await expect(rows(page)).toHaveCount(3);
  await expect(rows(page).first().getByTestId('pk-row-whatif')).toHaveText('what-if: calico-ipip · ipvs');
  await expect(page.getByTestId('pk-plane')).toHaveText('what-if: calico-ipip · ipvs');
  await expect(page.getByTestId('pk-whatif-note')).toContainText('Nothing in the cluster changed');
  await expect(page.getByTestId('cluster-cni')).toHaveValue('flannel-host-gw');
  await expect(hopsOf(page, 'encap').first().locator('.pk-hop-dev')).toHaveText('tunl0');
  await expect(hopsOf(page, 'ipvs').first()).toBeVisible();
  await sandbox.screenshot('packet-cni-whatif');

  // Compared with the trace it replays (marked ⇄ in the picker).
  const pick = page.getByTestId('pk-compare');
  const origin = await pick.locator('option', { hasText: '⇄' }).getAttribute('value');
  await pick.selectOption(origin!);
  await expect(table.getByTestId('pk-cmp-tunnel').locator('[data-side="a"]')).toHaveText('tunl0 (IPIP)');
  await expect(table.getByTestId('pk-cmp-lb').locator('[data-side="a"]')).toHaveText('IPVS');
  await expect(table.getByTestId('pk-cmp-lb').locator('[data-side="b"]')).toContainText('iptables');
  await sandbox.screenshot('packet-cni-whatif-compare');

  // The same screen in Chinese.
  await page.getByTestId('lang-switch').selectOption('zh');
  await expect(page.getByTestId('pk-compare-table')).toContainText('隧道（封装）');
  await expect(page.getByTestId('pk-plane')).toHaveText('假设：calico-ipip · ipvs');
  await sandbox.screenshot('packet-cni-whatif-compare-zh');
  await page.getByTestId('pk-compare-back').click();
  await expect(page.getByTestId('pk-whatif-note')).toContainText('集群没有任何改变');
  await sandbox.screenshot('packet-cni-whatif-zh');
});

test('calico-bgp with a default-deny NetworkPolicy: curl times out and the trace names the policy', async ({ sandbox, page }) => {
  test.setTimeout(120_000);
  await switchCni(page, sandbox, 'calico-bgp');
  await runningScenario(sandbox);
  const clusterIP = /(\d+\.\d+\.\d+\.\d+)/.exec(await sandbox.service('web').innerText())![1];

  // The default-deny sample from the editor's Samples menu.
  await page.getByTestId('dock-tab-editor').click();
  await sandbox.editor.setValue('');
  await page.getByTestId('editor-samples').click();
  await page.getByTestId('editor-sample-default-deny').click();
  await sandbox.editor.apply();
  await expect(page.getByTestId('apply-result-0')).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId('apply-result-0')).toContainText('default-deny-all');

  // By name: the DNS query is dropped first (egress is denied, DNS included).
  const byName = await curlAndOpen(page, sandbox, 'exec client -- curl -sS -m 3 http://web');
  expect(byName).toContain('curl: (28) Resolving timed out after 3000 milliseconds');
  expect(byName).toContain('command terminated with exit code 28');
  await expect(rows(page).first()).toHaveAttribute('data-outcome', 'dropped');
  await expect(page.getByTestId('pk-trace').getByTestId('pk-outcome')).toHaveText(/dropped/);
  await expect(page.getByTestId('pk-dns-cause')).toContainText('default/default-deny-all');
  await sandbox.screenshot('packet-deny-dns');

  // By ClusterIP: no DNS; the SYN itself is dropped by the policy, curl gives up after 3 s (exit 28).
  const byIP = await curlAndOpen(page, sandbox, `exec client -- curl -sS -m 3 http://${clusterIP}`);
  expect(byIP).toContain(`curl: (28) Failed to connect to ${clusterIP} port 80 after 3002 ms: Timeout was reached`);
  expect(byIP).toContain('command terminated with exit code 28');
  await expect(rows(page).first()).toHaveAttribute('data-outcome', 'dropped');
  await expect(page.getByTestId('pk-reason')).toContainText('default/default-deny-all');
  await expect(hopsOf(page, 'policy').first()).toContainText('default/default-deny-all');
  await hopsOf(page, 'drop').first().click();
  await expect(page.getByTestId('pk-drop')).toBeVisible();
  await sandbox.screenshot('packet-deny-ip');
});
