// Journey: a learner follows a packet. With a web Deployment behind Service web and a client pod,
// they send a packet from the Packets tab (client → web:80/TCP), see it delivered, step through its
// hops until kube-proxy's DNAT rewrites the destination from the ClusterIP to a web pod, watch the
// overlay on the canvas follow the hop, then run `kubectl exec client -- curl -s http://web` in the
// terminal and find that trace in the Packets tab too.

import { expect, scenario, test } from '../fixtures/sandbox';

test('a packet from a client pod to a Service: sent from the form and from the terminal, stepped hop by hop', async ({ sandbox, page }) => {
  await sandbox.apply(scenario('packets.yaml'));
  await expect(sandbox.pods('web-')).toHaveCount(2);
  for (const pod of await sandbox.pods().all()) await expect(pod).toHaveAttribute('data-phase', 'Running');
  const webIPs = await Promise.all((await sandbox.pods('web-').all()).map((p) => sandbox.podIP(p)));
  const clusterIP = /(\d+\.\d+\.\d+\.\d+)/.exec(await sandbox.service('web').innerText())?.[1];
  expect(clusterIP).toBeTruthy();

  // Alt+5 opens the Packets tab; with no trace yet it teaches how to make one.
  await page.keyboard.press('Alt+5');
  const panel = page.getByTestId('packet-panel');
  await expect(panel).toBeVisible();
  await expect(page.getByTestId('pk-empty')).toContainText('kubectl exec <pod> -- curl http://<service>');

  // The form: from the client pod to Service web (the quick pick fills the name and its port).
  await page.getByTestId('pk-source').selectOption('pod:default/client');
  await page.getByTestId('pk-pick-web').click();
  await expect(page.getByTestId('pk-destination')).toHaveValue('web');
  await expect(page.getByTestId('pk-port')).toHaveValue('80');
  await page.getByTestId('pk-send').click();
  const rows = page.getByTestId('pk-traces').locator('[data-testid^="pk-trace-"]');
  const error = page.getByTestId('pk-error');
  await expect(rows.first().or(error)).toBeVisible();
  expect(await error.count(), `the trace failed: ${(await error.allInnerTexts()).join(' ')}`).toBe(0);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-outcome', 'delivered');
  await expect(rows.first().getByTestId('pk-outcome')).toHaveText(/delivered/);

  // The hops: request then reply, grouped by node and namespace.
  const trace = page.getByTestId('pk-trace');
  await expect(trace.getByTestId('pk-dir-request')).toBeVisible();
  await expect(trace.getByTestId('pk-dir-reply')).toBeVisible();
  const hops = trace.getByTestId('pk-hops').locator('[data-testid^="pk-hop-"]');
  const total = await hops.count();
  expect(total).toBeGreaterThan(4);

  // Back to the first hop (seeking pauses the playback), then step with the keyboard until the
  // destination changes: kube-proxy's DNAT from the ClusterIP to one of the web pods.
  await page.getByTestId('pk-hop-0').click();
  await expect(trace).toHaveAttribute('data-hop', '0');
  const overlay = page.getByTestId('packet-overlay');
  await expect(overlay).toHaveAttribute('data-hop', '0');
  const firstHeaders = await page.getByTestId('pk-headers').innerText();
  // (the trace may begin with the DNS query to kube-dns, whose own DNAT goes to a CoreDNS pod)
  const dstChanged = page
    .getByTestId('pk-layer-ip')
    .locator('[data-field="dst"][data-changed="true"]')
    .filter({ has: page.locator('.pk-before', { hasText: clusterIP! }) });
  // (quiet netfilter hops, where no rule acted, are folded away by default: stepping skips them)
  const lastHop = Number((await hops.last().getAttribute('data-testid'))!.replace('pk-hop-', ''));
  let hop = 0;
  while ((await dstChanged.count()) === 0 && hop < lastHop) {
    await page.keyboard.press('ArrowRight');
    await expect(trace).not.toHaveAttribute('data-hop', String(hop));
    const next = Number(await trace.getAttribute('data-hop'));
    expect(next).toBeGreaterThan(hop);
    await expect(trace.getByTestId(`pk-hop-${next}`)).toHaveAttribute('aria-current', 'step');
    hop = next;
  }
  await expect(dstChanged).toBeVisible();
  const after = await dstChanged.locator('.pk-after').innerText();
  expect(webIPs).toContain(after);
  await expect(dstChanged.locator('.pk-before')).toHaveText(clusterIP!);
  expect(await page.getByTestId('pk-headers').innerText()).not.toEqual(firstHeaders);
  await expect(page.getByTestId('pk-rule')).toContainText('DNAT');
  await expect(overlay).toHaveAttribute('data-hop', String(hop));
  await sandbox.screenshot('packet-trace');

  // The served pod is on another node: the packet crosses the node network inside the VXLAN tunnel.
  const wire = trace.locator('[data-kind="wire"]').first();
  if ((await wire.count()) > 0) {
    await wire.click();
    const wireHop = (await wire.getAttribute('data-testid'))!.replace('pk-hop-', '');
    await expect(overlay).toHaveAttribute('data-hop', wireHop);
    await expect(page.getByTestId('pk-layer-outer-ip')).toBeVisible();
    await sandbox.screenshot('packet-trace-wire');
    await trace.getByTestId(`pk-hop-${hop}`).click();
  }

  // Step back and forward with the buttons.
  await page.getByTestId('pk-step-back').click();
  await expect(trace).not.toHaveAttribute('data-hop', String(hop));
  expect(Number(await trace.getAttribute('data-hop'))).toBeLessThan(hop);
  await page.getByTestId('pk-step-forward').click();
  await expect(trace).toHaveAttribute('data-hop', String(hop));

  // From the terminal: the trace lands in the Packets tab, on top.
  await sandbox.terminal.run('exec client -- curl -s http://web');
  const hint = page.getByTestId('terminal-trace-hint');
  await expect(hint).toBeVisible();
  await hint.click();
  await expect(panel).toBeVisible();
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText('curl');
  await expect(rows.first()).toHaveAttribute('data-outcome', 'delivered');
  await expect(rows.first()).toHaveAttribute('aria-current', 'true');
  // let the new trace play to its end (a hop every 0.9 s at 1x; 2x here)
  await page.getByTestId('pk-speed').selectOption('2');
  await trace.getByTestId('pk-hop-0').focus();
  await page.keyboard.press('End');
  await expect(overlay).toHaveAttribute('data-hop', (await hops.last().getAttribute('data-testid'))!.replace('pk-hop-', ''));
  await sandbox.screenshot('packet-trace-terminal');
});
